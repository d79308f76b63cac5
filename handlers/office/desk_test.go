package office_test

import (
	"slices"
	"strings"
	"testing"

	"officebot/chat"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func labels(bs []chat.Button) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Label)
	}
	return out
}

func TestTheOfficeSeesEverythingOpenByUnitMostOverdueFirst(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s)
		r := h.Command("U0OFFDIR", "office", "")
		text := r.Text()
		mustContain(t, text, "督查台 · 2026-12-21",
			"在办收文 1 件（逾期 1 件）；会议落实未报 2 项（逾期 1 项）；发文签批中 0 件；待审批 1 件。",
			"*市发展和改革委员会*", "A1 推进&lt;!channel&gt;重大项目（2026年第11次常务会议 落实事项） — 期限 2026-12-11，*已逾期 10 天*",
			"D1《关于重大项目用地的请示》（办理中） — 期限 2026-12-15，*已逾期 6 天*",
			"L1 请假申请，待 李副市长 审批 — 已等待 1 个工作日", // filed Friday 12-18, today Monday 12-21: counted as reminders count it
			"*市住房和城乡建设局*", "A2 老旧小区改造（2026年第11次常务会议 落实事项） — 期限 2026-12-25，还有 4 天")
		if strings.Contains(text, "A3") || strings.Contains(text, "<!channel>") {
			t.Errorf("a reported item or an unescaped mention on the desk:\n%s", text)
		}
		if i, j := strings.Index(text, "A1 "), strings.Index(text, "D1《"); i < 0 || j < i {
			t.Errorf("A1 (10 days overdue) is not before D1 (6 days):\n%s", text)
		}
		got := labels(buttons(r, r.Messages))
		for _, want := range []string{"催办 A1", "催办 D1", "催办 L1", "催办 A2"} {
			if !slices.Contains(got, want) {
				t.Errorf("no button %q in %v", want, got)
			}
		}
	})
}

func TestAViceMayorSeesOnlyTheUnitsInTheirCharge(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s)
		// 王副市长 is in charge of zjj, zrzy and zhoushi: A2 only.
		r := h.Command("U0VMWANG", "office", "")
		text := r.Text()
		mustContain(t, text, "分管的 3 个单位", "A2 老旧小区改造")
		for _, not := range []string{"A1", "D1", "L1", "发展和改革"} {
			if strings.Contains(text, not) {
				t.Errorf("王副市长 sees %q:\n%s", not, text)
			}
		}
		if len(buttons(r, r.Messages)) != 0 {
			t.Errorf("a vice mayor got 催办 buttons (the office urges, Art. 47): %v", labels(buttons(r, r.Messages)))
		}
		// 李副市长 (fgw, swj, zhangpu) sees fgw's lines, and L1 of fgw's head.
		mustContain(t, h.Command("U0VMLI", "office", "").Text(), "A1 ", "D1《", "L1 请假申请")
	})
}

func TestADepartmentHeadIsRefusedEverywhere(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s)
		for _, text := range []string{"", "stats 2026-12", "export 2026-12"} {
			mustContain(t, h.Command("U0FGWHEAD", "office", text).Text(), "督查台供市政府办公室、市长和副市长使用")
		}
		mustContain(t, h.Click("U0FGWHEAD", "office.urge", "A1").Text(), "催办由市政府办公室发出")
		mustContain(t, h.Click("U0VMLI", "office.urge", "A1").Text(), "催办由市政府办公室发出")
		for _, m := range h.Outbox() {
			if m.Upload != nil {
				t.Errorf("a refused request uploaded %s", m.Upload.Name)
			}
		}
	})
}
