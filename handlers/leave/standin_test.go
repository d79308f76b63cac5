package leave_test

import (
	"strings"
	"testing"

	"officebot/chat"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// Issue 11 item 4: an approver whose leave is approved after a request was
// filed is replaced on their open steps by the stand-in the routing gives
// (the mayor for a vice mayor), with a note in the item's thread.
func TestApprovedLeaveHandsTheApproversOpenStepsToTheStandIn(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		wang := b.only().Key()
		if got := b.get(wang).Approver; got != "U0VMLI" {
			t.Fatalf("approver of %s = %s, want U0VMLI", wang, got)
		}
		// A leave starting after the next working day moves nothing yet.
		b.leave("U0VMLI", "出差 北京 2026-12-10 至 2026-12-11 考察")
		rs := b.requests()
		later := rs[len(rs)-1].Key()
		b.click("U0MAYOR", "leave.approve", later)
		if r := b.get(later); r.State != leave.Approved {
			t.Fatalf("%s not approved: %s", later, r.State)
		}
		if got := b.get(wang).Approver; got != "U0VMLI" {
			t.Fatalf("a leave starting in two weeks moved %s to %s", wang, got)
		}
		// 李副市长's leave from tomorrow (the next working day) is approved.
		b.leave("U0VMLI", "出差 北京 明天 1天 调研")
		rs = b.requests()
		li := rs[len(rs)-1].Key()
		n := len(b.outbox())
		resp := b.click("U0MAYOR", "leave.approve", li)
		if r := b.get(li); r.State != leave.Approved {
			t.Fatalf("%s not approved: %s (%s)", li, r.State, resp.Text())
		}
		if got := b.get(wang).Approver; got != "U0MAYOR" {
			t.Fatalf("approver of %s after %s approved = %s, want U0MAYOR", wang, li, got)
		}
		var thread, dm bool
		for _, m := range b.since(n) {
			if m.ItemKey != wang {
				continue
			}
			txt := text(m)
			if !strings.Contains(txt, "请假") || !strings.Contains(txt, chat.Mention("U0MAYOR")) {
				continue
			}
			thread = thread || m.InThread
			dm = dm || m.Channel == "U0MAYOR"
		}
		if !thread || !dm {
			t.Fatalf("no note in %s's thread (%v) or to the stand-in (%v): %+v", wang, thread, dm, b.since(n))
		}
		// The old approver's buttons decide nothing; the stand-in's do.
		mustContainIn(t, "old approver", b.click("U0VMLI", "leave.approve", wang).Text(), "只有指定的审批人")
		b.click("U0MAYOR", "leave.approve", wang)
		if r := b.get(wang); r.State != leave.Approved || r.DecidedBy != "U0MAYOR" {
			t.Fatalf("%s = %s by %s, want approved by the mayor", wang, r.State, r.DecidedBy)
		}
	})
}

// The mayor's leave needs no approval: when it is recorded (leaving Suzhou
// from tomorrow), the mayor's open steps go to the executive vice mayor.
func TestMayorsRecordedLeaveHandsOpenStepsToTheExecutiveViceMayor(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0VMWANG", shanghaiTrip)
		wang := b.only().Key()
		if got := b.get(wang).Approver; got != "U0MAYOR" {
			t.Fatalf("approver of %s = %s, want U0MAYOR", wang, got)
		}
		n := len(b.outbox())
		b.leave("U0MAYOR", "出差 北京 明天 1天 调研")
		if got := b.get(wang).Approver; got != "U0EXEC" {
			t.Fatalf("approver of %s after the mayor's leave = %s, want U0EXEC", wang, got)
		}
		if _, ok := find(b.since(n), func(m chat.Message) bool { return m.ItemKey == wang && m.InThread }); !ok {
			t.Fatalf("no note in %s's thread: %+v", wang, b.since(n))
		}
		b.click("U0EXEC", "leave.approve", wang)
		if r := b.get(wang); r.State != leave.Approved || r.DecidedBy != "U0EXEC" {
			t.Fatalf("%s = %s by %s, want approved by the executive vice mayor", wang, r.State, r.DecidedBy)
		}
	})
}
