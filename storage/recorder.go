package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Group commit of Slack delivery records. Every state-changing request is
// recorded before its ack (TakeDelivery) and marked handled after it
// (FinishDelivery, when its handling committed nothing that marked it). One
// transaction per record made the database's commit the bound of the whole
// request path (issue 15): a single writer goroutine now takes what
// concurrent requests queued while the previous commit ran and writes it in
// one transaction, and each caller returns only once that transaction
// committed. The durability of each record is unchanged (Slack gets no ack
// before its record is committed); only the commits are shared.

// maxRecordBatch bounds the records one transaction writes.
const maxRecordBatch = 256

// recordTimeout bounds the writing of one batch, its retry record by record
// included: a caller whose record is in a batch waits for it past its own
// context's end, but never longer than this.
const recordTimeout = 5 * time.Second

// errClosed is returned for records asked after Close.
var errClosed = errors.New("storage: store closed")

// recordOp is one record a caller waits for: a new delivery to insert
// (take) or one to mark handled (finish).
type recordOp struct {
	ctx    context.Context
	take   *SlackDelivery // insert unless the key exists
	finish string         // key to mark handled
	at     time.Time      // when it was handled
	first  bool           // result of take: the key was new
	err    error
	done   chan struct{}
}

// recorder is the single writer of delivery records.
type recorder struct {
	singleWriter[*recordOp]
	s *Store
}

func newRecorder(s *Store) *recorder {
	r := &recorder{s: s}
	r.init(maxRecordBatch)
	return r
}

// do queues op and waits for the commit of the batch it went into.
func (r *recorder) do(op *recordOp) error {
	op.done = make(chan struct{})
	if err := r.queue(op.ctx, op, r.run); err != nil {
		return err
	}
	// Once queued, the op is either written in a batch or refused before
	// it (its context ended, the store closed): the caller learns which, so
	// a record is never committed behind the back of a caller told it failed.
	<-op.done
	return op.err
}

// close stops the writer after the batch in flight; ops still queued fail.
func (r *recorder) close() {
	r.shut(func(op *recordOp) {
		op.err = errClosed
		close(op.done)
	})
}

func (r *recorder) run() {
	batch := make([]*recordOp, 0, maxRecordBatch)
	for {
		select {
		case <-r.stop:
			return
		case op := <-r.ops:
			batch = append(batch[:0], op)
		}
	drain:
		for len(batch) < maxRecordBatch {
			select {
			case op := <-r.ops:
				batch = append(batch, op)
			default:
				break drain
			}
		}
		r.write(batch)
	}
}

// write commits a batch: the ops whose context is still live, in one
// transaction. When that fails, each op is tried in a transaction of its
// own, so one bad record does not fail the others.
func (r *recorder) write(batch []*recordOp) {
	live := batch[:0:0]
	for _, op := range batch {
		if err := op.ctx.Err(); err != nil {
			op.err = err
			close(op.done)
			continue
		}
		live = append(live, op)
	}
	if len(live) == 0 {
		return
	}
	// One deadline for the batch and its retries: with the database not
	// answering, each record retried alone would wait as long again.
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	err := r.commit(ctx, live, false)
	if err != nil && len(live) > 1 {
		// A batch cut off at COMMIT may have been written after all.
		doubt := connectionLost(err)
		for _, op := range live {
			op.err = r.commit(ctx, []*recordOp{op}, doubt)
			close(op.done)
		}
		return
	}
	for _, op := range live {
		op.err = err
		close(op.done)
	}
}

// commit writes ops in one transaction and sets each take's first. After a
// batch whose COMMIT met a lost connection (doubt), a take found already
// written by the same worker at the same instant is that batch's, applied
// after all: still the first, not a redelivery.
func (r *recorder) commit(ctx context.Context, ops []*recordOp, doubt bool) error {
	var takes []SlackDelivery
	finishes := map[time.Time][]string{}
	for _, op := range ops {
		if op.take != nil {
			takes = append(takes, *op.take)
		} else {
			finishes[op.at] = append(finishes[op.at], op.finish)
		}
	}
	err := r.s.inTx(ctx, func(tx *gorm.DB) error {
		for _, op := range ops {
			op.first = false
		}
		if len(takes) > 0 {
			// RETURNING names the rows inserted (both databases): a key
			// not among them was taken on before, a redelivery.
			var q strings.Builder
			q.WriteString(`INSERT INTO slack_deliveries ("key", received_at, payload, outcome, claimed_by, claimed_until, attempts) VALUES `)
			args := make([]any, 0, 7*len(takes))
			for i, d := range takes {
				if i > 0 {
					q.WriteByte(',')
				}
				q.WriteString("(?,?,?,?,?,?,?)")
				args = append(args, d.Key, d.ReceivedAt, d.Payload, d.Outcome, d.ClaimedBy, d.ClaimedUntil, d.Attempts)
			}
			q.WriteString(` ON CONFLICT DO NOTHING RETURNING "key"`)
			var created []string
			if err := tx.Raw(q.String(), args...).Scan(&created).Error; err != nil {
				return fmt.Errorf("record %d slack deliveries: %w", len(takes), err)
			}
			isNew := make(map[string]bool, len(created))
			for _, k := range created {
				isNew[k] = true
			}
			for _, op := range ops {
				if op.take != nil && isNew[op.take.Key] {
					op.first = true
					delete(isNew, op.take.Key) // the same key twice in a batch: the first is new
				}
			}
			for _, op := range ops {
				if !doubt || op.take == nil || op.first {
					continue
				}
				var n int64
				d := op.take
				if err := tx.Model(&SlackDelivery{}).Where(`"key" = ? AND claimed_by = ? AND received_at = ? AND handled_at IS NULL`,
					d.Key, d.ClaimedBy, d.ReceivedAt).Count(&n).Error; err != nil {
					return fmt.Errorf("read slack delivery %s: %w", d.Key, err)
				}
				op.first = n == 1
			}
		}
		for at, keys := range finishes {
			t := at.UTC()
			if err := tx.Model(&SlackDelivery{}).Where(`"key" IN ? AND handled_at IS NULL`, keys).
				Updates(map[string]any{"handled_at": &t, "outcome": DeliveryHandled, "payload": "", "claimed_by": "", "claimed_until": nil}).Error; err != nil {
				return fmt.Errorf("mark %d slack deliveries handled: %w", len(keys), err)
			}
		}
		return nil
	})
	return err
}
