package leave

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"officebot/text"
)

// State is where a filed request stands. Its value is a stable key for
// storage and the catalogue (leave.state.pending).
type State string

// The states of a request and the transitions between them:
//
//	File      → Pending (a written request needs approval)
//	          → Recorded (none needed: kept for information, 备查)
//	Decide    Pending → Approved | Rejected   (the approver)
//	Withdraw  Pending → Withdrawn             (the requester, before the decision)
//	Revoke    Approved → Revoked              (the requester, before the leave ends)
//	Expire    Pending → Expired               (the leave began undecided)
const (
	Pending   State = "pending"   // waiting for the approver
	Approved  State = "approved"  // 批准
	Rejected  State = "rejected"  // 驳回
	Withdrawn State = "withdrawn" // 撤回: by the requester before the decision
	Expired   State = "expired"   // the start passed with no decision
	Revoked   State = "revoked"   // 通过后撤销: by the requester after approval
	Recorded  State = "recorded"  // no written request required: kept for information (备查)
)

// OpenStates are the states in which a request still stands: a new request
// of the same person may not overlap one of them.
var OpenStates = []State{Pending, Approved}

// Request is a leave request as filed (请假) under Art. 57: what was asked,
// what the policy decided about it, and where it stands. Its short ID is "L"
// and its ID (L12).
type Request struct {
	ID          uint64
	Requester   string // Slack ID
	Kind        Kind
	Destination string
	Period      Period
	Reason      string // the requester's reason (事由)
	Deputy      string // who attends meetings instead (代为参会)

	Required       bool   // a written request needing approval
	ReasonCode     Reason // why it is (or is not) required
	Article        Article
	Approver       string // Slack ID; empty: the office routes it
	ApproverReason ApproverReason
	MeetingAbsence bool
	Meetings       string // names of the meetings missed, joined by 、
	// CountsAway marks a recorded absence that routing treats like approved
	// leave: the mayor's own absences (ReasonMayor).
	CountsAway bool

	State           State
	DecidedBy       string
	DecisionComment string
	CreatedAt       time.Time
	DecidedAt       *time.Time
}

// Errors a transition is refused with; the handler says which in Chinese.
var (
	// ErrNotRequester: only the requester withdraws or revokes a request.
	ErrNotRequester = errors.New("leave: only the requester may do this")
	// ErrNotInState: the request is not in the state the transition starts
	// from (already decided, withdrawn, …); Request.State says where it is.
	ErrNotInState = errors.New("leave: the request is not in that state")
	// ErrEnded: an approved leave that is over can no longer be revoked.
	ErrEnded = errors.New("leave: the leave has ended")
	// ErrNotBegun: nobody reports back (销假) from a leave not begun.
	ErrNotBegun = errors.New("leave: the leave has not begun")
)

// ErrBadKey reports text that is not a leave short ID.
var ErrBadKey = errors.New("not a leave request ID")

// Key returns the short ID, e.g. L12.
func (r Request) Key() string { return Key(r.ID) }

// Key returns the short ID of request id.
func Key(id uint64) string { return "L" + strconv.FormatUint(id, 10) }

// ParseKey reads a leave short ID with or without its letter: "L12", "l12",
// "12", also as a full-width input method types it.
func ParseKey(s string) (uint64, error) {
	s = strings.TrimSpace(text.HalfWidth(s))
	if rest, ok := strings.CutPrefix(s, "L"); ok {
		s = rest
	} else if rest, ok := strings.CutPrefix(s, "l"); ok {
		s = rest
	}
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil || id == 0 {
		return 0, fmt.Errorf("%w: %q", ErrBadKey, s)
	}
	return id, nil
}

// Open reports whether the request still stands (pending or approved).
func (r Request) Open() bool { return r.State == Pending || r.State == Approved }

// File returns the request of the application as the policy decided it, at
// now: pending when a written request needs approval, recorded for
// information when none does (the mayor's own absences count as away).
func File(a Application, d Decision, now time.Time) Request {
	r := Request{
		Requester: a.Requester.SlackID, Kind: a.Kind, Destination: a.Destination, Period: a.Period, Reason: a.Reason,
		Deputy: d.Deputy, Required: d.Required, ReasonCode: d.Reason, Article: d.Article,
		Approver: d.Approver, ApproverReason: d.ApproverReason, MeetingAbsence: d.MeetingAbsence,
		CreatedAt: now.UTC(),
	}
	var names []string
	for _, m := range d.Meetings {
		names = append(names, m.Title())
	}
	r.Meetings = strings.Join(names, "、")
	switch {
	case d.Reason == ReasonMayor:
		r.State, r.CountsAway = Recorded, d.NotifyOfficeDirector
	case !d.Required:
		r.State = Recorded
	default:
		r.State = Pending
	}
	return r
}

// Decide is the approver's decision: approved, or rejected with the
// comment as the reason. Who may decide is the approval chain's to say.
func (r Request) Decide(by string, approve bool, comment string, at time.Time) (Request, error) {
	if r.State != Pending {
		return r, ErrNotInState
	}
	t := at.UTC()
	r.State, r.DecidedBy, r.DecisionComment, r.DecidedAt = Rejected, by, comment, &t
	if approve {
		r.State = Approved
	}
	return r, nil
}

// Withdraw takes the request back before the decision (撤回): by the
// requester, while it is pending.
func (r Request) Withdraw(by string, at time.Time) (Request, error) {
	if by != r.Requester {
		return r, ErrNotRequester
	}
	if r.State != Pending {
		return r, ErrNotInState
	}
	t := at.UTC()
	r.State, r.DecidedBy, r.DecidedAt = Withdrawn, by, &t
	return r, nil
}

// Revoke cancels an approved leave before it ends (通过后撤销): by the
// requester, with an optional reason.
func (r Request) Revoke(by, reason string, at time.Time) (Request, error) {
	switch {
	case by != r.Requester:
		return r, ErrNotRequester
	case r.State != Approved:
		return r, ErrNotInState
	case !at.Before(r.Period.To()):
		return r, ErrEnded
	}
	r.State, r.DecisionComment = Revoked, reason
	return r, nil
}

// ReportBack checks the requester's report, at now, that they are back
// from the leave (销假; Art. 57: 严格执行请销假和考勤制度): only the
// requester, only of an approved leave that has begun. It changes nothing
// in the request (the handler records the report); Early tells a return
// before the leave's end.
func (r Request) ReportBack(by string, now time.Time) error {
	switch {
	case by != r.Requester:
		return ErrNotRequester
	case r.State != Approved:
		return ErrNotInState
	case now.Before(r.Period.From()):
		return ErrNotBegun
	}
	return nil
}

// Early reports whether a return at now comes before the leave's end.
func (r Request) Early(now time.Time) bool { return now.Before(r.Period.To()) }

// Expire closes a pending request whose leave began with no decision. A
// request expires once its absence has begun, or, when it was filed on its
// first day, once that day is over; until then it reports false.
func (r Request) Expire(now time.Time) (Request, bool) {
	if r.State != Pending {
		return r, false
	}
	p := r.Period
	begun := now.After(p.From()) && r.CreatedAt.Before(p.From())
	// p's dates are midnights in the office's zone: today is read there.
	if !begun && !Day(p.Start).Before(Today(now, p.Start.Location())) {
		return r, false
	}
	t := now.UTC()
	r.State, r.DecidedAt = Expired, &t
	return r, true
}
