package document_test

import (
	"slices"
	"strings"
	"testing"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// The README walk-through: a head submits a 请示, the vice mayor 交办 in
// the thread, the unit asks for an extension, it is granted, the unit
// closes it.
func TestSubmitAssignExtendClose(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s) // Thursday 2026-11-26 10:00
		got := b.submit(example)
		contains(t, "registration", got, "昆政办收〔2026〕1号", "D1", "李副市长")
		ds := b.docs()
		if len(ds) != 1 || ds[0].State != "pending" || ds[0].Leader != "U0VMLI" {
			t.Fatalf("registered %+v", ds)
		}
		var root *string
		for _, m := range b.Outbox() {
			if m.Channel == "C0DOCS" && m.Root && m.ItemKey == "D1" {
				txt := handlerstest.Text(m)
				root = &txt
				labels := []string{}
				for _, bt := range m.Buttons() {
					labels = append(labels, bt.Label)
				}
				if !slices.Equal(labels, []string{"批示同意", "交办", "退回", "报市长", "改派"}) {
					t.Errorf("root buttons %v", labels)
				}
			}
		}
		if root == nil {
			t.Fatal("no root message in the documents channel")
		}
		contains(t, "DM to the vice mayor", last(b.to("U0VMLI")), "D1", "市发展和改革委员会")

		// Someone else's words in the thread are conversation: nothing happens.
		if r := b.Reply("U0VMWANG", "D1", "交办 住建局 请按职责办理"); r.Text() != "" {
			t.Fatalf("another vice mayor got an answer: %s", r.Text())
		}
		if b.get(1).State != "pending" {
			t.Fatal("another vice mayor's words changed the document")
		}
		// A button press by someone else gets a private refusal.
		if r := b.Click("U0VMWANG", "doc.assign", "D1"); !strings.Contains(r.Text(), "不") {
			t.Fatalf("refusal: %s", r.Text())
		}
		// A word that only begins like a verdict decides nothing.
		if r := b.Reply("U0VMLI", "D1", "交办给谁比较好？"); r.Text() != "" || b.get(1).State != "pending" {
			t.Fatalf("prefix decided: %q", r.Text())
		}

		got = b.Reply("U0VMLI", "D1", "交办 住建局 请按职责办理").Text()
		contains(t, "assign", got, "D1", "市住房和城乡建设局", "2026-12-04")
		d := b.get(1)
		if d.State != "handling" || d.HandlingDept != "zjj" || d.Due != "2026-12-04" || d.AssignedBy != "U0VMLI" {
			t.Fatalf("assigned %+v", d)
		}
		contains(t, "DM to the handling head", last(b.to("U0ZJJHEAD")), "D1", "6个工作日", "2026-12-04")

		// The unit asks for more time; the leader grants it in the thread.
		got = b.doc("U0ZJJHEAD", "extend D1 2026-12-11 需实地核查小区数量")
		contains(t, "extension asked", got, "D1", "2026-12-11")
		if r := b.doc("U0ZJJHEAD", "extend D1 2026-12-14 再加几天"); !strings.Contains(r, "待决定") {
			t.Fatalf("second request while one waits: %s", r)
		}
		if r := b.Reply("U0ZJJHEAD", "D1", "同意延期"); r.Text() != "" {
			t.Fatalf("the unit granted its own extension: %s", r.Text())
		}
		got = b.Reply("U0VMLI", "D1", "同意延期").Text()
		// The leader's own reply says what was decided, not just that it was.
		contains(t, "grant", got, "已同意 D1 延期", "2026-12-11")
		d = b.get(1)
		if d.Due != "2026-12-11" || d.Extensions != 1 || d.ExtDue != "" {
			t.Fatalf("after the grant %+v", d)
		}
		contains(t, "grant told", last(b.to("U0ZJJHEAD")), "2026-12-11", "已延期 1 次")

		// Another unit may not close it; the handling head does.
		if r := b.doc("U0CZJHEAD", "done D1 已完成"); !strings.Contains(r, "市住房和城乡建设局 主办") {
			t.Fatalf("another unit closed: %s", r)
		}
		got = b.doc("U0ZJJHEAD", "done D1 已完成资金测算并列入2027年计划")
		contains(t, "done", got, "已办结 D1")
		d = b.get(1)
		if d.State != "done" || d.DoneBy != "U0ZJJHEAD" {
			t.Fatalf("closed %+v", d)
		}
		contains(t, "leader told", last(b.to("U0VMLI")), "已办结", "已完成资金测算")

		// The whole history, for the submitting unit.
		got = b.doc("U0FGWDEP", "status 昆政办收〔2026〕1号")
		contains(t, "status", got, "已办结", "登记报送", "交办", "申请延期", "同意延期", "办结", "已获准延期 1 次")
		if a := b.audit("D1"); len(a) != 5 {
			t.Errorf("audit %v", a)
		}
		// Another unit may not read it.
		if r := b.doc("U0JYJHEAD", "status D1"); !strings.Contains(r, "无权查看") {
			t.Fatalf("another unit read it: %s", r)
		}
	})
}

var _ = handlers.Reply
