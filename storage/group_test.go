package storage

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// Transactions queued on SQLite while another runs go into one COMMIT
// (group.go), and each caller learns what happened to its own work: one
// whose work fails or panics has nothing written and gets its error or
// panic, one whose context ended while queued runs not at all, and the
// others commit together; a Slack delivery marked in a member is handled
// once the group commits.
func TestQueuedTransactionsCommitTogetherEachWithItsOwnOutcome(t *testing.T) {
	t.Parallel()
	s, err := Open(context.Background(), "sqlite:"+t.TempDir()+"/officebot.db", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	at := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	if first, err := s.TakeDelivery(ctx, "command:grouped", "{}", "w", at, time.Minute); err != nil || !first {
		t.Fatalf("take: %v %v", first, err)
	}

	// The first transaction holds the writer until the others are queued.
	started, release := make(chan struct{}), make(chan struct{})
	firstDone := make(chan error, 1)
	go func() {
		firstDone <- s.Tx(ctx, func(tx *Tx) error {
			close(started)
			<-release
			return tx.Audit(at, "U1", "test", "first", nil, nil)
		})
	}()
	<-started

	errRefused := errors.New("refused")
	type result struct {
		err      error
		panicked any
	}
	const n = 8
	results := make([]chan result, n)
	cancelled, cancel := context.WithCancel(ctx)
	for i := range n {
		results[i] = make(chan result, 1)
		c := ctx
		switch i {
		case 5:
			c = cancelled
		case 7:
			c = WithDelivery(ctx, "command:grouped")
		}
		go func() {
			var r result
			defer func() {
				r.panicked = recover()
				results[i] <- r
			}()
			r.err = s.Tx(c, func(tx *Tx) error {
				if err := tx.Audit(at, "U1", "test", fmt.Sprintf("m%d", i), nil, nil); err != nil {
					return err
				}
				switch i {
				case 3:
					return errRefused
				case 6:
					panic("member 6")
				}
				return nil
			})
		}()
	}
	for deadline := time.Now().Add(10 * time.Second); len(s.group.ops) < n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d transactions queued", len(s.group.ops), n)
		}
	}
	cancel()
	close(release)

	if err := <-firstDone; err != nil {
		t.Fatalf("first: %v", err)
	}
	for i := range n {
		r := <-results[i]
		switch i {
		case 3:
			if !errors.Is(r.err, errRefused) || r.panicked != nil {
				t.Errorf("m3: %v, panic %v; want its own error", r.err, r.panicked)
			}
		case 5:
			if !errors.Is(r.err, context.Canceled) {
				t.Errorf("m5: %v; want its context's end", r.err)
			}
		case 6:
			if r.panicked != "member 6" {
				t.Errorf("m6: %v, panic %v; want its panic", r.err, r.panicked)
			}
		default:
			if r.err != nil || r.panicked != nil {
				t.Errorf("m%d: %v, panic %v", i, r.err, r.panicked)
			}
		}
	}
	for i := -1; i < n; i++ {
		subject := "first"
		if i >= 0 {
			subject = fmt.Sprintf("m%d", i)
		}
		trail, err := s.Read(ctx).AuditTrail(subject)
		if err != nil {
			t.Fatal(err)
		}
		want := 1
		if i == 3 || i == 5 || i == 6 {
			want = 0
		}
		if len(trail) != want {
			t.Errorf("%s: %d entries, want %d", subject, len(trail), want)
		}
	}
	var d SlackDelivery
	if err := s.DB.Where(`"key" = ?`, "command:grouped").Take(&d).Error; err != nil || d.HandledAt == nil {
		t.Fatalf("the delivery marked in a member: %+v, %v; want handled", d, err)
	}
}
