package storage

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"officebot/chat"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SlackDelivery records that a Slack delivery was taken on, by a key that
// identifies it across Slack's retries ("event:Ev123", "interaction:TRIGGER",
// "command:TRIGGER"). The primary key makes a retry a no-op on every replica
// and after restarts.
//
// A delivery taken on with a payload (what the bot must do, as bot/ encodes
// it) is written before Slack gets its ack and stays unhandled until its
// handling finished: a process killed in between leaves it unhandled, and
// another process (or the same one restarted) replays it once the claim
// (claimed_by, claimed_until) of the one that took it on expired. The
// worker handling a delivery renews its claim while it runs.
type SlackDelivery struct {
	Key        string    `gorm:"primaryKey;size:191"`
	ReceivedAt time.Time `gorm:"not null;index"`

	Payload      string     `gorm:"type:text;not null;default:''"` // empty: nothing to replay
	HandledAt    *time.Time `gorm:"index"`                         // nil: not handled yet
	Outcome      string     `gorm:"size:16;not null;default:''"`   // handled | abandoned
	ClaimedBy    string     `gorm:"size:64;not null;default:''"`
	ClaimedUntil *time.Time
	Attempts     int `gorm:"not null;default:0"` // handlings started (1 at take-on)
}

// Delivery outcomes.
const (
	DeliveryHandled   = "handled"
	DeliveryAbandoned = "abandoned"
)

// FirstDelivery records key and reports whether this is the first time it was
// seen. A false result means another delivery of the same thing was already
// taken on (here or on another replica) and this one must only be acknowledged.
// The record carries nothing to replay: it counts as handled.
func (s *Store) FirstDelivery(ctx context.Context, key string, at time.Time) (bool, error) {
	t := at.UTC()
	res := s.DB.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&SlackDelivery{Key: key, ReceivedAt: t, HandledAt: &t, Outcome: DeliveryHandled})
	if res.Error != nil {
		return false, fmt.Errorf("record slack delivery %s: %w", key, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// TakeDelivery records key with the payload to replay should the handling
// not finish, claimed by worker until at+lease, and reports whether this is
// the first time key was seen (false: a duplicate, to acknowledge only).
func (s *Store) TakeDelivery(ctx context.Context, key, payload, worker string, at time.Time, lease time.Duration) (bool, error) {
	at = at.UTC().Round(time.Microsecond) // as stored, so a retry finds its own record (recorder.commit)
	until := at.Add(lease)
	op := &recordOp{ctx: ctx, take: &SlackDelivery{Key: key, ReceivedAt: at, Payload: payload, ClaimedBy: worker,
		ClaimedUntil: &until, Attempts: 1}}
	// Written with the records other requests asked for meanwhile, in one
	// transaction (recorder.go); it returns once that committed.
	if err := s.records.do(op); err != nil {
		return false, fmt.Errorf("record slack delivery %s: %w", key, err)
	}
	return op.first, nil
}

// RenewDelivery extends worker's claim on an unhandled delivery to until.
func (s *Store) RenewDelivery(ctx context.Context, key, worker string, until time.Time) error {
	u := until.UTC()
	err := s.DB.WithContext(ctx).Model(&SlackDelivery{}).
		Where(`"key" = ? AND claimed_by = ? AND handled_at IS NULL`, key, worker).
		Update("claimed_until", &u).Error
	if err != nil {
		return fmt.Errorf("renew slack delivery %s: %w", key, err)
	}
	return nil
}

// DeliveryClaim reports who claims an unhandled delivery (empty when
// nobody does) and whether it was handled: a worker whose TakeDelivery met
// a lost connection learns so whether the record was written after all.
func (s *Store) DeliveryClaim(ctx context.Context, key string) (claimedBy string, handled bool, err error) {
	var d SlackDelivery
	if err := s.DB.WithContext(ctx).Select("claimed_by", "handled_at").Where(`"key" = ?`, key).Take(&d).Error; err != nil {
		return "", false, fmt.Errorf("read slack delivery %s: %w", key, err)
	}
	return d.ClaimedBy, d.HandledAt != nil, nil
}

// ReleaseDelivery gives back worker's claim on a delivery it could not
// handle for a transient database fault, for a replay to take at once; the
// handling does not count as an attempt (Attempts bounds handlings that
// never returned: a request that kills its process).
func (s *Store) ReleaseDelivery(ctx context.Context, key, worker string, at time.Time) error {
	t := at.UTC()
	err := s.DB.WithContext(ctx).Model(&SlackDelivery{}).
		Where(`"key" = ? AND claimed_by = ? AND handled_at IS NULL`, key, worker).
		Updates(map[string]any{"claimed_until": &t, "attempts": gorm.Expr("CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END")}).Error
	if err != nil {
		return fmt.Errorf("release slack delivery %s: %w", key, err)
	}
	return nil
}

// FinishDelivery marks a delivery handled or abandoned and, in the same
// transaction, queues notices (e.g. telling the person their request was
// abandoned) in the outbox. The payload is dropped (it may hold personal text).
func (s *Store) FinishDelivery(ctx context.Context, key, outcome string, at time.Time, notices ...chat.Message) error {
	if outcome == DeliveryHandled && len(notices) == 0 {
		// Marked with the other records of the moment, in one transaction.
		if err := s.records.do(&recordOp{ctx: ctx, finish: key, at: at}); err != nil {
			return fmt.Errorf("finish slack delivery %s: %w", key, err)
		}
		return nil
	}
	t := at.UTC()
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&SlackDelivery{}).Where(`"key" = ? AND handled_at IS NULL`, key).
			Updates(map[string]any{"handled_at": &t, "outcome": outcome, "payload": "", "claimed_by": "", "claimed_until": nil})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error // already finished (by another worker): no second notice
		}
		return enqueue(tx, nil, at, notices...)
	})
	if err != nil {
		return fmt.Errorf("finish slack delivery %s: %w", key, err)
	}
	return nil
}

// HandledIn reports whether a transaction of ctx (WithDelivery) committed
// and marked its delivery handled: FinishDelivery has nothing left to do.
func HandledIn(ctx context.Context) bool {
	m, _ := ctx.Value(deliveryKey{}).(*deliveryMark)
	return m != nil && m.done.Load()
}

// ClaimUnhandledDeliveries leases up to limit deliveries taken on with a
// payload, not handled, and not claimed (or whose claim expired: the worker
// died), oldest first, counting an attempt on each. On PostgreSQL the rows
// are locked with SKIP LOCKED, so two replicas never take the same one.
func (s *Store) ClaimUnhandledDeliveries(ctx context.Context, worker string, now time.Time, lease time.Duration, limit int) ([]SlackDelivery, error) {
	now = now.UTC()
	var rows []SlackDelivery
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		rows = rows[:0]
		q := tx.Where("handled_at IS NULL AND payload <> '' AND (claimed_until IS NULL OR claimed_until < ?)", now).
			Order(`received_at, "key"`).Limit(limit)
		if s.Dialect == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		keys := make([]string, len(rows))
		for i, r := range rows {
			keys[i] = r.Key
		}
		until := now.Add(lease)
		return tx.Model(&SlackDelivery{}).Where(`"key" IN ?`, keys).
			Updates(map[string]any{"claimed_by": worker, "claimed_until": &until, "attempts": gorm.Expr("attempts + 1")}).Error
	})
	if err != nil {
		return nil, fmt.Errorf("claim unhandled slack deliveries: %w", err)
	}
	until := now.Add(lease)
	for i := range rows {
		rows[i].ClaimedBy, rows[i].ClaimedUntil = worker, &until
		rows[i].Attempts++
	}
	return rows, nil
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

// ErrAlreadyHandled is returned by Tx when the Slack delivery the context
// carries (WithDelivery) was already handled: another handling of the same
// request — a replay racing the original — committed first, so this one's
// change is rolled back rather than made twice.
var ErrAlreadyHandled = errors.New("storage: slack delivery already handled")

type deliveryKey struct{}

// deliveryMark is the delivery a request's handling belongs to, and whether
// one of its transactions has marked it handled.
type deliveryMark struct {
	key   string      // empty: only tracking commits (Track)
	done  atomic.Bool // a Tx under it committed
	doubt atomic.Bool // a COMMIT under it met a lost connection
}

// WithDelivery returns a context whose first committing Tx also marks the
// Slack delivery key handled, in the same transaction: a request's effect
// and "this request was handled" commit together, so a crash between them
// can neither lose the request nor make a replay repeat its effect.
func WithDelivery(ctx context.Context, key string) context.Context {
	if key == "" {
		return ctx
	}
	return context.WithValue(ctx, deliveryKey{}, &deliveryMark{key: key})
}

// markHandledIn marks the context's delivery handled inside tx, once,
// with st's prepared statements: every state-changing request runs it.
func markHandledIn(ctx context.Context, tx *gorm.DB, st *statements) (*deliveryMark, error) {
	return markHandledWith(ctx, tx, st, nil)
}

// markHandledWith is markHandledIn that first writes a transaction's
// deferred appends (Tx.DeferAppends), when there are any, in the mark's
// statement.
func markHandledWith(ctx context.Context, tx *gorm.DB, st *statements, a *appends) (*deliveryMark, error) {
	m, _ := ctx.Value(deliveryKey{}).(*deliveryMark)
	if m == nil || m.done.Load() {
		m = nil
	}
	if m == nil || m.key == "" {
		if a != nil {
			if _, err := writeAppends(ctx, tx, a, nil); err != nil {
				return nil, fmt.Errorf("write deferred appends: %w", err)
			}
		}
		return m, nil // nothing to mark, or tracked with no delivery
	}
	var n int64
	if a != nil {
		marked, err := writeAppends(ctx, tx, a, []any{tx.NowFunc().UTC(), DeliveryHandled, m.key})
		if err != nil {
			return nil, fmt.Errorf("mark slack delivery %s handled: %w", m.key, err)
		}
		if marked {
			n = 1
		}
	} else {
		res, err := exec(tx, st.markHandled, tx.NowFunc().UTC(), DeliveryHandled, m.key)
		if err != nil {
			return nil, fmt.Errorf("mark slack delivery %s handled: %w", m.key, err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return nil, fmt.Errorf("mark slack delivery %s handled: %w", m.key, err)
		}
	}
	if h := afterMarkHandled.Load(); h != nil {
		(*h)(m.key)
	}
	if n == 0 {
		s, ctx := in(tx, st.deliveryKnown)
		var known int64
		if err := s.QueryRowContext(ctx, m.key).Scan(&known); err != nil {
			return nil, err
		}
		if known > 0 {
			return nil, ErrAlreadyHandled
		}
		// No record (a console or test request): nothing to mark.
	}
	return m, nil
}

// afterMarkHandled, when set, is called with the key after a delivery's
// mark and before its transaction's COMMIT: tests cut the connection
// there (TestACommitCutOffIsInDoubtAndOnlyADeliveryMayRunAgain).
var afterMarkHandled atomic.Pointer[func(key string)]
