package document

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"officebot/approval"
)

// The life of an outgoing chain:
//
//	        NewChain
//	           │
//	           ▼      Decide(退回修改 / 不同意)       ┌──────────┐
//	      ChainInProgress ───────────────────────────▶ │ ChainReturned │
//	           │  ▲                                └────┬─────┘
//	           │  └──────── Revise (第N+1稿): the step ──┘
//	           │            that returned it opens again
//	           │ Decide(签发) on the last stage
//	           ▼
//	        ChainSigned  (the number is given: OutgoingNumber)
//
// Within ChainInProgress the steps open stage by stage: every step of a stage
// is pending at once (会签 units sign in any order); the next stage opens
// when the last step of the stage is done.

// ChainState is where an outgoing chain stands.
type ChainState string

// The states of an outgoing chain.
const (
	ChainInProgress ChainState = "in_progress" // 签批中
	ChainReturned   ChainState = "returned"    // 退回修改: waiting for the drafter's next version
	ChainSigned     ChainState = "signed"      // 已签发
)

// StepState is where one step stands.
type StepState string

// The states of a step.
const (
	StepWaiting  StepState = "waiting"  // a later stage, not yet open
	StepPending  StepState = "pending"  // open: the assignee may act
	StepDone     StepState = "done"     // passed (同意, 核稿通过, 审核通过, 签发)
	StepReturned StepState = "returned" // returned the draft; opens again on the next version
)

// Step is one step of an outgoing chain as it stands.
type Step struct {
	Stage    int
	Kind     StepKind
	Assignee string // Slack ID: only this person acts
	Unit     string // the 会签 unit, or the area of a reviewing vice mayor
	// StandsFor is the person the step names when someone stands in for
	// them (on approved leave the day it opened: StandIns); "" otherwise.
	StandsFor string `json:",omitempty"`
	State     StepState
	// The last decision on the step.
	Action  approval.Action
	Comment string
	At      *time.Time
	Version int // the draft version (第N稿) decided
}

// Entry is one line of a chain's history: a decision or a revision.
type Entry struct {
	Step    int // index in Steps; -1 for a revision
	By      string
	Action  approval.Action // approval.Approve, Sign, Return, or Revised
	Comment string
	At      time.Time
	Version int
}

// Revised is the history action of a new version uploaded by the drafter.
const Revised approval.Action = "revise"

// Chain is an outgoing document's sign-off chain.
type Chain struct {
	Drafter  string
	Steps    []Step
	State    ChainState
	Version  int // the current draft version: 第1稿, 第2稿, ...
	Returned int // while Returned: the index of the step that returned it
	History  []Entry
}

// Errors a decision or a revision can fail with.
var (
	// ErrNotYourStep: the person has no open step in the chain.
	ErrNotYourStep = errors.New("document: no open step of yours")
	// ErrNotYourTurn: the person has a step, but it is not open yet (or no
	// longer): they act in turn.
	ErrNotYourTurn = errors.New("document: not your turn")
	// ErrAlreadyActed: the person's steps are all decided, none waits for
	// them; it is an ErrNotYourTurn, told apart so that they are not asked
	// to wait for a turn that will not come.
	ErrAlreadyActed = fmt.Errorf("%w: already decided", ErrNotYourTurn)
	// ErrAwaitingRevision: the draft was returned; nothing is decided until
	// the drafter uploads the next version.
	ErrAwaitingRevision = errors.New("document: returned, waiting for a new version")
	// ErrAlreadySigned: the chain is over.
	ErrAlreadySigned = errors.New("document: already signed")
	// ErrActionNotAllowed: the action is not one this step allows.
	ErrActionNotAllowed = errors.New("document: action not allowed at this step")
	// ErrReasonRequired: 退回修改 and 不同意 need a reason.
	ErrReasonRequired = errors.New("document: a reason is required")
	// ErrNotReturned: a revision of a draft that was not returned.
	ErrNotReturned = errors.New("document: not returned for revision")
	// ErrNotTheDrafter: only the drafter uploads a new version.
	ErrNotTheDrafter = errors.New("document: only the drafter revises")
)

// Actions returns what a step of the kind allows: 签发 or 退回修改 for a
// signature, 同意 (approve) or 退回修改/不同意 (return) for the others.
func (k StepKind) Actions() []approval.Action {
	if k == SignStep {
		return []approval.Action{approval.Sign, approval.Return}
	}
	return []approval.Action{approval.Approve, approval.Return}
}

// NewChain starts the plan's chain at version 1 with its first stage open.
func NewChain(p Plan, drafter string) Chain {
	c := Chain{Drafter: drafter, State: ChainInProgress, Version: 1, Returned: -1}
	for _, s := range p.Steps {
		st := StepWaiting
		if s.Stage == 0 {
			st = StepPending
		}
		c.Steps = append(c.Steps, Step{Stage: s.Stage, Kind: s.Kind, Assignee: s.Assignee, Unit: s.Unit, State: st})
	}
	if len(c.Steps) == 0 {
		c.State = ChainSigned
	}
	return c
}

// clone returns a copy of c that shares nothing with it.
func (c Chain) clone() Chain {
	c.Steps = slices.Clone(c.Steps)
	c.History = slices.Clone(c.History)
	return c
}

// Open returns the indices of the steps open now.
func (c Chain) Open() []int {
	var out []int
	if c.State != ChainInProgress {
		return nil
	}
	for i, s := range c.Steps {
		if s.State == StepPending {
			out = append(out, i)
		}
	}
	return out
}

// MayAct reports which open step the person may decide now. The drafter
// decides no step of their own draft (approval.ErrOwnRequest).
func (c Chain) MayAct(slackID string) (int, error) {
	switch c.State {
	case ChainReturned:
		return -1, ErrAwaitingRevision
	case ChainSigned:
		return -1, ErrAlreadySigned
	}
	for _, i := range c.Open() {
		if c.Steps[i].Assignee == slackID {
			if slackID == c.Drafter {
				// StandIns hands the drafter's steps on; one still theirs
				// (nobody could stand in) waits rather than be self-approved.
				return -1, approval.ErrOwnRequest
			}
			return i, nil
		}
	}
	if slices.ContainsFunc(c.Steps, func(s Step) bool { return s.Assignee == slackID && s.State == StepWaiting }) {
		return -1, ErrNotYourTurn
	}
	if slices.ContainsFunc(c.Steps, func(s Step) bool { return s.Assignee == slackID }) {
		return -1, ErrAlreadyActed
	}
	return -1, ErrNotYourStep
}

// Outcome is what a decision did.
type Outcome struct {
	Step     int   // the decided step
	Opened   []int // steps opened by it: the next stage
	Returned bool  // the draft went back to the drafter
	Signed   bool  // the last signature: the document is issued
}

// Decide applies the person's action to their open step at now and returns
// the changed chain; c is not changed. 退回修改 (approval.Return) needs a
// reason and sends the draft back to the drafter.
func (c Chain) Decide(actor string, action approval.Action, comment string, now time.Time) (Chain, Outcome, error) {
	i, err := c.MayAct(actor)
	if err != nil {
		return c, Outcome{}, err
	}
	step := c.Steps[i]
	if !slices.Contains(step.Kind.Actions(), action) {
		return c, Outcome{}, ErrActionNotAllowed
	}
	comment = strings.TrimSpace(comment)
	if action == approval.Return && comment == "" {
		return c, Outcome{}, ErrReasonRequired
	}
	n := c.clone()
	t := now.UTC()
	step.Action, step.Comment, step.At, step.Version = action, comment, &t, c.Version
	n.History = append(n.History, Entry{Step: i, By: actor, Action: action, Comment: comment, At: t, Version: c.Version})
	out := Outcome{Step: i}
	if action == approval.Return {
		step.State = StepReturned
		n.Steps[i] = step
		n.State, n.Returned = ChainReturned, i
		out.Returned = true
		return n, out, nil
	}
	step.State = StepDone
	n.Steps[i] = step
	for _, s := range n.Steps {
		if s.Stage == step.Stage && s.State != StepDone {
			return n, out, nil // the stage still waits for others
		}
	}
	for j, s := range n.Steps {
		if s.Stage == step.Stage+1 {
			n.Steps[j].State = StepPending
			out.Opened = append(out.Opened, j)
		}
	}
	if len(out.Opened) == 0 {
		n.State = ChainSigned
		out.Signed = true
	}
	return n, out, nil
}

// Revise records the drafter's next version (第N+1稿) of a returned draft
// and opens again the step that returned it; the steps done before it stay
// done, and the steps of its stage still open stay open.
func (c Chain) Revise(actor, comment string, now time.Time) (Chain, error) {
	// Who first: someone else learns nothing of the document's state.
	if actor != c.Drafter {
		return c, ErrNotTheDrafter
	}
	if c.State != ChainReturned {
		return c, ErrNotReturned
	}
	n := c.clone()
	n.Version++
	n.Steps[c.Returned].State = StepPending
	n.State, n.Returned = ChainInProgress, -1
	n.History = append(n.History, Entry{Step: -1, By: actor, Action: Revised, Comment: strings.TrimSpace(comment), At: now.UTC(), Version: n.Version})
	return n, nil
}

// Signature returns the step that signs the document (签发), if the chain
// has one.
func (c Chain) Signature() (Step, bool) {
	for _, s := range c.Steps {
		if s.Kind == SignStep {
			return s, true
		}
	}
	return Step{}, false
}
