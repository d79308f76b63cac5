// Package approval is the one approval mechanism every flow uses (SPEC §2):
// a chain of steps, each naming who may act (a person, or a role resolved
// from the directory when they act) and which actions it allows.
//
// It is pure: it says what a chain looks like when it starts (Plan), who may
// act on it (MayAct, CheckMayDecide) and what a decision does to it
// (Decide), on steps passed in. storage keeps the chains and writes the
// outcome; a step is decided once, even when two clicks arrive together,
// because storage writes a decision as a conditional update on the step's
// Version inside the caller's transaction.
package approval

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"officebot/directory"
	"officebot/text"
)

// Action is what a person does to a step.
type Action string

// The actions a step may allow.
const (
	Approve Action = "approve" // 批准 / 审核通过 / 批示同意
	Reject  Action = "reject"  // 驳回 / 不同意 (with a reason)
	Return  Action = "return"  // 退回 / 退回修改 (with a reason)
	Forward Action = "forward" // 报市长: hand the step to someone else
	Sign    Action = "sign"    // 签发
	Assign  Action = "assign"  // 交办: assign to a department to handle
)

// Step states.
const (
	Waiting   = "waiting" // a later step, not yet open
	Pending   = "pending" // open: the assignee may act
	Done      = "done"    // decided
	Cancelled = "cancelled"
)

// Step describes a step when a chain starts.
type Step struct {
	Kind     string         // e.g. "approve", "review", "sign"
	Assignee string         // Slack ID of the person who may act
	Role     directory.Role // or: anyone with this role, resolved when they act
	// AlsoRoles are further roles whose holders may act on the step besides
	// the Assignee or Role (专题会议纪要: the office director or deputy reviews).
	AlsoRoles []directory.Role
	Actions   []Action // what they may do
	Note      string   // why this assignee, shown in messages
}

// Record is one step of a chain as it stands: the Step it started as, where
// it is (State), and, once decided, who did what.
type Record struct {
	ID        uint64
	Subject   string // the item's key, e.g. L12, M3-minutes-1
	Seq       int    // 1, 2, ... in the order the steps open
	Kind      string
	Assignee  string
	Role      directory.Role
	AlsoRoles []directory.Role
	Actions   []Action
	State     string // Waiting, Pending, Done or Cancelled
	DecidedBy string
	Action    Action
	Comment   string
	Note      string
	// Version grows with every change of the step: a decision is written
	// only if the version is still the one the decider read.
	Version     int
	CreatedAt   time.Time
	ActivatedAt *time.Time
	DecidedAt   *time.Time
}

// Errors a decision can fail with; handlers turn them into Chinese.
var (
	ErrNoPendingStep    = errors.New("approval: nothing is waiting for a decision")
	ErrNotYours         = errors.New("approval: the step is not yours to decide")
	ErrActionNotAllowed = errors.New("approval: action not allowed at this step")
	ErrAlreadyDecided   = errors.New("approval: already decided")
	ErrReasonRequired   = errors.New("approval: a reason is required")
	ErrOwnRequest       = errors.New("approval: nobody decides their own request")
)

// record returns the step as it is created: waiting, or open at now.
func (s Step) record(subject string, seq int, open bool, now time.Time) Record {
	t := now.UTC()
	r := Record{Subject: subject, Seq: seq, Kind: s.Kind, Assignee: s.Assignee, Role: s.Role,
		AlsoRoles: slices.Clone(s.AlsoRoles), Actions: slices.Clone(s.Actions), State: Waiting, Note: s.Note, CreatedAt: t}
	if open {
		r.State, r.ActivatedAt = Pending, &t
	}
	return r
}

// Plan returns the chain of subject as it starts at now: the steps in
// order, the first one open.
func Plan(subject string, steps []Step, now time.Time) ([]Record, error) {
	if len(steps) == 0 {
		return nil, fmt.Errorf("start approval of %s: no steps", subject)
	}
	out := make([]Record, len(steps))
	for i, s := range steps {
		out[i] = s.record(subject, i+1, i == 0, now)
	}
	return out, nil
}

// Append returns the step s added after the last one of chain, open when
// nothing else is (used after forwarding: 报市长).
func Append(chain []Record, subject string, s Step, now time.Time) Record {
	last := 0
	for _, r := range chain {
		last = max(last, r.Seq)
	}
	_, open := Open(chain)
	return s.record(subject, last+1, !open, now)
}

// Allows reports whether the step allows the action.
func Allows(s Record, a Action) bool { return slices.Contains(s.Actions, a) }

// MayAct reports whether the person may decide the step.
func MayAct(s Record, p directory.Person) bool {
	if p.Role != "" && slices.Contains(s.AlsoRoles, p.Role) {
		return true
	}
	if s.Assignee != "" {
		return s.Assignee == p.SlackID
	}
	return s.Role != "" && p.Role == s.Role
}

// OnPath reports whether the person is on the chain: they may act on one
// of its steps, or decided one. The people on an item's path, with the
// item's own people and the office, may read its status.
func OnPath(chain []Record, p directory.Person) bool {
	for _, st := range chain {
		if MayAct(st, p) || (st.DecidedBy != "" && st.DecidedBy == p.SlackID) {
			return true
		}
	}
	return false
}

// Open returns the open step of the chain: the first pending one.
func Open(chain []Record) (Record, bool) {
	var open Record
	found := false
	for _, r := range chain {
		if r.State == Pending && (!found || r.Seq < open.Seq) {
			open, found = r, true
		}
	}
	return open, found
}

// CheckMayDecide tells whether the person may decide the open step of the
// chain now, before asking them for more (a reason): ErrAlreadyDecided when
// nothing is open, ErrNotYours when the step is someone else's. Decide
// checks again when the decision arrives.
func CheckMayDecide(chain []Record, p directory.Person) error {
	step, ok := Open(chain)
	if !ok {
		return ErrAlreadyDecided
	}
	if !MayAct(step, p) {
		return ErrNotYours
	}
	return nil
}

// MaxCommentLen is the longest comment or reason a decision may carry, in
// characters; a longer one is refused with a *text.TooLongError.
const MaxCommentLen = 500

// Decision is a person's decision on the open step.
type Decision struct {
	Subject   string
	Actor     directory.Person
	Requester string // Slack ID of who asked; they may not decide their own request
	Action    Action
	Comment   string
	// ReasonFor lists actions that need a comment; by default Reject and Return.
	ReasonFor []Action
}

// Outcome is what a decision does to the chain.
type Outcome struct {
	Step Record  // the decided step, as decided
	Next *Record // the step opened next, if any
	// Cancelled are the waiting steps the decision closes: a rejection or
	// a return ends the chain.
	Cancelled []Record
	Final     bool // the chain is over: rejected, returned, or the last step passed
}

// Decide applies a decision to the chain of d.Subject (every step, in any
// order) at now and returns what changes. The decided step's Version is one
// more than the one read: storage writes it only if the stored version is
// still the one read, so of two concurrent decisions one succeeds and the
// other gets ErrAlreadyDecided.
func Decide(chain []Record, d Decision, now time.Time) (Outcome, error) {
	step, ok := Open(chain)
	if !ok {
		if slices.ContainsFunc(chain, func(r Record) bool { return r.State == Done }) {
			return Outcome{}, ErrAlreadyDecided
		}
		return Outcome{}, ErrNoPendingStep
	}
	if d.Requester != "" && d.Requester == d.Actor.SlackID {
		return Outcome{}, ErrOwnRequest
	}
	if !MayAct(step, d.Actor) {
		return Outcome{}, ErrNotYours
	}
	if !Allows(step, d.Action) {
		return Outcome{}, ErrActionNotAllowed
	}
	reasonFor := d.ReasonFor
	if reasonFor == nil {
		reasonFor = []Action{Reject, Return}
	}
	if slices.Contains(reasonFor, d.Action) && strings.TrimSpace(d.Comment) == "" {
		return Outcome{}, ErrReasonRequired
	}
	if err := text.CheckLen("field.comment", d.Comment, MaxCommentLen); err != nil {
		return Outcome{}, err
	}
	t := now.UTC()
	step.State, step.DecidedBy, step.Action, step.Comment, step.DecidedAt, step.Version =
		Done, d.Actor.SlackID, d.Action, d.Comment, &t, step.Version+1
	out := Outcome{Step: step}
	switch d.Action {
	case Reject, Return:
		for _, r := range chain {
			if r.State == Waiting {
				r.State = Cancelled
				out.Cancelled = append(out.Cancelled, r)
			}
		}
		out.Final = true
		return out, nil
	case Forward, Assign:
		// The caller decides what follows (a new step via Append, or the item's own state).
		return out, nil
	}
	var next *Record
	for _, r := range chain {
		if r.State == Waiting && r.Seq > step.Seq && (next == nil || r.Seq < next.Seq) {
			r := r
			next = &r
		}
	}
	if next == nil {
		out.Final = true
		return out, nil
	}
	next.State, next.ActivatedAt = Pending, &t
	out.Next = next
	return out, nil
}
