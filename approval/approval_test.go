package approval_test

import (
	"errors"
	"testing"
	"time"

	"officebot/approval"
	"officebot/directory"
)

// The chain logic on steps in memory; storage/approval_test.go runs the same
// rules through the database, concurrent clicks included.

var (
	now      = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	vm       = directory.Person{SlackID: "U0VMLI", Role: directory.ViceMayor, Active: true}
	mayor    = directory.Person{SlackID: "U0MAYOR", Role: directory.Mayor, Active: true}
	head     = directory.Person{SlackID: "U0FGWHEAD", Role: directory.DepartmentHead, Active: true}
	director = directory.Person{SlackID: "U0OFFDIR", Role: directory.OfficeDirector, Active: true}
	deputy   = directory.Person{SlackID: "U0OFFDEP", Role: directory.OfficeDeputyDirector, Active: true}
)

func plan(t *testing.T, steps ...approval.Step) []approval.Record {
	t.Helper()
	chain, err := approval.Plan("M1-minutes-1", steps, now)
	if err != nil {
		t.Fatal(err)
	}
	for i := range chain {
		chain[i].ID = uint64(i + 1)
	}
	return chain
}

var (
	review = approval.Step{Kind: "review", Role: directory.OfficeDirector, Actions: []approval.Action{approval.Approve, approval.Return}}
	sign   = approval.Step{Kind: "sign", Assignee: mayor.SlackID, Actions: []approval.Action{approval.Sign, approval.Return}}
)

func TestPlanOpensTheFirstStepOnly(t *testing.T) {
	t.Parallel()
	chain := plan(t, review, sign)
	if chain[0].State != approval.Pending || chain[0].ActivatedAt == nil || chain[0].Seq != 1 {
		t.Errorf("first step %+v: want pending, activated, seq 1", chain[0])
	}
	if chain[1].State != approval.Waiting || chain[1].ActivatedAt != nil || chain[1].Seq != 2 {
		t.Errorf("second step %+v: want waiting, seq 2", chain[1])
	}
	if _, err := approval.Plan("X", nil, now); err == nil {
		t.Error("a chain of no steps started")
	}
}

func TestDecideRefusesWhoMayNotActAndWhatIsNotOffered(t *testing.T) {
	t.Parallel()
	leave := approval.Step{Kind: "approve", Assignee: vm.SlackID, Actions: []approval.Action{approval.Approve, approval.Reject}}
	tests := []struct {
		name  string
		chain []approval.Record
		d     approval.Decision
		want  error
	}{
		{"someone else", plan(t, leave), approval.Decision{Actor: mayor, Requester: head.SlackID, Action: approval.Approve}, approval.ErrNotYours},
		{"own request", plan(t, leave), approval.Decision{Actor: vm, Requester: vm.SlackID, Action: approval.Approve}, approval.ErrOwnRequest},
		{"action not offered", plan(t, leave), approval.Decision{Actor: vm, Requester: head.SlackID, Action: approval.Sign}, approval.ErrActionNotAllowed},
		{"reject without reason", plan(t, leave), approval.Decision{Actor: vm, Requester: head.SlackID, Action: approval.Reject, Comment: "  "}, approval.ErrReasonRequired},
		{"no chain", nil, approval.Decision{Actor: vm, Action: approval.Approve}, approval.ErrNoPendingStep},
		{"decided chain", func() []approval.Record {
			c := plan(t, leave)
			c[0].State = approval.Done
			return c
		}(), approval.Decision{Actor: vm, Action: approval.Approve}, approval.ErrAlreadyDecided},
		{"role holder, the wrong role", plan(t, review), approval.Decision{Actor: deputy, Action: approval.Approve}, approval.ErrNotYours},
		{"also-role holder", plan(t, approval.Step{Kind: "review", Role: directory.OfficeDirector,
			AlsoRoles: []directory.Role{directory.OfficeDeputyDirector}, Actions: []approval.Action{approval.Approve}}),
			approval.Decision{Actor: deputy, Action: approval.Approve}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := approval.Decide(tt.chain, tt.d, now); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDecideOpensTheNextStepAndEndsTheChainOnTheLast(t *testing.T) {
	t.Parallel()
	chain := plan(t, review, sign)
	out, err := approval.Decide(chain, approval.Decision{Actor: director, Action: approval.Approve}, now)
	if err != nil || out.Final || out.Next == nil || out.Next.Seq != 2 || out.Next.State != approval.Pending {
		t.Fatalf("review: %+v %v", out, err)
	}
	if out.Step.State != approval.Done || out.Step.DecidedBy != director.SlackID || out.Step.Version != chain[0].Version+1 {
		t.Fatalf("decided step %+v", out.Step)
	}
	chain[0], chain[1] = out.Step, *out.Next
	if err := approval.CheckMayDecide(chain, director); !errors.Is(err, approval.ErrNotYours) {
		t.Errorf("the director after the review: %v, want ErrNotYours", err)
	}
	out, err = approval.Decide(chain, approval.Decision{Actor: mayor, Action: approval.Sign}, now)
	if err != nil || !out.Final || out.Next != nil {
		t.Fatalf("sign: %+v %v", out, err)
	}
}

func TestReturnCancelsTheWaitingSteps(t *testing.T) {
	t.Parallel()
	chain := plan(t, review, sign)
	out, err := approval.Decide(chain, approval.Decision{Actor: director, Action: approval.Return, Comment: "格式不符"}, now)
	if err != nil || !out.Final || out.Next != nil {
		t.Fatalf("return: %+v %v", out, err)
	}
	if len(out.Cancelled) != 1 || out.Cancelled[0].Seq != 2 || out.Cancelled[0].State != approval.Cancelled {
		t.Fatalf("cancelled %+v, want the signature", out.Cancelled)
	}
}

func TestAppendOpensTheNewStepOnlyWhenNothingIsOpen(t *testing.T) {
	t.Parallel()
	chain := plan(t, review)
	if r := approval.Append(chain, "M1-minutes-1", sign, now); r.Seq != 2 || r.State != approval.Waiting {
		t.Errorf("appended behind an open step: %+v", r)
	}
	chain[0].State = approval.Done
	if r := approval.Append(chain, "M1-minutes-1", sign, now); r.Seq != 2 || r.State != approval.Pending {
		t.Errorf("appended to a decided chain: %+v", r)
	}
}
