package storage_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"testing"
	"time"

	"officebot/approval"
	"officebot/chat"
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
