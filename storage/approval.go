package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"officebot/approval"
	"officebot/directory"
)

// ApprovalStep is one step of an approval chain (SPEC §2): leave, meeting
// applications, minutes, incoming and outgoing documents are all chains of
// these rows. A step is decided once: decisions are conditional updates on
// Version inside a transaction.
type ApprovalStep struct {
	ID          uint64 `gorm:"primaryKey"`
	Subject     string `gorm:"size:32;not null;uniqueIndex:idx_step_seq,priority:1;index:idx_step_open,priority:5"` // item key, e.g. L12
	Seq         int    `gorm:"not null;uniqueIndex:idx_step_seq,priority:2"`
	Kind        string `gorm:"size:32;not null"` // what the step is: approve, review, sign, ...
	Assignee    string `gorm:"size:32;index:idx_step_assignee,priority:1;index:idx_step_open,priority:2"`
	Role        string `gorm:"size:32;index:idx_step_open,priority:3"` // when set, anyone with this role may act
	AlsoRoles   string `gorm:"size:128"`                               // comma-separated roles that may act besides Assignee/Role
	Actions     string `gorm:"size:128;not null"`                      // comma-separated allowed actions
	State       string `gorm:"size:16;not null;index:idx_step_assignee,priority:2;index:idx_step_due,priority:1;index:idx_step_open,priority:1"`
	DecidedBy   string `gorm:"size:32"`
	Action      string `gorm:"size:16"`
	Comment     string `gorm:"type:text"`
	Note        string `gorm:"type:text"` // why this assignee (routing reason), for messages
	Version     int    `gorm:"not null;default:0"`
	CreatedAt   time.Time
	ActivatedAt *time.Time `gorm:"index;index:idx_step_due,priority:2;index:idx_step_open,priority:4"` // idx_step_due: the reminder pass reads only what is due
	DecidedAt   *time.Time
}

func stepRow(r approval.Record) ApprovalStep {
	roles := make([]string, len(r.AlsoRoles))
	for i, x := range r.AlsoRoles {
		roles[i] = string(x)
	}
	acts := make([]string, len(r.Actions))
	for i, a := range r.Actions {
		acts[i] = string(a)
	}
	return ApprovalStep{ID: r.ID, Subject: r.Subject, Seq: r.Seq, Kind: r.Kind, Assignee: r.Assignee, Role: string(r.Role),
		AlsoRoles: strings.Join(roles, ","), Actions: strings.Join(acts, ","), State: r.State, DecidedBy: r.DecidedBy,
		Action: string(r.Action), Comment: r.Comment, Note: r.Note, Version: r.Version, CreatedAt: r.CreatedAt,
		ActivatedAt: r.ActivatedAt, DecidedAt: r.DecidedAt}
}

// Record returns the row as the approval package takes it.
func (s ApprovalStep) Record() approval.Record {
	r := approval.Record{ID: s.ID, Subject: s.Subject, Seq: s.Seq, Kind: s.Kind, Assignee: s.Assignee,
		Role: directory.Role(s.Role), State: s.State, DecidedBy: s.DecidedBy, Action: approval.Action(s.Action),
		Comment: s.Comment, Note: s.Note, Version: s.Version, CreatedAt: s.CreatedAt, ActivatedAt: s.ActivatedAt, DecidedAt: s.DecidedAt}
	if s.AlsoRoles != "" {
		for _, x := range strings.Split(s.AlsoRoles, ",") {
			r.AlsoRoles = append(r.AlsoRoles, directory.Role(x))
		}
	}
	if s.Actions != "" {
		for _, a := range strings.Split(s.Actions, ",") {
			r.Actions = append(r.Actions, approval.Action(a))
		}
	}
	return r
}

func records(rows []ApprovalStep) []approval.Record {
	out := make([]approval.Record, len(rows))
	for i, r := range rows {
		out[i] = r.Record()
	}
	return out
}

// StartApproval creates the chain of subject; the first step opens at now.
func (tx *Tx) StartApproval(subject string, steps []approval.Step, now time.Time) error {
	chain, err := approval.Plan(subject, steps, now)
	if err != nil {
		return err
	}
	for _, r := range chain {
		if err := tx.insertStep(stepRow(r)); err != nil {
			return fmt.Errorf("start approval of %s: %w", subject, err)
		}
	}
	return nil
}

// insertStep writes a new step: a prepared statement rather than GORM's
// Create, whose reflection and reading the ID back (nothing here needs
// it) cost more than the insert (issue 15). The columns and values are
// those Create wrote; CreatedAt, when zero, is now as GORM would set it.
func (tx *Tx) insertStep(row ApprovalStep) error {
	if row.CreatedAt.IsZero() {
		row.CreatedAt = tx.db.NowFunc()
	}
	args := []any{row.Subject, row.Seq, row.Kind, row.Assignee, row.Role, row.AlsoRoles,
		row.Actions, row.State, row.DecidedBy, row.Action, row.Comment, row.Note, row.Version, row.CreatedAt,
		row.ActivatedAt, row.DecidedAt}
	if a := tx.deferred(); a != nil {
		a.steps = append(a.steps, args)
		return nil
	}
	_, err := exec(tx.db, tx.st.startStep, args...)
	return err
}

// CurrentStep returns the open step of subject.
func (tx *Tx) CurrentStep(subject string) (approval.Record, bool, error) {
	var s ApprovalStep
	res := tx.db.Where("subject = ? AND state = ?", subject, approval.Pending).Order("seq").Limit(1).Find(&s)
	if res.Error != nil {
		return approval.Record{}, false, fmt.Errorf("current step of %s: %w", subject, res.Error)
	}
	return s.Record(), res.RowsAffected == 1, nil
}

// Steps returns the whole chain of subject in order.
func (tx *Tx) Steps(subject string) ([]approval.Record, error) {
	var ss []ApprovalStep
	if err := tx.db.Where("subject = ?", subject).Order("seq").Find(&ss).Error; err != nil {
		return nil, fmt.Errorf("steps of %s: %w", subject, err)
	}
	return records(ss), nil
}

// StepNote returns the routing note of the first step of subject's chain,
// or "" when it has none.
func (tx *Tx) StepNote(subject string) (string, error) {
	steps, err := tx.Steps(subject)
	if err != nil || len(steps) == 0 {
		return "", err
	}
	return steps[0].Note, nil
}

// CheckMayDecide tells whether the person may decide the open step of
// subject now (approval.CheckMayDecide).
func (tx *Tx) CheckMayDecide(subject string, p directory.Person) error {
	step, ok, err := tx.CurrentStep(subject)
	if err != nil {
		return err
	}
	var chain []approval.Record
	if ok {
		chain = []approval.Record{step}
	}
	return approval.CheckMayDecide(chain, p)
}

// MayActNow reports whether the person may take the open step of subject.
func (tx *Tx) MayActNow(subject string, p directory.Person) bool {
	step, open, err := tx.CurrentStep(subject)
	return err == nil && open && approval.MayAct(step, p)
}

// Decide applies a decision to the open step of its subject (see
// approval.Decide). Exactly one of two concurrent decisions succeeds; the
// other gets approval.ErrAlreadyDecided.
func (tx *Tx) Decide(d approval.Decision, now time.Time) (approval.Outcome, error) {
	chain, err := tx.Steps(d.Subject)
	if err != nil {
		return approval.Outcome{}, err
	}
	out, err := approval.Decide(chain, d, now)
	if err != nil {
		return out, err
	}
	read := out.Step.Version - 1
	res := tx.db.Model(&ApprovalStep{}).
		Where("id = ? AND version = ? AND state = ?", out.Step.ID, read, approval.Pending).
		Updates(map[string]any{"state": out.Step.State, "decided_by": out.Step.DecidedBy, "action": string(out.Step.Action),
			"comment": out.Step.Comment, "decided_at": out.Step.DecidedAt, "version": out.Step.Version})
	if res.Error != nil {
		return approval.Outcome{}, fmt.Errorf("decide %s: %w", d.Subject, res.Error)
	}
	if res.RowsAffected != 1 {
		return approval.Outcome{}, approval.ErrAlreadyDecided
	}
	if len(out.Cancelled) > 0 {
		if err := tx.cancelWaiting(d.Subject); err != nil {
			return approval.Outcome{}, err
		}
	}
	if out.Next != nil {
		if err := tx.db.Model(&ApprovalStep{}).Where("id = ?", out.Next.ID).
			Updates(map[string]any{"state": out.Next.State, "activated_at": out.Next.ActivatedAt}).Error; err != nil {
			return approval.Outcome{}, fmt.Errorf("open next step of %s: %w", d.Subject, err)
		}
	}
	return out, nil
}

// AppendStep adds a step after the last one of subject's chain and opens it
// when nothing else is open (used after forwarding: 报市长).
func (tx *Tx) AppendStep(subject string, s approval.Step, now time.Time) (approval.Record, error) {
	chain, err := tx.Steps(subject)
	if err != nil {
		return approval.Record{}, err
	}
	row := stepRow(approval.Append(chain, subject, s, now))
	if err := tx.db.Create(&row).Error; err != nil {
		return row.Record(), fmt.Errorf("append step to %s: %w", subject, err)
	}
	return row.Record(), nil
}

// ReassignStep hands the open step of subject to another person (the
// approver went away, or a rule hands it on), bumping the version so a
// click on the old buttons decides nothing.
func (tx *Tx) ReassignStep(subject, assignee, note string) error {
	step, ok, err := tx.CurrentStep(subject)
	if err != nil || !ok {
		return errors.Join(err, approval.ErrNoPendingStep)
	}
	res := tx.db.Model(&ApprovalStep{}).Where("id = ? AND version = ?", step.ID, step.Version).
		Updates(map[string]any{"assignee": assignee, "role": "", "also_roles": "", "note": note, "version": step.Version + 1})
	if res.Error != nil {
		return fmt.Errorf("reassign %s: %w", subject, res.Error)
	}
	if res.RowsAffected != 1 {
		return approval.ErrAlreadyDecided
	}
	return nil
}

// CancelApproval closes every open or waiting step of subject (withdrawn,
// expired). It reports approval.ErrAlreadyDecided when nothing was open.
func (tx *Tx) CancelApproval(subject string) error {
	res := tx.db.Model(&ApprovalStep{}).Where("subject = ? AND state = ?", subject, approval.Pending).
		Updates(map[string]any{"state": approval.Cancelled, "version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return fmt.Errorf("cancel %s: %w", subject, res.Error)
	}
	if res.RowsAffected == 0 {
		return approval.ErrAlreadyDecided
	}
	return tx.cancelWaiting(subject)
}

func (tx *Tx) cancelWaiting(subject string) error {
	if err := tx.db.Model(&ApprovalStep{}).Where("subject = ? AND state = ?", subject, approval.Waiting).
		Update("state", approval.Cancelled).Error; err != nil {
		return fmt.Errorf("cancel remaining steps of %s: %w", subject, err)
	}
	return nil
}

// PendingFor returns the open steps a person may decide: assigned to them,
// to their role, or allowing their role besides.
func (tx *Tx) PendingFor(p directory.Person) ([]approval.Record, error) {
	var ss []ApprovalStep
	also := "%," + string(p.Role) + ",%"
	if p.Role == "" {
		also = "" // matches nothing: an empty role is no role
	}
	err := tx.db.Where("state = ? AND (assignee = ? OR (assignee = '' AND role = ?) OR ',' || also_roles || ',' LIKE ?)",
		approval.Pending, p.SlackID, string(p.Role), also).
		Order("activated_at").Find(&ss).Error
	if err != nil {
		return nil, fmt.Errorf("pending steps of %s: %w", p.SlackID, err)
	}
	return records(ss), nil
}

// DueApprovals returns the open steps activated before the instant, oldest
// first: the reminder pass reads only what is due, through the
// (state, activated_at) index.
func (tx *Tx) DueApprovals(before time.Time) ([]approval.Record, error) {
	var ss []ApprovalStep
	if err := tx.db.Where("state = ? AND activated_at < ?", approval.Pending, before.UTC()).
		Order("activated_at, id").Find(&ss).Error; err != nil {
		return nil, fmt.Errorf("due approvals: %w", err)
	}
	return records(ss), nil
}

// DueStep is what an approval reminder needs of a pending step
// (DueSteps): not the whole row.
type DueStep struct {
	Subject     string
	Assignee    string
	Role        directory.Role
	ActivatedAt time.Time
}

// DueSteps returns the open steps activated before the instant, oldest
// first — DueApprovals' steps, with only the four columns the reminder
// pass uses, scanned without GORM's reflection (issue 15).
func (tx *Tx) DueSteps(before time.Time) ([]DueStep, error) {
	rows, err := tx.db.Raw("SELECT subject, assignee, role, activated_at FROM approval_steps WHERE state = ? AND activated_at < ? ORDER BY activated_at, id",
		approval.Pending, before.UTC()).Rows()
	if err != nil {
		return nil, fmt.Errorf("due approvals: %w", err)
	}
	defer rows.Close()
	var out []DueStep
	for rows.Next() {
		var (
			d              DueStep
			assignee, role sql.NullString
		)
		if err := rows.Scan(&d.Subject, &assignee, &role, &d.ActivatedAt); err != nil {
			return nil, fmt.Errorf("due approvals: %w", err)
		}
		d.Assignee, d.Role = assignee.String, directory.Role(role.String)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("due approvals: %w", err)
	}
	return out, nil
}

// PendingGroup counts the open steps of one assignee (or, with none, one
// role): how many, the oldest activation, and First, the subject of the
// step activated first (the one the digest names).
type PendingGroup struct {
	Assignee string
	Role     directory.Role
	N        int
	Oldest   time.Time // zero when unknown
	First    string
}

// PendingApprovalGroups counts the open steps by assignee and role, for
// the daily digest: the counts come from pending_step_counts, which
// triggers keep with every change to the steps (open_counts.go), so the
// digest no longer reads the index entry of every open step (issue 15);
// each group's oldest step (its activation and subject, the one the digest
// names) is one probe of idx_step_open (state, assignee, role,
// activated_at, subject).
func (tx *Tx) PendingApprovalGroups() ([]PendingGroup, error) {
	type group struct {
		Assignee string
		Role     string
		N        int
		Oldest   sql.NullString
		First    sql.NullString
	}
	var gs []group
	const probe = `FROM approval_steps s WHERE s.state = 'pending' AND s.assignee = c.assignee AND s.role = c.role`
	err := tx.db.Raw(`SELECT c.assignee, c.role, c.n,
	(SELECT s.activated_at ` + probe + ` AND s.activated_at IS NOT NULL ORDER BY s.activated_at, s.subject LIMIT 1) AS oldest,
	COALESCE((SELECT s.subject ` + probe + ` AND s.activated_at IS NOT NULL ORDER BY s.activated_at, s.subject LIMIT 1),
		(SELECT MIN(s.subject) ` + probe + `)) AS first
FROM (SELECT assignee, role, CAST(SUM(n) AS BIGINT) AS n FROM pending_step_counts GROUP BY assignee, role) c
WHERE c.n > 0 ORDER BY c.assignee, c.role`).Scan(&gs).Error
	if err != nil {
		return nil, fmt.Errorf("pending approvals by person: %w", err)
	}
	out := make([]PendingGroup, len(gs))
	for i, g := range gs {
		out[i] = PendingGroup{Assignee: g.Assignee, Role: directory.Role(g.Role), N: g.N, First: g.First.String}
		if t, ok := parseDBTime(g.Oldest.String); ok {
			out[i].Oldest = t
		}
	}
	return out, nil
}

// parseDBTime reads a timestamp that came back from an aggregate: SQLite
// gives its stored text, PostgreSQL a time that database/sql formats as RFC 3339.
func parseDBTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
