package leave

import (
	"officebot/msg"
	"slices"
	"time"
)

// MeetingType is the type of a government meeting (Art. 39).
type MeetingType string

// The meeting types of Art. 39.
const (
	Plenary     MeetingType = "plenary"      // 市政府全体会议
	Executive   MeetingType = "executive"    // 市政府常务会议
	MayorOffice MeetingType = "mayor_office" // 市长办公会议
	Special     MeetingType = "special"      // 专题会议
)

// Label returns the Chinese name of the meeting type.
func (t MeetingType) Label() string {
	switch t {
	case Plenary, Executive, MayorOffice, Special:
		return msg.T("leave.meeting_type." + string(t))
	}
	return string(t)
}

// Principal reports whether principal leaders may not miss a meeting of the
// type without the mayor's leave (Art. 57 ¶2): the plenary, executive and
// mayor's office meetings, not special-topic ones.
func (t MeetingType) Principal() bool {
	return t == Plenary || t == Executive || t == MayorOffice
}

// Meeting is a scheduled meeting a leave may overlap.
type Meeting struct {
	ID         string      // short ID, e.g. "M3"
	Name       string      // e.g. 2026年第12次常务会议
	Type       MeetingType //
	Start      time.Time   // instant the meeting starts
	End        time.Time   // instant it ends; zero: only Start counts
	Attendees  []string    // Slack IDs
	PresiderID string      // Slack ID of who presides
}

// Title is the meeting's name, or its type when it has none.
func (m Meeting) Title() string {
	if m.Name == "" {
		return m.Type.Label()
	}
	return m.Name
}

// Attends reports whether the person attends the meeting or presides over it.
func (m Meeting) Attends(slackID string) bool {
	return slackID != "" && (m.PresiderID == slackID || slices.Contains(m.Attendees, slackID))
}

// During reports whether the meeting takes place within [from, to).
func (m Meeting) During(from, to time.Time) bool {
	return m.Start.Before(to) && from.Before(m.end())
}

// end returns when the meeting ends; a meeting without an end lasts an
// instant.
func (m Meeting) end() time.Time {
	if m.End.After(m.Start) {
		return m.End
	}
	return m.Start.Add(time.Nanosecond)
}

// Absence is an approved leave of someone: away from From (inclusive) to To
// (exclusive). Period.Absence builds one from a period.
type Absence struct {
	SlackID  string
	From, To time.Time
	// Deputy attends meetings in the absent person's place (代为参会,
	// Art. 57 ¶2), "" when none was named.
	Deputy string
}

// away reports whether the person is away at some time within [from, to).
func away(list []Absence, slackID string, from, to time.Time) bool {
	for _, a := range list {
		if a.SlackID == slackID && a.From.Before(to) && from.Before(a.To) {
			return true
		}
	}
	return false
}
