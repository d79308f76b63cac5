package leave_test

import (
	"strings"
	"testing"

	"officebot/handlers"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// A leave that misses an executive meeting scheduled with /meeting is a
// meeting absence (Art. 57 ¶2) for a department head invited to it: it goes
// to the mayor and needs a deputy.
func TestLeaveClashesWithAMeetingScheduledThroughMeeting(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		resp := b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 2026-12-04 09:00 三楼会议室 议题：2027年预算草案 参会：发改委"})
		mustContainIn(t, "scheduling", resp.Text(), "M1")

		resp = b.leave("U0FGWHEAD", shanghaiTrip)
		mustContainIn(t, "leave without a deputy", resp.Text(), "常务会议", "代为参会")
		if n := len(b.requests()); n != 0 {
			t.Fatalf("a meeting absence without a deputy filed %d requests", n)
		}

		resp = b.leave("U0FGWHEAD", shanghaiTrip+" 代为参会：钱副主任")
		r := b.only()
		if r.Approver != "U0MAYOR" || !r.MeetingAbsence {
			t.Fatalf("request %+v: want the mayor to approve a meeting absence\n%s", r, resp.Text())
		}
	})
}

// A vice mayor missing an executive meeting goes to the mayor; no deputy is
// named (Art. 57 ¶2's deputy is a unit head's), and the office director's
// notice says so instead of naming nobody.
func TestViceMayorMissingAMeetingTellsTheOfficeDirectorNoDeputyIsNeeded(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 2026-12-04 09:00 三楼会议室 议题：预算"})
		resp := b.leave("U0VMWANG", shanghaiTrip)
		r := b.only()
		if r.Approver != "U0MAYOR" || !r.MeetingAbsence {
			t.Fatalf("request %+v\n%s", r, resp.Text())
		}
		n := len(b.outbox())
		b.click("U0MAYOR", "leave.approve", r.Key())
		var notice string
		for _, m := range b.since(n) {
			if m.Channel == "U0OFFDIR" {
				notice = m.Text
			}
		}
		mustContainIn(t, "office director's notice", notice, "不出席", "本次无需委派")
		if strings.Contains(notice, "未指定") {
			t.Fatalf("notice names nobody as deputy: %s", notice)
		}
	})
}

// Scheduling a meeting over an attendee's approved leave tells the office
// who is away (Art. 57 ¶2), so the deputy can be arranged.
func TestSchedulingOverApprovedLeaveNamesWhoIsAway(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		r := b.only()
		b.click(r.Approver, "leave.approve", r.Key())
		if got := b.get(r.Key()); got.State != leave.Approved {
			t.Fatalf("leave not approved: %+v", got)
		}
		resp := b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 2026-12-04 09:00 三楼会议室 议题：预算 参会：发改委"})
		mustContainIn(t, "scheduling reply", resp.Text(), "M1", "注意：王主任 在会议期间已获准请假", "第五十七条第二款")
		resp = b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 2026-12-08 09:00 三楼会议室 议题：预算 参会：发改委"})
		if strings.Contains(resp.Text(), "已获准请假") {
			t.Fatalf("a meeting after the leave warns: %s", resp.Text())
		}
	})
}

// Art. 57 ¶2 is checked when deciding, not only when filing: a leave filed
// before an executive meeting was scheduled over it goes to the vice mayor
// in charge; when he approves, the approval is refused citing 第五十七条, the
// request moves to the mayor, and the requester is asked for a deputy.
func TestApprovalRecheckedAgainstAMeetingScheduledAfterFiling(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		r := b.only()
		if r.Approver == "U0MAYOR" || r.MeetingAbsence {
			t.Fatalf("before the meeting: %+v", r)
		}
		vm := r.Approver
		// Written straight to the tables, past the meetings capability's
		// hook (which would reroute it at once): only the decision's check
		// stands between the vice mayor and the approval.
		b.schedule(executiveMeeting)
		n := len(b.outbox())
		resp := b.click(vm, "leave.approve", r.Key())
		mustContainIn(t, "refusal", resp.Text(), "未批准", "第五十七条", "市长")
		got := b.get(r.Key())
		if got.State != leave.Pending || got.Approver != "U0MAYOR" || !got.MeetingAbsence || got.Paragraph != 2 {
			t.Fatalf("after the vice mayor's click: %+v", got)
		}
		var thread, dm string
		for _, m := range b.since(n) {
			switch {
			case m.InThread:
				thread = text(m)
			case m.Channel == "U0FGWHEAD":
				dm = text(m)
			}
		}
		mustContainIn(t, "thread note", thread, "第五十七条", "委派主持工作的副职领导参加")
		mustContainIn(t, "requester's DM", dm, r.Key(), "代为参会人")
		// The vice mayor can no longer decide; the mayor can.
		b.click(vm, "leave.approve", r.Key())
		if got := b.get(r.Key()); got.State != leave.Pending {
			t.Fatalf("the vice mayor decided after the reroute: %+v", got)
		}
		b.click("U0MAYOR", "leave.approve", r.Key())
		if got := b.get(r.Key()); got.State != leave.Approved || got.DecidedBy != "U0MAYOR" {
			t.Fatalf("the mayor's approval: %+v", got)
		}
	})
}

// Scheduling or moving a principal meeting over an attendee's pending
// leave reroutes it in the same transaction (Art. 57 ¶2): to the mayor,
// with a note in its thread and the requester asked for a deputy.
func TestMeetingScheduledOrMovedOverPendingLeaveReroutesIt(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"schedule", "move"} {
		t.Run(how, func(t *testing.T) {
			storagetest.Each(t, func(t *testing.T, s *storage.Store) {
				b := newBot(t, s)
				b.leave("U0FGWHEAD", shanghaiTrip)
				r := b.only()
				if r.Approver == "U0MAYOR" {
					t.Fatalf("before the meeting: %+v", r)
				}
				day := "2026-12-04"
				if how == "move" {
					day = "2026-12-08"
				}
				resp := b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 " + day + " 09:00 三楼会议室 议题：预算 参会：发改委"})
				mustContainIn(t, "scheduling", resp.Text(), "M1")
				n := len(b.outbox())
				if how == "move" {
					if got := b.get(r.Key()); got.Approver == "U0MAYOR" {
						t.Fatalf("a meeting after the leave rerouted it: %+v", got)
					}
					resp = b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "move M1 2026-12-04 09:00"})
					mustContainIn(t, "move", resp.Text(), "M1")
				}
				got := b.get(r.Key())
				if got.State != leave.Pending || got.Approver != "U0MAYOR" || !got.MeetingAbsence {
					t.Fatalf("after the meeting: %+v\n%s", got, resp.Text())
				}
				var thread, dm string
				for _, m := range b.outbox()[map[bool]int{true: n, false: 0}[how == "move"]:] {
					if m.ItemKey != r.Key() {
						continue
					}
					switch {
					case m.InThread:
						thread = text(m)
					case m.Channel == "U0FGWHEAD":
						dm = text(m)
					}
				}
				mustContainIn(t, "thread note", thread, "第五十七条", "委派主持工作的副职领导参加")
				mustContainIn(t, "requester's DM", dm, r.Key(), "代为参会人")
			})
		})
	}
}

// Scheduling a principal meeting over approved leave tells the office
// director and the requester, one message each (Art. 57 ¶2).
func TestMeetingScheduledOverApprovedLeaveTellsOfficeDirectorAndRequester(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		r := b.only()
		b.click(r.Approver, "leave.approve", r.Key())
		n := len(b.outbox())
		b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 2026-12-04 09:00 三楼会议室 议题：预算 参会：发改委"})
		var od, req []string
		for _, m := range b.since(n) {
			if m.ItemKey != r.Key() {
				continue
			}
			switch m.Channel {
			case "U0OFFDIR":
				od = append(od, text(m))
			case "U0FGWHEAD":
				req = append(req, text(m))
			}
		}
		if len(od) != 1 || len(req) != 1 {
			t.Fatalf("office director told %d times, requester %d times: %q %q", len(od), len(req), od, req)
		}
		mustContainIn(t, "office director", od[0], r.Key(), "第五十七条第二款", "常务会议")
		mustContainIn(t, "requester", req[0], r.Key(), "第五十七条第二款", "常务会议")
		if got := b.get(r.Key()); got.State != leave.Approved {
			t.Fatalf("approved leave changed: %+v", got)
		}
	})
}

// reroutes counts the leave.reroute audit rows of a request.
func (b *bot) reroutes(key string) int {
	n := 0
	for _, e := range b.audit(key) {
		if e.Action == "leave.reroute" {
			n++
		}
	}
	return n
}

// A request Art. 57 ¶2 has routed to the mayor (or, the mayor away, to the
// executive vice mayor) stays there: moving the meeting or scheduling
// another over the leave adds no reroute and no message, and the leader it
// went to can approve it.
func TestRequestRoutedForAMeetingIsNotReroutedAgain(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		mayorOff bool   // the mayor is away on a recorded trip
		leader   string // who the reroute gives
	}{
		{"to the mayor", false, "U0MAYOR"},
		{"to the executive vice mayor, the mayor away", true, "U0EXEC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storagetest.Each(t, func(t *testing.T, s *storage.Store) {
				b := newBot(t, s)
				if tc.mayorOff {
					resp := b.leave("U0MAYOR", "出差 北京 2026-12-01 至 2026-12-06 全国会议")
					mustContainIn(t, "mayor's trip", resp.Text(), "L1")
				}
				b.leave("U0FGWHEAD", shanghaiTrip)
				rs := b.requests()
				r := rs[len(rs)-1]
				b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 2026-12-04 09:00 三楼会议室 议题：预算 参会：发改委"})
				if got := b.get(r.Key()); got.Approver != tc.leader || b.reroutes(r.Key()) != 1 {
					t.Fatalf("after the meeting: approver %s, %d reroutes; want %s, 1", got.Approver, b.reroutes(r.Key()), tc.leader)
				}
				n := len(b.outbox())
				b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "move M1 2026-12-04 15:00"})
				b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "市长办公会议 2026-12-03 09:00 二楼会议室 议题：招商 参会：发改委"})
				for _, m := range b.since(n) {
					if m.ItemKey == r.Key() {
						t.Errorf("a second meeting over the rerouted request wrote to it: %s", text(m))
					}
				}
				if got := b.reroutes(r.Key()); got != 1 {
					t.Fatalf("%d reroutes, want 1", got)
				}
				resp := b.click(tc.leader, "leave.approve", r.Key())
				if got := b.get(r.Key()); got.State != leave.Approved || got.DecidedBy != tc.leader {
					t.Fatalf("%s's approval: %+v\n%s", tc.leader, got, resp.Text())
				}
				if got := b.reroutes(r.Key()); got != 1 {
					t.Fatalf("approval rerouted again: %d reroutes", got)
				}
			})
		})
	}
}

// A rejection is not rechecked (Art. 57 ¶2 asks the mayor's leave to be
// absent, not to be refused): the vice mayor in charge rejects a request a
// meeting was scheduled over, and a later move of the meeting leaves the
// rejected request alone.
func TestRejectedRequestIsNotRechecked(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		r := b.only()
		vm := r.Approver
		b.schedule(executiveMeeting) // past the hook: only the decision could recheck
		resp := b.submit(vm, "leave.reject", r.Key(), map[string]string{"reason": "推介会由商务局参加"})
		got := b.get(r.Key())
		if got.State != leave.Rejected || got.DecidedBy != vm || got.Approver != vm {
			t.Fatalf("the vice mayor's rejection: %+v\n%s", got, resp.Text())
		}
		n := len(b.outbox())
		b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "move M1 2026-12-04 15:00"})
		for _, m := range b.since(n) {
			if m.ItemKey == r.Key() {
				t.Errorf("moving the meeting wrote to the rejected request: %s", text(m))
			}
		}
		if got := b.get(r.Key()); got.State != leave.Rejected || b.reroutes(r.Key()) != 0 {
			t.Fatalf("after the move: %+v, %d reroutes", got, b.reroutes(r.Key()))
		}
	})
}
