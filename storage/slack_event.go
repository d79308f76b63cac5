package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// SlackDelivery records that a Slack delivery was taken on, by a key that
// identifies it across Slack's retries ("event:Ev123", "interaction:TRIGGER").
// The primary key makes a retry a no-op on every replica and after restarts.
type SlackDelivery struct {
	Key        string    `gorm:"primaryKey;size:191"`
	ReceivedAt time.Time `gorm:"not null;index"`
}

func init() { register(&SlackDelivery{}) }

// FirstDelivery records key and reports whether this is the first time it was
// seen. A false result means another delivery of the same thing was already
// taken on (here or on another replica) and this one must only be acknowledged.
func (s *Store) FirstDelivery(ctx context.Context, key string, at time.Time) (bool, error) {
	res := s.DB.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&SlackDelivery{Key: key, ReceivedAt: at.UTC()})
	if res.Error != nil {
		return false, fmt.Errorf("record slack delivery %s: %w", key, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// PruneDeliveries forgets deliveries received before cutoff; Slack stops
// retrying within the hour, so a day of history is plenty.
func (s *Store) PruneDeliveries(ctx context.Context, cutoff time.Time) (int64, error) {
	res := s.DB.WithContext(ctx).Where("received_at < ?", cutoff.UTC()).Delete(&SlackDelivery{})
	if res.Error != nil {
		return 0, fmt.Errorf("prune slack deliveries: %w", res.Error)
	}
	return res.RowsAffected, nil
}
