package document_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// Routing by the directory (Art. 49): the vice mayor in charge, the
// executive vice mayor for their units, the mayor for a major matter or
// when the leader in charge is on approved leave.
func TestRoutingByTheDirectory(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.submit(example)
		b.doc("U0CZJHEAD", "submit 标题：关于预算调整的请示 类型：请示 类别：in_remit 签发人：@孙局长")
		b.doc("U0JYJHEAD", "submit 标题：关于新建学校的请示 类型：请示 类别：investigation 签发人：@何局长 重大：是")
		// 李副市长 on approved leave today: 发改委's next document goes to the mayor.
		lr := storage.LeaveRequest{Requester: "U0VMLI", Kind: "出差", Destination: "北京", StartDate: "2026-11-25", EndDate: "2026-11-27",
			ReasonCode: "x", State: leave.Approved, CreatedAt: handlerstest.Start}
		if err := s.DB.Create(&lr).Error; err != nil {
			t.Fatal(err)
		}
		got := b.doc("U0FGWHEAD", "submit 标题：关于招商奖励的请示 类型：请示 类别：in_remit 签发人：@王主任")
		contains(t, "away", got, "周市长", "李副市长 请假不在岗")
		want := []string{"U0VMLI", "U0EXEC", "U0MAYOR", "U0MAYOR"}
		for i, d := range b.docs() {
			if d.Leader != want[i] {
				t.Errorf("D%d with %s; want %s", d.ID, d.Leader, want[i])
			}
		}
		// The mayor's document has no 报市长 button.
		for _, m := range b.Outbox() {
			if m.Root && m.ItemKey == "D3" {
				for _, bt := range m.Buttons() {
					if bt.Label == "报市长" {
						t.Error("the mayor is offered 报市长")
					}
				}
			}
		}
	})
}

// Return, resubmission in the same thread, forward to the mayor, 改派 by
// the office, and 批示同意 with a comment.
func TestReturnResubmitForwardRerouteApprove(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.submit(example)
		if r := b.Reply("U0VMLI", "D1", "退回"); !strings.Contains(r.Text(), "理由") || b.get(1).State != "pending" {
			t.Fatalf("return without a reason: %s", r.Text())
		}
		contains(t, "return", b.Reply("U0VMLI", "D1", "退回 请补充资金测算依据").Text(), "已退回 D1")
		if d := b.get(1); d.State != "returned" || d.Comment != "请补充资金测算依据" {
			t.Fatalf("returned %+v", d)
		}
		contains(t, "submitter told", last(b.to("U0FGWHEAD")), "请补充资金测算依据", "重新报送")
		// Corrected and resubmitted: a new number, and the old thread says so.
		got := b.submit(example)
		contains(t, "resubmitted", got, "昆政办收〔2026〕2号", "D2")
		if d := b.get(2); d.Resubmits != 1 {
			t.Fatalf("resubmits %d", d.Resubmits)
		}
		var noted bool
		for _, m := range b.Outbox() {
			if m.ItemKey == "D1" && m.InThread && strings.Contains(m.Text, "重新报送为 D2") {
				noted = true
			}
		}
		if !noted {
			t.Error("the returned document's thread does not point to the resubmission")
		}

		// 报市长: the step moves to the mayor; the vice mayor can no longer act.
		contains(t, "forward", b.Reply("U0VMLI", "D2", "报市长").Text(), "已将 D2 报市长")
		if d := b.get(2); d.Leader != "U0MAYOR" || d.State != "pending" {
			t.Fatalf("forwarded %+v", d)
		}
		if r := b.Reply("U0VMLI", "D2", "批示同意"); r.Text() != "" || b.get(2).State != "pending" {
			t.Fatalf("the vice mayor still acts: %q", r.Text())
		}
		// 改派: office only, with a reason.
		if r := b.Click("U0FGWHEAD", "doc.reroute", "D2"); !strings.Contains(r.Text(), "市政府办公室") {
			t.Fatalf("a unit head reroutes: %s", r.Text())
		}
		if r := b.Reply("U0OFFDIR", "D2", "改派 @王副市长"); !strings.Contains(r.Text(), "改派须写明理由，如：改派 @") {
			t.Fatalf("reroute without a reason: %s", r.Text())
		}
		contains(t, "reroute", b.Reply("U0OFFDIR", "D2", "改派 @王副市长 住建口事项").Text(), "已将 D2 改派给 王副市长")
		if d := b.get(2); d.Leader != "U0VMWANG" {
			t.Fatalf("rerouted to %s", d.Leader)
		}
		if r := b.Click("U0MAYOR", "doc.forward", "D2"); !strings.Contains(r.Text(), "不") || b.get(2).Leader != "U0VMWANG" {
			t.Fatalf("the mayor acts after the reroute: %s", r.Text())
		}
		// 批示同意 with a comment, by the form.
		if r := b.Click("U0VMWANG", "doc.approve", "D2"); r.Modal == nil {
			t.Fatalf("approve opens no form: %s", r.Text())
		}
		got = b.Submit("U0VMWANG", "doc.approve", "D2", map[string]string{"text": "同意，请抓紧落实"}).Text()
		contains(t, "approve", got, "已批示同意 D2")
		if d := b.get(2); d.State != "approved" || d.Comment != "同意，请抓紧落实" || d.DecidedBy != "U0VMWANG" {
			t.Fatalf("approved %+v", d)
		}
		contains(t, "thread", last(b.to("U0FGWHEAD")), "同意，请抓紧落实")
		if r := b.Reply("U0VMWANG", "D2", "批示同意"); r.Text() != "" {
			t.Fatalf("a second decision answered: %s", r.Text())
		}
		if r := b.Click("U0VMWANG", "doc.approve", "D2"); !strings.Contains(r.Text(), "已") {
			t.Fatalf("a second click: %s", r.Text())
		}
	})
}

// Two clicks at once, by the leader in two windows: the document is
// assigned once, with one set of messages.
func TestConcurrentDecisionsAreDecidedOnce(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.submit(example)
		before := len(b.Outbox())
		const n = 6
		var wg sync.WaitGroup
		replies := make([]string, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				text := "交办 住建局 请按职责办理"
				if i%2 == 1 {
					text = "批示同意 同意"
				}
				replies[i] = b.Do(handlers.Request{User: "U0VMLI", Channel: "C1", ThreadItem: "D1", Text: text}).Text()
			}()
		}
		wg.Wait()
		ok := 0
		for _, r := range replies {
			if strings.HasPrefix(r, "已交办") || strings.HasPrefix(r, "已批示同意") {
				ok++
			}
		}
		if ok != 1 {
			t.Fatalf("%d decisions applied: %q", ok, replies)
		}
		after := b.Outbox()[before:]
		roots := 0
		for _, m := range after {
			if m.Update {
				roots++
			}
		}
		if roots != 1 {
			t.Fatalf("%d root updates", roots)
		}
		if a := b.audit("D1"); len(a) != 2 {
			t.Fatalf("audit %v", a)
		}
	})
}

// 交办 on the working day before the 2026 National Day holiday: each
// category's due date as the official calendar gives it (Art. 54).
func TestAssignBeforeNationalDayGetsTheCalendarsDueDate(t *testing.T) {
	t.Parallel()
	b := newBot(t, storagetest.SQLite(t), time.Date(2026, 9, 30, 2, 0, 0, 0, time.UTC)) // Wed 10:00 Shanghai
	cases := []struct{ cat, extra, due string }{
		{"in_remit", "", "2026-10-14"},
		{"needs_approval", "", "2026-10-14"},
		{"joint", " 会签：财政局", "2026-10-19"},
		{"investigation", "", "2026-11-03"},
		{"urgent", " 期限：2026-10-09", "2026-10-09"},
	}
	for i, c := range cases {
		b.doc("U0FGWHEAD", "submit 标题：关于第"+string(rune('一'+i))+"事的报告 类型：报告 类别："+c.cat+c.extra)
		key := "D" + string(rune('1'+i))
		got := b.Reply("U0VMLI", key, "交办 发改委").Text()
		contains(t, c.cat, got, c.due)
		if d := b.get(uint64(i + 1)); d.Due != c.due || d.DueProvisional {
			t.Errorf("%s: due %s provisional %v; want %s", c.cat, d.Due, d.DueProvisional, c.due)
		}
	}
}

// A document re-routed to the mayor cannot be 报市长 again.
func TestRerouteToTheMayorThenForwardIsRefused(t *testing.T) {
	t.Parallel()
	b := newBot(t, storagetest.SQLite(t))
	b.submit(example)
	contains(t, "reroute", b.Reply("U0OFFDIR", "D1", "改派 @周市长 请市长直接批示").Text(), "改派给 周市长")
	if got := b.Reply("U0MAYOR", "D1", "报市长").Text(); !strings.Contains(got, "无需再报市长") {
		t.Fatalf("forward by the mayor: %s", got)
	}
	if r := b.Reply("U0VMLI", "D1", "批示同意"); r.Text() != "" || b.get(1).State != "pending" {
		t.Fatalf("the old leader acts after the reroute: %q", r.Text())
	}
	contains(t, "mayor approves", b.Reply("U0MAYOR", "D1", "批示同意").Text(), "已批示同意 D1")
}

// /doc status keeps what the leaders wrote: the 批示 itself and the
// reason of a 退回 are what the unit acts on, and the thread is not the
// only place to find them.
func TestStatusShowsTheLeadersWords(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.submit(example)
		b.submit("标题：关于新建学校的请示 类型：请示 类别：in_remit 签发人：@王主任 事项数：1 重大：是")
		contains(t, "return", b.Reply("U0VMLI", "D1", "退回 请补充资金测算依据").Text(), "D1")
		contains(t, "approve", b.Reply("U0MAYOR", "D2", "批示同意 请发改委抓紧落实").Text(), "D2")
		contains(t, "returned status", b.doc("U0FGWHEAD", "status D1"), "李副市长 退回：请补充资金测算依据")
		contains(t, "approved status", b.doc("U0FGWHEAD", "status D2"), "周市长 批示同意：请发改委抓紧落实")
	})
}
