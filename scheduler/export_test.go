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
