// Package scheduler runs the bot's timed work: the outbox delivery worker
// and the cron jobs that remind people of deadlines.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"officebot/chat"
	"officebot/clock"
	"officebot/storage"
)

// Sender delivers a message to a chat platform: Slack, or the console.
type Sender interface {
	// Post posts m to channel (a person's ID for a direct message), in the
	// thread threadTS when it is set, and returns where it landed.
	Post(ctx context.Context, channel, threadTS string, m chat.Message) (postedChannel, ts string, err error)
	// Update replaces the message at channel and ts.
	Update(ctx context.Context, channel, ts string, m chat.Message) error
}

// PermanentError marks a send that will never succeed (channel_not_found,
// invalid_auth, ...): the row is moved to the failed state.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Outbox delivers the outbox table through a Sender.
type Outbox struct {
	Store  *storage.Store
	Sender Sender
	Clock  clock.Clock
	Log    *slog.Logger
}

// DrainOnce delivers every due pending message in order and reports how
// many it sent.
func (o *Outbox) DrainOnce(ctx context.Context) (int, error) {
	sent := 0
	for {
		var rows []storage.OutboxMessage
		err := o.Store.DB.WithContext(ctx).
			Where("state = ? AND next_attempt <= ?", storage.OutboxPending, o.Clock.Now().UTC()).
			Order("id").Limit(100).Find(&rows).Error
		if err != nil {
			return sent, fmt.Errorf("load outbox: %w", err)
		}
		if len(rows) == 0 {
			return sent, nil
		}
		for _, row := range rows {
			if err := o.deliver(ctx, row); err != nil {
				return sent, err
			}
			sent++
		}
	}
}

func (o *Outbox) deliver(ctx context.Context, row storage.OutboxMessage) error {
	m, err := row.Message()
	if err != nil {
		return o.fail(ctx, row, err)
	}
	var threadTS string
	if m.ItemKey != "" && (m.InThread || m.Update) {
		t, ok, err := o.Store.Thread(ctx, m.ItemKey)
		if err != nil {
			return err
		}
		if ok {
			if m.Update {
				err := o.Sender.Update(ctx, t.Channel, t.TS, m)
				return o.finish(ctx, row, err)
			}
			if t.Channel == m.Channel {
				threadTS = t.TS
			}
		}
		if m.Update && !ok {
			// The root was never posted: post the new state instead of losing it.
			m.Update = false
		}
	}
	channel, ts, err := o.Sender.Post(ctx, m.Channel, threadTS, m)
	if err == nil && m.Root && m.ItemKey != "" {
		if err := o.Store.SaveThread(ctx, m.ItemKey, channel, ts, o.Clock.Now()); err != nil {
			return err
		}
	}
	return o.finish(ctx, row, err)
}

func (o *Outbox) finish(ctx context.Context, row storage.OutboxMessage, sendErr error) error {
	if sendErr != nil {
		return o.fail(ctx, row, sendErr)
	}
	now := o.Clock.Now().UTC()
	return o.Store.DB.WithContext(ctx).Model(&row).Updates(map[string]any{
		"state": storage.OutboxSent, "sent_at": now, "attempts": row.Attempts + 1}).Error
}

func (o *Outbox) fail(ctx context.Context, row storage.OutboxMessage, sendErr error) error {
	var perm *PermanentError
	state := storage.OutboxPending
	if errors.As(sendErr, &perm) {
		state = storage.OutboxFailed
	}
	if o.Log != nil {
		o.Log.Warn("outbox send failed", "id", row.ID, "conversation", row.Conversation, "err", sendErr)
	}
	if err := o.Store.DB.WithContext(ctx).Model(&row).Updates(map[string]any{
		"state": state, "attempts": row.Attempts + 1, "last_error": sendErr.Error()}).Error; err != nil {
		return err
	}
	if state == storage.OutboxPending {
		return fmt.Errorf("outbox %d: %w", row.ID, sendErr)
	}
	return nil
}
