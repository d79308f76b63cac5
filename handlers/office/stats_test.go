package office_test

import (
	"bytes"
	"errors"
	"image/png"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"officebot/chat"
	"officebot/fonts"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func uploads(ms []chat.Message) []chat.Message {
	var out []chat.Message
	for _, m := range ms {
		if m.Upload != nil {
			out = append(out, m)
		}
	}
	return out
}

func TestStatsCountThePeriodAndUploadTheChart(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s)
		r := h.Command("U0OFFDIR", "office", "stats 2026-12")
		// D2 on time (extended to 12-17, closed 12-16), D3 late: 1 of 2. D2
		// took 11 working days (2..4, 7..11, 14..16), D3 8 (2..4, 7..11).
		mustContain(t, r.Text(), "2026年12月 督查统计（全市）",
			"*合计*：办结收文 2 件，按时 1 件（按时办结率 50.0%），平均办结 9.5 个工作日，当前逾期 1 件；会议落实应报 3 项：按时 1、逾期报送 0、逾期未报 1、未到期 1",
			"请假 1 件：出差（待审批 1）",
			"*财政局*：办结收文 1 件，按时 1 件（按时办结率 100.0%），平均办结 11.0 个工作日",
			"*周市镇*：办结收文 1 件，按时 0 件（按时办结率 0.0%），平均办结 8.0 个工作日")
		ups := uploads(h.Outbox())
		if _, err := fonts.Find(nil); errors.Is(err, fonts.ErrNotFound) {
			t.Skip("no CJK font: the chart is not drawn (apt-get install fonts-wqy-microhei)")
		}
		if len(ups) != 1 || ups[0].Upload.Name != "office-2026-12.png" || ups[0].Channel != "D1" {
			t.Fatalf("uploads %+v, want the chart to the conversation D1", ups)
		}
		if _, err := png.Decode(bytes.NewReader(ups[0].Upload.Data)); err != nil {
			t.Errorf("the chart is not a PNG: %v", err)
		}
		mustContain(t, r.Text(), "office-2026-12.png 正在上传到本会话")
	})
}

func TestStatsForAViceMayorAndBadPeriods(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s)
		// 王副市长: zjj, zrzy, zhoushi — D3 late, nothing else handled.
		text := h.Command("U0VMWANG", "office", "统计 2026-Q4").Text()
		mustContain(t, text, "2026年第四季度 督查统计（分管的 3 个单位）", "*合计*：办结收文 1 件，按时 0 件（按时办结率 0.0%）", "*周市镇*")
		if strings.Contains(text, "财政局") {
			t.Errorf("王副市长 sees 财政局:\n%s", text)
		}
		for in, want := range map[string]string{
			"stats 2026-13":  "月份须在 1 至 12 之间",
			"stats 2026-Q5":  "季度须为 Q1 至 Q4",
			"stats 上个月":      "2026年11月 督查统计",
			"stats 随便":       "不是统计期间。可以这样写：本月、上月",
			"stats 12月32日":   "日期“12月32日”不存在",
			"export 1999-01": "2000 至 2099",
			"what":           "用法：/office",
		} {
			mustContain(t, h.Command("U0OFFDIR", "office", in).Text(), want)
		}
	})
}

// Periods as officials write them (office.ReadPeriod): 上周 reads two ways
// and is asked, both readings in full with what to type, and nothing is
// counted or uploaded; 2026-12-01至2026-12-21 and 本月 count the same
// month so far, the period echoed in full; a run of days that is not a
// month is named by its days, in the chart's and the workbook's names too.
func TestStatsTakeNaturalPeriods(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s) // Monday 2026-12-21
		before := len(h.Outbox())
		mustContain(t, h.Command("U0OFFDIR", "office", "stats 上周").Text(), "统计期间“上周”有两种理解",
			"2026-12-14（星期一）至 2026-12-18（星期五），共5天", "输入：/office stats 2026-12-14至2026-12-18",
			"2026-12-14（星期一）至 2026-12-20（星期日），共7天", "输入：/office stats 2026-12-14至2026-12-20")
		if n := len(h.Outbox()); n != before {
			t.Fatalf("an ambiguous period queued %d messages", n-before)
		}
		month := h.Command("U0OFFDIR", "office", "stats 本月").Text()
		mustContain(t, month, "2026年12月 督查统计（全市）", "统计期间：2026年12月（2026-12-01（星期二）至 2026-12-31（星期四），共31天）",
			"办结收文 2 件，按时 1 件")
		days := h.Command("U0OFFDIR", "office", "stats 2026-12-14至2026-12-20").Text()
		mustContain(t, days, "2026年12月14日至12月20日 督查统计（全市）", "统计期间：2026-12-14（星期一）至 2026-12-20（星期日），共7天",
			"办结收文 1 件，按时 1 件") // D2 closed on 12-16; D3 on 12-11 is outside
		mustContain(t, h.Command("U0OFFDIR", "office", "stats 近30天").Text(), "2026年11月22日至12月21日 督查统计")
		mustContain(t, h.Command("U0MAYOR", "office", "export 2026-12-14至2026-12-20").Text(), "2026-12-14_2026-12-20.xlsx")
	})
}

func TestExportUploadsTheWorkbookOfThePeriod(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s)
		mustContain(t, h.Command("U0MAYOR", "office", "export 2026-12").Text(), "已生成2026年12月工作簿 2026-12.xlsx，正在上传到本会话")
		ups := uploads(h.Outbox())
		if len(ups) != 1 || ups[0].Upload.Name != "2026-12.xlsx" {
			t.Fatalf("uploads %+v", ups)
		}
		f, err := excelize.OpenReader(bytes.NewReader(ups[0].Upload.Data))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("收文")
		if len(rows) != 4 || rows[1][0] != "D1" || rows[1][12] != "已逾期" || rows[2][12] != "按时办结" || rows[3][12] != "逾期办结" {
			t.Errorf("收文 rows %v", rows)
		}
		items, _ := f.GetRows("会议落实")
		if len(items) != 4 {
			t.Errorf("会议落实 rows %v", items)
		}
	})
}

func TestTwoUrgesAtOnceSendOneReminder(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s)
		for _, key := range []string{"A1", "L1"} {
			var wg sync.WaitGroup
			for _, who := range []string{"U0OFFDIR", "U0OFFSTAFF", "U0OFFDEP"} {
				wg.Add(1)
				go func() { defer wg.Done(); h.Click(who, "office.urge", key) }()
			}
			wg.Wait()
			n := 0
			for _, m := range h.Outbox() {
				if strings.HasPrefix(m.Text, "催办："+key) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%s: %d reminders after three simultaneous urges, want 1", key, n)
			}
		}
	})
}

// A period that has not begun has nothing to export: no workbook is built
// and the reply says why (2030-01 gave an empty workbook). A future period
// with leave already filed for it is exported (leave is filed beforehand),
// and a past period with no records is exported with a note that its
// sheets are empty.
func TestExportOfAPeriodNotStartedOrWithoutRecordsSaysSo(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s) // now 2026-12-21; L1 filed for 2026-12-28..29
		before := len(uploads(h.Outbox()))
		r := h.Command("U0MAYOR", "office", "export 2030-01").Text()
		mustContain(t, r, "2030年1月尚未开始", "2030-01-01", "没有可导出的记录")
		if strings.Contains(r, "正在上传") || len(uploads(h.Outbox())) != before {
			t.Fatalf("a workbook of a period not begun was uploaded: %s", r)
		}
		// Next week holds L1: its workbook is built.
		r = h.Command("U0MAYOR", "office", "export 2026-12-28至2027-01-03").Text()
		mustContain(t, r, "正在上传到本会话", "尚未开始，工作簿只含已登记的事项")
		// A past month with no records: the file, and the reply says so.
		r = h.Command("U0MAYOR", "office", "export 2025-01").Text()
		mustContain(t, r, "已生成2025年1月工作簿 2025-01.xlsx", "该期间没有收文、发文、会议落实和请假记录")
		if n := len(uploads(h.Outbox())); n != before+2 {
			t.Fatalf("%d workbooks uploaded, want 2", n-before)
		}
	})
}

// Statistics of a period that has not begun say so, as the export does:
// only what is filed for it so far is counted.
func TestStatsOfAPeriodNotStartedSaySo(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s) // now 2026-12-21
		mustContain(t, h.Command("U0OFFDIR", "office", "stats 2030").Text(), "2030年尚未开始（2030-01-01（星期二）起），统计只含已登记的事项")
		if r := h.Command("U0OFFDIR", "office", "stats 本月").Text(); strings.Contains(r, "尚未开始") {
			t.Fatalf("this month has begun: %s", r)
		}
	})
}
