package scheduler

import (
	"context"
	"time"
)

// HousekeepingJob prunes nightly: reminder keys of past days can no longer
// collide, and sent messages are only history, so the tables stay small.
func HousekeepingJob() Job {
	return Job{Name: "housekeeping", Spec: "30 3 * * *", Run: func(ctx context.Context, jc *JobContext) error {
		if _, err := jc.Store.PruneReminders(ctx, jc.Today.AddDate(0, 0, -keepDays).Format(time.DateOnly)); err != nil {
			return err
		}
		_, err := jc.Store.PruneOutbox(ctx, jc.Today.AddDate(0, 0, -keepDays))
		return err
	}}
}

// keepDays is how long reminder keys and sent messages are kept.
const keepDays = 90
