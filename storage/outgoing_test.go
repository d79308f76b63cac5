package storage_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"officebot/approval"
	"officebot/document"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// newOutgoing drafts an outgoing document whose chain is the steps given,
// one stage each.
func newOutgoing(t *testing.T, s *storage.Store, issuer document.Issuer, title string, at time.Time, who ...string) document.Outgoing {
	t.Helper()
	p := document.Plan{}
	for i, w := range who {
		kind := document.ReviewStep
		if i == len(who)-1 {
			kind = document.SignStep
		}
		p.Steps = append(p.Steps, document.PlannedStep{Stage: i, Kind: kind, Assignee: w})
	}
	d := document.Draft{Issuer: issuer, Title: title, Kind: "通知", Drafter: "U0OFFSTAFF", Areas: []string{"fgw"}, CoSign: []string{"czj", "zjj"}}
	o := document.NewOutgoing(d, p, at)
	o.Links = []string{"https://files.slack.com/files-pri/T1-F1/draft.docx"}
	if err := s.Tx(context.Background(), func(tx *storage.Tx) error { return tx.DraftOutgoing(&o) }); err != nil {
		t.Fatal(err)
	}
	return o
}

// sign decides the person's step and, when it was the last, numbers the
// document, in one transaction; it retries when another decision on the
// same document committed first.
func sign(s *storage.Store, id uint64, who string, action approval.Action, at time.Time) (document.Outgoing, error) {
	for range 20 {
		var o document.Outgoing
		moved := false
		err := s.Tx(context.Background(), func(tx *storage.Tx) error {
			var ok bool
			var err error
			o, ok, err = tx.OutgoingByID(id)
			if err != nil || !ok {
				return fmt.Errorf("load D%d: %v %w", id, ok, err)
			}
			next, out, err := o.Chain.Decide(who, action, "", at)
			if err != nil {
				return err
			}
			o.Chain = next
			if moved, err = tx.MoveOutgoing(o); err != nil || !moved {
				return err
			}
			if out.Signed {
				return tx.NumberOutgoing(&o, at.Year(), at)
			}
			return nil
		})
		if err != nil || moved {
			return o, err
		}
	}
	return document.Outgoing{}, fmt.Errorf("D%d: too many conflicts", id)
}

func TestOutgoingRoundTripAndConditionalMoves(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		at := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
		o := newOutgoing(t, s, document.Office, "关于做好元旦春节期间值班工作的通知", at, "U0OFFDEP", "U0OFFDIR")
		read := s.Read(ctx)
		got, ok, err := read.OutgoingByID(o.ID)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if !reflect.DeepEqual(got.Draft, o.Draft) || !reflect.DeepEqual(got.Chain, o.Chain) || !slices.Equal(got.Links, o.Links) ||
			got.Version != 0 || !got.Number.IsZero() {
			t.Fatalf("loaded %+v\nwant %+v", got, o)
		}
		if _, ok, _ := read.IncomingByID(o.ID); ok {
			t.Fatal("an outgoing document loads as an incoming one")
		}
		if w, _ := read.OutgoingWaitingFor("U0OFFDEP"); len(w) != 1 || w[0].ID != o.ID {
			t.Fatalf("waiting for the deputy: %v", w)
		}
		if w, _ := read.OutgoingWaitingFor("U0OFFDIR"); len(w) != 0 {
			t.Fatalf("waiting for the director before the review: %v", w)
		}
		// A decision on a stale version writes nothing.
		next, _, err := got.Chain.Decide("U0OFFDEP", approval.Approve, "", at)
		if err != nil {
			t.Fatal(err)
		}
		stale := got
		got.Chain = next
		if err := s.Tx(ctx, func(tx *storage.Tx) error {
			if ok, err := tx.MoveOutgoing(got); err != nil || !ok {
				return fmt.Errorf("move: %v %w", ok, err)
			}
			if ok, err := tx.MoveOutgoing(stale); err != nil || ok {
				return fmt.Errorf("stale move: %v %w", ok, err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if w, _ := read.OutgoingWaitingFor("U0OFFDIR"); len(w) != 1 {
			t.Fatalf("waiting for the director after the review: %v", w)
		}
		signed, err := sign(s, o.ID, "U0OFFDIR", approval.Sign, at)
		if err != nil {
			t.Fatal(err)
		}
		if signed.Number.String() != "昆政办发〔2026〕1号" {
			t.Fatalf("number %s", signed.Number)
		}
		reloaded, _, _ := read.OutgoingByID(o.ID)
		if reloaded.Number != signed.Number || reloaded.SignedAt == nil || reloaded.Chain.State != document.ChainSigned || reloaded.Version != 2 {
			t.Fatalf("reloaded %+v", reloaded)
		}
		if id, ok, _ := read.DocumentByNumber(signed.Number); !ok || id != o.ID {
			t.Fatalf("by number: %d %v", id, ok)
		}
		if err := s.Tx(ctx, func(tx *storage.Tx) error { return tx.NumberOutgoing(&reloaded, 2026, at) }); err == nil {
			t.Fatal("numbered twice")
		}
	})
}

// TestFiftyConcurrentSignaturesGetConsecutiveNumbersPerIssuer: the last
// signatures of 50 documents at once, 30 in the government's name and 20
// in the office's, on both databases.
func TestFiftyConcurrentSignaturesGetConsecutiveNumbersPerIssuer(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		at := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
		var docs []document.Outgoing
		for i := range 50 {
			issuer := document.Government
			if i%5 >= 3 {
				issuer = document.Office
			}
			docs = append(docs, newOutgoing(t, s, issuer, fmt.Sprintf("关于第%d项工作的通知", i), at, "U0MAYOR"))
		}
		var wg sync.WaitGroup
		results := make([]document.Outgoing, len(docs))
		errs := make([]error, len(docs))
		for i, d := range docs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = sign(s, d.ID, "U0MAYOR", approval.Sign, at)
			}()
		}
		wg.Wait()
		got := map[document.Register][]int64{}
		for i, r := range results {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			got[r.Number.Register] = append(got[r.Number.Register], r.Number.N)
		}
		for reg, want := range map[document.Register]int{document.GovernmentRegister: 30, document.OfficeRegister: 20} {
			ns := got[reg]
			slices.Sort(ns)
			if len(ns) != want || ns[0] != 1 || ns[len(ns)-1] != int64(want) || len(slices.Compact(ns)) != want {
				t.Errorf("%s: numbers %v, want 1..%d once each", reg, ns, want)
			}
		}
	})
}

// TestTwoCoSignersAtOnceAreBothRecorded: parallel 会签 steps decided at the
// same moment both count (the second retries on the new version).
func TestTwoCoSignersAtOnceAreBothRecorded(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		at := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
		p := document.Plan{Steps: []document.PlannedStep{{Stage: 0, Kind: document.CoSignStep, Assignee: "U0CZJHEAD"},
			{Stage: 0, Kind: document.CoSignStep, Assignee: "U0ZJJHEAD"}, {Stage: 1, Kind: document.SignStep, Assignee: "U0VMLI"}}}
		o := document.NewOutgoing(document.Draft{Issuer: document.Government, Title: "关于X的通知", Kind: "通知", Drafter: "U0FGWHEAD"}, p, at)
		if err := s.Tx(context.Background(), func(tx *storage.Tx) error { return tx.DraftOutgoing(&o) }); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for _, who := range []string{"U0CZJHEAD", "U0ZJJHEAD", "U0CZJHEAD"} {
			wg.Add(1)
			go func() { defer wg.Done(); _, _ = sign(s, o.ID, who, approval.Approve, at) }()
		}
		wg.Wait()
		got, _, _ := s.Read(context.Background()).OutgoingByID(o.ID)
		if got.Version != 2 || len(got.Chain.History) != 2 {
			t.Fatalf("version %d, history %+v", got.Version, got.Chain.History)
		}
		if open := got.Chain.Open(); len(open) != 1 || got.Chain.Steps[open[0]].Assignee != "U0VMLI" {
			t.Fatalf("open %v", open)
		}
	})
}

func TestOutgoingSameTitleFindsWhatArticle53Compares(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		last := time.Date(2025, 6, 1, 2, 0, 0, 0, time.UTC)
		now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
		old := newOutgoing(t, s, document.Office, "关于做好防汛工作的通知", last, "U0OFFDIR")
		if _, err := sign(s, old.ID, "U0OFFDIR", approval.Sign, last); err != nil {
			t.Fatal(err)
		}
		issued := newOutgoing(t, s, document.Office, "关于做好防汛工作的通知", now, "U0OFFDIR")
		if _, err := sign(s, issued.ID, "U0OFFDIR", approval.Sign, now); err != nil {
			t.Fatal(err)
		}
		inChain := newOutgoing(t, s, document.Government, "关于做好 防汛工作的“通知”", now, "U0MAYOR")
		newOutgoing(t, s, document.Office, "关于做好防台工作的通知", now, "U0OFFDIR")
		got, err := s.Read(ctx).OutgoingSameTitle("关于做好防汛工作的通知", 2026)
		if err != nil {
			t.Fatal(err)
		}
		want := []document.Earlier{{ID: issued.ID, Title: "关于做好防汛工作的通知", Number: "昆政办发〔2026〕1号"},
			{ID: inChain.ID, Title: "关于做好 防汛工作的“通知”"}}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("same title: %+v\nwant %+v", got, want)
		}
		if e, ok := document.RepeatOf("关于做好防汛工作的通知", got); !ok || e.Number != "昆政办发〔2026〕1号" {
			t.Fatalf("RepeatOf: %+v %v", e, ok)
		}
	})
}
