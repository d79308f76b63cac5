package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
)

// Transient reports whether err is a database fault that says nothing
// about the request that met it and may pass if the work is done again:
// the connection cut or refused (PostgreSQL restarting, a network fault),
// the server shutting down or starting up, a serialization failure or a
// deadlock, a busy or locked SQLite file. It decides by the driver's error
// code or the error's type, never by its text. This is the one place that
// knows which errors are transient: the transaction retry (Tx) and the
// handling of Slack requests (handlers.Service.Try, bot) ask it.
func Transient(err error) bool {
	if err == nil {
		return false
	}
	if contended(err) {
		return true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case strings.HasPrefix(pg.Code, "08"): // connection exception
			return true
		case pg.Code == "57P01", pg.Code == "57P02", pg.Code == "57P03": // admin shutdown, crash shutdown, cannot connect now
			return true
		}
		return false // the server answered about this statement
	}
	var connect *pgconn.ConnectError
	if errors.As(err, &connect) {
		return true
	}
	if pgconn.SafeToRetry(err) || pgconn.Timeout(err) || errors.Is(err, pgconn.ErrConnClosed) {
		return true
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) {
		return true // the connection ended under the statement
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNABORTED) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne)
}

// contended reports whether a transaction failed only because another one
// ran at the same time, by the driver's error code: PostgreSQL's
// serialization failure (40001) and deadlock (40P01), SQLite's busy and
// locked database. Nothing was written; the transaction may run again at
// once.
func contended(err error) bool {
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

// connectionLost reports whether err says the connection failed, so that
// a COMMIT that met it may or may not have been applied.
func connectionLost(err error) bool {
	return Transient(err) && !contended(err)
}

// Track returns a context under which Rerunnable can tell whether any Tx
// committed; ctx itself when it carries a delivery already (WithDelivery).
func Track(ctx context.Context) context.Context {
	if _, ok := ctx.Value(deliveryKey{}).(*deliveryMark); ok {
		return ctx
	}
	return context.WithValue(ctx, deliveryKey{}, &deliveryMark{})
}

// Rerunnable reports whether work done under ctx (Track or WithDelivery)
// may run again from the start without repeating a change: no Tx under it
// committed, and none whose COMMIT was cut off may have — unless ctx
// carries a Slack delivery, whose mark in every transaction refuses a
// second commit (ErrAlreadyHandled). False for a ctx that is not tracked.
func Rerunnable(ctx context.Context) bool {
	m, ok := ctx.Value(deliveryKey{}).(*deliveryMark)
	if !ok || m.done.Load() {
		return false
	}
	return m.key != "" || !m.doubt.Load()
}

// Committed reports whether a Tx under ctx (Track or WithDelivery) has
// committed: work that fails afterwards has made part of its change, so
// it must not be run again, nor its person told that nothing was done.
func Committed(ctx context.Context) bool {
	m, ok := ctx.Value(deliveryKey{}).(*deliveryMark)
	return ok && m.done.Load()
}

// CommitInDoubt reports whether a Tx under ctx met a lost connection at
// COMMIT: its change may have been applied. Settle it (Store.SettleDoubt)
// before the work runs again.
func CommitInDoubt(ctx context.Context) bool {
	m, ok := ctx.Value(deliveryKey{}).(*deliveryMark)
	return ok && m.doubt.Load()
}

// SettleDoubt tells, before a request's handling runs again, whether a
// COMMIT under ctx that met a lost connection went through after all: its
// Slack delivery (WithDelivery) is then marked handled, by that very
// transaction. handled: the change was made (its answer is lost; running
// the handling again would refuse it as a duplicate, or do it twice); not
// handled: the doubt is cleared and the handling may run again. Nothing in
// doubt, or no delivery: false.
func (s *Store) SettleDoubt(ctx context.Context) (handled bool, err error) {
	m, ok := ctx.Value(deliveryKey{}).(*deliveryMark)
	if !ok || m.key == "" || !m.doubt.Load() {
		return false, nil
	}
	var d SlackDelivery
	if err := s.DB.WithContext(ctx).Select("handled_at").Where(`"key" = ?`, m.key).Take(&d).Error; err != nil {
		return false, fmt.Errorf("settle the commit in doubt of slack delivery %s: %w", m.key, err)
	}
	if d.HandledAt != nil {
		m.done.Store(true)
		return true, nil
	}
	m.doubt.Store(false)
	return false, nil
}
