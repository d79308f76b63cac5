package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Reminder records that a reminder was queued: one row per item, kind and
// day (SPEC §1.5). Its key is unique, and the row is written in the same
// transaction as the outbox messages it causes, so a restart or a second
// replica running the same job never sends a reminder twice.
type Reminder struct {
	ReminderKey string    `gorm:"primaryKey;size:191"` // item|kind|day
	Item        string    `gorm:"size:64;not null"`    // no index: nothing looks reminders up by item (issue 15)
	Kind        string    `gorm:"size:64;not null"`
	Day         string    `gorm:"size:10;not null;index"` // YYYY-MM-DD in the office's zone
	QueuedAt    time.Time `gorm:"not null"`
}

// ReminderKey builds the unique key of a reminder.
func ReminderKey(item, kind, day string) string { return item + "|" + kind + "|" + day }

// ClaimReminders inserts the reminders inside the transaction and returns the keys that
// were new; a key already present (sent earlier, or by another replica in a
// transaction that committed first) is skipped. Callers enqueue messages only
// for the returned keys, in the same tx.
func (tx *Tx) ClaimReminders(rs []Reminder) (map[string]bool, error) {
	fresh := make(map[string]bool, len(rs))
	if len(rs) >= jsonRowsMin && tx.dialect == "postgres" {
		return fresh, tx.claimRemindersJSON(rs, fresh)
	}
	const batch = 1000 // 5,000 parameters: under SQLite's 32,766 and PostgreSQL's 65,535
	for start := 0; start < len(rs); start += batch {
		part := rs[start:min(start+batch, len(rs))]
		var sb strings.Builder
		sb.WriteString("INSERT INTO reminders (reminder_key, item, kind, day, queued_at) VALUES ")
		args := make([]any, 0, 5*len(part))
		for i, r := range part {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?)")
			key := r.ReminderKey
			if key == "" {
				key = ReminderKey(r.Item, r.Kind, r.Day)
			}
			args = append(args, key, r.Item, r.Kind, r.Day, r.QueuedAt.UTC())
		}
		sb.WriteString(" ON CONFLICT (reminder_key) DO NOTHING RETURNING reminder_key")
		var keys []string
		if err := tx.db.Raw(sb.String(), args...).Scan(&keys).Error; err != nil {
			return nil, fmt.Errorf("record reminders: %w", err)
		}
		for _, k := range keys {
			fresh[k] = true
		}
	}
	return fresh, nil
}

// reminderJSON is one reminder of claimRemindersJSON's parameter.
type reminderJSON struct {
	K string    `json:"k"` // reminder_key
	I string    `json:"i"` // item
	T string    `json:"t"` // kind
	D string    `json:"d"` // day
	Q time.Time `json:"q"` // queued_at
}

// claimRemindersJSON is ClaimReminders on PostgreSQL for many reminders:
// one statement of fixed text with the rows as one JSON parameter (see
// jsonRowsMin).
func (tx *Tx) claimRemindersJSON(rs []Reminder, fresh map[string]bool) error {
	js := make([]reminderJSON, len(rs))
	for i, r := range rs {
		key := r.ReminderKey
		if key == "" {
			key = ReminderKey(r.Item, r.Kind, r.Day)
		}
		js[i] = reminderJSON{K: key, I: r.Item, T: r.Kind, D: r.Day, Q: r.QueuedAt.UTC()}
	}
	b, err := json.Marshal(js)
	if err != nil {
		return fmt.Errorf("record reminders: %w", err)
	}
	var keys []string
	if err := tx.db.Raw(`INSERT INTO reminders (reminder_key, item, kind, day, queued_at)
SELECT r.k, r.i, r.t, r.d, r.q FROM json_to_recordset(CAST(? AS json)) AS r(k text, i text, t text, d text, q timestamptz)
ON CONFLICT (reminder_key) DO NOTHING RETURNING reminder_key`, string(b)).Scan(&keys).Error; err != nil {
		return fmt.Errorf("record reminders: %w", err)
	}
	for _, k := range keys {
		fresh[k] = true
	}
	return nil
}

// PruneReminders deletes reminder records of days before the given date
// (YYYY-MM-DD); they can no longer collide with a new reminder.
func (s *Store) PruneReminders(ctx context.Context, beforeDay string) (int64, error) {
	res := s.DB.WithContext(ctx).Where("day < ?", beforeDay).Delete(&Reminder{})
	if res.Error != nil {
		return 0, fmt.Errorf("prune reminders: %w", res.Error)
	}
	return res.RowsAffected, nil
}
