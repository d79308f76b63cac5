package storage_test

import (
	"context"
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
