package meeting_test

import (
	"strings"
	"testing"

	"officebot/storage"
	"officebot/storage/storagetest"
)

// /meeting help lists the meeting commands; a subcommand without what it
// needs gets its usage, and a word /meeting calendar does not know issues
// no new subscription address (which would end the old one).
func TestMeetingHelpAndUsages(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-07 10:00"))
		for _, c := range []struct{ text, want string }{
			{"meeting help", "meeting move M3"},
			{"meeting 帮助", "meeting minutes M3"},
			{"meeting status", "用法：/meeting status M3"},
			{"meeting calendar foo", "用法：/meeting calendar"},
			// A command word /meeting does not have is named, as /doc and
			// /office do, not read as a meeting type.
			{"meeting ics M1", "“ics”不是 /meeting 的命令"},
			{"meeting foo", "meeting help"},
			{"meeting list 明天", "/meeting list 不带参数"},
		} {
			got := h.say("U0OFFDIR", c.text).Text()
			if !strings.Contains(got, c.want) {
				t.Errorf("%s: want %q in\n%s", c.text, c.want, got)
			}
			if strings.Contains(got, "/calendar/") {
				t.Errorf("%s: issued an address:\n%s", c.text, got)
			}
		}
		if _, found, err := s.Read(t.Context()).CalendarFeedOf("U0OFFDIR"); err != nil || found {
			t.Fatalf("a subscription was issued: %v %v", found, err)
		}
	})
}
