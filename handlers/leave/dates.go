package leave

import (
	"context"
	"errors"
	"time"

	"officebot/chat"
	"officebot/dates"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
)

// pickDatesID is the button that files one reading of a /leave text whose
// dates read two ways; its value is the whole text with that reading
// written out.
const pickDatesID = "leave.pick_dates"

// dateParser reads dates at the call's instant with the office's calendar,
// so 调休 days and admins' overrides count (docs/dates.md).
func dateParser(c *handlers.Call) dates.Parser {
	now := c.Now
	return dates.Parser{Now: func() time.Time { return now }, Calendar: c.Calendar}
}

// ambiguous asks which reading of the dates is meant: both in full, each
// with a button that files it and the text to type instead.
func ambiguous(err error) (handlers.Response, bool) {
	var ae *leave.AmbiguousError
	if !errors.As(err, &ae) {
		return handlers.Response{}, false
	}
	var lines string
	var buttons []chat.Button
	for k, p := range ae.Readings {
		echo := dates.Echo(spanOf(p))
		lines += "\n" + msg.T("leave.ambiguous_reading", k+1, echo, chat.Escape(ae.Texts[k]))
		buttons = append(buttons, chat.Button{Label: msg.T("leave.btn_pick_dates", k+1), ActionID: pickDatesID, Value: ae.Texts[k]})
	}
	text := msg.T("leave.ambiguous", chat.Escape(ae.Phrase), lines)
	return handlers.Reply(text, chat.Text(text), chat.Block{Actions: &chat.Actions{Buttons: buttons}}), true
}

// pickDates files the reading the person chose.
func (s *Service) pickDates(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	return s.fileText(ctx, c, c.Req.Action.Value)
}

// spanOf is the period as a dates.Span, for echoing.
func spanOf(p leave.Period) dates.Span { return p.Span() }
