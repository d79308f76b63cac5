package document_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/chat"
	"officebot/handlers"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// assigned submits the example and has it assigned to 住建局 (due
// 2026-12-04, six working days after Thursday 2026-11-26).
func assigned(t *testing.T, b *bot, category string) {
	t.Helper()
	b.submit(strings.Replace(example, "类别：in_remit", "类别："+category, 1))
	if got := b.Reply("U0VMLI", "D1", "交办 住建局 请按职责办理").Text(); !strings.HasPrefix(got, "已交办") {
		t.Fatalf("assign: %s", got)
	}
}

func TestExtensionRefusedKeepsTheDueDate(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		assigned(t, b, "in_remit")
		if r := b.doc("U0ZJJHEAD", "extend D1 2026-12-03 理由"); !strings.Contains(r, "晚于当前期限 2026-12-04") {
			t.Fatalf("earlier date: %s", r)
		}
		if r := b.doc("U0CZJHEAD", "extend D1 2026-12-10 理由"); !strings.Contains(r, "主办") {
			t.Fatalf("another unit asks: %s", r)
		}
		b.doc("U0ZJJHEAD", "extend D1 12月10日 需补充调研")
		// The buttons in the thread: only the leader who assigned it decides.
		if r := b.Click("U0VMWANG", "doc.ext_refuse", "D1"); !strings.Contains(r.Text(), "不") {
			t.Fatalf("another leader: %s", r.Text())
		}
		contains(t, "refuse", b.Click("U0VMLI", "doc.ext_refuse", "D1").Text(), "不同意 D1 延期", "仍为 2026-12-04")
		d := b.get(1)
		if d.Due != "2026-12-04" || d.Extensions != 0 || d.ExtDue != "" {
			t.Fatalf("after refusal %+v", d)
		}
		contains(t, "unit told", last(b.to("U0ZJJHEAD")), "不同意", "仍为 2026-12-04")
		// After the due date no extension may be asked.
		b.Clock.Set(time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC))
		if r := b.doc("U0ZJJHEAD", "extend D1 2026-12-20 理由"); !strings.Contains(r, "已过办理期限") {
			t.Fatalf("after due: %s", r)
		}
		// Closed late, it says so.
		contains(t, "late", b.doc("U0ZJJDEP", "done D1 已办理"), "逾期")
	})
}

// needs_approval: the unit's written opinion goes back to the leader who
// assigned it, whose 批示 closes it (Art. 54).
func TestWrittenOpinionGoesBackForInstruction(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		assigned(t, b, "needs_approval")
		if r := b.doc("U0ZJJHEAD", "done D1 已办"); !strings.Contains(r, "/doc opinion D1") {
			t.Fatalf("done on needs_approval: %s", r)
		}
		contains(t, "opinion", b.doc("U0ZJJHEAD", "opinion D1 建议安排资金3000万元"), "李副市长")
		if d := b.get(1); d.State != "opinion" {
			t.Fatalf("state %s", d.State)
		}
		contains(t, "leader told", last(b.to("U0VMLI")), "建议安排资金3000万元")
		contains(t, "opinion returned", b.Reply("U0VMLI", "D1", "退回 请细化分年度安排").Text(), "已退回 D1")
		if d := b.get(1); d.State != "handling" {
			t.Fatalf("after return %s", d.State)
		}
		b.doc("U0ZJJHEAD", "opinion D1 建议分两年安排资金")
		contains(t, "approved", b.Reply("U0VMLI", "D1", "批示同意 同意").Text(), "已批示同意 D1")
		if d := b.get(1); d.State != "done" || d.Result != "建议分两年安排资金" {
			t.Fatalf("after 批示 %+v", d)
		}
	})
}

func TestUrgeOncePerDayByTheOffice(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		assigned(t, b, "in_remit")
		if r := b.doc("U0FGWHEAD", "urge D1"); !strings.Contains(r, "市政府办公室") {
			t.Fatalf("a unit urges: %s", r)
		}
		contains(t, "urge", b.doc("U0OFFSTAFF", "urge D1"), "已催办 D1")
		contains(t, "head told", last(b.to("U0ZJJHEAD")), "刘秘书 催办", "2026-12-04")
		if r := b.Click("U0OFFDIR", "doc.urge", "D1").Text(); !strings.Contains(r, "每天最多催办一次") || !strings.Contains(r, "刘秘书") {
			t.Fatalf("second urge the same day: %s", r)
		}
		b.Clock.Set(time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC))
		contains(t, "next day", b.doc("U0OFFDIR", "urge D1"), "已催办 D1")
		if d := b.get(1); d.Urges != 2 || d.UrgedBy != "U0OFFDIR" {
			t.Fatalf("urges %+v", d)
		}
		if a := b.audit("D1"); len(a) != 4 || !strings.HasSuffix(a[3], "document.urge") {
			t.Fatalf("audit %v", a)
		}
	})
}

// A document is visible to its unit, its handling and co-departments, the
// leaders on its path and the office; lists and the App Home show each
// person what concerns them.
func TestAccessListsAndHome(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		assigned(t, b, "in_remit")
		b.doc("U0JYJHEAD", "submit 标题：关于校舍维修的请示 类型：请示 类别：in_remit 签发人：@何局长")
		for who, ok := range map[string]bool{"U0FGWDEP": true, "U0ZJJDEP": true, "U0CZJHEAD": true, "U0VMLI": true, "U0OFFSTAFF": true,
			"U0JYJHEAD": false, "U0VMZHANG": false, "U0MAYOR": false} {
			got := b.doc(who, "status D1")
			if ok == strings.Contains(got, "无权查看") {
				t.Errorf("%s status D1: %s", who, got)
			}
		}
		lists := map[string][]string{
			"U0ZJJHEAD":  {"D1"},
			"U0JYJHEAD":  {"D2"},
			"U0VMZHANG":  {"D2"},
			"U0OFFSTAFF": {"D1", "D2"},
			"U0KFQHEAD":  nil,
		}
		for who, want := range lists {
			got := b.doc(who, "list")
			for _, k := range []string{"D1 ", "D2 "} {
				if strings.Contains(got, k) != containsStr(want, strings.TrimSpace(k)) {
					t.Errorf("%s list: %s", who, got)
				}
			}
		}
		contains(t, "filter", b.doc("U0OFFSTAFF", "list 待批"), "D2")
		if got := b.doc("U0OFFSTAFF", "list 待批"); strings.Contains(got, "D1 ") {
			t.Errorf("待批 lists D1: %s", got)
		}
		if got := b.doc("U0OFFSTAFF", "list 逾期"); strings.Contains(got, "D1 ") {
			t.Errorf("逾期 lists D1 before its due date: %s", got)
		}
		b.Clock.Set(time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC))
		contains(t, "overdue", b.doc("U0OFFSTAFF", "list 逾期"), "D1", "已逾期 3 天")

		home := func(user string) string {
			bs, err := b.Service.Home(t.Context(), user)
			if err != nil {
				t.Fatal(err)
			}
			var sb strings.Builder
			for _, bl := range bs {
				if bl.Header != nil {
					sb.WriteString(bl.Header.Text + "\n")
				}
				if bl.Section != nil {
					sb.WriteString(bl.Section.Text + "\n")
				}
			}
			return sb.String()
		}
		// In 待我办理 (handlers/todo): the decision waiting for the vice
		// mayor, and the document the unit handles with its due date.
		contains(t, "vice mayor's home", home("U0VMZHANG"), "待我办理", "《关于校舍维修的请示》", "（D2）", "待您批示")
		contains(t, "unit's home", home("U0ZJJDEP"), "待我办理", "（D1） —— 本单位主办，12月4日到期，已逾期 3 天")
	})
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// A due date in a year the calendar lacks is marked 暂定 wherever shown.
func TestProvisionalDueDateIsMarked(t *testing.T) {
	t.Parallel()
	b := newBot(t, storagetest.SQLite(t))
	b.doc("U0FGWHEAD", "submit 标题：关于远期规划的函 类型：函 类别：urgent 期限：2099-03-02")
	got := b.Reply("U0VMLI", "D1", "交办 发改委").Text()
	contains(t, "assign", got, "2099-03-02（暂定")
	if d := b.get(1); !d.DueProvisional {
		t.Fatal("not provisional")
	}
	contains(t, "head told", last(b.to("U0FGWHEAD")), "暂定")
	contains(t, "status", b.doc("U0FGWHEAD", "status D1"), "2099-03-02（暂定")
}

// Files shared with a submission or a 办结 are kept with the document and
// copied into its thread, where everyone in the channel can open them.
func TestFilesAreKeptAndCopiedIntoTheThread(t *testing.T) {
	t.Parallel()
	b := newBot(t, storagetest.SQLite(t))
	files := []chat.File{{ID: "F1", Name: "资金测算表.xlsx", Size: 1024}}
	got := b.Do(handlers.Request{User: "U0FGWHEAD", Command: "doc", Text: "submit " + example, Files: files}).Text()
	contains(t, "submit", got, "D1")
	if strings.Contains(got, "未使用") || strings.Contains(got, "没有") {
		t.Errorf("the file was reported unused: %s", got)
	}
	b.Reply("U0VMLI", "D1", "交办 住建局")
	b.Do(handlers.Request{User: "U0ZJJHEAD", Command: "doc", Text: "done D1", Files: []chat.File{{ID: "F2", Name: "办理结果.pdf"}}})
	var copied []string
	for _, m := range b.Outbox() {
		if m.File != nil && m.ItemKey == "D1" && m.InThread {
			copied = append(copied, m.File.Name)
		}
	}
	if strings.Join(copied, ",") != "资金测算表.xlsx,办理结果.pdf" {
		t.Fatalf("copied %v", copied)
	}
	if d := b.get(1); d.State != "done" || d.Result != "见附件" || !strings.Contains(d.Files, "办理结果.pdf") || !strings.Contains(d.Files, "资金测算表.xlsx") {
		t.Fatalf("kept %+v", d)
	}
	contains(t, "status", b.doc("U0FGWHEAD", "status D1"), "资金测算表.xlsx")
}

// Two office staff urging at the same moment: one 催办 is recorded and
// sent, the other is told.
func TestConcurrentUrgesAreRecordedOnce(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		assigned(t, b, "in_remit")
		before := len(b.to("U0ZJJHEAD"))
		var wg sync.WaitGroup
		replies := make([]string, 4)
		for i, who := range []string{"U0OFFSTAFF", "U0OFFDIR", "U0OFFDEP", "U0OFFSTAFF"} {
			wg.Go(func() { replies[i] = b.doc(who, "urge D1") })
		}
		wg.Wait()
		ok := 0
		for _, r := range replies {
			if strings.HasPrefix(r, "已催办") {
				ok++
			}
		}
		if ok != 1 || b.get(1).Urges != 1 || len(b.to("U0ZJJHEAD")) != before+1 {
			t.Fatalf("%d urges applied (%q), %d recorded", ok, replies, b.get(1).Urges)
		}
	})
}

// A unit with nothing to do with a document is refused /doc done, opinion
// and extend before anything of the document is read out: not its state,
// title, handling unit or due date (it was told 当前状态为“待批示” or which
// unit handles it). A unit that may see it still gets the precise reason.
func TestHandlingStepsRefuseAStrangerRevealingNothing(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		assigned(t, b, "in_remit")                                     // D1, handled by 住建局, due 2026-12-04
		b.submit("标题：关于另一事项的报告 类型：报告 类别：in_remit 签发人：@王主任 事项数：1 重大：否") // D2, waiting for 批示
		for _, key := range []string{"D1", "D2"} {
			for _, cmd := range []string{"done " + key + " 完成", "done " + key, "extend " + key + " 2026-12-10 理由", "opinion " + key + " 意见"} {
				r := b.doc("U0JYJHEAD", cmd) // 教育局: neither party nor on the path
				contains(t, cmd, r, "您无权办理 "+key)
				for _, leak := range []string{"待批示", "办理中", "住房和城乡建设局", "住建局", "老旧小区", "另一事项", "2026-12-04"} {
					if strings.Contains(r, leak) {
						t.Errorf("%s: reply reveals %q: %s", cmd, leak, r)
					}
				}
			}
		}
		// 财政局 is consulted on D1: it is told who handles it.
		contains(t, "co-department", b.doc("U0CZJHEAD", "done D1 完成"), "由 市住房和城乡建设局 主办")
		if d := b.get(1); d.State != "handling" || d.ExtDue != "" {
			t.Fatalf("D1 changed: %+v", d)
		}
	})
}
