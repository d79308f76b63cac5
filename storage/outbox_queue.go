package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Errors of the outbox admin operations.
var (
	ErrOutboxNotFound = errors.New("outbox: no such message")
	ErrOutboxSent     = errors.New("outbox: message already sent")
)

// ClaimOutbox leases up to limit messages that may be sent now and returns
// them in ID order. A message may be sent when it is the oldest pending
// message of its conversation (so row N+1 never overtakes row N, even while
// N waits for a retry), it is due (next_attempt), nobody holds a live lease
// on it, and, when pace > 0, nothing was sent to its conversation in the
// last pace (so replicas together keep Slack's per-channel rate).
//
// On PostgreSQL the candidates are locked with FOR UPDATE SKIP LOCKED, so
// concurrent claimers never wait on or take the same row; on SQLite the
// claim runs in an immediate (write-locked) transaction. Either way the
// lease (claimed_by, claimed_until) is what keeps the row away from other
// workers while it is being sent; a lease that expired (the worker died) is
// taken again, and the returned row's InDoubt says so.
func (s *Store) ClaimOutbox(ctx context.Context, worker string, now time.Time, lease, pace time.Duration, limit int) ([]OutboxMessage, error) {
	return s.claimOutbox(ctx, worker, now, lease, pace, 0, limit)
}

// ClaimOutboxAfter is ClaimOutbox for the messages with an ID above
// afterID only, in order among themselves and ahead of older ones: a
// one-shot pass that prints what it queued (`remind --once` without Slack)
// leaves everything queued before it alone.
func (s *Store) ClaimOutboxAfter(ctx context.Context, worker string, now time.Time, lease time.Duration, afterID uint64, limit int) ([]OutboxMessage, error) {
	return s.claimOutbox(ctx, worker, now, lease, 0, afterID, limit)
}

// LastOutboxID returns the highest outbox ID so far (0 when empty): what a
// pass queues after reading it has a higher ID.
func (s *Store) LastOutboxID(ctx context.Context) (uint64, error) {
	var id *uint64
	if err := s.DB.WithContext(ctx).Model(&OutboxMessage{}).Select("MAX(id)").Scan(&id).Error; err != nil {
		return 0, fmt.Errorf("last outbox id: %w", err)
	}
	if id == nil {
		return 0, nil
	}
	return *id, nil
}

// PendingOutbox counts the pending messages with an ID above afterID and
// returns the earliest time one of them is due.
func (s *Store) PendingOutbox(ctx context.Context, afterID uint64) (int64, time.Time, error) {
	db := s.DB.WithContext(ctx)
	var n int64
	if err := db.Model(&OutboxMessage{}).Where("state = ? AND id > ?", OutboxPending, afterID).Count(&n).Error; err != nil {
		return 0, time.Time{}, fmt.Errorf("pending outbox: %w", err)
	}
	if n == 0 {
		return 0, time.Time{}, nil
	}
	var first OutboxMessage
	if err := db.Where("state = ? AND id > ?", OutboxPending, afterID).Order("next_attempt").Limit(1).Find(&first).Error; err != nil {
		return 0, time.Time{}, fmt.Errorf("pending outbox: %w", err)
	}
	return n, first.NextAttempt, nil
}

func (s *Store) claimOutbox(ctx context.Context, worker string, now time.Time, lease, pace time.Duration, afterID uint64, limit int) ([]OutboxMessage, error) {
	if limit <= 0 {
		return nil, nil
	}
	now = now.UTC()
	q := strings.Builder{}
	q.WriteString(`SELECT o.* FROM outbox_messages o
WHERE o.state = ? AND o.next_attempt <= ? AND (o.claimed_until IS NULL OR o.claimed_until < ?) AND o.id > ?
  AND NOT EXISTS (SELECT 1 FROM outbox_messages p
                  WHERE p.conversation = o.conversation AND p.state = ? AND p.id < o.id AND p.id > ?)`)
	args := []any{OutboxPending, now, now, afterID, OutboxPending, afterID}
	if pace > 0 {
		q.WriteString(`
  AND NOT EXISTS (SELECT 1 FROM outbox_messages r
                  WHERE r.conversation = o.conversation AND r.sent_at > ?)`)
		args = append(args, now.Add(-pace))
	}
	q.WriteString("\nORDER BY o.id LIMIT ?")
	args = append(args, limit)
	if s.Dialect == "postgres" {
		q.WriteString(" FOR UPDATE OF o SKIP LOCKED")
	}
	var rows []OutboxMessage
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		rows = rows[:0]
		if err := tx.Raw(q.String(), args...).Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]uint64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		return tx.Model(&OutboxMessage{}).Where("id IN ?", ids).
			Updates(map[string]any{"claimed_by": worker, "claimed_until": now.Add(lease),
				"first_claimed_at": gorm.Expr("COALESCE(first_claimed_at, CURRENT_TIMESTAMP)")}).Error
	})
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	for i := range rows {
		// A claim still present means a worker took the row and never
		// reported back: it may have died after Slack accepted the message.
		rows[i].InDoubt = rows[i].ClaimedBy != "" || rows[i].Doubtful
		rows[i].ClaimedBy, rows[i].ClaimedUntil = worker, now.Add(lease)
	}
	return rows, nil
}

// ReleaseOutboxClaims gives back worker's claims on pending messages other
// than those it is delivering (keep): claims its worker does not know it
// holds, left by a claim whose COMMIT met a lost connection and went
// through. They are marked doubtful, so the next worker checks before it
// sends (the worker may also have lost track of a message it sent). It
// reports how many it released.
func (s *Store) ReleaseOutboxClaims(ctx context.Context, worker string, keep []uint64) (int64, error) {
	q := s.DB.WithContext(ctx).Model(&OutboxMessage{}).Where("state = ? AND claimed_by = ?", OutboxPending, worker)
	if len(keep) > 0 {
		q = q.Where("id NOT IN ?", keep)
	}
	res := q.Updates(map[string]any{"claimed_by": "", "claimed_until": time.Time{}, "doubtful": true})
	if res.Error != nil {
		return 0, fmt.Errorf("release outbox claims of %s: %w", worker, res.Error)
	}
	return res.RowsAffected, nil
}

// MarkOutboxSent records a delivered message and, for an item's root
// message, where it landed (one transaction, so the window in which a
// delivered message is not yet marked is one short statement). It reports
// false when the worker no longer held the claim: its lease expired and
// another worker may have sent the message too.
func (s *Store) MarkOutboxSent(ctx context.Context, id uint64, worker string, at time.Time, thread *SlackThread) (bool, error) {
	at = at.UTC().Round(time.Microsecond) // as stored, so a retry finds its own mark
	var owned bool
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&OutboxMessage{}).Where("id = ? AND state = ? AND claimed_by = ?", id, OutboxPending, worker).
			Updates(map[string]any{"state": OutboxSent, "sent_at": at, "attempts": gorm.Expr("attempts + 1"),
				"last_error": "", "claimed_by": "", "claimed_until": time.Time{}})
		if res.Error != nil {
			return res.Error
		}
		owned = res.RowsAffected == 1
		if !owned {
			// Still record the delivery if nobody else finished it.
			res := tx.Model(&OutboxMessage{}).Where("id = ? AND state = ?", id, OutboxPending).
				Updates(map[string]any{"state": OutboxSent, "sent_at": at, "attempts": gorm.Expr("attempts + 1"),
					"claimed_by": "", "claimed_until": time.Time{}})
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				// Marked already with this very instant: a retry of this
				// mark whose earlier COMMIT was cut off but went through.
				var n int64
				if err := tx.Model(&OutboxMessage{}).Where("id = ? AND state = ? AND sent_at = ?", id, OutboxSent, at).Count(&n).Error; err != nil {
					return err
				}
				owned = n == 1
			}
		}
		if thread != nil {
			thread.CreatedAt = at
			return saveThread(tx, *thread)
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("mark outbox %d sent: %w", id, err)
	}
	return owned, nil
}

// RescheduleOutbox releases a claimed message for another attempt at next.
// With countAttempt the attempt failed with lastError, and doubtful says the
// error leaves open whether the message arrived (the next attempt checks).
func (s *Store) RescheduleOutbox(ctx context.Context, id uint64, worker string, next time.Time, countAttempt bool, lastError string, doubtful bool) error {
	upd := map[string]any{"next_attempt": next.UTC(), "claimed_by": "", "claimed_until": time.Time{}}
	if countAttempt {
		upd["attempts"] = gorm.Expr("attempts + 1")
		upd["last_error"] = truncate(lastError, 2000)
		upd["doubtful"] = doubtful
	}
	err := s.DB.WithContext(ctx).Model(&OutboxMessage{}).
		Where("id = ? AND state = ? AND claimed_by = ?", id, OutboxPending, worker).Updates(upd).Error
	if err != nil {
		return fmt.Errorf("reschedule outbox %d: %w", id, err)
	}
	return nil
}

// FailOutbox moves a claimed message to the failed state with its error; an
// admin may retry it (`officebot outbox retry ID`).
func (s *Store) FailOutbox(ctx context.Context, id uint64, worker string, lastError string) error {
	err := s.DB.WithContext(ctx).Model(&OutboxMessage{}).
		Where("id = ? AND state = ? AND claimed_by = ?", id, OutboxPending, worker).
		Updates(map[string]any{"state": OutboxFailed, "attempts": gorm.Expr("attempts + 1"),
			"last_error": truncate(lastError, 2000), "claimed_by": "", "claimed_until": time.Time{}}).Error
	if err != nil {
		return fmt.Errorf("fail outbox %d: %w", id, err)
	}
	return nil
}

// ListOutbox returns messages in the given state (all states when empty),
// newest first.
func (s *Store) ListOutbox(ctx context.Context, state string, limit int) ([]OutboxMessage, error) {
	q := s.DB.WithContext(ctx).Order("id desc")
	if state != "" {
		q = q.Where("state = ?", state)
	}
	if limit > 0 {
		q = q.Limit(limit)
	}
	var rows []OutboxMessage
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	return rows, nil
}

// RetryOutbox makes a failed (or waiting) message due again now, audited.
func (s *Store) RetryOutbox(ctx context.Context, id uint64, actor string, at time.Time) error {
	return s.inTx(ctx, func(tx *gorm.DB) error {
		var row OutboxMessage
		if tx.Where("id = ?", id).Limit(1).Find(&row).RowsAffected == 0 {
			return ErrOutboxNotFound
		}
		if row.State == OutboxSent {
			return ErrOutboxSent
		}
		changes := map[string]any{"state": OutboxPending, "next_attempt": at.UTC(),
			"claimed_by": "", "claimed_until": time.Time{}}
		if row.State == OutboxPending {
			// A waiting message is only made due now: a worker may be sending
			// it this moment, and its claim is what keeps others off it.
			changes = map[string]any{"next_attempt": at.UTC()}
		}
		if err := tx.Model(&OutboxMessage{}).Where("id = ? AND state = ?", id, row.State).
			Updates(changes).Error; err != nil {
			return fmt.Errorf("retry outbox %d: %w", id, err)
		}
		return audit(tx, at, actor, "outbox.retry", fmt.Sprintf("outbox:%d", id),
			map[string]any{"state": row.State, "attempts": row.Attempts, "last_error": row.LastError},
			map[string]any{"state": OutboxPending})
	})
}

// OutboxStats is the outbox's depth for metrics.
type OutboxStats struct {
	Pending, Failed int64
	OldestPending   *time.Time // created_at of the oldest pending message
}

// OutboxStats counts pending and failed messages.
func (s *Store) OutboxStats(ctx context.Context) (OutboxStats, error) {
	var st OutboxStats
	db := s.DB.WithContext(ctx)
	if err := db.Model(&OutboxMessage{}).Where("state = ?", OutboxPending).Count(&st.Pending).Error; err != nil {
		return st, fmt.Errorf("outbox stats: %w", err)
	}
	if err := db.Model(&OutboxMessage{}).Where("state = ?", OutboxFailed).Count(&st.Failed).Error; err != nil {
		return st, fmt.Errorf("outbox stats: %w", err)
	}
	if st.Pending > 0 {
		var oldest OutboxMessage
		if err := db.Where("state = ?", OutboxPending).Order("id").Limit(1).Find(&oldest).Error; err != nil {
			return st, fmt.Errorf("outbox stats: %w", err)
		}
		if oldest.ID != 0 {
			t := oldest.CreatedAt
			st.OldestPending = &t
		}
	}
	return st, nil
}

// PruneOutbox deletes messages sent before the given instant; it reports how many.
func (s *Store) PruneOutbox(ctx context.Context, before time.Time) (int64, error) {
	res := s.DB.WithContext(ctx).Where("state = ? AND sent_at < ?", OutboxSent, before.UTC()).Delete(&OutboxMessage{})
	if res.Error != nil {
		return 0, fmt.Errorf("prune outbox: %w", res.Error)
	}
	return res.RowsAffected, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
