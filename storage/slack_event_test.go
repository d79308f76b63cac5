package storage_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestFirstDeliveryHoldsOnceUnderConcurrentRetries(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		var firsts atomic.Int32
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				ok, err := s.FirstDelivery(ctx, "event:Ev1", now)
				if err != nil {
					t.Error(err)
				}
				if ok {
					firsts.Add(1)
				}
			})
		}
		wg.Wait()
		if firsts.Load() != 1 {
			t.Fatalf("%d deliveries taken on, want 1", firsts.Load())
		}
		if n, err := s.PruneDeliveries(ctx, now.Add(time.Second)); err != nil || n != 1 {
			t.Fatalf("pruned %d, %v", n, err)
		}
		if ok, err := s.FirstDelivery(ctx, "event:Ev1", now); err != nil || !ok {
			t.Fatalf("after pruning: %v %v", ok, err)
		}
	})
}

// Records taken at once share transactions (group commit): each caller
// still learns whether its key was new, a redelivery among them is told it
// is one, every record returned as taken is in the database, and a record
// the database refuses fails alone, not the others of its batch.
func TestConcurrentRecordsAreEachTakenOnceAndABadOneFailsAlone(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		const keys, copies = 60, 3
		var firsts [keys]atomic.Int32
		var wg sync.WaitGroup
		for i := range keys * copies {
			wg.Go(func() {
				k := i % keys
				ok, err := s.TakeDelivery(ctx, fmt.Sprintf("command:k%d", k), "{}", "w1", now, time.Minute)
				if err != nil {
					t.Error(err)
				}
				if ok {
					firsts[k].Add(1)
				}
			})
		}
		// Longer than the key column (191): PostgreSQL refuses it, SQLite
		// stores it; either way the others are recorded.
		long := "command:" + strings.Repeat("x", 300)
		wg.Go(func() { s.TakeDelivery(ctx, long, "{}", "w1", now, time.Minute) })
		wg.Wait()
		for k := range keys {
			if n := firsts[k].Load(); n != 1 {
				t.Errorf("key %d taken on %d times, want once", k, n)
			}
		}
		var n int64
		if err := s.DB.Model(&storage.SlackDelivery{}).Where(`"key" <> ?`, long).Count(&n).Error; err != nil || n != keys {
			t.Fatalf("%d records (%v), want %d", n, err, keys)
		}
		// Marked handled together, each once.
		for k := range keys {
			wg.Go(func() {
				if err := s.FinishDelivery(ctx, fmt.Sprintf("command:k%d", k), storage.DeliveryHandled, now); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		rows, err := s.ClaimUnhandledDeliveries(ctx, "w2", now.Add(time.Hour), time.Minute, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Key != long {
				t.Errorf("%s left unhandled", r.Key)
			}
		}
	})
}

// A record asked while or after the store closes fails at once: it never
// waits for a writer that is gone.
func TestARecordAskedAfterCloseFailsInsteadOfWaiting(t *testing.T) {
	t.Parallel()
	s := storagetest.SQLite(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			s.TakeDelivery(ctx, fmt.Sprintf("command:c%d", i), "{}", "w1", now, time.Minute)
		})
	}
	s.Close()
	wg.Wait() // hangs if a record was queued after the writer stopped
	if _, err := s.TakeDelivery(ctx, "command:late", "{}", "w1", now, time.Minute); err == nil {
		t.Fatal("a record taken after Close")
	}
}
