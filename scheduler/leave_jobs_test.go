package scheduler_test

import (
	"strings"
	"testing"

	"officebot/clock"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/leave"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func jobsNamed(s *storage.Store, names ...string) []scheduler.Job {
	var out []scheduler.Job
	for _, n := range names {
		out = append(out, handlerstest.Job(s, n))
	}
	return out
}

// fileTrip files L1 (王主任 to 上海, 3-5 December, vice mayor 李 approves)
// on 26 November through /leave and delivers what filing queued.
func fileTrip(t *testing.T, s *storage.Store) (*clock.Fake, *fakeSlack) {
	t.Helper()
	b := handlerstest.New(t, s, handlerstest.Options{Start: at(t, "2026-11-26 10:00")})
	clk := b.Clock
	resp := b.Do(handlers.Request{User: "U0FGWHEAD", Command: "leave",
		Text: "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会"})
	if !strings.Contains(resp.Text(), "L1") {
		t.Fatalf("filing: %s", resp.Text())
	}
	slack := &fakeSlack{}
	pass(t, s, clk, slack, at(t, "2026-11-26 18:00"))
	return clk, slack
}

// A leave request filed through /leave is reminded to its approver by name,
// and expires with the requester told when its start passes undecided.
func TestLeaveIsRemindedByNameAndExpiresUndecided(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		clk, slack := fileTrip(t, s)
		filed := len(slack.messages())

		// Two working days later (Mon 11-30) the vice mayor in charge is reminded.
		pass(t, s, clk, slack, at(t, "2026-11-30 10:00"), jobsNamed(s, "approvals")...)
		var reminder string
		for _, m := range slack.messages()[filed:] {
			if m.Channel == "U0VMLI" {
				reminder = m.Text
			}
		}
		if !strings.Contains(reminder, "L1 王主任 出差 上海") {
			t.Fatalf("approver's reminder %q should name the request", reminder)
		}

		// Undecided when the trip starts: expired, the requester and the office told.
		before := len(slack.messages())
		pass(t, s, clk, slack, at(t, "2026-12-03 10:00"), jobsNamed(s, "leave.expire")...)
		var toRequester, toOffice bool
		for _, m := range slack.messages()[before:] {
			toRequester = toRequester || m.Channel == "U0FGWHEAD"
			toOffice = toOffice || m.Channel == "C0OFFICE"
		}
		var r storage.LeaveRequest
		s.DB.First(&r)
		if r.State != leave.Expired || !toRequester || !toOffice {
			t.Fatalf("state %s, requester told %v, office told %v", r.State, toRequester, toOffice)
		}
	})
}

// In one pass of every job (a start's catch-up, remind --once) a request
// whose leave began undecided expires first: nobody is then asked to
// approve it, nor is it counted in the digest.
func TestAPassExpiresBeforeItReminds(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		clk, slack := fileTrip(t, s)
		before := len(slack.messages())
		pass(t, s, clk, slack, at(t, "2026-12-03 09:30"), handlerstest.Jobs(s)...)
		var r storage.LeaveRequest
		s.DB.First(&r)
		if r.State != leave.Expired {
			t.Fatalf("state %s", r.State)
		}
		for _, m := range slack.messages()[before:] {
			if m.Channel == "U0VMLI" || m.Channel == "U0OFFDIR" {
				t.Fatalf("%s was reminded of an expired request: %q", m.Channel, m.Text)
			}
		}
	})
}
