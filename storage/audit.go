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

func init() { register(&AuditEntry{}) }

// Audit appends an entry inside tx. before and after are marshalled to JSON;
// nil stays empty.
func Audit(tx *gorm.DB, at time.Time, actor, action, subject string, before, after any) error {
	e := AuditEntry{At: at.UTC(), Actor: actor, Action: action, Subject: subject}
	var err error
	if e.Before, err = toJSON(before); err != nil {
		return fmt.Errorf("audit %s %s: %w", action, subject, err)
	}
	if e.After, err = toJSON(after); err != nil {
		return fmt.Errorf("audit %s %s: %w", action, subject, err)
	}
	if err := tx.Create(&e).Error; err != nil {
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
func AuditTrail(db *gorm.DB, subject string) ([]AuditEntry, error) {
	var es []AuditEntry
	if err := db.Where("subject = ?", subject).Order("id").Find(&es).Error; err != nil {
		return nil, fmt.Errorf("audit trail %s: %w", subject, err)
	}
	return es, nil
}
