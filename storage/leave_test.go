package storage_test

import (
	"context"
	"testing"
	"time"

	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestLeaveQueriesSelectByStateAndDates(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		day := func(d string) time.Time {
			t, _ := time.ParseInLocation(time.DateOnly, d, leave.Shanghai)
			return t
		}
		add := func(who string, state leave.State, from, to string, away bool) storage.LeaveRequest {
			r := storage.LeaveRequest{Requester: who, Kind: string(leave.BusinessTrip), Destination: "上海",
				ReasonCode: string(leave.ReasonOutsideSuzhou), State: state, CountsAway: away, CreatedAt: now}
			r.SetPeriod(leave.Period{Start: day(from), End: day(to)})
			if err := s.DB.Create(&r).Error; err != nil {
				t.Fatal(err)
			}
			return r
		}
		approved := add("U0VMLI", leave.Approved, "2026-12-01", "2026-12-05", false)
		add("U0VMWANG", leave.Pending, "2026-12-01", "2026-12-05", false)
		mayor := add("U0MAYOR", leave.Recorded, "2026-12-04", "2026-12-04", true)
		add("U0FGWHEAD", leave.Recorded, "2026-12-04", "2026-12-04", false)
		add("U0VMLI", leave.Rejected, "2026-12-06", "2026-12-07", false)
		early := add("U0VMLI", leave.Pending, "2026-11-20", "2026-11-27", false)

		read := s.Read(context.Background())
		away, err := read.AbsencesDuring(day("2026-12-04"), day("2026-12-10"))
		if err != nil || len(away) != 2 || away[0] != approved.Period().Absence("U0VMLI") || away[1] != mayor.Period().Absence("U0MAYOR") {
			t.Fatalf("absences = %+v, %v", away, err)
		}
		if away, _ := read.AbsencesDuring(day("2026-12-06"), day("2026-12-10")); len(away) != 0 {
			t.Fatalf("absences after the leave ended: %+v", away)
		}
		open, err := read.OpenLeaveOf("U0VMLI", day("2026-11-26"))
		if err != nil || len(open) != 2 || open[0].ID != early.ID || open[1].ID != approved.ID {
			t.Fatalf("open = %+v, %v", open, err)
		}
		due, err := read.PendingLeaveStartingBy(day("2026-11-26"))
		if err != nil || len(due) != 1 || due[0].ID != early.ID {
			t.Fatalf("due = %+v, %v", due, err)
		}
		mine, err := read.LeaveOf("U0VMLI", 2)
		if err != nil || len(mine) != 2 || mine[0].ID != early.ID {
			t.Fatalf("newest first = %+v, %v", mine, err)
		}
		revoked := early.Request()
		revoked.State = leave.Revoked
		ok, err := read.MoveLeave(leave.Approved, revoked)
		if err != nil || ok {
			t.Fatalf("a state change from the wrong state: %v %v", ok, err)
		}
	})
}
