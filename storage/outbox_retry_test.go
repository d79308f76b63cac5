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
		rows := queueAndClaim(t, s, now, chat.Message{Channel: "C0LEAVE", Text: "一"})
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

// A one-shot pass claims only what it queued (ID above the last one before
// it), in order, even behind an older message of the same conversation
// waiting for Slack; the older ones stay as they were (issue 11 item 9).
func TestClaimOutboxAfterLeavesTheBacklogAlone(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
		enqueue := func(texts ...string) {
			for _, text := range texts {
				if err := s.Tx(ctx, func(tx *storage.Tx) error {
					return tx.Enqueue(now, chat.Message{Channel: "C0LEAVE", Text: text})
				}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if last, err := s.LastOutboxID(ctx); err != nil || last != 0 {
			t.Fatalf("empty outbox: last ID %d %v", last, err)
		}
		enqueue("backlog 1", "backlog 2")
		last, err := s.LastOutboxID(ctx)
		if err != nil || last == 0 {
			t.Fatalf("last ID %d %v", last, err)
		}
		enqueue("pass 1", "pass 2")
		if n, next, err := s.PendingOutbox(ctx, last); err != nil || n != 2 || !next.Equal(now) {
			t.Fatalf("pending after the pass: %d %s %v", n, next, err)
		}
		rows, err := s.ClaimOutboxAfter(ctx, "remind", now, time.Minute, last, 10)
		if err != nil || len(rows) != 1 {
			t.Fatalf("claim: %+v %v", rows, err)
		}
		if m, _ := rows[0].Message(); m.Text != "pass 1" {
			t.Fatalf("claimed %q, want the pass's first message", m.Text)
		}
		if _, err := s.MarkOutboxSent(ctx, rows[0].ID, "remind", now, nil); err != nil {
			t.Fatal(err)
		}
		rows, _ = s.ClaimOutboxAfter(ctx, "remind", now, time.Minute, last, 10)
		if m, _ := rows[0].Message(); len(rows) != 1 || m.Text != "pass 2" {
			t.Fatalf("second claim: %+v", rows)
		}
		s.MarkOutboxSent(ctx, rows[0].ID, "remind", now, nil)
		if n, _, _ := s.PendingOutbox(ctx, 0); n != 2 {
			t.Fatalf("%d pending, want the 2 backlog messages untouched", n)
		}
		rows, _ = s.ClaimOutbox(ctx, "serve", now, time.Minute, 0, 10)
		if m, _ := rows[0].Message(); len(rows) != 1 || m.Text != "backlog 1" || rows[0].Attempts != 0 {
			t.Fatalf("backlog claim: %+v", rows)
		}
	})
}

// queueAndClaim queues msgs at now and has worker-a claim them all (one
// minute's lease), as a worker about to send them holds them.
func queueAndClaim(t *testing.T, s *storage.Store, now time.Time, msgs ...chat.Message) []storage.OutboxMessage {
	t.Helper()
	ctx := context.Background()
	if err := s.Tx(ctx, func(tx *storage.Tx) error { return tx.Enqueue(now, msgs...) }); err != nil {
		t.Fatal(err)
	}
	rows, err := s.ClaimOutbox(ctx, "worker-a", now, time.Minute, 0, 10)
	if err != nil || len(rows) != len(msgs) {
		t.Fatalf("claim: %v %v", rows, err)
	}
	return rows
}
