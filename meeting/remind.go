package meeting

import (
	"fmt"
	"time"

	"officebot/chat"
	"officebot/msg"
)

// Reminder kinds for the scheduler (SPEC §1.5).
const (
	RemindDayBefore  = "day_before"  // the day before the meeting
	RemindHourBefore = "hour_before" // one hour before
	RemindReportSoon = "report_soon" // a report due in 3 days
	RemindReportDue  = "report_due"  // due today
	RemindOverdue    = "overdue"     // daily while overdue
)

// When formats a meeting's time in loc: 2026-12-15（星期二）09:00-11:00.
func When(start, end time.Time, loc *time.Location) string {
	s, e := start.In(loc), end.In(loc)
	out := s.Format("2006-01-02") + "（" + msg.T(fmt.Sprintf("weekday.%d", s.Weekday())) + "）" + s.Format("15:04")
	if e.After(s) {
		if e.Format(time.DateOnly) == s.Format(time.DateOnly) {
			out += "-" + e.Format("15:04")
		} else {
			out += msg.T("leave.period_to", e.Format("2006-01-02 15:04"))
		}
	}
	return out
}

// MeetingReminders returns the direct messages that remind every attendee
// of m, the day before (RemindDayBefore) or an hour before (RemindHourBefore).
func MeetingReminders(m Meeting, kind string, loc *time.Location) []chat.Message {
	text := msg.T("meeting.remind."+kind, m.Key(), m.Name(), When(m.Start, m.End, loc), chat.Escape(m.Place))
	var out []chat.Message
	for _, id := range m.AttendeeIDs() {
		out = append(out, chat.Message{Channel: id, ItemKey: m.Key(), Text: text})
	}
	return out
}

// ReportReminder returns the direct message to a department head about an
// action item's report (RemindReportSoon, RemindReportDue, RemindOverdue).
// itemKey is A5, due YYYY-MM-DD.
func ReportReminder(head, itemKey, task, due, kind string) chat.Message {
	return chat.Message{Channel: head, ItemKey: itemKey,
		Text: msg.T("meeting.remind."+kind, itemKey, chat.Escape(task), due, itemKey)}
}

// ExecutiveCadenceReminder tells the office that no executive meeting is
// scheduled in the month (Art. 41: 一般每月召开一次).
func ExecutiveCadenceReminder(officeChannel string, year int, month time.Month) chat.Message {
	return chat.Message{Channel: officeChannel, Text: msg.T("meeting.remind.no_executive", year, int(month))}
}

// PlenaryCadenceReminder tells the office that no plenary meeting is
// scheduled in the half year (Art. 40: 一般每半年召开一次).
func PlenaryCadenceReminder(officeChannel string, year, half int) chat.Message {
	return chat.Message{Channel: officeChannel, Text: msg.T("meeting.remind.no_plenary", year, msg.T(fmt.Sprintf("meeting.half.%d", half)))}
}
