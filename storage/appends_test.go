package storage_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/dates"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// appendAll appends what a filing appends for subject: an audit entry, an
// approval step and a message.
func appendAll(tx *storage.Tx, subject string, at time.Time) error {
	if err := tx.Audit(at, "U0FGWHEAD", "leave.file", subject, nil, map[string]string{"state": "pending"}); err != nil {
		return err
	}
	step := approval.Step{Kind: "approve", Assignee: "U0VMLI", Actions: []approval.Action{approval.Approve, approval.Reject}, Note: "分管"}
	if err := tx.StartApproval(subject, []approval.Step{step}, at); err != nil {
		return err
	}
	return tx.Enqueue(at, chat.Message{Channel: "U0VMLI", ItemKey: subject, Text: "请审批 " + subject})
}

// idOf returns the ID of the one row of table about subject.
func idOf(t *testing.T, s *storage.Store, table, column, subject string) uint64 {
	t.Helper()
	var ids []uint64
	if err := s.DB.Table(table).Where(column+" = ?", subject).Pluck("id", &ids).Error; err != nil || len(ids) != 1 {
		t.Fatalf("%s of %s: %v, %v", table, subject, ids, err)
	}
	return ids[0]
}

// Appends deferred to the end of the transaction (PostgreSQL: written with
// the handled mark in one statement, issue 15) write the same rows as
// appends written at once, mark the delivery handled, and are written
// only if the transaction commits.
func TestDeferredAppendsWriteWhatImmediateAppendsWrote(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		at := time.Date(2026, 12, 7, 1, 2, 3, 456789000, time.UTC)
		if err := s.Tx(ctx, func(tx *storage.Tx) error { return appendAll(tx, "L1", at) }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TakeDelivery(ctx, "d2", "{}", "w", at, time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := s.Tx(storage.WithDelivery(ctx, "d2"), func(tx *storage.Tx) error {
			tx.DeferAppends()
			return appendAll(tx, "L2", at)
		}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ table, column, skip string }{
			{"audit_entries", "subject", "subject"},
			{"approval_steps", "subject", "subject"},
			{"outbox_messages", "item_key", "item_key"},
		} {
			skip := []string{c.skip}
			if c.table == "outbox_messages" {
				skip = append(skip, "payload")
			}
			a := rowOf(t, s, c.table, idOf(t, s, c.table, c.column, "L1"), skip...)
			b := rowOf(t, s, c.table, idOf(t, s, c.table, c.column, "L2"), skip...)
			if !maps.Equal(a, b) {
				t.Errorf("%s: written at once\n%v\ndeferred\n%v", c.table, a, b)
			}
		}
		if _, handled, err := s.DeliveryClaim(ctx, "d2"); err != nil || !handled {
			t.Fatalf("delivery d2 handled %v, %v; want handled", handled, err)
		}

		// The same delivery again: already handled, nothing is written.
		err := s.Tx(storage.WithDelivery(ctx, "d2"), func(tx *storage.Tx) error {
			tx.DeferAppends()
			return appendAll(tx, "L3", at)
		})
		if !errors.Is(err, storage.ErrAlreadyHandled) {
			t.Fatalf("second handling of d2: %v, want ErrAlreadyHandled", err)
		}
		// A transaction that fails after deferring writes nothing either.
		boom := errors.New("boom")
		if err := s.Tx(ctx, func(tx *storage.Tx) error {
			tx.DeferAppends()
			if err := appendAll(tx, "L4", at); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatalf("failed transaction: %v", err)
		}
		for _, subject := range []string{"L3", "L4"} {
			var n int64
			for _, table := range []string{"audit_entries", "approval_steps"} {
				if err := s.DB.Table(table).Where("subject = ?", subject).Count(&n).Error; err != nil || n != 0 {
					t.Errorf("%s of %s: %d rows, %v; want none", table, subject, n, err)
				}
			}
			if err := s.DB.Table("outbox_messages").Where("item_key = ?", subject).Count(&n).Error; err != nil || n != 0 {
				t.Errorf("outbox of %s: %d rows, %v; want none", subject, n, err)
			}
		}
	})
}

// Deferred messages keep the order they were queued in, also when a
// larger batch queued after them is written at once.
func TestDeferredMessagesKeepTheirOrder(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		at := time.Date(2026, 12, 7, 1, 2, 3, 0, time.UTC)
		var want []string
		msg := func(i int) chat.Message {
			text := fmt.Sprintf("m%02d", i)
			want = append(want, text)
			return chat.Message{Channel: "C0LEAVE", ItemKey: "L9", Text: text}
		}
		if err := s.Tx(ctx, func(tx *storage.Tx) error {
			tx.DeferAppends()
			if err := tx.Enqueue(at, msg(0)); err != nil {
				return err
			}
			if err := tx.Enqueue(at, msg(1), msg(2)); err != nil {
				return err
			}
			var many []chat.Message
			for i := 3; i < 23; i++ {
				many = append(many, msg(i))
			}
			if err := tx.Enqueue(at, many...); err != nil {
				return err
			}
			return tx.Enqueue(at, msg(23))
		}); err != nil {
			t.Fatal(err)
		}
		var rows []storage.OutboxMessage
		if err := s.DB.Where("item_key = ?", "L9").Order("id").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			var m chat.Message
			if err := json.Unmarshal([]byte(r.Payload), &m); err != nil {
				t.Fatal(err)
			}
			got = append(got, m.Text)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("outbox order\n%v\nwant\n%v", got, want)
		}
	})
}

// fileIn files r in a transaction of its own, deferring its appends when
// deferred, and returns it with its ID, or the request it overlaps.
func fileIn(t *testing.T, s *storage.Store, r leave.Request, deferred bool) (leave.Request, *leave.Request) {
	t.Helper()
	var overlap *leave.Request
	if err := s.Tx(context.Background(), func(tx *storage.Tx) error {
		if deferred {
			tx.DeferAppends()
		}
		var err error
		overlap, err = tx.FileLeave(&r)
		return err
	}); err != nil {
		t.Fatalf("file %+v: %v", r.Period, err)
	}
	return r, overlap
}

// A request filed with its appends deferred is the row filed at once; a
// request sharing a date but no half day with a standing one is filed
// (PostgreSQL: past leave_filing_id's check by dates, the half days are
// read); one sharing a half day is not, and the standing one is returned.
func TestFilingDeferredAndByHalfDays(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		at := time.Date(2026, 12, 7, 1, 2, 3, 456789000, time.UTC)
		day := func(d int) time.Time { return time.Date(2027, 1, d, 0, 0, 0, 0, dates.Shanghai) }
		r := leave.Request{Requester: "U0A", Kind: leave.BusinessTrip, Destination: "上海",
			Period: leave.Period{Start: day(4), End: day(5), EndHalf: leave.Morning}, Reason: "参加招商推介会",
			Required: true, ReasonCode: leave.ReasonOutsideSuzhou, Article: leave.Article{Number: 57, Paragraph: 1},
			Approver: "U0VMLI", ApproverReason: "dept_head", State: leave.Pending, CreatedAt: at}
		now, _ := fileIn(t, s, r, false)
		r.Requester = "U0B"
		later, _ := fileIn(t, s, r, true)
		if now.ID == 0 || later.ID == 0 {
			t.Fatalf("IDs %d, %d", now.ID, later.ID)
		}
		if a, b := rowOf(t, s, "leave_requests", now.ID, "requester"), rowOf(t, s, "leave_requests", later.ID, "requester"); !maps.Equal(a, b) {
			t.Fatalf("filed at once\n%v\ndeferred\n%v", a, b)
		}

		for _, deferred := range []bool{false, true} {
			who := fmt.Sprintf("U0C%v", deferred)
			first := r
			first.Requester = who
			if _, o := fileIn(t, s, first, deferred); o != nil {
				t.Fatalf("first filing overlaps %+v", o)
			}
			// The afternoon of the 5th: the first ends that morning.
			after := first
			after.Period = leave.Period{Start: day(5), StartHalf: leave.Afternoon, End: day(6)}
			filed, o := fileIn(t, s, after, deferred)
			if o != nil || filed.ID == 0 {
				t.Fatalf("deferred %v: the afternoon after a morning: overlap %+v, ID %d", deferred, o, filed.ID)
			}
			// The morning of the 6th is taken now.
			again := first
			again.Period = leave.SingleDay(day(6), leave.Morning)
			if refused, o := fileIn(t, s, again, deferred); o == nil || o.ID != filed.ID || refused.ID != 0 {
				t.Fatalf("deferred %v: a taken morning: overlap %+v, want L%d; ID %d", deferred, o, filed.ID, refused.ID)
			}
			open, err := s.Read(context.Background()).OpenLeaveOf(who, day(1))
			if err != nil || len(open) != 2 {
				t.Fatalf("deferred %v: standing %+v, %v; want 2", deferred, open, err)
			}
		}
	})
}

// Filings of one person that overlap in a chain (each shares a day with
// the next), filed at once from many goroutines, leave no two standing
// requests that overlap: the check and the insert stay one step with
// deferred appends (PostgreSQL: leave_filing_id's lock and fresh snapshot).
func TestConcurrentChainedFilingsLeaveNoOverlap(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		at := time.Date(2026, 12, 7, 1, 2, 3, 0, time.UTC)
		const n = 12
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				start := time.Date(2027, 1, 4+i, 0, 0, 0, 0, dates.Shanghai)
				r := leave.Request{Requester: "U0SAME", Kind: leave.BusinessTrip, Destination: "上海",
					Period: leave.Period{Start: start, End: start.AddDate(0, 0, 1)}, Required: true,
					ReasonCode: leave.ReasonOutsideSuzhou, Article: leave.Article{Number: 57, Paragraph: 1},
					State: leave.Pending, CreatedAt: at}
				errs <- s.Tx(context.Background(), func(tx *storage.Tx) error {
					tx.DeferAppends()
					if _, err := tx.FileLeave(&r); err != nil {
						return err
					}
					return tx.Audit(at, "U0SAME", "leave.file", r.Key(), nil, nil)
				})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		open, err := s.Read(context.Background()).OpenLeaveOf("U0SAME", time.Date(2027, 1, 1, 0, 0, 0, 0, dates.Shanghai))
		if err != nil || len(open) == 0 {
			t.Fatalf("standing: %+v, %v", open, err)
		}
		for i, a := range open {
			for _, b := range open[i+1:] {
				if leave.Overlaps(a.Period, b.Period) {
					t.Fatalf("L%d and L%d overlap: %+v, %+v", a.ID, b.ID, a.Period, b.Period)
				}
			}
		}
	})
}
