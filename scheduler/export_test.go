package scheduler

import (
	"context"
	"time"

	"officebot/storage"
)

// SetMarkSent makes o record deliveries through mark instead of
// Store.MarkOutboxSent, so a test can make the database refuse.
func SetMarkSent(o *Outbox, mark func(ctx context.Context, id uint64, worker string, at time.Time, thread *storage.SlackThread) (bool, error)) {
	o.markSent = mark
}

// SetClaim makes o's Run claim rows through claim instead of
// Store.ClaimOutbox, so a test can make a claim fail after it committed.
func SetClaim(o *Outbox, claim func(ctx context.Context, worker string, now time.Time, lease, pace time.Duration, limit int) ([]storage.OutboxMessage, error)) {
	o.claim = claim
}
