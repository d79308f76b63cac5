// Package meeting is the policy of the municipal government's meetings
// (Art. 39-47 of the working rules): the four meeting types, who may
// schedule and who attends each, the free-text form of /meeting, the Art. 45
// minutes sign-off chain, and the Art. 47 implementation reports due ten
// days after a meeting. Its entities (Meeting, Minutes, ActionItem, Report,
// Application) and their states are in state.go. It knows nothing of Slack
// or the database: storage keeps them, handlers/meeting talks to people.
package meeting

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"officebot/msg"
)

// Type is one of the four kinds of meeting of Art. 39.
type Type string

// The meeting types.
const (
	Plenary     Type = "plenary"      // 全体会议 (Art. 40): every half year
	Executive   Type = "executive"    // 常务会议 (Art. 41): every month
	MayorOffice Type = "mayor_office" // 市长办公会议 (Art. 42)
	Special     Type = "special"      // 专题会议 (Art. 44)
)

// Types lists the meeting types in the order of the rules.
var Types = []Type{Plenary, Executive, MayorOffice, Special}

// Valid reports whether t is one of Types.
func (t Type) Valid() bool { return slices.Contains(Types, t) }

// Label returns the Chinese name of the type (常务会议).
func (t Type) Label() string { return msg.T("meeting.type." + string(t)) }

// Principal reports whether principal leaders may not miss a meeting of the
// type without the mayor's leave (Art. 57 ¶2).
func (t Type) Principal() bool { return t == Plenary || t == Executive || t == MayorOffice }

// typeWords are the words officials use for each type, longest first when
// matched.
var typeWords = map[string]Type{
	"市政府全体会议": Plenary, "全体会议": Plenary, "全会": Plenary, "plenary": Plenary,
	"市政府常务会议": Executive, "常务会议": Executive, "常务会": Executive, "executive": Executive,
	"市长办公会议": MayorOffice, "市长办公会": MayorOffice, "mayor_office": MayorOffice,
	"市政府专题会议": Special, "专题会议": Special, "专题会": Special, "special": Special,
}

// ParseType reads a type from its Chinese name or key.
func ParseType(s string) (Type, bool) {
	t, ok := typeWords[s]
	return t, ok
}

// Meeting states.
const (
	Scheduled = "scheduled"
	Moved     = "moved" // rescheduled; still to take place
	Cancelled = "cancelled"
	Held      = "held" // minutes have been filed
)

// Attendance roles.
const (
	Attending = "attendee" // 参会 / 组成人员
	Observing = "observer" // 列席
)

// Attendee is a person invited to a meeting. Deputised sets For and Away
// for the meeting as it will sit; they are never stored.
type Attendee struct {
	SlackID string
	Role    string // Attending or Observing
	// For is the Slack ID of the invited attendee this one attends in
	// place of (代为参会, Art. 57 ¶2); SlackID is then their deputy.
	For string
	// Away: the attendee is on approved leave and has named no deputy.
	Away bool
}

// Absent is an attendee on approved leave during a meeting, with the
// deputy they named to attend instead ("" when none).
type Absent struct {
	SlackID string
	Deputy  string
}

// Deputised returns the meeting as it will sit (Art. 57 ¶2: 经批准后，应当
// 委派主持工作的副职领导参加): at a plenary, executive or mayor's office
// meeting each attendee absent on approved leave is replaced by the deputy
// they named, For naming them, or marked Away when they named none. The
// convener, who presides, is never replaced. The result is for showing and
// reminding; the meeting as stored keeps whom it invited.
func (m Meeting) Deputised(absent []Absent) Meeting {
	if !m.Type.Principal() || len(absent) == 0 {
		return m
	}
	out := slices.Clone(m.Attendees)
	for i, a := range out {
		if a.SlackID == m.Convener {
			continue
		}
		for _, ab := range absent {
			if ab.SlackID != a.SlackID {
				continue
			}
			if ab.Deputy == "" || ab.Deputy == a.SlackID {
				out[i].Away = true
			} else {
				out[i] = Attendee{SlackID: ab.Deputy, Role: a.Role, For: a.SlackID}
			}
			break
		}
	}
	m.Attendees = out
	return m
}

// SeatOf returns the attendee entry of the person as the meeting sits
// (after Deputised): their own, or the one they fill for someone absent.
func (m Meeting) SeatOf(slackID string) (Attendee, bool) {
	for _, a := range m.Attendees {
		if a.SlackID == slackID || a.For == slackID {
			return a, true
		}
	}
	return Attendee{}, false
}

// Meeting is a scheduled meeting.
type Meeting struct {
	ID        uint64
	Type      Type
	Year      int
	Number    int // per type and year: 第12次
	Start     time.Time
	End       time.Time
	Place     string
	Topics    []string
	Convener  string // Slack ID of who convenes and presides (召集、主持)
	CreatedBy string
	State     string
	Attendees []Attendee
	// Sequence counts the changes sent to calendars: 0 when scheduled, one
	// more on every move and on cancellation (iCalendar SEQUENCE).
	Sequence int
}

// Key returns the meeting's short ID, M3.
func (m Meeting) Key() string { return Key(m.ID) }

// Key returns the short ID of meeting id.
func Key(id uint64) string { return "M" + strconv.FormatUint(id, 10) }

// Name returns the meeting's name as officials say it: 2026年第12次常务会议.
func (m Meeting) Name() string { return Name(m.Type, m.Year, m.Number) }

// MinutesLabel names the meeting's minutes as officials do, with the draft
// number after the first: M3 2026年第3次常务会议纪要（第2稿）.
func (m Meeting) MinutesLabel(rev int) string {
	if rev > 1 {
		return msg.T("meeting.minutes_label_rev", m.Key(), m.Name(), rev)
	}
	return msg.T("meeting.minutes_label", m.Key(), m.Name())
}

// Name returns the name of the number-th meeting of a type in a year.
func Name(t Type, year, number int) string { return msg.T("meeting.name", year, number, t.Label()) }

var nameRe = regexp.MustCompile(`^(\d{4})\s*年\s*第\s*(\d+)\s*次\s*(\S+)$`)

// ParseName reads a meeting's official name as officials write it
// ("2026年第12次常务会议", also 市政府常务会议) into its type, year and number.
func ParseName(s string) (t Type, year, number int, ok bool) {
	m := nameRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", 0, 0, false
	}
	if t, ok = ParseType(m[3]); !ok {
		return "", 0, 0, false
	}
	year, _ = strconv.Atoi(m[1])
	number, _ = strconv.Atoi(m[2])
	return t, year, number, number > 0
}

// Active reports whether the meeting still takes (or took) place.
func (m Meeting) Active() bool { return m.State != Cancelled }

// Attends reports whether the person attends, observes or convenes.
func (m Meeting) Attends(slackID string) bool {
	if slackID == "" {
		return false
	}
	if m.Convener == slackID {
		return true
	}
	return slices.ContainsFunc(m.Attendees, func(a Attendee) bool { return a.SlackID == slackID })
}

// Attended reports whether the person took part in the meeting: its
// convener, or an attendee or observer in their own seat or as a deputy
// (代为参会), not one away on approved leave who named nobody.
func (m Meeting) Attended(slackID string) bool {
	if slackID == "" {
		return false
	}
	if m.Convener == slackID {
		return true
	}
	return slices.ContainsFunc(m.Attendees, func(a Attendee) bool { return a.SlackID == slackID && !a.Away })
}

// AttendeeIDs lists the Slack IDs of everybody invited, convener first
// (of a Deputised meeting: the deputies in place of the absent).
func (m Meeting) AttendeeIDs() []string {
	var out []string
	if m.Convener != "" {
		out = append(out, m.Convener)
	}
	for _, a := range m.Attendees {
		if !slices.Contains(out, a.SlackID) {
			out = append(out, a.SlackID)
		}
	}
	return out
}

// DefaultLength is how long a meeting is taken to last when its end is not given.
const DefaultLength = 2 * time.Hour

// ExecutiveScheduled reports whether an executive meeting that is not
// cancelled starts in the month (Art. 41: 一般每月召开一次). Months are those
// of loc, the office's zone.
func ExecutiveScheduled(ms []Meeting, loc *time.Location, year int, month time.Month) bool {
	for _, m := range ms {
		s := m.Start.In(loc)
		if m.Type == Executive && m.Active() && s.Year() == year && s.Month() == month {
			return true
		}
	}
	return false
}

// PlenaryScheduled reports whether a plenary meeting that is not cancelled
// starts in the half year (1: January-June, 2: July-December; Art. 40:
// 一般每半年召开一次).
func PlenaryScheduled(ms []Meeting, loc *time.Location, year, half int) bool {
	for _, m := range ms {
		s := m.Start.In(loc)
		if m.Type == Plenary && m.Active() && s.Year() == year && Half(s.Month()) == half {
			return true
		}
	}
	return false
}

// Half returns the half year of a month: 1 or 2.
func Half(m time.Month) int {
	if m <= time.June {
		return 1
	}
	return 2
}

// HalfBounds returns the first instant of the half year and of the next one, in loc.
func HalfBounds(loc *time.Location, year, half int) (from, to time.Time) {
	from = time.Date(year, time.Month(6*(half-1)+1), 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 6, 0)
}
