package storage

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
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
}

// Tx runs fn in a transaction: a state change and the messages it causes
// (the outbox) commit together or not at all. When ctx carries a Slack
// delivery (WithDelivery), the first Tx to commit also marks it handled,
// and fails with ErrAlreadyHandled if another handling got there first. A
// serialization failure or deadlock (PostgreSQL) or a busy database
// (SQLite) is retried a few times.
func (s *Store) Tx(ctx context.Context, fn func(tx *Tx) error) error {
	return s.inTx(ctx, func(db *gorm.DB) error { return fn(&Tx{db: db, dialect: s.Dialect, loc: s.Zone()}) })
}

// Read returns a Tx whose methods run outside a transaction, each on its
// own: for reads that need no consistent snapshot.
func (s *Store) Read(ctx context.Context) *Tx {
	return &Tx{db: s.DB.WithContext(ctx), dialect: s.Dialect, loc: s.Zone()}
}

// inTx is Tx for this package's own operations, on GORM.
func (s *Store) inTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		var mark *deliveryMark
		unlock, lerr := s.lockWrites(ctx)
		if lerr != nil {
			return lerr
		}
		err = s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := fn(tx); err != nil {
				return err
			}
			var err error
			mark, err = markHandledIn(ctx, tx)
			return err
		})
		unlock()
		if err == nil && mark != nil {
			mark.done.Store(true)
		}
		if err == nil || !retryable(err) {
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

// lockWrites waits, on SQLite, until no other transaction of this store
// runs. SQLite lets one transaction write at a time (they begin IMMEDIATE),
// and a writer that finds the database locked sleeps in SQLite's busy
// handler, 1 to 100 ms at a time, rather than being woken when the lock is
// free: under load those sleeps, not the work, bounded the request path
// (issue 15). Waiting in Go hands the lock over as soon as it is released.
// Reads outside transactions (Store.Read) are not held up: WAL readers run
// beside the writer. On PostgreSQL it does nothing.
func (s *Store) lockWrites(ctx context.Context) (unlock func(), err error) {
	if s.writes == nil {
		return func() {}, nil
	}
	select {
	case s.writes <- struct{}{}:
		return func() { <-s.writes }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// retryable reports whether a transaction failed only because another one
// ran at the same time, by the driver's error code: PostgreSQL's
// serialization failure (40001) and deadlock (40P01), SQLite's busy and
// locked database.
func retryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "40001" || pg.Code == "40P01"
	}
	var lite sqlite3.Error
	if errors.As(err, &lite) {
		return lite.Code == sqlite3.ErrBusy || lite.Code == sqlite3.ErrLocked
	}
	return false
}
