package storage

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// Tx is a unit of work on the database: every query and change the
// capabilities and jobs make is a named method of it (FileLeave,
// SignMinutes, UrgeItem, …), so SQL and GORM stay in this package. Inside
// Store.Tx its methods run in one transaction; from Store.Read each runs on
// its own, for reads.
type Tx struct {
	db      *gorm.DB
	dialect string
	loc     *time.Location // the office's zone, see Store.Zone
	st      *statements    // the store's prepared statements
	later   *deferred      // in Store.Tx: what DeferAppends keeps for its end
}

// Tx runs fn in a transaction: a state change and the messages it causes
// (the outbox) commit together or not at all. When ctx carries a Slack
// delivery (WithDelivery), the first Tx to commit also marks it handled,
// and fails with ErrAlreadyHandled if another handling got there first. A
// serialization failure or deadlock (PostgreSQL) or a busy database
// (SQLite) is retried a few times.
func (s *Store) Tx(ctx context.Context, fn func(tx *Tx) error) error {
	var later *deferred
	return s.inTxLater(ctx, func(db *gorm.DB) error {
		later = &deferred{} // each attempt starts with nothing appended
		return fn(&Tx{db: db, dialect: s.Dialect, loc: s.Zone(), st: s.stmts, later: later})
	}, func() *appends { return later.on })
}

// Read returns a Tx whose methods run outside a transaction, each on its
// own: for reads that need no consistent snapshot.
func (s *Store) Read(ctx context.Context) *Tx {
	return &Tx{db: s.DB.WithContext(ctx), dialect: s.Dialect, loc: s.Zone(), st: s.stmts}
}

// inTx is Tx for this package's own operations, on GORM. On SQLite the
// transactions of concurrent callers commit in groups (group.go). A transaction
// that lost to a concurrent one (contended) runs again at once, a few
// times; other transient faults are left to the caller (a request's
// handling runs again from its start, see Rerunnable). A COMMIT that met a
// lost connection may have been applied: the context's mark (Track,
// WithDelivery) remembers the doubt.
func (s *Store) inTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.inTxLater(ctx, fn, nil)
}

// inTxLater is inTx whose fn may leave appends (Tx.DeferAppends, on
// PostgreSQL) for the end of its transaction: later returns them after fn,
// and they are written with the handled mark, in one statement.
func (s *Store) inTxLater(ctx context.Context, fn func(tx *gorm.DB) error, later func() *appends) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		var (
			mark *deliveryMark
			ran  bool // fn and the mark succeeded: an error is the COMMIT's
		)
		if s.group != nil {
			mark, ran, err = s.group.do(ctx, fn)
		} else {
			err = s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				if err := fn(tx); err != nil {
					return err
				}
				var a *appends
				if later != nil {
					a = later()
				}
				var err error
				mark, err = markHandledWith(ctx, tx, s.stmts, a)
				ran = err == nil
				return err
			})
		}
		if err == nil && mark != nil {
			mark.done.Store(true)
		}
		if err != nil && ran && connectionLost(err) {
			if m, ok := ctx.Value(deliveryKey{}).(*deliveryMark); ok {
				m.doubt.Store(true)
			}
		}
		if err == nil || !contended(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(time.Duration(attempt+1) * 20 * time.Millisecond):
		}
	}
	return err
}
