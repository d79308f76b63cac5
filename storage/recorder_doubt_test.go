package storage

import (
	"context"
	"testing"
	"time"
)

// A take of a batch whose COMMIT met a lost connection but was applied is
// written again op by op: found written by the same worker at the same
// instant, it is still the first (its request is handled now, not taken
// for a redelivery and left to a replay 30 s later). Without that doubt, or
// by another worker or at another instant, the key is a redelivery.
func TestATakeRetriedAfterItsBatchWentThroughUnseenIsStillTheFirst(t *testing.T) {
	t.Parallel()
	s, err := Open(context.Background(), "sqlite:"+t.TempDir()+"/officebot.db", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	at := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC).Add(1234567 * time.Nanosecond)
	if first, err := s.TakeDelivery(ctx, "command:doubt", "{}", "w1", at, 30*time.Second); err != nil || !first {
		t.Fatalf("take: %v %v", first, err)
	}
	retry := func(worker string, at time.Time, doubt bool) bool {
		until := at.Add(30 * time.Second)
		op := &recordOp{ctx: ctx, take: &SlackDelivery{Key: "command:doubt", ReceivedAt: at.Round(time.Microsecond), Payload: "{}",
			ClaimedBy: worker, ClaimedUntil: &until, Attempts: 1}}
		if err := s.records.commit(ctx, []*recordOp{op}, doubt); err != nil {
			t.Fatal(err)
		}
		return op.first
	}
	if !retry("w1", at, true) {
		t.Fatal("the same take after a batch in doubt was taken for a redelivery")
	}
	if retry("w1", at, false) {
		t.Fatal("the same take without a doubt was taken for the first")
	}
	if retry("w2", at, true) || retry("w1", at.Add(time.Second), true) {
		t.Fatal("another worker's or instant's take was taken for the first")
	}
}
