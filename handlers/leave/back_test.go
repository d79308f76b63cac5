package leave_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/chat"
	"officebot/dates"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// Art. 57: 严格执行请销假制度. The requester reports back (销假) from an
// approved leave once it has begun: recorded in the history, the approver
// told in the thread and the office in its channel; once only; not before
// the leave begins, not by anyone else, not for a pending request.
func TestRequesterReportsBackFromAnApprovedLeave(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip) // 3-5 December
		key := b.only().Key()
		mustContainIn(t, "pending", b.leave("U0FGWHEAD", "back "+key).Text(), "只有已批准的请假")
		b.click("U0VMLI", "leave.approve", key)
		mustContainIn(t, "before it begins", b.leave("U0FGWHEAD", "销假 "+key).Text(), "尚未开始")
		b.clk.Set(time.Date(2026, 12, 4, 18, 0, 0, 0, dates.Shanghai))
		mustContainIn(t, "by another", b.leave("U0VMLI", "back "+key).Text(), "只有申请人本人")
		n := len(b.outbox())
		mustContainIn(t, "back", b.leave("U0FGWHEAD", "销假 "+key).Text(), "已销假", key)
		after := b.since(n)
		thread, ok := find(after, func(m chat.Message) bool { return m.InThread && m.ItemKey == key })
		if !ok {
			t.Fatal("approver not told")
		}
		mustContainIn(t, "thread", thread.Text, chat.Mention("U0VMLI"), "销假", "提前")
		if _, ok := find(after, func(m chat.Message) bool { return m.Channel == "C0OFFICE" && strings.Contains(m.Text, "销假") }); !ok {
			t.Fatal("office not told")
		}
		if trail := b.audit(key); trail[len(trail)-1].Action != "leave.back" {
			t.Fatalf("audit: %+v", trail)
		}
		mustContainIn(t, "status", b.leave("U0FGWHEAD", "status "+key).Text(), "销假")
		n = len(b.outbox())
		mustContainIn(t, "twice", b.leave("U0FGWHEAD", "back "+key).Text(), "已于")
		if len(b.outbox()) != n {
			t.Fatal("a second report sent messages")
		}
	})
}

// Two reports back of one leave at the same moment (a double click, a
// retried command) are recorded once: one 已销假, one 已于…销假, one
// history entry, one message to the approver and one to the office.
func TestReportsBackAtOnceAreRecordedOnce(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip) // 3-5 December
		key := b.only().Key()
		b.click("U0VMLI", "leave.approve", key)
		b.clk.Set(time.Date(2026, 12, 4, 18, 0, 0, 0, dates.Shanghai))
		n := len(b.outbox())
		const tries = 4
		var (
			wg    sync.WaitGroup
			texts [tries]string
		)
		for i := range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				texts[i] = b.leave("U0FGWHEAD", "销假 "+key).Text()
			}()
		}
		wg.Wait()
		done := 0
		for _, s := range texts {
			if strings.Contains(s, "已销假") && !strings.Contains(s, "已于") {
				done++
			}
		}
		backs := 0
		for _, e := range b.audit(key) {
			if e.Action == "leave.back" {
				backs++
			}
		}
		if done != 1 || backs != 1 || len(b.since(n)) != 2 {
			t.Fatalf("%d answered 已销假, %d history entries, %d messages (want 1, 1, 2): %q", done, backs, len(b.since(n)), texts)
		}
	})
}
