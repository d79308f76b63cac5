package leave

import (
	"time"

	"officebot/ics"
	"officebot/msg"
)

// Event is the approved request as an all-day calendar entry, from its
// first day to its last (DTEND the day after, RFC 5545 §3.6.1), named
// "王主任 出差" after requester (the requester's name), with UID L12@… so a
// calendar that has it from the feed and from a file keeps one entry. It
// reports false for a request that is not approved or has no dates.
// Dates are read in zone, the office's.
func (r Request) Event(requester string, zone *time.Location, now time.Time) (ics.Event, bool) {
	start, end := Day(r.Period.Start), Day(r.Period.End)
	if r.State != Approved || start.IsZero() || end.Before(start) {
		return ics.Event{}, false
	}
	return ics.Event{UID: ics.UID(r.Key()), Method: ics.Request, AllDay: true,
		Summary:     msg.T("leave.feed_summary", requester, msg.T("leave.kind."+string(r.Kind))),
		Description: msg.T("leave.feed_description", r.Key(), r.Destination),
		Start:       start, End: end.AddDate(0, 0, 1), Stamp: now, Zone: zone}, true
}

// Cancellation is the iCalendar cancellation of a revoked request's entry
// (METHOD:CANCEL, STATUS:CANCELLED): the same UID as Event's, SEQUENCE 1
// (the entry was sent with 0), so a calendar that imported the approved
// leave removes it. It reports false for a request that is not revoked or
// has no dates.
func (r Request) Cancellation(requester string, zone *time.Location, now time.Time) (ics.Event, bool) {
	if r.State != Revoked {
		return ics.Event{}, false
	}
	approved := r
	approved.State = Approved
	ev, ok := approved.Event(requester, zone, now)
	if !ok {
		return ics.Event{}, false
	}
	ev.Method, ev.Sequence = ics.Cancel, 1
	ev.Description = msg.T("leave.feed_description_revoked", r.Key(), r.Destination)
	return ev, true
}
