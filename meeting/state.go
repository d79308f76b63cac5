package meeting

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"officebot/calendar"
	"officebot/chat"
	"officebot/directory"
	"officebot/text"
)

// The states of a meeting and its paperwork, and the transitions between
// them; storage keeps them, handlers/meeting talks to people:
//
//	Meeting      Scheduled → Moved (Move, again and again)
//	             Scheduled | Moved → Cancelled (Cancel)
//	             Scheduled | Moved | Held → Held (minutes filed: it took place)
//	Minutes      InReview → Signed (the last step of the Art. 45 chain signs)
//	             InReview → Returned (退回修改: filed again as the next revision)
//	ActionItem   Open | Returned → Reported (the department's report, Art. 47)
//	             Reported → Returned (退回补充, with its report)
//	Report       Filed → Returned
//	Application  Pending → Approved | Rejected (the office, Art. 46)

// Minutes states.
const (
	MinutesInReview = "in_review"
	MinutesSigned   = "signed"
	MinutesReturned = "returned"
)

// Action item states.
const (
	ItemOpen     = "open"     // waiting for the department's report
	ItemReported = "reported" // report filed
	ItemReturned = "returned" // report sent back for more (退回补充)
)

// Report states.
const (
	ReportFiled    = "filed"
	ReportReturned = "returned"
)

// Application states.
const (
	ApplicationPending  = "pending"
	ApplicationApproved = "approved"
	ApplicationRejected = "rejected"
)

// Changeable are the states in which a meeting may still be moved or
// cancelled.
var Changeable = []string{Scheduled, Moved}

// MayHold are the states from which filing minutes marks a meeting held:
// not cancelled meanwhile.
var MayHold = []string{Scheduled, Moved, Held}

// Errors a change is refused with; handlers say which in Chinese, with the
// item it is about.
var (
	ErrNotOrganiser    = errors.New("meeting: only the office, the convener or who scheduled it may change it")
	ErrNotChangeable   = errors.New("meeting: the meeting was held or cancelled")
	ErrNotMinutesFiler = errors.New("meeting: only the office or the convener files the minutes")
	ErrCancelled       = errors.New("meeting: the meeting was cancelled")
	ErrTooEarly        = errors.New("meeting: the meeting has not started")
	ErrMinutesInReview = errors.New("meeting: the minutes are in review")
	ErrMinutesSigned   = errors.New("meeting: the minutes are signed")
	ErrWrongDepartment = errors.New("meeting: the item is another department's")
	ErrAlreadyReported = errors.New("meeting: the item is reported")
	ErrNothingToReturn = errors.New("meeting: no report to send back")
	ErrUrgedToday      = errors.New("meeting: the item was urged today")
)

// ParseKey reads a short ID with or without its letter ("M3", "m3", "3"),
// also as a full-width input method types it.
func ParseKey(letter, s string) (uint64, bool) {
	s = strings.TrimSpace(text.HalfWidth(s))
	if len(s) > 0 && strings.EqualFold(s[:1], letter) {
		s = s[1:]
	}
	id, err := strconv.ParseUint(s, 10, 64)
	return id, err == nil && id > 0
}

// MayOrganise reports whether the person may move, cancel or file minutes
// of the meeting: the office (Art. 43), its convener, or who scheduled it.
func (m Meeting) MayOrganise(p directory.Person) bool {
	return p.Role.IsOffice() || p.SlackID == m.Convener || p.SlackID == m.CreatedBy
}

// CheckChange tells whether the person may move or cancel the meeting:
// only its organisers, and only while it is still to take place.
func (m Meeting) CheckChange(p directory.Person) error {
	if !m.MayOrganise(p) {
		return ErrNotOrganiser
	}
	if !slices.Contains(Changeable, m.State) {
		return ErrNotChangeable
	}
	return nil
}

// Move returns the meeting moved to [start, end) at place.
func (m Meeting) Move(start, end time.Time, place string) Meeting {
	m.Start, m.End, m.Place, m.State = start, end, place, Moved
	m.Sequence++
	return m
}

// Cancel returns the meeting cancelled.
func (m Meeting) Cancel() Meeting {
	m.State = Cancelled
	m.Sequence++
	return m
}

// CheckMinutes tells whether the person may file minutes of the meeting at
// now, given its latest minutes (nil: none yet): the office or the convener,
// once the meeting has started, unless it was cancelled or its minutes are
// in review or signed.
func (m Meeting) CheckMinutes(p directory.Person, now time.Time, latest *Minutes) error {
	switch {
	case !p.Role.IsOffice() && p.SlackID != m.Convener:
		return ErrNotMinutesFiler
	case m.State == Cancelled:
		return ErrCancelled
	case now.Before(m.Start):
		return ErrTooEarly
	case latest != nil && latest.State == MinutesInReview:
		return ErrMinutesInReview
	case latest != nil && latest.State == MinutesSigned:
		return ErrMinutesSigned
	}
	return nil
}

// FileMinutes returns the content (as ParseMinutes read it) filed by the
// person at now as the next revision after latest (nil: the first), in
// review.
func (m Meeting) FileMinutes(content Minutes, latest *Minutes, by string, now time.Time) Minutes {
	content.ID, content.MeetingID, content.Revision = 0, m.ID, 1
	if latest != nil {
		content.Revision = latest.Revision + 1
	}
	content.State, content.FiledBy, content.CreatedAt = MinutesInReview, by, now.UTC()
	return content
}

// Subject is the approval subject of the minutes' sign-off chain.
func (m Minutes) Subject() string { return MinutesSubject(m.MeetingID, m.Revision) }

// MinutesSubject is the approval subject of a revision of a meeting's minutes.
func MinutesSubject(meetingID uint64, revision int) string {
	return fmt.Sprintf("M%d-minutes-%d", meetingID, revision)
}

var subjectRe = regexp.MustCompile(`^M(\d+)-minutes-(\d+)(?:#(\d+))?$`)

// ParseSubject reads a minutes subject, with the step it names when a
// button carries one ("M3-minutes-2#1": seq 1; without: 0).
func ParseSubject(s string) (meetingID uint64, revision, seq int, ok bool) {
	m := subjectRe.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, 0, false
	}
	meetingID, _ = strconv.ParseUint(m[1], 10, 64)
	revision, _ = strconv.Atoi(m[2])
	seq, _ = strconv.Atoi(m[3])
	return meetingID, revision, seq, true
}

// Sign returns the minutes signed by the person at at.
func (m Minutes) Sign(by string, at time.Time) Minutes {
	t := at.UTC()
	m.State, m.SignedBy, m.SignedAt = MinutesSigned, by, &t
	return m
}

// Return returns the minutes sent back for changes.
func (m Minutes) Return() Minutes {
	m.State = MinutesReturned
	return m
}

// ActionItem is a decision of signed minutes a department carries out and
// reports on within ten days (Art. 47), short ID A5.
type ActionItem struct {
	ID             uint64
	MeetingID      uint64
	MinutesID      uint64
	Department     string
	Task           string
	Due            string // YYYY-MM-DD in the office zone
	DueProvisional bool
	State          string
	CreatedAt      time.Time
	ReportedAt     *time.Time
	UrgedAt        *time.Time
}

// ItemKey returns the short ID of an action item, A5.
func ItemKey(id uint64) string { return "A" + strconv.FormatUint(id, 10) }

// Key returns the item's short ID.
func (a ActionItem) Key() string { return ItemKey(a.ID) }

// ActionItems are the items signed minutes of the meeting create at now,
// due as Art. 47 counts (calendar days from the meeting, a rest day moves
// to the next working day).
func (m Minutes) ActionItems(mt Meeting, cal *calendar.Calendar, now time.Time) []ActionItem {
	due := ReportDue(cal, mt.Start)
	out := make([]ActionItem, 0, len(m.Items))
	for _, it := range m.Items {
		out = append(out, ActionItem{MeetingID: mt.ID, MinutesID: m.ID, Department: it.Department, Task: it.Task,
			Due: due.Date.In(cal.Location()).Format("2006-01-02"), DueProvisional: due.Provisional, State: ItemOpen, CreatedAt: now.UTC()})
	}
	return out
}

// CheckReport tells whether the person may report on the item: anyone of
// its department (the head signs off inside the department), once.
func (a ActionItem) CheckReport(p directory.Person) error {
	if p.Department != a.Department {
		return ErrWrongDepartment
	}
	if a.State == ItemReported {
		return ErrAlreadyReported
	}
	return nil
}

// CheckReturn tells whether the item's report may be sent back.
func (a ActionItem) CheckReturn() error {
	if a.State != ItemReported {
		return ErrNothingToReturn
	}
	return nil
}

// CheckUrge tells whether the item may be urged at now: not reported, and
// not urged already that day in loc (one reminder a day is enough).
func (a ActionItem) CheckUrge(now time.Time, loc *time.Location) error {
	if a.State == ItemReported {
		return ErrAlreadyReported
	}
	if a.UrgedAt != nil && a.UrgedAt.In(loc).Format(time.DateOnly) == now.In(loc).Format(time.DateOnly) {
		return ErrUrgedToday
	}
	return nil
}

// Report is a department's written implementation report on an action item.
type Report struct {
	ID           uint64
	ActionItemID uint64
	Text         string
	FileLink     string
	Files        []chat.File // files shared with the report
	FiledBy      string
	FiledAt      time.Time
	Late         bool
	State        string // ReportFiled or ReportReturned
	ReturnedBy   string
	ReturnReason string
	ReturnedAt   *time.Time
}

// Return returns the report sent back by the person at at, with the reason.
func (r Report) Return(by, reason string, at time.Time) Report {
	t := at.UTC()
	r.State, r.ReturnedBy, r.ReturnReason, r.ReturnedAt = ReportReturned, by, reason, &t
	return r
}

// Application is a department's application to hold a city-wide meeting
// (Art. 46: 全市性会议应当提前报送市政府办公室审批), short ID P4.
type Application struct {
	ID         uint64
	Department string
	Applicant  string
	Title      string
	StartAt    time.Time
	EndAt      time.Time
	Place      string
	Scope      string // who attends, how many
	State      string
	DecidedBy  string
	Comment    string
	CreatedAt  time.Time
	DecidedAt  *time.Time
}

// ApplicationKey returns the short ID of a city-wide meeting application, P4.
func ApplicationKey(id uint64) string { return "P" + strconv.FormatUint(id, 10) }

// Key returns the application's short ID.
func (a Application) Key() string { return ApplicationKey(a.ID) }

// Decide returns the application approved or rejected (with the comment as
// the reason) by the person at at. Who may decide is the approval chain's
// to say.
func (a Application) Decide(by string, approve bool, comment string, at time.Time) Application {
	t := at.UTC()
	a.State, a.DecidedBy, a.Comment, a.DecidedAt = ApplicationApproved, by, comment, &t
	if !approve {
		a.State = ApplicationRejected
	}
	return a
}
