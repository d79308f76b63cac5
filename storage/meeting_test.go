package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"officebot/meeting"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func mustLoc(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestMeetingQueriesForLeaveAndTheScheduler covers what the leave engine
// (Art. 57 ¶2 clashes) and the scheduler (reminders, cadence) call.
func TestMeetingQueriesForLeaveAndTheScheduler(t *testing.T) {
	t.Parallel()
	loc := mustLoc(t)
	d := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		read := s.Read(context.Background())
		mk := func(typ meeting.Type, start, end string, state string, att ...string) meeting.Meeting {
			m := meeting.Meeting{Type: typ, Start: d(start), End: d(end), Place: "三楼", Convener: "U0MAYOR", CreatedBy: "U0OFFSTAFF"}
			for _, a := range att {
				m.Attendees = append(m.Attendees, meeting.Attendee{SlackID: a, Role: meeting.Attending})
			}
			err := s.Tx(context.Background(), func(tx *storage.Tx) error {
				return tx.CreateMeeting(&m, loc, d("2026-11-01 09:00"))
			})
			if err == nil && state != meeting.Scheduled {
				err = s.DB.Model(&storage.Meeting{}).Where("id = ?", m.ID).Update("state", state).Error
			}
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		exec := mk(meeting.Executive, "2026-12-15 09:00", "2026-12-15 11:00", meeting.Scheduled, "U0MAYOR", "U0VMLI", "U0FGWHEAD")
		mk(meeting.Executive, "2027-01-05 09:00", "2027-01-05 11:00", meeting.Cancelled, "U0VMLI")
		plen := mk(meeting.Plenary, "2026-12-01 00:30", "2026-12-01 02:00", meeting.Held, "U0VMLI")
		mk(meeting.Special, "2026-12-16 14:00", "2026-12-16 16:00", meeting.Moved, "U0VMWANG")
		if exec.Name() != "2026年第1次常务会议" || plen.Name() != "2026年第1次全体会议" {
			t.Fatalf("names %s, %s", exec.Name(), plen.Name())
		}

		clash := []struct {
			name     string
			from, to string
			want     []string
		}{
			{"a leave over the executive meeting", "2026-12-14 00:00", "2026-12-16 00:00", []string{"M1"}},
			{"a leave ending as the meeting starts", "2026-12-14 00:00", "2026-12-15 09:00", nil},
			{"a leave starting mid-meeting", "2026-12-15 10:00", "2026-12-18 00:00", []string{"M1", "M4"}},
			{"cancelled meetings never clash", "2027-01-01 00:00", "2027-01-31 00:00", nil},
		}
		for _, tt := range clash {
			ms, err := read.MeetingsBetween(d(tt.from), d(tt.to))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range ms {
				got = append(got, m.Key())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			}
		}
		ms, _ := read.MeetingsBetween(d("2026-12-15 00:00"), d("2026-12-15 23:59"))
		m := ms[0]
		if m.Name() != "2026年第1次常务会议" || !m.Type.Principal() || m.Convener != "U0MAYOR" ||
			!slices.Equal(m.AttendeeIDs(), []string{"U0MAYOR", "U0VMLI", "U0FGWHEAD"}) || !m.Start.Equal(d("2026-12-15 09:00")) || !m.End.Equal(d("2026-12-15 11:00")) {
			t.Fatalf("clash data %+v", m)
		}

		starting, err := read.MeetingsStarting(d("2026-12-14 09:00"), d("2026-12-15 09:01"))
		if err != nil || len(starting) != 1 || starting[0].Key() != "M1" {
			t.Fatalf("MeetingsStarting: %v %v", starting, err)
		}

		cadence := []struct {
			name string
			got  func() (bool, error)
			want bool
		}{
			{"executive in December 2026", func() (bool, error) { return read.ExecutiveScheduled(loc, 2026, time.December) }, true},
			{"no executive in November 2026", func() (bool, error) { return read.ExecutiveScheduled(loc, 2026, time.November) }, false},
			{"a cancelled one is none (January 2027)", func() (bool, error) { return read.ExecutiveScheduled(loc, 2027, time.January) }, false},
			{"plenary second half 2026 (00:30 local is still 2026-11-30 UTC)", func() (bool, error) { return read.PlenaryScheduled(loc, 2026, 2) }, true},
			{"no plenary first half 2027", func() (bool, error) { return read.PlenaryScheduled(loc, 2027, 1) }, false},
		}
		for _, tt := range cadence {
			got, err := tt.got()
			if err != nil || got != tt.want {
				t.Errorf("%s: %v %v, want %v", tt.name, got, err, tt.want)
			}
		}
		up, err := read.UpcomingMeetings(d("2026-12-02 00:00"), "U0VMWANG", 10)
		if err != nil || len(up) != 1 || up[0].Key() != "M4" {
			t.Fatalf("UpcomingMeetings of U0VMWANG: %v %v", up, err)
		}
	})
}
