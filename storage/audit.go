package storage

import (
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// AuditEntry is one row of the append-only audit log: who did what to which
// item, when, with the state before and after (Art. 20, 34, 47: follow-up
// and accountability). Nothing updates or deletes these rows.
type AuditEntry struct {
	ID      uint64    `gorm:"primaryKey"`
	At      time.Time `gorm:"not null;index"`
	Actor   string    `gorm:"size:32;not null;index"` // Slack ID, or "system"
	Action  string    `gorm:"size:64;not null"`       // e.g. leave.approve
	Subject string    `gorm:"size:64;not null;index"` // item key, e.g. L12
	Before  string    `gorm:"type:text"`              // JSON
	After   string    `gorm:"type:text"`              // JSON
}

// Audit appends an entry to the audit log. before and after are marshalled
// to JSON; nil stays empty.
func (tx *Tx) Audit(at time.Time, actor, action, subject string, before, after any) error {
	if a := tx.deferred(); a != nil {
		e, err := auditEntry(at, actor, action, subject, before, after)
		if err != nil {
			return err
		}
		a.audit = append(a.audit, e.insertArgs())
		return nil
	}
	return auditWith(tx.db, tx.st, at, actor, action, subject, before, after)
}

// insertArgs are the entry's parameters for auditRowParams, in
// auditInsert's column order.
func (e AuditEntry) insertArgs() []any {
	return []any{e.At, e.Actor, e.Action, e.Subject, e.Before, e.After}
}

// auditEntry is the entry auditWith appends.
func auditEntry(at time.Time, actor, action, subject string, before, after any) (AuditEntry, error) {
	e := AuditEntry{At: at.UTC(), Actor: actor, Action: action, Subject: subject}
	var err error
	if e.Before, err = toJSON(before); err != nil {
		return e, fmt.Errorf("audit %s %s: %w", action, subject, err)
	}
	if e.After, err = toJSON(after); err != nil {
		return e, fmt.Errorf("audit %s %s: %w", action, subject, err)
	}
	return e, nil
}

func audit(tx *gorm.DB, at time.Time, actor, action, subject string, before, after any) error {
	return auditWith(tx, nil, at, actor, action, subject, before, after)
}

// auditWith appends the entry through tx, with st's prepared statement
// when st is not nil.
func auditWith(tx *gorm.DB, st *statements, at time.Time, actor, action, subject string, before, after any) error {
	e, err := auditEntry(at, actor, action, subject, before, after)
	if err != nil {
		return err
	}
	// SQL rather than Create: one per state change, and Create's reflection
	// and reading the ID back cost more than the insert (issue 15).
	if st != nil {
		if _, err := exec(tx, st.audit, e.insertArgs()...); err != nil {
			return fmt.Errorf("audit %s %s: %w", action, subject, err)
		}
		return nil
	}
	if err := tx.Exec(auditInsert+auditRowParams, e.insertArgs()...).Error; err != nil {
		return fmt.Errorf("audit %s %s: %w", action, subject, err)
	}
	return nil
}

func toJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// AuditTrail returns the entries about a subject, oldest first.
func (tx *Tx) AuditTrail(subject string) ([]AuditEntry, error) {
	var es []AuditEntry
	if err := tx.db.Where("subject = ?", subject).Order("id").Find(&es).Error; err != nil {
		return nil, fmt.Errorf("audit trail %s: %w", subject, err)
	}
	return es, nil
}
