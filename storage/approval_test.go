package storage_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"officebot/approval"
	"officebot/directory"
	"officebot/storage"
	"officebot/storage/storagetest"
)

var (
	vm       = directory.Person{SlackID: "U0VMLI", Role: directory.ViceMayor, Active: true}
	mayor    = directory.Person{SlackID: "U0MAYOR", Role: directory.Mayor, Active: true}
	head     = directory.Person{SlackID: "U0FGWHEAD", Role: directory.DepartmentHead, Active: true}
	director = directory.Person{SlackID: "U0OFFDIR", Role: directory.OfficeDirector, Active: true}
)

func startChain(t *testing.T, s *storage.Store, subject string, steps ...approval.Step) {
	t.Helper()
	if err := s.Tx(context.Background(), func(tx *storage.Tx) error { return tx.StartApproval(subject, steps, now) }); err != nil {
		t.Fatal(err)
	}
}

func decide(s *storage.Store, d approval.Decision) (approval.Outcome, error) {
	var out approval.Outcome
	err := s.Tx(context.Background(), func(tx *storage.Tx) error {
		var err error
		out, err = tx.Decide(d, now)
		return err
	})
	return out, err
}

func TestDecideEnforcesWhoMayActAndWhat(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		startChain(t, s, "L1", approval.Step{Kind: "approve", Assignee: vm.SlackID, Actions: []approval.Action{approval.Approve, approval.Reject}})
		tests := []struct {
			name string
			d    approval.Decision
			want error
		}{
			{"someone else", approval.Decision{Subject: "L1", Actor: mayor, Requester: head.SlackID, Action: approval.Approve}, approval.ErrNotYours},
			{"own request", approval.Decision{Subject: "L1", Actor: vm, Requester: vm.SlackID, Action: approval.Approve}, approval.ErrOwnRequest},
			{"action not offered", approval.Decision{Subject: "L1", Actor: vm, Requester: head.SlackID, Action: approval.Sign}, approval.ErrActionNotAllowed},
			{"reject without reason", approval.Decision{Subject: "L1", Actor: vm, Requester: head.SlackID, Action: approval.Reject}, approval.ErrReasonRequired},
			{"unknown subject", approval.Decision{Subject: "L9", Actor: vm, Action: approval.Approve}, approval.ErrNoPendingStep},
		}
		for _, tt := range tests {
			if _, err := decide(s, tt.d); !errors.Is(err, tt.want) {
				t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
			}
		}
		out, err := decide(s, approval.Decision{Subject: "L1", Actor: vm, Requester: head.SlackID, Action: approval.Approve})
		if err != nil || !out.Final || out.Step.DecidedBy != vm.SlackID {
			t.Fatalf("approve: %+v %v", out, err)
		}
		if _, err := decide(s, approval.Decision{Subject: "L1", Actor: vm, Requester: head.SlackID, Action: approval.Approve}); !errors.Is(err, approval.ErrAlreadyDecided) {
			t.Fatalf("second decision: %v, want ErrAlreadyDecided", err)
		}
	})
}

func TestChainOpensStepsInOrderAndRolesResolveWhenActing(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		startChain(t, s, "M1-minutes",
			approval.Step{Kind: "review", Role: directory.OfficeDirector, Actions: []approval.Action{approval.Approve, approval.Return}},
			approval.Step{Kind: "sign", Assignee: mayor.SlackID, Actions: []approval.Action{approval.Sign, approval.Return}})
		pend, err := s.Read(context.Background()).PendingFor(director)
		if err != nil || len(pend) != 1 {
			t.Fatalf("director's pending steps: %v %v", pend, err)
		}
		if pend, _ := s.Read(context.Background()).PendingFor(mayor); len(pend) != 0 {
			t.Fatalf("the mayor's step is not open yet: %v", pend)
		}
		if _, err := decide(s, approval.Decision{Subject: "M1-minutes", Actor: mayor, Action: approval.Sign}); !errors.Is(err, approval.ErrNotYours) {
			t.Fatalf("mayor signing before review: %v", err)
		}
		out, err := decide(s, approval.Decision{Subject: "M1-minutes", Actor: director, Action: approval.Approve})
		if err != nil || out.Final || out.Next == nil || out.Next.Assignee != mayor.SlackID {
			t.Fatalf("review: %+v %v", out, err)
		}
		out, err = decide(s, approval.Decision{Subject: "M1-minutes", Actor: mayor, Action: approval.Sign})
		if err != nil || !out.Final {
			t.Fatalf("sign: %+v %v", out, err)
		}
	})
}

func TestReturnEndsTheChain(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		startChain(t, s, "D1",
			approval.Step{Kind: "review", Assignee: director.SlackID, Actions: []approval.Action{approval.Approve, approval.Return}},
			approval.Step{Kind: "sign", Assignee: mayor.SlackID, Actions: []approval.Action{approval.Sign}})
		out, err := decide(s, approval.Decision{Subject: "D1", Actor: director, Action: approval.Return, Comment: "格式不符"})
		if err != nil || !out.Final {
			t.Fatalf("return: %+v %v", out, err)
		}
		steps, _ := s.Read(context.Background()).Steps("D1")
		if steps[1].State != approval.Cancelled {
			t.Fatalf("later step state %q, want cancelled", steps[1].State)
		}
	})
}

func TestConcurrentClicksDecideOnce(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		for round := 0; round < 5; round++ {
			subject := "L" + string(rune('a'+round))
			startChain(t, s, subject, approval.Step{Kind: "approve", Assignee: vm.SlackID, Actions: []approval.Action{approval.Approve, approval.Reject}})
			var (
				wg      sync.WaitGroup
				mu      sync.Mutex
				won     int
				already int
			)
			for i := 0; i < 8; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					d := approval.Decision{Subject: subject, Actor: vm, Requester: head.SlackID, Action: approval.Approve}
					if i%2 == 1 {
						d.Action, d.Comment = approval.Reject, "理由"
					}
					_, err := decide(s, d)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						won++
					case errors.Is(err, approval.ErrAlreadyDecided):
						already++
					default:
						t.Errorf("unexpected error: %v", err)
					}
				}(i)
			}
			wg.Wait()
			if won != 1 || already != 7 {
				t.Fatalf("round %d: %d decisions and %d refusals, want 1 and 7", round, won, already)
			}
		}
	})
}

func TestReassignAndCancel(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		startChain(t, s, "L1", approval.Step{Kind: "approve", Assignee: vm.SlackID, Actions: []approval.Action{approval.Approve}})
		err := s.Tx(context.Background(), func(tx *storage.Tx) error { return tx.ReassignStep("L1", mayor.SlackID, "away") })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := decide(s, approval.Decision{Subject: "L1", Actor: vm, Action: approval.Approve}); !errors.Is(err, approval.ErrNotYours) {
			t.Fatalf("old assignee after reassign: %v", err)
		}
		if err := s.Tx(context.Background(), func(tx *storage.Tx) error { return tx.CancelApproval("L1") }); err != nil {
			t.Fatal(err)
		}
		if _, err := decide(s, approval.Decision{Subject: "L1", Actor: mayor, Action: approval.Approve}); err == nil {
			t.Fatal("a cancelled chain must not be decided")
		}
		if err := s.Tx(context.Background(), func(tx *storage.Tx) error { return tx.CancelApproval("L1") }); !errors.Is(err, approval.ErrAlreadyDecided) {
			t.Fatalf("cancel twice: %v", err)
		}
	})
}

// The reminder pass's narrow read of the due steps finds DueApprovals'
// steps, in its order, with their subject, assignee, role and activation.
func TestDueStepsAreDueApprovalsNarrowed(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		day := func(d int) time.Time { return time.Date(2026, 11, d, 1, 30, 0, 0, time.UTC) }
		err := s.Tx(ctx, func(tx *storage.Tx) error {
			for i, st := range []approval.Step{
				{Kind: "approve", Assignee: "U0VMLI", Actions: []approval.Action{approval.Approve}},
				{Kind: "approve", Role: directory.OfficeDirector, Actions: []approval.Action{approval.Approve}},
				{Kind: "approve", Assignee: "U0MAYOR", Actions: []approval.Action{approval.Approve}},
			} {
				if err := tx.StartApproval(fmt.Sprintf("L%d", i+1), []approval.Step{st}, day(20-i)); err != nil {
					return err
				}
			}
			return tx.StartApproval("L9", []approval.Step{{Kind: "approve", Assignee: "U0VMLI", Actions: []approval.Action{approval.Approve}}}, day(25))
		})
		if err != nil {
			t.Fatal(err)
		}
		read := s.Read(ctx)
		full, err := read.DueApprovals(day(21))
		if err != nil {
			t.Fatal(err)
		}
		narrow, err := read.DueSteps(day(21))
		if err != nil {
			t.Fatal(err)
		}
		if len(full) != 3 || len(narrow) != 3 {
			t.Fatalf("due: %d full, %d narrow, want 3", len(full), len(narrow))
		}
		for i, n := range narrow {
			f := full[i]
			if n.Subject != f.Subject || n.Assignee != f.Assignee || n.Role != f.Role || !n.ActivatedAt.Equal(*f.ActivatedAt) {
				t.Fatalf("step %d: narrow %+v, full %+v", i, n, f)
			}
		}
		if narrow[0].Subject != "L3" || narrow[1].Role != directory.OfficeDirector {
			t.Fatalf("order or role: %+v", narrow)
		}
	})
}
