package meeting

import (
	"context"
	"errors"
	"testing"
	"time"

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
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
		scheduled := meeting.Meeting{Type: meeting.Executive, Start: now.AddDate(0, 0, 19), End: now.AddDate(0, 0, 19).Add(2 * time.Hour),
			Place: "三楼会议室", Convener: "U0MAYOR", CreatedBy: "U0OFFSTAFF"}
		if err := s.Tx(ctx, func(tx *storage.Tx) error { return tx.CreateMeeting(&scheduled, time.UTC, now) }); err != nil || scheduled.Key() != "M1" {
			t.Fatalf("schedule: %s %v", scheduled.Key(), err)
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
		err := s.Tx(ctx, func(tx *storage.Tx) error {
			return written(m, "meeting.err.not_movable")(tx.MoveMeeting(m.Move(row.StartAt, row.EndAt, row.Place), meeting.Changeable, now))
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
