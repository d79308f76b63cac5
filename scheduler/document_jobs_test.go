package scheduler_test

import (
	"strings"
	"testing"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// An incoming document assigned on Thursday 26 November (due Friday 4
// December, Art. 54: six working days) is reminded to the handling head
// two working days before, on the due day and daily while overdue, with
// the office told of it overdue; each once per day across passes (SPEC
// §1.5). A document left undecided is reminded to its leader by name and
// escalated to the office director like leave.
func TestDocumentDeadlinesAndDecisionsAreReminded(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := handlerstest.New(t, s, handlerstest.Options{Start: at(t, "2026-11-26 10:00")})
		clk := b.Clock
		for _, r := range []handlers.Request{
			{User: "U0FGWHEAD", Command: "doc", Text: "submit 标题：关于老旧小区改造资金的请示 类型：请示 类别：in_remit 签发人：@王主任"},
			{User: "U0VMLI", Channel: "C1", ThreadItem: "D1", Text: "交办 住建局 请按职责办理"},
			{User: "U0JYJHEAD", Command: "doc", Text: "submit 标题：关于校舍维修的请示 类型：请示 类别：in_remit 签发人：@何局长"},
		} {
			if got := b.Do(r).Text(); !strings.Contains(got, "D") {
				t.Fatalf("%s: %s", r.Text, got)
			}
		}
		slack := &fakeSlack{}
		pass(t, s, clk, slack, at(t, "2026-11-26 18:00")) // deliver what the requests queued
		jobs := jobsNamed(s, "document.deadlines", "approvals", "digest")
		count := func(to, substr string) int {
			n := 0
			for _, m := range slack.to(to) {
				if strings.Contains(m, substr) {
					n++
				}
			}
			return n
		}
		pass(t, s, clk, slack, at(t, "2026-12-01 09:30"), jobs...)
		if n := count("U0ZJJHEAD", "将于 2026-12-04 到期"); n != 0 {
			t.Fatalf("reminded three working days before")
		}
		// The approval reminder names the document: after one working day.
		if n := count("U0VMZHANG", "催办：D2 《关于校舍维修的请示》（市教育局）"); n != 1 {
			t.Fatalf("approval reminder: %v", slack.to("U0VMZHANG"))
		}
		if n := count("U0OFFDIR", "D2"); n != 1 {
			t.Fatalf("escalation after three working days: %v", slack.to("U0OFFDIR"))
		}
		// The 09:00 digest tells the handling head what the unit has in hand
		// (one document: no 等 after it).
		if n := count("U0ZJJHEAD", "• 本单位在办公文 1 件（D1《关于老旧小区改造资金的请示》），其中逾期 0 件"); n != 2 { // 26 Nov (the first pass) and 1 Dec
			t.Fatalf("digest: %v", slack.to("U0ZJJHEAD"))
		}
		pass(t, s, clk, slack, at(t, "2026-12-02 09:30"), jobs...)
		pass(t, s, clk, slack, at(t, "2026-12-03 09:30"), jobs...)
		if n := count("U0ZJJHEAD", "D1 关于老旧小区改造资金的请示 将于 2026-12-04 到期"); n != 1 {
			t.Fatalf("two working days before: %v", slack.to("U0ZJJHEAD"))
		}
		pass(t, s, clk, slack, at(t, "2026-12-04 09:30"), jobs...)
		pass(t, s, clk, slack, at(t, "2026-12-04 09:45"), jobs...) // a second pass (restart, replica) sends nothing
		if n := count("U0ZJJHEAD", "今天（2026-12-04）到期"); n != 1 {
			t.Fatalf("due day: %v", slack.to("U0ZJJHEAD"))
		}
		pass(t, s, clk, slack, at(t, "2026-12-05 09:30"), jobs...) // Saturday: nothing
		pass(t, s, clk, slack, at(t, "2026-12-07 09:30"), jobs...)
		pass(t, s, clk, slack, at(t, "2026-12-08 09:30"), jobs...)
		if n := count("U0ZJJHEAD", "已于 2026-12-04 到期"); n != 2 {
			t.Fatalf("overdue daily on working days: %v", slack.to("U0ZJJHEAD"))
		}
		if n := count("C0OFFICE", "D1"); n != 2 {
			t.Fatalf("office told overdue: %v", slack.to("C0OFFICE"))
		}
		// Closed, it is reminded no more.
		b.Clock.Set(at(t, "2026-12-08 10:00"))
		if got := b.Do(handlers.Request{User: "U0ZJJHEAD", Command: "doc", Text: "done D1 已办结"}).Text(); !strings.Contains(got, "已办结") {
			t.Fatalf("done: %s", got)
		}
		pass(t, s, clk, slack, at(t, "2026-12-09 09:30"), jobs...)
		if n := count("U0ZJJHEAD", "已于 2026-12-04 到期"); n != 2 {
			t.Fatalf("reminded after closing: %v", slack.to("U0ZJJHEAD"))
		}
	})
}
