package scheduler_test

import (
	"strings"
	"testing"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/meeting"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// The 09:00 digest tells attendees of today's meetings and department heads
// of the implementation reports their department owes.
func TestDigestListsTodaysMeetingsAndOwedReports(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := handlerstest.New(t, s, handlerstest.Options{Start: at(t, "2026-12-08 17:00")})
		clk := b.Clock
		resp := b.Do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting",
			Text: "常务会议 2026-12-09 14:00 三楼会议室 议题：预算 参会：发改委"})
		if !strings.Contains(resp.Text(), "M1") {
			t.Fatalf("scheduling: %s", resp.Text())
		}
		for _, it := range []storage.ActionItem{
			{MeetingID: 1, MinutesID: 1, Department: "czj", Task: "落实配套资金", Due: "2026-12-01", State: meeting.ItemOpen},
			{MeetingID: 1, MinutesID: 1, Department: "czj", Task: "编制预算", Due: "2026-12-20", State: meeting.ItemOpen},
		} {
			if err := s.DB.Create(&it).Error; err != nil {
				t.Fatal(err)
			}
		}
		slack := &fakeSlack{}
		pass(t, s, clk, slack, at(t, "2026-12-08 18:00")) // deliver the invitations first
		before := len(slack.messages())
		pass(t, s, clk, slack, at(t, "2026-12-09 09:00"), jobsNamed(s, "digest")...)
		digest := map[string]string{}
		for _, m := range slack.messages()[before:] {
			digest[m.Channel] = m.Text
		}
		if d := digest["U0FGWHEAD"]; !strings.Contains(d, "今天 14:00 参加 M1 2026年第1次常务会议（三楼会议室）") {
			t.Errorf("attendee's digest: %q", d)
		}
		if d := digest["U0CZJHEAD"]; !strings.Contains(d, "待报送会议落实情况 2 项") || !strings.Contains(d, "逾期 1 项") {
			t.Errorf("department head's digest: %q", d)
		}
		if d, ok := digest["U0JYJHEAD"]; ok {
			t.Errorf("a head with nothing open got a digest: %q", d)
		}
	})
}
