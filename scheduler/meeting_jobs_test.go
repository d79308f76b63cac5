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

// The one-hour reminder is keyed by the meeting's start instant: a meeting
// moved to a later hour of the same day is reminded again of its new time
// (issue 11 item 11).
func TestAMeetingMovedWithinTheDayGetsItsNewHourBeforeReminder(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := handlerstest.New(t, s, handlerstest.Options{Start: at(t, "2026-12-08 17:00")})
		clk := b.Clock
		if r := b.Say("U0OFFSTAFF", "meeting 常务会议 2026-12-09 09:00 三楼会议室 议题：预算"); !strings.Contains(r.Text(), "M1") {
			t.Fatalf("scheduling: %s", r.Text())
		}
		slack := &fakeSlack{}
		pass(t, s, clk, slack, at(t, "2026-12-08 18:00")) // the invitations
		hour := jobsNamed(s, "meetings.hour_before")
		reminded := func(when string) []string {
			before := len(slack.messages())
			pass(t, s, clk, slack, at(t, when), hour...)
			var texts []string
			for _, m := range slack.messages()[before:] {
				texts = append(texts, m.Text)
			}
			return texts
		}
		first := reminded("2026-12-09 08:05")
		if len(first) == 0 || !strings.Contains(first[0], "09:00") {
			t.Fatalf("no reminder an hour before 09:00: %q", first)
		}
		if again := reminded("2026-12-09 08:10"); len(again) != 0 {
			t.Fatalf("reminded twice of 09:00: %q", again)
		}
		clk.Set(at(t, "2026-12-09 08:20"))
		if r := b.Say("U0OFFSTAFF", "meeting move M1 2026-12-09 15:00"); !strings.Contains(r.Text(), "M1") {
			t.Fatalf("move: %s", r.Text())
		}
		pass(t, s, clk, slack, at(t, "2026-12-09 08:21")) // the notices of the move
		moved := reminded("2026-12-09 14:05")
		if len(moved) != len(first) || !strings.Contains(moved[0], "15:00") {
			t.Fatalf("after the move to 15:00: %q, want %d reminders of the new time", moved, len(first))
		}
	})
}

// Minutes waiting for review are named as officials name them in the
// approval reminder and the digest — never by their approval subject
// M1-minutes-1 (issue 11 item 14).
func TestRemindersAndDigestsNameMinutesWithoutInternalKeys(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := handlerstest.New(t, s, handlerstest.Options{Start: at(t, "2026-12-01 10:00")})
		clk := b.Clock
		b.Say("U0OFFSTAFF", "meeting 常务会议 2026-12-02 09:00 三楼会议室")
		clk.Set(at(t, "2026-12-02 12:00"))
		if r := b.Say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划"); !strings.Contains(r.Text(), "M1") {
			t.Fatalf("minutes: %s", r.Text())
		}
		slack := &fakeSlack{}
		pass(t, s, clk, slack, at(t, "2026-12-02 12:01")) // what filing queued
		before := len(slack.messages())
		pass(t, s, clk, slack, at(t, "2026-12-04 09:30"), jobsNamed(s, "digest", "approvals")...)
		var texts []string
		for _, m := range slack.messages()[before:] {
			if m.Channel == "U0OFFDIR" {
				texts = append(texts, m.Text)
			}
		}
		all := strings.Join(texts, "\n")
		if len(texts) < 2 || !strings.Contains(all, "催办：M1 2026年第1次常务会议纪要") || !strings.Contains(all, "待您审批 1 件（M1 2026年第1次常务会议纪要），") {
			t.Fatalf("the office director's reminder and digest: %q", texts)
		}
		if strings.Contains(all, "minutes") {
			t.Fatalf("an internal key reached a person: %q", all)
		}
	})
}
