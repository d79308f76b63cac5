package storage_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"officebot/chat"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// refusedConnect is the error pgx returns when nothing listens where the
// database should be (PostgreSQL restarting).
func refusedConnect(t *testing.T) error {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = pgconn.Connect(ctx, "postgres://postgres@"+addr+"/test?sslmode=disable&connect_timeout=2")
	if err == nil {
		t.Fatal("connected to a closed port")
	}
	return err
}

func TestTransientFaultsAreToldByTheDriversCodesAndTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"serialization failure", &pgconn.PgError{Code: "40001"}, true},
		{"deadlock, wrapped", fmt.Errorf("file leave: %w", &pgconn.PgError{Code: "40P01"}), true},
		{"admin shutdown (PostgreSQL stopping)", &pgconn.PgError{Code: "57P01"}, true},
		{"crash shutdown", &pgconn.PgError{Code: "57P02"}, true},
		{"cannot connect now (PostgreSQL starting)", fmt.Errorf("x: %w", &pgconn.PgError{Code: "57P03"}), true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"connection refused by pgx", fmt.Errorf("org: %w", refusedConnect(t)), true},
		{"connection ended mid-statement", fmt.Errorf("query: %w", io.ErrUnexpectedEOF), true},
		{"conn closed", fmt.Errorf("commit: %w", pgconn.ErrConnClosed), true},
		{"SQLite busy", sqlite3.Error{Code: sqlite3.ErrBusy}, true},
		{"SQLite locked, wrapped", fmt.Errorf("decide: %w", sqlite3.Error{Code: sqlite3.ErrLocked}), true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"value too long", &pgconn.PgError{Code: "22001"}, false},
		{"SQLite constraint", sqlite3.Error{Code: sqlite3.ErrConstraint}, false},
		{"a domain error", errors.New("leave: overlaps L3"), false},
		{"only the text of a shutdown", errors.New("FATAL: terminating connection due to administrator command (SQLSTATE 57P01)"), false},
		{"context canceled", context.Canceled, false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		if got := storage.Transient(tt.err); got != tt.want {
			t.Errorf("%s: Transient(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

// proxied opens a store on a fresh PostgreSQL schema through a proxy the
// test can cut; it skips without OFFICEBOT_TEST_POSTGRES.
func proxied(t *testing.T) (*storage.Store, *storagetest.Proxy) {
	t.Helper()
	dsn := storagetest.PostgresDSN(t)
	p := storagetest.NewProxy(t, dsn)
	s, err := storage.Open(context.Background(), p.DSN(dsn), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, p
}

func TestACutConnectionIsTransientAndTheWorkMayRunAgain(t *testing.T) {
	t.Parallel()
	s, p := proxied(t)
	ctx := storage.Track(context.Background())
	err := s.Tx(ctx, func(tx *storage.Tx) error {
		p.Cut()
		_, err := tx.NextNumber("test", 2026)
		return err
	})
	if !storage.Transient(err) {
		t.Fatalf("a statement on a cut connection: %v, want a transient error", err)
	}
	if !storage.Rerunnable(ctx) || storage.CommitInDoubt(ctx) {
		t.Fatalf("nothing reached COMMIT: rerunnable %v, in doubt %v", storage.Rerunnable(ctx), storage.CommitInDoubt(ctx))
	}
	if err := s.Ping(context.Background()); !storage.Transient(err) {
		t.Fatalf("a new connection while cut: %v, want a transient error", err)
	}
	p.Restore()
	if err := s.Tx(ctx, func(tx *storage.Tx) error { _, err := tx.NextNumber("test", 2026); return err }); err != nil {
		t.Fatalf("after the restore: %v", err)
	}
	if storage.Rerunnable(ctx) {
		t.Fatal("rerunnable after a commit")
	}
}

func TestACommitCutOffIsInDoubtAndOnlyADeliveryMayRunAgain(t *testing.T) {
	t.Parallel()
	s, p := proxied(t)
	cutAtCommit := func(ctx context.Context) error {
		defer p.Restore()
		return s.Tx(ctx, func(tx *storage.Tx) error {
			if _, err := tx.NextNumber("test", 2026); err != nil {
				return err
			}
			p.Cut() // the COMMIT goes to a closed connection
			return nil
		})
	}
	tracked := storage.Track(context.Background())
	if err := cutAtCommit(tracked); !storage.Transient(err) {
		t.Fatalf("commit on a cut connection: %v", err)
	}
	if storage.Rerunnable(tracked) || !storage.CommitInDoubt(tracked) {
		t.Fatalf("a cut COMMIT without a delivery: rerunnable %v, in doubt %v", storage.Rerunnable(tracked), storage.CommitInDoubt(tracked))
	}
	// A request's handling: its delivery mark refuses a second commit, so
	// it may run again.
	if _, err := s.TakeDelivery(context.Background(), "command:cut-after-mark", "{}", "w", time.Now(), time.Minute); err != nil {
		t.Fatal(err)
	}
	// The cut comes after the delivery is marked, as the last statement
	// before COMMIT.
	storage.AfterMarkHandled(t, func(key string) {
		if key == "command:cut-after-mark" {
			p.Cut()
		}
	})
	marked := storage.WithDelivery(context.Background(), "command:cut-after-mark")
	err := s.Tx(marked, func(tx *storage.Tx) error {
		_, err := tx.NextNumber("test", 2026)
		return err
	})
	p.Restore()
	if !storage.Transient(err) {
		t.Fatalf("commit on a cut connection: %v", err)
	}
	if !storage.Rerunnable(marked) || !storage.CommitInDoubt(marked) {
		t.Fatalf("a cut COMMIT of a delivery: rerunnable %v, in doubt %v", storage.Rerunnable(marked), storage.CommitInDoubt(marked))
	}
}

// A worker retrying "sent" after a COMMIT cut off that went through finds
// its own mark: still its delivery, no "lease lost" (issue 11 item 22).
func TestAMarkRetriedAfterItsCommitWentThroughIsStillTheWorkers(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
		rows := queueAndClaim(t, s, now, chat.Message{Channel: "C0LEAVE", Text: "一"})
		sent := now.Add(1234567 * time.Nanosecond) // finer than the database keeps
		for i := range 2 {
			if owned, err := s.MarkOutboxSent(ctx, rows[0].ID, "worker-a", sent, nil); err != nil || !owned {
				t.Fatalf("mark %d: owned %v, %v", i+1, owned, err)
			}
		}
		// Another worker's mark is not taken for this one's.
		if owned, err := s.MarkOutboxSent(ctx, rows[0].ID, "worker-b", sent.Add(time.Second), nil); err != nil || owned {
			t.Fatalf("worker-b: owned %v, %v", owned, err)
		}
	})
}

// Claims a worker does not know it holds (a claim whose COMMIT went through
// unseen) are given back, marked doubtful; the rows it is sending are kept.
func TestReleasingOutboxClaimsKeepsWhatTheWorkerIsSending(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
		rows := queueAndClaim(t, s, now, chat.Message{Channel: "C0LEAVE", Text: "一"}, chat.Message{Channel: "C0MEET", Text: "二"},
			chat.Message{Channel: "C0DOCS", Text: "三"})
		if n, err := s.ReleaseOutboxClaims(ctx, "worker-a", []uint64{rows[0].ID}); err != nil || n != 2 {
			t.Fatalf("released %d, %v; want 2", n, err)
		}
		again, err := s.ClaimOutbox(ctx, "worker-b", now, time.Minute, 0, 10)
		if err != nil || len(again) != 2 {
			t.Fatalf("worker-b claimed %d, %v; want the two released", len(again), err)
		}
		for _, r := range again {
			if r.ID == rows[0].ID || !r.InDoubt {
				t.Fatalf("worker-b got %d (in doubt %v)", r.ID, r.InDoubt)
			}
		}
	})
}

// A handling given up for a database fault gives its claim back for a
// replay at once, without counting as an attempt; DeliveryClaim tells a
// worker whether a take cut off wrote the record.
func TestAReleasedDeliveryIsReplayedAtOnceWithoutCountingAnAttempt(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
		if _, err := s.TakeDelivery(ctx, "command:busy", "{}", "w1", now, 30*time.Second); err != nil {
			t.Fatal(err)
		}
		if by, handled, err := s.DeliveryClaim(ctx, "command:busy"); err != nil || by != "w1" || handled {
			t.Fatalf("claim: %q %v %v", by, handled, err)
		}
		if rows, _ := s.ClaimUnhandledDeliveries(ctx, "w2", now.Add(time.Second), 30*time.Second, 10); len(rows) != 0 {
			t.Fatalf("a live claim was replayed: %+v", rows)
		}
		if err := s.ReleaseDelivery(ctx, "command:busy", "w1", now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		rows, err := s.ClaimUnhandledDeliveries(ctx, "w2", now.Add(2*time.Second), 30*time.Second, 10)
		if err != nil || len(rows) != 1 || rows[0].Attempts != 1 {
			t.Fatalf("replay after the release: %+v %v; want it, at attempt 1", rows, err)
		}
	})
}
