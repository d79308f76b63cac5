package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"officebot/chat"
)

// Outbox states.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// OutboxMessage is a message waiting to be delivered, written in the same
// transaction as the state change that causes it, so a crash or a Slack
// outage delays messages but loses none.
type OutboxMessage struct {
	ID           uint64    `gorm:"primaryKey;index:idx_outbox_head,priority:3"`
	Conversation string    `gorm:"size:64;not null;index:idx_outbox_head,priority:1;index:idx_outbox_pace,priority:1"` // channel or user ID: delivery is ordered per conversation
	ItemKey      string    `gorm:"size:32;index"`
	Payload      string    `gorm:"type:text;not null"` // JSON chat.Message
	State        string    `gorm:"size:16;not null;index:idx_outbox_due,priority:1;index:idx_outbox_head,priority:2"`
	NextAttempt  time.Time `gorm:"not null;index:idx_outbox_due,priority:2"`
	Attempts     int       `gorm:"not null;default:0"`
	LastError    string    `gorm:"type:text"`
	ClaimedBy    string    `gorm:"size:64"`
	ClaimedUntil time.Time
	CreatedAt    time.Time  `gorm:"not null"`
	SentAt       *time.Time `gorm:"index:idx_outbox_pace,priority:2"`
	// FirstClaimedAt is when a worker first took the row, by the database
	// server's clock (real time even when the process clock is shifted):
	// the message cannot have reached the platform before it. A row
	// returned by ClaimOutbox has it only if it was claimed before.
	FirstClaimedAt *time.Time

	// Doubtful marks a row whose last send ended in an error that does not
	// say whether Slack took the message (a timeout, a dropped connection, a
	// 5xx): its next attempt checks before sending again.
	Doubtful bool `gorm:"not null;default:false"`

	// InDoubt is set on a claimed row whose previous claim was never
	// released (that worker died, perhaps after the message was delivered)
	// or whose last send was Doubtful.
	InDoubt bool `gorm:"-"`
}

// SlackThread is where an item's root message was posted, so later messages
// go into its thread and replies typed there find the item.
type SlackThread struct {
	ItemKey   string `gorm:"primaryKey;size:32"`
	Channel   string `gorm:"size:64;not null;uniqueIndex:idx_thread_ts,priority:1"`
	TS        string `gorm:"size:32;not null;uniqueIndex:idx_thread_ts,priority:2"`
	CreatedAt time.Time
}

// outboxInsertBatch is the rows of one multi-row INSERT into the outbox:
// 11 columns each (enqueue), 5,500 parameters, under SQLite's 32,766 and
// PostgreSQL's 65,535; a reminder pass's 500 messages of a job are one
// statement (issue 15).
const outboxInsertBatch = 500

// Enqueue writes messages to the outbox: inside Store.Tx, they are sent
// only if the change that causes them commits.
func (tx *Tx) Enqueue(at time.Time, msgs ...chat.Message) error {
	a := tx.deferred()
	if a != nil && len(a.outbox)+len(msgs) >= jsonRowsMin {
		// Many messages (a pass's): what was deferred is written first,
		// so the outbox keeps the order they were queued in.
		if err := tx.writeDeferred(); err != nil {
			return err
		}
		a = nil
	}
	if a != nil {
		rows, err := outboxRows(at, msgs)
		if err != nil {
			return err
		}
		for _, r := range rows {
			a.outbox = append(a.outbox, r.appendArgs(nil))
		}
		return nil
	}
	return enqueue(tx.db, tx.st, at, msgs...)
}

// outboxRows are the rows of msgs, queued at.
func outboxRows(at time.Time, msgs []chat.Message) ([]OutboxMessage, error) {
	rows := make([]OutboxMessage, 0, len(msgs))
	for _, m := range msgs {
		if m.Channel == "" {
			return nil, fmt.Errorf("enqueue message about %q: no channel", m.ItemKey)
		}
		b, err := json.Marshal(m)
		if err != nil {
			return nil, fmt.Errorf("enqueue: %w", err)
		}
		rows = append(rows, OutboxMessage{Conversation: m.Channel, ItemKey: m.ItemKey, Payload: string(b),
			State: OutboxPending, NextAttempt: at.UTC(), CreatedAt: at.UTC()})
	}
	return rows, nil
}

// The outbox insert: the columns GORM's Create wrote, then one row's
// parameters per message.
const (
	outboxInsert = "INSERT INTO outbox_messages (conversation, item_key, payload, state, next_attempt, attempts, last_error, claimed_by, claimed_until, created_at, doubtful) VALUES "
	outboxRow    = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

// appendArgs appends the row's parameters for outboxRow to args, in
// outboxInsert's column order.
func (r OutboxMessage) appendArgs(args []any) []any {
	return append(args, r.Conversation, r.ItemKey, r.Payload, r.State, r.NextAttempt, r.Attempts,
		r.LastError, r.ClaimedBy, r.ClaimedUntil, r.CreatedAt, r.Doubtful)
}

// enqueue writes msgs to the outbox through tx; a single message through
// st's prepared statement when st is not nil.
func enqueue(tx *gorm.DB, st *statements, at time.Time, msgs ...chat.Message) error {
	rows, err := outboxRows(at, msgs)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	if len(rows) >= jsonRowsMin && tx.Dialector.Name() == "postgres" {
		return enqueueJSON(tx, at, rows)
	}
	// One multi-row INSERT per batch: IDs follow the order of msgs, which is
	// the delivery order within a conversation. Written as SQL rather than
	// through Create: every filing enqueues, and GORM's Create reflected
	// over the row and read the new IDs back, which nothing here needs
	// (issue 15). The columns are those Create wrote, zero values included
	// (claimed_until is the zero time, not NULL).
	if len(rows) == 1 && st != nil {
		// One message, as a filing queues: the prepared statement.
		if _, err := exec(tx, st.enqueueOne, rows[0].appendArgs(nil)...); err != nil {
			return fmt.Errorf("enqueue: %w", err)
		}
		return nil
	}
	for len(rows) > 0 {
		n := min(len(rows), outboxInsertBatch)
		var sql strings.Builder
		sql.WriteString(outboxInsert)
		args := make([]any, 0, n*11)
		for i, r := range rows[:n] {
			if i > 0 {
				sql.WriteString(", ")
			}
			sql.WriteString(outboxRow)
			args = r.appendArgs(args)
		}
		if err := tx.Exec(sql.String(), args...).Error; err != nil {
			return fmt.Errorf("enqueue: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

// jsonRowsMin is how many rows make a bulk write on PostgreSQL pass them
// as one JSON parameter (enqueueJSON, ClaimReminders) rather than as a
// multi-row VALUES list: a reminder pass's 500 messages were 5,500
// parameters in a statement whose text changed with the row count, so
// each pass prepared and planned it anew on the server (a round trip and
// the planning of 500 rows), and pgx encoded every parameter (issue 15).
// The JSON statement's text is fixed: pgx prepares it once per
// connection. A filing's one or two messages stay plain VALUES.
const jsonRowsMin = 16

// outboxRowJSON is one message of enqueueJSON's parameter.
type outboxRowJSON struct {
	C string `json:"c"` // conversation
	K string `json:"k"` // item_key
	P string `json:"p"` // payload
}

// enqueueJSON inserts the rows (all pending, next attempt and creation at
// at) in one statement on PostgreSQL; IDs follow the order of rows, the
// order of the JSON array (WITH ORDINALITY).
func enqueueJSON(tx *gorm.DB, at time.Time, rows []OutboxMessage) error {
	js := make([]outboxRowJSON, len(rows))
	for i, r := range rows {
		js[i] = outboxRowJSON{C: r.Conversation, K: r.ItemKey, P: r.Payload}
	}
	b, err := json.Marshal(js)
	if err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	const q = `INSERT INTO outbox_messages (conversation, item_key, payload, state, next_attempt, attempts, last_error, claimed_by, claimed_until, created_at, doubtful)
SELECT m.c, m.k, m.p, ?, ?, 0, '', '', ?, ?, false
FROM ROWS FROM (json_to_recordset(CAST(? AS json)) AS (c text, k text, p text)) WITH ORDINALITY AS m(c, k, p, ord)
ORDER BY m.ord`
	if err := tx.Exec(q, OutboxPending, at.UTC(), time.Time{}, at.UTC(), string(b)).Error; err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	return nil
}

// Message decodes the row's payload.
func (o OutboxMessage) Message() (chat.Message, error) {
	var m chat.Message
	if err := json.Unmarshal([]byte(o.Payload), &m); err != nil {
		return m, fmt.Errorf("outbox %d: decode: %w", o.ID, err)
	}
	return m, nil
}

// Thread returns where an item's root message was posted.
func (s *Store) Thread(ctx context.Context, itemKey string) (SlackThread, bool, error) {
	var t SlackThread
	res := s.DB.WithContext(ctx).Where("item_key = ?", itemKey).Limit(1).Find(&t)
	if res.Error != nil {
		return t, false, fmt.Errorf("thread of %s: %w", itemKey, res.Error)
	}
	return t, res.RowsAffected == 1, nil
}

// ItemByThread returns the item whose root message is at channel and ts.
func (s *Store) ItemByThread(ctx context.Context, channel, ts string) (string, bool, error) {
	var t SlackThread
	res := s.DB.WithContext(ctx).Where("channel = ? AND ts = ?", channel, ts).Limit(1).Find(&t)
	if res.Error != nil {
		return "", false, fmt.Errorf("item by thread %s/%s: %w", channel, ts, res.Error)
	}
	return t.ItemKey, res.RowsAffected == 1, nil
}

// Sending reports whether a worker holds a claim on a pending message to
// conversation: a message being sent right now, whose thread (if it is an
// item's root) is recorded only once Slack has answered.
func (s *Store) Sending(ctx context.Context, conversation string) (bool, error) {
	var n int64
	err := s.DB.WithContext(ctx).Model(&OutboxMessage{}).
		Where("conversation = ? AND state = ? AND claimed_by <> ''", conversation, OutboxPending).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("sending to %s: %w", conversation, err)
	}
	return n > 0, nil
}

// SaveThread records where an item's root message was posted. The first
// record wins.
func (s *Store) SaveThread(ctx context.Context, itemKey, channel, ts string, at time.Time) error {
	return saveThread(s.DB.WithContext(ctx), SlackThread{ItemKey: itemKey, Channel: channel, TS: ts, CreatedAt: at.UTC()})
}

func saveThread(db *gorm.DB, t SlackThread) error {
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&t).Error; err != nil {
		return fmt.Errorf("save thread of %s: %w", t.ItemKey, err)
	}
	return nil
}
