package storage

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// Group commit of transactions on SQLite (issue 15). SQLite runs one
// writing transaction at a time, and its COMMIT (the pages the
// transaction changed written to the WAL, a checkpoint now and then) was
// a fifth of a /leave filing's CPU: every table and index a filing writes
// is a page per commit. One writer goroutine now runs the transactions:
// it takes what concurrent callers queued while the previous COMMIT ran,
// runs each caller's work in a SAVEPOINT of one transaction, in the order
// queued, and commits them together; each caller returns only once that
// COMMIT is done. Pages the members share (the last leaf of each table and
// index) are written once per group.
//
// What each caller sees is what it saw alone: its work runs after the
// earlier members' and commits with them or not at all. A caller whose
// work fails has its savepoint rolled back; the others commit. When the
// group as a whole fails (its COMMIT, or a savepoint SQLite lost), every
// member runs again alone, as inTx runs a contended transaction again.
// Durability is unchanged: no caller is told its work committed before the
// COMMIT that holds it.

// maxGroup bounds the transactions one COMMIT holds.
const maxGroup = 64

// txOp is one caller's transaction, waiting for the writer.
type txOp struct {
	ctx      context.Context
	fn       func(*gorm.DB) error
	mark     *deliveryMark // from markHandledIn, set when fn succeeded
	ran      bool          // fn and the mark succeeded: an error after is the COMMIT's
	err      error
	panicked any // fn's panic, raised again in the caller
	done     chan struct{}
}

// txGroup is the single writer of a SQLite store's transactions.
type txGroup struct {
	singleWriter[*txOp]
	s *Store
}

func newTxGroup(s *Store) *txGroup {
	g := &txGroup{s: s}
	g.init(maxGroup)
	return g
}

// do queues fn and waits for the COMMIT of the group it went into.
func (g *txGroup) do(ctx context.Context, fn func(*gorm.DB) error) (mark *deliveryMark, ran bool, err error) {
	op := &txOp{ctx: ctx, fn: fn, done: make(chan struct{})}
	if err := g.queue(ctx, op, g.run); err != nil {
		return nil, false, err
	}
	// Once queued, the op runs in a group or is refused before it (its
	// context ended, the store closed): the caller waits to learn which.
	<-op.done
	if op.panicked != nil {
		panic(op.panicked)
	}
	return op.mark, op.ran, op.err
}

// close stops the writer after the group in flight; ops still queued fail.
func (g *txGroup) close() {
	g.shut(func(op *txOp) {
		op.err = errClosed
		close(op.done)
	})
}

func (g *txGroup) run() {
	for {
		select {
		case <-g.stop:
			return
		case op := <-g.ops:
			g.group(op)
		}
	}
}

// group runs first and the ops queued behind it in one transaction.
func (g *txGroup) group(first *txOp) {
	tx := g.s.DB.WithContext(context.Background()).Begin()
	if tx.Error != nil {
		g.finish([]*txOp{first}, tx.Error)
		return
	}
	var members []*txOp // ran in tx, their savepoints released
	next := first
	for next != nil {
		op := next
		next = nil
		if err := op.ctx.Err(); err != nil {
			op.err = err
			close(op.done)
		} else if broken := runMember(tx, g.s.stmts, op); broken != nil {
			// SQLite rolled the transaction back under a savepoint (an
			// I/O error, an interrupt): nothing of the group holds.
			tx.Rollback()
			g.alone(append(members, op))
			return
		} else if op.err != nil || op.panicked != nil {
			close(op.done)
		} else {
			members = append(members, op)
		}
		if len(members) < maxGroup {
			select {
			case next = <-g.ops:
			default:
			}
		}
	}
	if len(members) == 0 {
		tx.Rollback()
		return
	}
	err := tx.Commit().Error
	if err != nil && len(members) > 1 {
		g.alone(members)
		return
	}
	g.finish(members, err)
}

// alone runs each op again in a transaction of its own, after its group
// failed as a whole.
func (g *txGroup) alone(ops []*txOp) {
	for _, op := range ops {
		op.mark, op.ran, op.err, op.panicked = nil, false, nil, nil
		tx := g.s.DB.WithContext(context.Background()).Begin()
		if tx.Error != nil {
			g.finish([]*txOp{op}, tx.Error)
			continue
		}
		if broken := runMember(tx, g.s.stmts, op); broken != nil {
			tx.Rollback()
			if op.err == nil && op.panicked == nil {
				op.err = broken
			}
			close(op.done)
			continue
		}
		if op.err != nil || op.panicked != nil {
			tx.Rollback()
			close(op.done)
			continue
		}
		g.finish([]*txOp{op}, tx.Commit().Error)
	}
}

// finish tells the members of a group how its COMMIT went.
func (g *txGroup) finish(ops []*txOp, err error) {
	for _, op := range ops {
		if err != nil {
			op.err = err
			op.mark = nil
		}
		close(op.done)
	}
}

// runMember runs op's work in a savepoint of tx, with its delivery mark
// (markHandledIn). The work's error or panic is op's, its savepoint rolled
// back; broken is not nil when the savepoint could not be released or
// rolled back, so the transaction no longer holds what the group did. The
// statements run under op's context without its cancellation: SQLite
// rolls the whole transaction back when a write is interrupted.
func runMember(tx *gorm.DB, st *statements, op *txOp) (broken error) {
	if _, err := exec(tx, st.savepoint); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	ctx := context.WithoutCancel(op.ctx)
	db := tx.WithContext(ctx)
	func() {
		defer func() {
			if p := recover(); p != nil {
				op.panicked = p
			}
		}()
		if op.err = op.fn(db); op.err != nil {
			return
		}
		op.mark, op.err = markHandledIn(ctx, db, st)
		op.ran = op.err == nil
	}()
	if op.err != nil || op.panicked != nil {
		op.mark, op.ran = nil, false
		if _, err := exec(tx, st.rollbackTo); err != nil {
			return errors.Join(op.err, fmt.Errorf("rollback to savepoint: %w", err))
		}
	}
	if _, err := exec(tx, st.release); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}
