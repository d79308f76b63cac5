package storage_test

import (
	"context"
	"testing"
	"time"

	"officebot/chat"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// An admin's `outbox retry` of a message a worker is sending at that moment
// must not hand it to a second worker: it would be sent twice.
func TestRetryingAMessageBeingSentKeepsItsClaim(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
		if err := s.Tx(ctx, func(tx *storage.Tx) error {
			return tx.Enqueue(now, chat.Message{Channel: "C0LEAVE", Text: "一"})
		}); err != nil {
			t.Fatal(err)
		}
		rows, err := s.ClaimOutbox(ctx, "worker-a", now, time.Minute, 0, 10)
		if err != nil || len(rows) != 1 {
			t.Fatalf("claim: %v %v", rows, err)
		}
		if err := s.RetryOutbox(ctx, rows[0].ID, "admin", now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		again, err := s.ClaimOutbox(ctx, "worker-b", now.Add(2*time.Second), time.Minute, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 0 {
			t.Fatalf("worker-b claimed %d message(s) worker-a is sending", len(again))
		}
		if ok, err := s.MarkOutboxSent(ctx, rows[0].ID, "worker-a", now.Add(3*time.Second), nil); err != nil || !ok {
			t.Fatalf("worker-a lost its claim: %v %v", ok, err)
		}
	})
}
