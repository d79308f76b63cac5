package handlers_test

import (
	"testing"

	"officebot/handlers"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// A leave that misses an executive meeting scheduled with /meeting is a
// meeting absence (Art. 57 ¶2) for a department head invited to it: it goes
// to the mayor and needs a deputy.
func TestLeaveClashesWithAMeetingScheduledThroughMeeting(t *testing.T) {
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
