package leave

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/ics"
	"officebot/leave"
	"officebot/msg"
	"officebot/storage"
)

// icsID is the 加入日历 button of an approved request's status.
const icsID = "leave.ics"

// mayRead reports whether the person may read the request: its requester,
// the people on its approval chain, the office and the mayor.
func mayRead(c *handlers.Call, r leave.Request, steps []approval.Record) bool {
	return r.Requester == c.Me.SlackID || c.Me.Role.IsOffice() || c.Me.Admin || c.Me.Role == directory.Mayor ||
		approval.OnPath(steps, c.Me)
}

// calendarButton is the 加入日历 button of an approved request's status
// (none for any other state: only approved leave is an absence).
func calendarButton(r leave.Request) []chat.Block {
	if r.State != leave.Approved {
		return nil
	}
	return []chat.Block{chat.Buttons(chat.Button{Label: msg.T("leave.ics_button"), ActionID: icsID, Value: r.Key()})}
}

// calendarFile sends the person the approved request as an iCalendar file
// (an all-day span, METHOD:PUBLISH, UID L12@… as in the calendar feed) in
// their direct messages with the bot: /leave ics L12 or the 加入日历 button
// of /leave status L12.
func (s *Service) calendarFile(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	if strings.TrimSpace(key) == "" {
		return handlers.Reply(msg.T("leave.usage_ics")), nil
	}
	var r leave.Request
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if r, err = load(tx, key); err != nil {
			return err
		}
		steps, err := tx.Steps(r.Key())
		if err != nil {
			return err
		}
		if !mayRead(c, r, steps) {
			return handlers.Fail("leave.err_forbidden", r.Key())
		}
		ev, ok := r.Event(handlers.PlainName(c.Org, r.Requester), c.Calendar.Location(), c.Now)
		if !ok {
			return handlers.Fail("leave.ics_not_approved", r.Key(), msgKey("leave.state.", string(r.State)))
		}
		ev.Method = ics.Publish
		f, err := handlers.CalendarFile(ev, r.Key())
		if err != nil {
			return fmt.Errorf("calendar file of %s: %w", r.Key(), err)
		}
		if err := tx.Enqueue(c.Now, chat.Message{Channel: c.Me.SlackID, Text: msg.T("leave.ics_note", r.Key(), summary(r)), File: f}); err != nil {
			return err
		}
		// Who took the entry: told by a cancellation file if the leave is
		// cancelled (cancellations).
		return tx.Audit(c.Now, c.Me.SlackID, icsAudit, r.Key(), nil, nil)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("leave.ics_sent", r.Key())), nil
}

// icsAudit is the audit action of a calendar file sent.
const icsAudit = "leave.ics"

// cancellations are the METHOD:CANCEL files for a revoked request, one to
// each person who took its calendar file, so the entry leaves their
// calendars (the feed drops it by itself).
func cancellations(tx *storage.Tx, c *handlers.Call, r leave.Request) ([]chat.Message, error) {
	trail, err := tx.AuditTrail(r.Key())
	if err != nil {
		return nil, err
	}
	var to []string
	for _, e := range trail {
		if e.Action == icsAudit && !slices.Contains(to, e.Actor) {
			to = append(to, e.Actor)
		}
	}
	if len(to) == 0 {
		return nil, nil
	}
	ev, ok := r.Cancellation(handlers.PlainName(c.Org, r.Requester), c.Calendar.Location(), c.Now)
	if !ok {
		return nil, nil
	}
	// One file for everyone: Enqueue stores each message as JSON.
	f, err := handlers.CalendarFile(ev, r.Key())
	if err != nil {
		return nil, fmt.Errorf("calendar cancellation of %s: %w", r.Key(), err)
	}
	text := msg.T("leave.ics_cancel_note", r.Key(), summary(r))
	var out []chat.Message
	for _, id := range to {
		out = append(out, chat.Message{Channel: id, Text: text, File: f})
	}
	return out, nil
}
