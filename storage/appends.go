package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

// appends are the rows a PostgreSQL transaction appended after
// Tx.DeferAppends and has not written yet: each row's parameters, in the
// order they were appended.
type appends struct {
	leave, audit, steps, outbox [][]any
}

// DeferAppends makes the leave requests (FileLeave), audit entries,
// approval steps and outbox messages this transaction appends from now on
// be written at its end, on
// PostgreSQL, together with the request's handled mark: one statement
// (data-modifying WITH clauses) and one round trip to the server instead
// of one each (issue 15). They commit or roll back with the transaction
// as before. The caller must not read them back in this transaction (they
// are not written yet), and an error they meet (none is expected: they
// only append) is returned by Store.Tx rather than by the call that
// appended. On SQLite, where a statement is no round trip, it does
// nothing.
func (tx *Tx) DeferAppends() {
	if tx.dialect == "postgres" && tx.later != nil && tx.later.on == nil {
		tx.later.on = &appends{}
	}
}

// deferred holds a transaction's appends (nil until Tx.DeferAppends) for
// Store.Tx to write at its end; it outlives the Tx the caller's function
// was given.
type deferred struct {
	on *appends
}

// deferred returns the appends to keep instead of writing, or nil.
func (tx *Tx) deferred() *appends {
	if tx.later == nil {
		return nil
	}
	return tx.later.on
}

// writeDeferred writes what the transaction deferred so far, now; what it
// appends later is deferred again.
func (tx *Tx) writeDeferred() error {
	a := tx.deferred()
	if a == nil {
		return nil
	}
	ctx := tx.db.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if _, err := writeAppends(ctx, tx.db, a, nil); err != nil {
		return fmt.Errorf("write deferred appends: %w", err)
	}
	*a = appends{}
	return nil
}

// writeAppends writes a's rows and, when mark is not empty, marks that
// delivery handled, in one statement on tx's connection; it returns
// whether the mark updated a row. The statement's text depends only on how
// many rows of each kind there are, so pgx prepares a few shapes once per
// connection.
func writeAppends(ctx context.Context, db *gorm.DB, a *appends, mark []any) (marked bool, err error) {
	if a == nil {
		a = &appends{}
	}
	shape := appendsShape{len(a.leave), len(a.audit), len(a.steps), len(a.outbox), mark != nil}
	if shape == (appendsShape{}) {
		return false, nil
	}
	q := shape.sql()
	args := make([]any, 0, 24*shape.leave+6*shape.audit+16*shape.steps+11*shape.outbox+len(mark))
	for _, rows := range [][][]any{a.leave, a.audit, a.steps, a.outbox} {
		for _, r := range rows {
			args = append(args, r...)
		}
	}
	args = append(args, mark...)
	t, ok := db.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return false, fmt.Errorf("write deferred appends: not in a transaction")
	}
	var count int64
	if err := t.QueryRowContext(ctx, q, args...).Scan(&count); err != nil {
		return false, err
	}
	return count > 0, nil
}

// appendsShape is what a statement of writeAppends writes: how many rows
// of each kind, and whether it marks a delivery.
type appendsShape struct {
	leave, audit, steps, outbox int
	mark                        bool
}

// appendsSQL holds the statement of each shape met (appendsShape → string):
// a filing's is built once.
var appendsSQL sync.Map

// sql returns the statement, numbered for PostgreSQL.
func (sh appendsShape) sql() string {
	if q, ok := appendsSQL.Load(sh); ok {
		return q.(string)
	}
	var (
		q strings.Builder
		n int
	)
	part := func(name, insert, row string, rows int) {
		if rows == 0 {
			return
		}
		if n == 0 {
			q.WriteString("WITH ")
		} else {
			q.WriteString(", ")
		}
		n++
		q.WriteString(name + " AS (" + insert)
		for i := range rows {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(row)
		}
		q.WriteString(")")
	}
	part("l", leaveInsertID, leaveRowIDParams, sh.leave)
	part("a", auditInsert, auditRowParams, sh.audit)
	part("s", stepInsert, stepRowParams, sh.steps)
	part("o", outboxInsert, outboxRow, sh.outbox)
	switch {
	case sh.mark && n == 0:
		q.WriteString("WITH h AS (" + markHandledUpdate + " RETURNING 1) SELECT count(*) FROM h")
	case sh.mark:
		q.WriteString(", h AS (" + markHandledUpdate + " RETURNING 1) SELECT count(*) FROM h")
	default:
		q.WriteString(" SELECT 0")
	}
	s := rebind("postgres", q.String())
	if appendsSQLCount.Add(1) <= 64 { // a few shapes are met; never grow without bound
		appendsSQL.Store(sh, s)
	}
	return s
}

var appendsSQLCount atomic.Int64
