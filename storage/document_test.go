package storage_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"officebot/calendar"
	"officebot/document"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func newIncoming(dept, title string, at time.Time) document.Incoming {
	return document.Incoming{Title: title, Type: document.Request, Department: dept, Submitter: "U0FGWHEAD", Signer: "U0FGWHEAD",
		Category: calendar.InRemit, CoDepartments: []string{"czj", "zjj"}, Matters: 1, State: document.Pending, Leader: "U0VMLI",
		Links: []string{"https://files.slack.com/x"}, CreatedAt: at}
}

func register(t *testing.T, s *storage.Store, d document.Incoming) document.Incoming {
	t.Helper()
	err := s.Tx(context.Background(), func(tx *storage.Tx) error { return tx.RegisterIncoming(&d, 2026) })
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestIncomingNumbersAreGapFreeUnderConcurrency: 50 submissions at once
// get 50 consecutive numbers (Art. 49), on SQLite and PostgreSQL.
func TestIncomingNumbersAreGapFreeUnderConcurrency(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		at := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
		const n = 50
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := newIncoming("fgw", fmt.Sprintf("关于第%d件事的请示", i), at)
				errs <- s.Tx(context.Background(), func(tx *storage.Tx) error { return tx.RegisterIncoming(&d, 2026) })
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		var nums []int64
		if err := s.DB.Model(&storage.Document{}).Where("register = ? AND year = ?", "昆政办收", 2026).Order("number").Pluck("number", &nums).Error; err != nil {
			t.Fatal(err)
		}
		if len(nums) != n {
			t.Fatalf("%d documents registered", len(nums))
		}
		for i, v := range nums {
			if v != int64(i+1) {
				t.Fatalf("numbers %v are not 1..%d", nums, n)
			}
		}
		// A rolled-back registration leaves no gap: the next is 51.
		_ = s.Tx(context.Background(), func(tx *storage.Tx) error {
			d := newIncoming("czj", "回滚", at)
			if err := tx.RegisterIncoming(&d, 2026); err != nil {
				return err
			}
			return errors.New("roll back")
		})
		d := register(t, s, newIncoming("czj", "下一件", at))
		if d.Number.String() != "昆政办收〔2026〕51号" {
			t.Fatalf("after a rollback: %s", d.Number)
		}
	})
}

// TestSameDocumentTwiceAtOnceRegistersOne: the Art. 48 duplicate check
// holds under concurrency.
func TestSameDocumentTwiceAtOnceRegistersOne(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		at := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
		const n = 8
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := newIncoming("fgw", "关于 老旧小区改造的请示", at)
				errs <- s.Tx(context.Background(), func(tx *storage.Tx) error { return tx.RegisterIncoming(&d, 2026) })
			}()
		}
		wg.Wait()
		close(errs)
		ok, dups := 0, 0
		for err := range errs {
			var de *storage.DuplicateError
			switch {
			case err == nil:
				ok++
			case errors.As(err, &de) && de.Key == "D1":
				dups++
			default:
				t.Fatal(err)
			}
		}
		if ok != 1 || dups != n-1 {
			t.Fatalf("%d registered, %d duplicates", ok, dups)
		}
		read := s.Read(context.Background())
		if k, err := read.OpenDuplicate("fgw", "关于老旧小区改造的请示"); err != nil || k != "D1" {
			t.Fatalf("OpenDuplicate = %q %v", k, err)
		}
		if k, _ := read.OpenDuplicate("czj", "关于老旧小区改造的请示"); k != "" {
			t.Fatalf("another unit's document is a duplicate: %s", k)
		}
	})
}

func TestIncomingRoundTripAndConditionalMoves(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		at := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
		d := register(t, s, newIncoming("fgw", "关于X的请示", at))
		read := s.Read(ctx)
		got, ok, err := read.IncomingByID(d.ID)
		if err != nil || !ok || got.Number != d.Number || !slices.Equal(got.CoDepartments, []string{"czj", "zjj"}) ||
			!slices.Equal(got.Links, d.Links) || got.State != document.Pending || got.Version != 0 {
			t.Fatalf("loaded %+v %v %v", got, ok, err)
		}
		if id, ok, _ := read.DocumentByNumber(d.Number); !ok || id != d.ID {
			t.Fatalf("by number: %d %v", id, ok)
		}
		if dir, ok, _ := read.DocumentDirection(d.ID); !ok || dir != document.In {
			t.Fatalf("direction %q", dir)
		}
		assigned, err := got.Assign(document.Assignment{Lead: "zjj", Co: []string{"czj"}, By: "U0VMLI", At: at,
			Due: calendar.Due{Date: time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)}})
		if err != nil {
			t.Fatal(err)
		}
		// Two changes from the same read: one wins.
		var wins int
		for range 2 {
			if err := s.Tx(ctx, func(tx *storage.Tx) error {
				ok, err := tx.MoveIncoming(assigned)
				if ok {
					wins++
				}
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		if wins != 1 {
			t.Fatalf("%d wins", wins)
		}
		now, _, _ := read.IncomingByID(d.ID)
		if now.State != document.Handling || now.Due != "2026-12-15" || now.Version != 1 || !slices.Equal(now.HandlingCo, []string{"czj"}) {
			t.Fatalf("after move %+v", now)
		}
		due, err := read.IncomingDueBy("2026-12-15")
		if err != nil || len(due) != 1 || due[0].ID != d.ID {
			t.Fatalf("due by 15th: %v %v", due, err)
		}
		if due, _ := read.IncomingDueBy("2026-12-14"); len(due) != 0 {
			t.Fatalf("due by 14th: %v", due)
		}
		// The deadline reminders' narrow read finds the same document.
		narrow, err := read.HandlingDueBy("2026-12-15")
		if err != nil || len(narrow) != 1 || narrow[0].ID != d.ID || narrow[0].Key() != d.Key() || narrow[0].Title != d.Title ||
			narrow[0].Due != "2026-12-15" || narrow[0].HandlingDept != "zjj" {
			t.Fatalf("narrow due by 15th: %+v %v", narrow, err)
		}
		if narrow, _ := read.HandlingDueBy("2026-12-14"); len(narrow) != 0 {
			t.Fatalf("narrow due by 14th: %+v", narrow)
		}
		for dept, want := range map[string]int{"fgw": 1, "zjj": 1, "czj": 1, "jyj": 0} {
			ds, err := read.IncomingList(storage.IncomingFilter{Department: dept})
			if err != nil || len(ds) != want {
				t.Errorf("list of %s: %d %v", dept, len(ds), err)
			}
		}
		if ds, _ := read.IncomingList(storage.IncomingFilter{Leader: "U0VMLI", States: []document.State{document.Done}}); len(ds) != 0 {
			t.Errorf("done filter: %v", ds)
		}

		// Extensions are numbered and their answer is recorded once.
		asked := now
		asked.ExtDue, asked.ExtReason = "2026-12-22", "调研"
		err = s.Tx(ctx, func(tx *storage.Tx) error {
			seq, err := tx.AddExtension(asked, "U0ZJJHEAD", at)
			if err != nil || seq != 1 {
				return fmt.Errorf("seq %d: %w", seq, err)
			}
			seq, ok, err := tx.DecideExtension(d.ID, true, "U0VMLI", "", at)
			if err != nil || !ok || seq != 1 {
				return fmt.Errorf("decide %d %v: %w", seq, ok, err)
			}
			if _, ok, _ := tx.DecideExtension(d.ID, false, "U0VMLI", "", at); ok {
				return errors.New("decided twice")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		exts, _ := read.ExtensionsOf(d.ID)
		if len(exts) != 1 || exts[0].State != storage.ExtensionGranted || exts[0].ToDue != "2026-12-22" {
			t.Fatalf("extensions %+v", exts)
		}
	})
}

// The digest's counts come from one grouped query: per handling unit, the
// documents in handling with a due date, those due before today, and the
// first by due date then ID; documents not in handling, without a due date
// or outgoing are not counted.
func TestHandlingByDeptCountsWhatEachUnitHasInHand(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		rows := []storage.Document{
			{Direction: "in", Title: "甲三", Department: "fgw", Submitter: "U1", State: "handling", HandlingDept: "zjj", Due: "2026-12-09"},
			{Direction: "in", Title: "甲一", Department: "fgw", Submitter: "U1", State: "handling", HandlingDept: "zjj", Due: "2026-12-01"},
			{Direction: "in", Title: "甲二", Department: "fgw", Submitter: "U1", State: "handling", HandlingDept: "zjj", Due: "2026-12-01"},
			{Direction: "in", Title: "乙", Department: "fgw", Submitter: "U1", State: "handling", HandlingDept: "czj", Due: "2026-12-20"},
			{Direction: "in", Title: "已办", Department: "fgw", Submitter: "U1", State: "done", HandlingDept: "czj", Due: "2026-11-01"},
			{Direction: "in", Title: "无期限", Department: "fgw", Submitter: "U1", State: "handling", HandlingDept: "czj"},
			{Direction: "out", Title: "发文", Department: "czj", Submitter: "U1", State: "handling", HandlingDept: "czj", Due: "2026-11-01"},
		}
		if err := s.DB.Create(&rows).Error; err != nil {
			t.Fatal(err)
		}
		gs, err := s.Read(context.Background()).HandlingByDept("2026-12-07")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range gs {
			got = append(got, fmt.Sprintf("%s %d %d %s", g.Dept, g.N, g.Overdue, g.First.Title))
		}
		want := []string{"zjj 3 2 甲一", "czj 1 0 乙"}
		if !slices.Equal(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
}
