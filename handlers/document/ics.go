package document

import (
	"context"
	"fmt"
	"strings"

	"officebot/chat"
	"officebot/document"
	"officebot/handlers"
	"officebot/ics"
	"officebot/msg"
	"officebot/storage"
)

// actICS is the 加入日历 button of a document's status.
const actICS = "doc.ics"

// calendarButton is the 加入日历 button of the status of a document with a
// due date still being handled (none otherwise).
func calendarButton(c *handlers.Call, d document.Incoming) []chat.Block {
	if _, ok := d.DueEvent(c.Calendar.Location(), c.Now); !ok {
		return nil
	}
	return []chat.Block{chat.Buttons(chat.Button{Label: msg.T("document.ics_button"), ActionID: actICS, Value: d.Key()})}
}

// calendarFile sends the person the document's due date as an iCalendar
// file (an all-day event with an alarm at 09:00 the day before,
// METHOD:PUBLISH, UID D12@… and SEQUENCE the granted extensions, as in the
// calendar feed) in their direct messages with the bot: /doc ics D12 or
// the 加入日历 button of /doc status D12. Those who may read the document
// may have it.
func (s *Service) calendarFile(ctx context.Context, c *handlers.Call, ref string) (handlers.Response, error) {
	if strings.TrimSpace(ref) == "" {
		return handlers.Reply(msg.T("document.usage_ics")), nil
	}
	var d document.Incoming
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		if id, ok := outgoingRef(tx, ref); ok {
			o, err := loadOutgoing(tx, id)
			if err != nil {
				return err
			}
			return handlers.Fail("document.ics_no_due", o.Key(), msg.T("document.out.state."+string(o.Chain.State)))
		}
		var err error
		if d, err = load(tx, ref); err != nil {
			return err
		}
		steps, err := tx.Steps(d.Key())
		if err != nil {
			return err
		}
		if !d.CanSee(c.Me, path(steps)) {
			return handlers.Fail("document.err.forbidden", d.Key())
		}
		ev, ok := d.DueEvent(c.Calendar.Location(), c.Now)
		if !ok {
			return handlers.Fail("document.ics_no_due", d.Key(), stateName(d.State))
		}
		ev.Method = ics.Publish
		f, err := handlers.CalendarFile(ev, fmt.Sprintf("%s-%d", d.Key(), d.Extensions))
		if err != nil {
			return fmt.Errorf("calendar file of %s: %w", d.Key(), err)
		}
		return tx.Enqueue(c.Now, chat.Message{Channel: c.Me.SlackID, Text: msg.T("document.ics_note", d.Key(), chat.Escape(d.Title), d.Due), File: f})
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("document.ics_sent", d.Key())), nil
}
