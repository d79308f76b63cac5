package storage

import (
	"context"
	"sync"
)

// singleWriter is the life of a single writer goroutine that callers hand
// ops of type T to (the delivery recorder, the SQLite transaction group):
// ops are queued under a lock, so that closing sees every queued op; the
// goroutine starts with the first op; closing stops it after the batch in
// flight and fails each op still queued.
type singleWriter[T any] struct {
	ops   chan T
	start sync.Once
	stop  chan struct{}
	wg    sync.WaitGroup

	mu     sync.Mutex // held while an op is queued, so shut sees every queued op
	closed bool
}

func (w *singleWriter[T]) init(capacity int) {
	w.ops, w.stop = make(chan T, capacity), make(chan struct{})
}

// queue hands op to the writer, starting run on the first op; it fails
// after shut (errClosed) and when ctx ends before the queue has room.
// After a nil error the caller waits for the writer's answer: after shut
// nothing is queued that no writer would take.
func (w *singleWriter[T]) queue(ctx context.Context, op T, run func()) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errClosed
	}
	w.start.Do(func() {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			run()
		}()
	})
	select {
	case w.ops <- op:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// shut stops the writer after the batch in flight and calls fail for
// each op still queued.
func (w *singleWriter[T]) shut(fail func(T)) {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return
	}
	w.closed = true
	close(w.stop)
	w.mu.Unlock()
	w.wg.Wait()
	for {
		select {
		case op := <-w.ops:
			fail(op)
		default:
			return
		}
	}
}
