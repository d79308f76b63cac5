// Package approval is the one approval mechanism every flow uses (SPEC §2):
// a chain of steps, each naming who may act (a person, or a role resolved
// from the directory when they act) and which actions it allows. A step is
// decided once, even when two clicks arrive together: the decision is a
// conditional update on the step's version inside the caller's transaction.
package approval

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"officebot/directory"
	"officebot/storage"
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

// Errors a decision can fail with; handlers turn them into Chinese.
var (
	ErrNoPendingStep    = errors.New("approval: nothing is waiting for a decision")
	ErrNotYours         = errors.New("approval: the step is not yours to decide")
	ErrActionNotAllowed = errors.New("approval: action not allowed at this step")
	ErrAlreadyDecided   = errors.New("approval: already decided")
	ErrReasonRequired   = errors.New("approval: a reason is required")
	ErrOwnRequest       = errors.New("approval: nobody decides their own request")
)

// Start creates the chain of subject inside tx; the first step opens at once.
func Start(tx *gorm.DB, subject string, steps []Step, now time.Time) error {
	if len(steps) == 0 {
		return fmt.Errorf("start approval of %s: no steps", subject)
	}
	for i, s := range steps {
		row := storage.ApprovalStep{Subject: subject, Seq: i + 1, Kind: s.Kind, Assignee: s.Assignee,
			Role: string(s.Role), AlsoRoles: joinRoles(s.AlsoRoles), Actions: joinActions(s.Actions), State: Waiting, Note: s.Note, CreatedAt: now.UTC()}
		if i == 0 {
			t := now.UTC()
			row.State, row.ActivatedAt = Pending, &t
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("start approval of %s: %w", subject, err)
		}
	}
	return nil
}

func joinActions(as []Action) string {
	ss := make([]string, len(as))
	for i, a := range as {
		ss[i] = string(a)
	}
	return strings.Join(ss, ",")
}

func joinRoles(rs []directory.Role) string {
	ss := make([]string, len(rs))
	for i, r := range rs {
		ss[i] = string(r)
	}
	return strings.Join(ss, ",")
}

// Allows reports whether the step allows the action.
func Allows(s storage.ApprovalStep, a Action) bool {
	return slices.Contains(strings.Split(s.Actions, ","), string(a))
}

// MayAct reports whether the person may decide the step.
func MayAct(s storage.ApprovalStep, p directory.Person) bool {
	if s.AlsoRoles != "" && slices.Contains(strings.Split(s.AlsoRoles, ","), string(p.Role)) {
		return true
	}
	if s.Assignee != "" {
		return s.Assignee == p.SlackID
	}
	return s.Role != "" && string(p.Role) == s.Role
}

// CheckMayDecide tells whether the person may decide the open step of
// subject now, before asking them for more (a reason): ErrAlreadyDecided
// when nothing is open, ErrNotYours when the step is someone else's. Decide
// checks again when the decision arrives.
func CheckMayDecide(db *gorm.DB, subject string, p directory.Person) error {
	step, ok, err := Current(db, subject)
	if err != nil {
		return err
	}
	if !ok {
		return ErrAlreadyDecided
	}
	if !MayAct(step, p) {
		return ErrNotYours
	}
	return nil
}

// Current returns the open step of subject.
func Current(db *gorm.DB, subject string) (storage.ApprovalStep, bool, error) {
	var s storage.ApprovalStep
	res := db.Where("subject = ? AND state = ?", subject, Pending).Order("seq").Limit(1).Find(&s)
	if res.Error != nil {
		return s, false, fmt.Errorf("current step of %s: %w", subject, res.Error)
	}
	return s, res.RowsAffected == 1, nil
}

// Steps returns the whole chain of subject in order.
func Steps(db *gorm.DB, subject string) ([]storage.ApprovalStep, error) {
	var ss []storage.ApprovalStep
	if err := db.Where("subject = ?", subject).Order("seq").Find(&ss).Error; err != nil {
		return nil, fmt.Errorf("steps of %s: %w", subject, err)
	}
	return ss, nil
}

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

// Outcome is what a decision did.
type Outcome struct {
	Step  storage.ApprovalStep  // the decided step, as decided
	Next  *storage.ApprovalStep // the step opened next, if any
	Final bool                  // the chain is over: rejected, returned, or the last step passed
}

// Decide applies a decision to the open step of the subject inside tx.
// Exactly one of two concurrent decisions succeeds; the other gets
// ErrAlreadyDecided.
func Decide(tx *gorm.DB, d Decision, now time.Time) (Outcome, error) {
	step, ok, err := Current(tx, d.Subject)
	if err != nil {
		return Outcome{}, err
	}
	if !ok {
		var n int64
		if err := tx.Model(&storage.ApprovalStep{}).Where("subject = ? AND state = ?", d.Subject, Done).Count(&n).Error; err != nil {
			return Outcome{}, err
		}
		if n > 0 {
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
	t := now.UTC()
	res := tx.Model(&storage.ApprovalStep{}).
		Where("id = ? AND version = ? AND state = ?", step.ID, step.Version, Pending).
		Updates(map[string]any{"state": Done, "decided_by": d.Actor.SlackID, "action": string(d.Action),
			"comment": d.Comment, "decided_at": t, "version": step.Version + 1})
	if res.Error != nil {
		return Outcome{}, fmt.Errorf("decide %s: %w", d.Subject, res.Error)
	}
	if res.RowsAffected != 1 {
		return Outcome{}, ErrAlreadyDecided
	}
	step.State, step.DecidedBy, step.Action, step.Comment, step.DecidedAt, step.Version =
		Done, d.Actor.SlackID, string(d.Action), d.Comment, &t, step.Version+1
	out := Outcome{Step: step}
	if d.Action == Reject || d.Action == Return {
		if err := cancelRest(tx, d.Subject); err != nil {
			return Outcome{}, err
		}
		out.Final = true
		return out, nil
	}
	if d.Action == Forward || d.Action == Assign {
		// The caller decides what follows (a new step via Append, or the item's own state).
		return out, nil
	}
	var next storage.ApprovalStep
	res = tx.Where("subject = ? AND state = ? AND seq > ?", d.Subject, Waiting, step.Seq).Order("seq").Limit(1).Find(&next)
	if res.Error != nil {
		return Outcome{}, fmt.Errorf("next step of %s: %w", d.Subject, res.Error)
	}
	if res.RowsAffected == 0 {
		out.Final = true
		return out, nil
	}
	if err := tx.Model(&next).Updates(map[string]any{"state": Pending, "activated_at": t}).Error; err != nil {
		return Outcome{}, fmt.Errorf("open next step of %s: %w", d.Subject, err)
	}
	next.State, next.ActivatedAt = Pending, &t
	out.Next = &next
	return out, nil
}

// Append adds a step after the last one and opens it when nothing else is
// open (used after forwarding: 报市长).
func Append(tx *gorm.DB, subject string, s Step, now time.Time) (storage.ApprovalStep, error) {
	var last storage.ApprovalStep
	if err := tx.Where("subject = ?", subject).Order("seq desc").Limit(1).Find(&last).Error; err != nil {
		return last, fmt.Errorf("append step to %s: %w", subject, err)
	}
	_, open, err := Current(tx, subject)
	if err != nil {
		return last, err
	}
	t := now.UTC()
	row := storage.ApprovalStep{Subject: subject, Seq: last.Seq + 1, Kind: s.Kind, Assignee: s.Assignee,
		Role: string(s.Role), AlsoRoles: joinRoles(s.AlsoRoles), Actions: joinActions(s.Actions), State: Waiting, Note: s.Note, CreatedAt: t}
	if !open {
		row.State, row.ActivatedAt = Pending, &t
	}
	if err := tx.Create(&row).Error; err != nil {
		return row, fmt.Errorf("append step to %s: %w", subject, err)
	}
	return row, nil
}

// Reassign hands the open step to another person (the approver went away,
// or a rule hands it on), bumping the version so a click on the old
// buttons decides nothing.
func Reassign(tx *gorm.DB, subject, assignee, note string) error {
	step, ok, err := Current(tx, subject)
	if err != nil || !ok {
		return errors.Join(err, ErrNoPendingStep)
	}
	res := tx.Model(&storage.ApprovalStep{}).Where("id = ? AND version = ?", step.ID, step.Version).
		Updates(map[string]any{"assignee": assignee, "role": "", "also_roles": "", "note": note, "version": step.Version + 1})
	if res.Error != nil {
		return fmt.Errorf("reassign %s: %w", subject, res.Error)
	}
	if res.RowsAffected != 1 {
		return ErrAlreadyDecided
	}
	return nil
}

// Cancel closes every open or waiting step of subject (withdrawn, expired).
// It reports ErrAlreadyDecided when nothing was open.
func Cancel(tx *gorm.DB, subject string) error {
	res := tx.Model(&storage.ApprovalStep{}).Where("subject = ? AND state = ?", subject, Pending).
		Updates(map[string]any{"state": Cancelled, "version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return fmt.Errorf("cancel %s: %w", subject, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrAlreadyDecided
	}
	return cancelRest(tx, subject)
}

func cancelRest(tx *gorm.DB, subject string) error {
	if err := tx.Model(&storage.ApprovalStep{}).Where("subject = ? AND state = ?", subject, Waiting).
		Update("state", Cancelled).Error; err != nil {
		return fmt.Errorf("cancel remaining steps of %s: %w", subject, err)
	}
	return nil
}

// PendingFor returns the open steps a person may decide: assigned to them,
// to their role, or allowing their role besides.
func PendingFor(db *gorm.DB, p directory.Person) ([]storage.ApprovalStep, error) {
	var ss []storage.ApprovalStep
	also := "%," + string(p.Role) + ",%"
	if p.Role == "" {
		also = "" // matches nothing: an empty role is no role
	}
	err := db.Where("state = ? AND (assignee = ? OR (assignee = '' AND role = ?) OR ',' || also_roles || ',' LIKE ?)",
		Pending, p.SlackID, string(p.Role), also).
		Order("activated_at").Find(&ss).Error
	if err != nil {
		return nil, fmt.Errorf("pending steps of %s: %w", p.SlackID, err)
	}
	return ss, nil
}
