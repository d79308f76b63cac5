package storage_test

import (
	"errors"
	"testing"
	"time"

	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestParseLeaveKeyTakesTheIDWithOrWithoutItsLetter(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		err  bool
	}{
		{"L12", 12, false}, {"l12", 12, false}, {"12", 12, false}, {" L7 ", 7, false},
		{"Ｌ１２", 12, false}, {"１２", 12, false}, {"ｌ7", 7, false}, // typed with a Chinese IME in full-width mode
		{"L", 0, true}, {"L0", 0, true}, {"M12", 0, true}, {"L-1", 0, true}, {"", 0, true}, {"L12x", 0, true},
	}
	for _, tt := range tests {
		got, err := storage.ParseLeaveKey(tt.in)
		if got != tt.want || (err != nil) != tt.err || (err != nil && !errors.Is(err, storage.ErrBadLeaveKey)) {
			t.Errorf("ParseLeaveKey(%q) = %d, %v", tt.in, got, err)
		}
	}
}

func TestLeaveQueriesSelectByStateAndDates(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		day := func(d string) time.Time {
			t, _ := time.ParseInLocation(time.DateOnly, d, leave.Shanghai)
			return t
		}
		add := func(who, state, from, to string, away bool) storage.LeaveRequest {
			r := storage.LeaveRequest{Requester: who, Kind: string(leave.BusinessTrip), Destination: "上海",
				ReasonCode: string(leave.ReasonOutsideSuzhou), State: state, CountsAway: away, CreatedAt: now}
			r.SetPeriod(leave.Period{Start: day(from), End: day(to)})
			if err := s.DB.Create(&r).Error; err != nil {
				t.Fatal(err)
			}
			return r
		}
		approved := add("U0VMLI", storage.LeaveApproved, "2026-12-01", "2026-12-05", false)
		add("U0VMWANG", storage.LeavePending, "2026-12-01", "2026-12-05", false)
		mayor := add("U0MAYOR", storage.LeaveRecorded, "2026-12-04", "2026-12-04", true)
		add("U0FGWHEAD", storage.LeaveRecorded, "2026-12-04", "2026-12-04", false)
		add("U0VMLI", storage.LeaveRejected, "2026-12-06", "2026-12-07", false)
		early := add("U0VMLI", storage.LeavePending, "2026-11-20", "2026-11-27", false)

		away, err := storage.AbsencesDuring(s.DB, "2026-12-04", "2026-12-10")
		if err != nil || len(away) != 2 || away[0] != approved.Period().Absence("U0VMLI") || away[1] != mayor.Period().Absence("U0MAYOR") {
			t.Fatalf("absences = %+v, %v", away, err)
		}
		if away, _ := storage.AbsencesDuring(s.DB, "2026-12-06", "2026-12-10"); len(away) != 0 {
			t.Fatalf("absences after the leave ended: %+v", away)
		}
		open, err := storage.OpenLeaveOf(s.DB, "U0VMLI", "2026-11-26")
		if err != nil || len(open) != 2 || open[0].ID != early.ID || open[1].ID != approved.ID {
			t.Fatalf("open = %+v, %v", open, err)
		}
		due, err := storage.PendingLeaveStartingBy(s.DB, "2026-11-26")
		if err != nil || len(due) != 1 || due[0].ID != early.ID {
			t.Fatalf("due = %+v, %v", due, err)
		}
		mine, err := storage.LeaveOf(s.DB, "U0VMLI", 2)
		if err != nil || len(mine) != 2 || mine[0].ID != early.ID {
			t.Fatalf("newest first = %+v, %v", mine, err)
		}
		ok, err := storage.SetLeaveState(s.DB, early.ID, storage.LeaveApproved, storage.LeaveRevoked, nil)
		if err != nil || ok {
			t.Fatalf("a state change from the wrong state: %v %v", ok, err)
		}
	})
}
