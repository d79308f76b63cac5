package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"officebot/chat"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// A reminder pass's bulk writes (many messages, many reminder keys: one
// JSON parameter on PostgreSQL) write the rows a filing's few do (plain
// VALUES): the same columns, messages in the order given, and each
// reminder key claimed once, also when some were claimed before.
func TestBulkEnqueueAndClaimWriteWhatSmallOnesDo(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)
		small := []chat.Message{{Channel: "U0A", ItemKey: "L1", Text: "一"}, {Channel: "U0B", Text: "二"}}
		var bulk []chat.Message
		for i := range 40 {
			bulk = append(bulk, chat.Message{Channel: fmt.Sprintf("U0%d", i%3), ItemKey: fmt.Sprintf("D%d", i), Text: fmt.Sprintf("第%d条 \"引号\" \\ \n", i)})
		}
		if err := s.Tx(ctx, func(tx *storage.Tx) error { return tx.Enqueue(at, small...) }); err != nil {
			t.Fatal(err)
		}
		if err := s.Tx(ctx, func(tx *storage.Tx) error { return tx.Enqueue(at, bulk...) }); err != nil {
			t.Fatal(err)
		}
		var rows []storage.OutboxMessage
		if err := s.DB.Order("id").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		want := append(append([]chat.Message{}, small...), bulk...)
		if len(rows) != len(want) {
			t.Fatalf("%d rows, want %d", len(rows), len(want))
		}
		for i, r := range rows {
			m, err := r.Message()
			if err != nil || m.Text != want[i].Text || m.Channel != want[i].Channel || r.Conversation != want[i].Channel ||
				r.ItemKey != want[i].ItemKey {
				t.Fatalf("row %d: %+v %+v %v, want %+v", i, r, m, err, want[i])
			}
			if r.State != storage.OutboxPending || !r.NextAttempt.Equal(at) || !r.CreatedAt.Equal(at) || r.Attempts != 0 ||
				r.LastError != "" || r.ClaimedBy != "" || !r.ClaimedUntil.Equal(rows[0].ClaimedUntil) || r.Doubtful || r.SentAt != nil {
				t.Fatalf("row %d differs from a small enqueue's: %+v, first %+v", i, r, rows[0])
			}
		}

		claim := func(keys ...string) map[string]bool {
			t.Helper()
			var rs []storage.Reminder
			for _, k := range keys {
				rs = append(rs, storage.Reminder{Item: k, Kind: "deadline.due", Day: "2026-11-24", QueuedAt: at})
			}
			var fresh map[string]bool
			if err := s.Tx(ctx, func(tx *storage.Tx) error {
				var err error
				fresh, err = tx.ClaimReminders(rs)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return fresh
		}
		var first, second []string
		for i := range 30 {
			first = append(first, fmt.Sprintf("D%d", i))
			second = append(second, fmt.Sprintf("D%d", i+20)) // 10 claimed before, 20 new
		}
		if got := claim(first...); len(got) != 30 {
			t.Fatalf("first claim: %d fresh, want 30", len(got))
		}
		got := claim(second...)
		if len(got) != 20 || got[storage.ReminderKey("D25", "deadline.due", "2026-11-24")] || !got[storage.ReminderKey("D30", "deadline.due", "2026-11-24")] {
			t.Fatalf("second claim: %d fresh (%v), want the 20 new ones", len(got), got)
		}
		var stored []storage.Reminder
		if err := s.DB.Where("item = ?", "D49").Find(&stored).Error; err != nil || len(stored) != 1 ||
			stored[0].Kind != "deadline.due" || stored[0].Day != "2026-11-24" || !stored[0].QueuedAt.Equal(at) {
			t.Fatalf("stored %+v %v", stored, err)
		}
		var n int64
		s.DB.Model(&storage.Reminder{}).Count(&n)
		if n != 50 {
			t.Fatalf("%d reminder keys, want 50", n)
		}
	})
}
