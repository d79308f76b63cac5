package meeting

import (
	"fmt"
	"strings"
	"time"

	"officebot/chat"
	"officebot/dates"
	"officebot/handlers"
	"officebot/ics"
	"officebot/meeting"
	"officebot/msg"
)

// calendarMessage is the iCalendar file of the meeting as it now stands,
// for one attendee: METHOD:REQUEST with the meeting's stable UID and its
// SEQUENCE (raised by every move), METHOD:CANCEL once it is cancelled. It
// follows the text it belongs to in the same conversation (docs/meetings.md).
func calendarMessage(c *handlers.Call, m meeting.Meeting, to string) (chat.Message, error) {
	method := ics.Request
	if m.State == meeting.Cancelled {
		method = ics.Cancel
	}
	f, err := handlers.CalendarFile(event(m, callOrg{c}, c.Now, method), fmt.Sprintf("%s-%d", m.Key(), m.Sequence))
	if err != nil {
		return chat.Message{}, fmt.Errorf("invitation of %s: %w", m.Key(), err)
	}
	text := msg.T("meeting.ics_note", m.Key(), m.Name())
	if method == ics.Cancel {
		text = msg.T("meeting.ics_cancel_note", m.Key(), m.Name())
	}
	return chat.Message{Channel: to, ItemKey: m.Key(), Text: text, File: f}, nil
}

// description is the event's text: its short ID and topics.
func description(m meeting.Meeting) string {
	lines := []string{msg.T("meeting.ics_description", m.Key(), m.Name())}
	for k, t := range m.Topics {
		lines = append(lines, fmt.Sprintf("%d. %s", k+1, t))
	}
	return strings.Join(lines, "\n")
}

// callOrg names people from the call's directory (unescaped: a calendar
// file is not mrkdwn).
type callOrg struct{ c *handlers.Call }

func (o callOrg) Name(id string) string {
	if p, ok := o.c.Org.Person(id); ok {
		return p.Name
	}
	return id
}

// untilDate reads the last day of a period (至 月底, 至 2026-12-31, 至 春节前)
// with package dates and the office calendar; a phrase that reads two ways
// returns the question listing both.
func untilDate(c *handlers.Call, s string) (time.Time, string, error) {
	if d, err := c.Calendar.ParseDate(s); err == nil {
		return d, "", nil
	}
	now := c.Now
	r, ok, err := dates.Parser{Now: func() time.Time { return now }, Calendar: c.Calendar}.Day(s)
	switch {
	case err != nil:
		return time.Time{}, "", err
	case !ok:
		return time.Time{}, "", fmt.Errorf("until %q: not one day", s)
	case r.Ambiguous:
		return time.Time{}, dates.Question(r), nil
	}
	return r.End, "", nil
}
