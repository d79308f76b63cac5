package meeting

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"officebot/calendar"
	"officebot/clock"
	"officebot/directory"
	"officebot/handlers"
	"officebot/meeting"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// The race a cancel and a move of one meeting run, made deterministic: the
// move read the meeting while it was still scheduled, then a cancel
// committed before the move's write. The write must not bring the
// cancelled meeting back.
func TestAMoveWrittenAfterACommittedCancelIsRefused(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		shanghai, _ := time.LoadLocation("Asia/Shanghai")
		clk := clock.NewFake(time.Date(2026, 11, 26, 10, 0, 0, 0, shanghai))
		org, err := directory.ParseOrg(directory.DemoYAML())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportOrg(ctx, org, "test", clk.Now()); err != nil {
			t.Fatal(err)
		}
		// (Inside the package: handlerstest would import it.)
		svc := handlers.New(handlers.Deps{Store: s, Clock: clk, Calendar: calendar.New(shanghai, nil)}, New(s).Capability())
		r := svc.Handle(ctx, handlers.Request{User: "U0OFFSTAFF", Text: "meeting 常务会议 2026-12-15 09:00 三楼会议室"})
		if !strings.Contains(r.Text(), "已安排 M1") {
			t.Fatalf("schedule: %s", r.Text())
		}
		var row storage.Meeting
		if err := s.DB.First(&row).Error; err != nil {
			t.Fatal(err)
		}
		m := meeting.Meeting{ID: row.ID, Type: meeting.Type(row.Type), State: meeting.Scheduled}
		// The cancel commits...
		if err := s.DB.Model(&storage.Meeting{}).Where("id = ?", row.ID).Update("state", meeting.Cancelled).Error; err != nil {
			t.Fatal(err)
		}
		// ...then the move, which read "scheduled", writes.
		err = s.Tx(ctx, func(tx *storage.Tx) error {
			return written(m, "meeting.err.not_movable")(tx.MoveMeeting(m.Move(row.StartAt, row.EndAt, row.Place), meeting.Changeable, clk.Now()))
		})
		var f *handlers.UserError
		if !errors.As(err, &f) || f.Key != "meeting.err.not_movable" {
			t.Fatalf("err %v, want the not-movable refusal", err)
		}
		if err := s.DB.First(&row).Error; err != nil || row.State != meeting.Cancelled {
			t.Fatalf("state %s, %v: the cancelled meeting came back", row.State, err)
		}
	})
}
