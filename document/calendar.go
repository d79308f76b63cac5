package document

import (
	"time"

	"officebot/ics"
	"officebot/msg"
)

// DueAlarm rings at 09:00 the day before a due date: an all-day event
// starts at midnight, so 15 hours before it (RFC 5545 §3.8.6.3).
const DueAlarm = "-PT15H"

// DueEvent is the document's due date (Art. 54 办理期限) as an all-day
// calendar entry, 《标题》办理期限, with UID D12@… and SEQUENCE the number of
// granted extensions, so an extension moves the entry a calendar already
// has. It reports false when the document has no due date or is no longer
// being handled (办理中, or its written opinion waiting for the leader). The date is read in
// zone, the office's.
func (d Incoming) DueEvent(zone *time.Location, now time.Time) (ics.Event, bool) {
	if d.Due == "" || (d.State != Handling && d.State != Opinion) {
		return ics.Event{}, false
	}
	day, err := time.ParseInLocation(time.DateOnly, d.Due, zone)
	if err != nil {
		return ics.Event{}, false
	}
	return ics.Event{UID: ics.UID(d.Key()), Sequence: d.Extensions, Method: ics.Request, AllDay: true, Alarm: DueAlarm,
		Summary: msg.T("document.feed_due", d.Title), Description: msg.T("document.feed_due_description", d.Key(), d.Number.String()),
		Start: day, End: day.AddDate(0, 0, 1), Stamp: now, Zone: zone}, true
}
