package storage_test

import (
	"context"
	"testing"
	"time"

	"officebot/dates"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestLeaveQueriesSelectByStateAndDates(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		day := func(d string) time.Time {
			t, _ := time.ParseInLocation(time.DateOnly, d, dates.Shanghai)
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
		if err != nil || len(away) != 2 || away[0] != approved.Period(dates.Shanghai).Absence("U0VMLI") || away[1] != mayor.Period(dates.Shanghai).Absence("U0MAYOR") {
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
		revoked := early.Request(dates.Shanghai)
		revoked.State = leave.Revoked
		ok, err := read.MoveLeave(leave.Approved, revoked)
		if err != nil || ok {
			t.Fatalf("a state change from the wrong state: %v %v", ok, err)
		}
	})
}

// Issue 11 item 6: leave dates are calendar days in the office's zone
// (OFFICEBOT_TZ), not always Shanghai's: with the store in Tokyo a leave of
// 3 December begins at midnight in Tokyo.
func TestLeaveDatesFollowTheOfficeZone(t *testing.T) {
	t.Parallel()
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		s.Location = tokyo
		r := storage.LeaveRequest{Requester: "U0VMLI", Kind: string(leave.BusinessTrip), Destination: "北京",
			ReasonCode: string(leave.ReasonOutsideSuzhou), State: leave.Approved, CreatedAt: now}
		r.SetPeriod(leave.SingleDay(time.Date(2026, 12, 3, 0, 0, 0, 0, tokyo), leave.WholeDay))
		if err := s.DB.Create(&r).Error; err != nil {
			t.Fatal(err)
		}
		if r.StartDate != "2026-12-03" {
			t.Fatalf("stored start date %q", r.StartDate)
		}
		read := s.Read(context.Background())
		got, ok, err := read.LeaveByID(r.ID)
		midnight := time.Date(2026, 12, 3, 0, 0, 0, 0, tokyo)
		if err != nil || !ok || !got.Period.From().Equal(midnight) || !got.Period.To().Equal(midnight.AddDate(0, 0, 1)) {
			t.Fatalf("L%d reads as %v to %v (%v %v), want midnight in Tokyo", r.ID, got.Period.From(), got.Period.To(), ok, err)
		}
		// 2026-12-02 15:30 UTC is 00:30 on 3 December in Tokyo (23:30 on the
		// 2nd in Shanghai): the leave has begun there.
		away, err := read.AbsencesDuring(time.Date(2026, 12, 2, 15, 30, 0, 0, time.UTC).In(tokyo), midnight)
		if err != nil || len(away) != 1 || !away[0].From.Equal(midnight) {
			t.Fatalf("absences = %+v, %v", away, err)
		}
	})
}

// NameLeaveDeputy writes the deputy only while the request is still in the
// state it was read in: a request decided meanwhile keeps its row.
func TestNameLeaveDeputyOnlyInTheStateRead(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		start, _ := time.ParseInLocation(time.DateOnly, "2026-12-03", dates.Shanghai)
		row := storage.LeaveRequest{Requester: "U0FGWHEAD", Kind: string(leave.BusinessTrip), Destination: "上海",
			ReasonCode: string(leave.ReasonOutsideSuzhou), State: leave.Pending, CreatedAt: now}
		row.SetPeriod(leave.Period{Start: start, End: start.AddDate(0, 0, 2)})
		if err := s.DB.Create(&row).Error; err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		r, _, err := s.Read(ctx).LeaveByID(row.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ok bool
		err = s.Tx(ctx, func(tx *storage.Tx) error {
			r.Deputy = "U0FGWDEP"
			ok, err = tx.NameLeaveDeputy(r)
			return err
		})
		if err != nil || !ok {
			t.Fatalf("pending: ok=%v err=%v", ok, err)
		}
		if got, _, _ := s.Read(ctx).LeaveByID(row.ID); got.Deputy != "U0FGWDEP" {
			t.Fatalf("deputy = %q", got.Deputy)
		}
		if err := s.DB.Model(&storage.LeaveRequest{}).Where("id = ?", row.ID).Update("state", leave.Withdrawn).Error; err != nil {
			t.Fatal(err)
		}
		err = s.Tx(ctx, func(tx *storage.Tx) error {
			r.Deputy = "U0CZJDEP"
			ok, err = tx.NameLeaveDeputy(r)
			return err
		})
		if err != nil || ok {
			t.Fatalf("withdrawn meanwhile: ok=%v err=%v", ok, err)
		}
		if got, _, _ := s.Read(ctx).LeaveByID(row.ID); got.Deputy != "U0FGWDEP" {
			t.Fatalf("deputy of a withdrawn request changed to %q", got.Deputy)
		}
	})
}

// An approved absence carries the deputy named on it, and DeputisingFor
// finds the approved absences a person attends meetings for, not yet over.
func TestAbsencesCarryTheirDeputy(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		day := func(d string) time.Time {
			t, _ := time.ParseInLocation(time.DateOnly, d, dates.Shanghai)
			return t
		}
		add := func(who, deputy string, state leave.State, from, to string) {
			r := storage.LeaveRequest{Requester: who, Kind: string(leave.BusinessTrip), Destination: "上海", Deputy: deputy,
				ReasonCode: string(leave.ReasonOutsideSuzhou), State: state, CreatedAt: now}
			r.SetPeriod(leave.Period{Start: day(from), End: day(to)})
			if err := s.DB.Create(&r).Error; err != nil {
				t.Fatal(err)
			}
		}
		add("U0FGWHEAD", "U0FGWDEP", leave.Approved, "2026-12-03", "2026-12-05")
		add("U0FGWHEAD", "U0FGWDEP", leave.Approved, "2026-11-20", "2026-11-21") // over
		add("U0CZJHEAD", "U0FGWDEP", leave.Pending, "2026-12-03", "2026-12-05")  // not approved
		add("U0ZJJHEAD", "", leave.Approved, "2026-12-04", "2026-12-04")
		read := s.Read(context.Background())
		away, err := read.AbsencesDuring(day("2026-12-04"), day("2026-12-04"))
		if err != nil || len(away) != 2 || away[0].Deputy != "U0FGWDEP" || away[1].Deputy != "" {
			t.Fatalf("absences = %+v, %v", away, err)
		}
		forOthers, err := read.DeputisingFor("U0FGWDEP", day("2026-11-26"))
		if err != nil || len(forOthers) != 1 || forOthers[0].SlackID != "U0FGWHEAD" || !forOthers[0].From.Equal(day("2026-12-03")) {
			t.Fatalf("deputising for = %+v, %v", forOthers, err)
		}
	})
}
