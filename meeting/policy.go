package meeting

import (
	"errors"
	"slices"
	"time"

	"officebot/calendar"
	"officebot/directory"
)

// Errors of the meeting policy; handlers turn them into Chinese.
var (
	ErrMayNotSchedule   = errors.New("meeting: this person may not schedule this type of meeting")
	ErrNoMayor          = errors.New("meeting: the directory has no mayor")
	ErrNoDirector       = errors.New("meeting: the directory has no office director")
	ErrNoExecutive      = errors.New("meeting: the directory has no executive vice mayor")
	ErrNoSigner         = errors.New("meeting: no vice mayor in charge to sign the special-topic minutes")
	ErrDelegatedSpecial = errors.New("meeting: special-topic minutes are signed by the leader in charge, not on the mayor's behalf")
	ErrNoReviewer       = errors.New("meeting: the office director filed the minutes and the directory has no deputy director to review them")
)

// MaySchedule reports whether p may schedule a meeting of type t. The office
// organises the plenary, executive and mayor's office meetings (Art. 43) and
// the mayor convenes them (Art. 40-42); a special-topic meeting is convened
// by the mayor or a vice mayor, or by the office director or deputy director
// on their behalf (Art. 44).
func MaySchedule(p directory.Person, t Type) bool {
	switch {
	case p.Role == directory.Mayor:
		return t.Valid()
	case t == Special:
		return p.Role.IsViceMayor() || p.Role == directory.OfficeDirector || p.Role == directory.OfficeDeputyDirector
	case t.Principal():
		return p.Role.IsOffice()
	}
	return false
}

// MayPreside reports whether p may preside over a meeting of type t when the
// scheduler names a presider (主持：…). The plenary is convened and presided
// by the mayor (Art. 40: 由市长召集和主持, no entrustment); the executive and
// the mayor's office meetings by the mayor or, entrusted, the executive vice
// mayor (Art. 41-42); a special-topic meeting by the mayor or a vice mayor
// (Art. 44).
func MayPreside(p directory.Person, t Type) bool {
	switch t {
	case Plenary:
		return p.Role == directory.Mayor
	case Executive, MayorOffice:
		return p.Role == directory.Mayor || p.Role == directory.ExecutiveViceMayor
	case Special:
		return p.Role == directory.Mayor || p.Role.IsViceMayor()
	}
	return false
}

// Convener returns who convenes and presides over a meeting that p
// schedules: the mayor for the plenary, executive and mayor's office
// meetings (Art. 40-42), the scheduler for a special-topic meeting.
func Convener(org *directory.Org, t Type, p directory.Person) (string, error) {
	if t == Special {
		return p.SlackID, nil
	}
	m, ok := org.First(directory.Mayor)
	if !ok {
		return "", ErrNoMayor
	}
	return m.SlackID, nil
}

// DefaultAttendees returns who the rules put at a meeting of type t (Art.
// 40-41; Art. 42 for the mayor's office meeting, where the vice mayors stand
// for "the relevant vice mayors" until the convener changes the list; Art. 44:
// a special-topic meeting starts with its convener alone).
func DefaultAttendees(org *directory.Org, t Type, convener string) []Attendee {
	var out []Attendee
	add := func(id, role string) {
		if id == "" || slices.ContainsFunc(out, func(a Attendee) bool { return a.SlackID == id }) {
			return
		}
		out = append(out, Attendee{SlackID: id, Role: role})
	}
	add(convener, Attending)
	if t == Special {
		return out
	}
	for _, r := range []directory.Role{directory.Mayor, directory.ExecutiveViceMayor, directory.ViceMayor, directory.OfficeDirector} {
		for _, p := range org.WithRole(r) {
			add(p.SlackID, Attending)
		}
	}
	if t != Plenary {
		return out
	}
	// 全体会议: heads of the government's departments are members; the
	// deputy director, town heads and unit heads observe (列席).
	for _, d := range org.Departments {
		if h, ok := org.Head(d.ID); ok && d.Kind == directory.KindDepartment {
			add(h.SlackID, Attending)
		}
	}
	for _, p := range org.WithRole(directory.OfficeDeputyDirector) {
		add(p.SlackID, Observing)
	}
	for _, d := range org.Departments {
		if h, ok := org.Head(d.ID); ok && d.Kind != directory.KindDepartment {
			add(h.SlackID, Observing)
		}
	}
	return out
}

// Change applies additions and removals to an attendee list. An addition of
// someone already invited changes their role; the convener is never removed.
func Change(list []Attendee, add []Attendee, remove []string, convener string) []Attendee {
	out := slices.Clone(list)
	for _, a := range add {
		if i := slices.IndexFunc(out, func(x Attendee) bool { return x.SlackID == a.SlackID }); i >= 0 {
			if a.SlackID != convener {
				out[i].Role = a.Role
			}
			continue
		}
		out = append(out, a)
	}
	return slices.DeleteFunc(out, func(a Attendee) bool {
		return a.SlackID != convener && slices.Contains(remove, a.SlackID)
	})
}

// Sign-off step kinds.
const (
	Review = "review" // 审核
	Sign   = "sign"   // 签发
)

// Why a step goes to whom: the handler shows msg "meeting.why.<reason>".
const (
	WhyDirector       = "director"        // 办公室主任审核 (Art. 45)
	WhyDirectorOrDep  = "director_or_dep" // 办公室主任或副主任审核 (Art. 45)
	WhyMayor          = "mayor"           // 市长签发
	WhyDelegated      = "delegated"       // 受市长委托，常务副市长签发
	WhyConvener       = "convener"        // 召集会议的分管领导签发
	WhyInCharge       = "in_charge"       // 牵头部门的分管副市长签发
	WhyCityWide       = "citywide"        // 涉及全局性事项，市长签发
	WhyConvenedByMayo = "mayor_convener"  // 市长召集的专题会议，市长签发
	WhyDeputyReviews  = "deputy_reviews"  // 主任起草，由副主任审核
	// WhyAttendedReviewer: 参加会议的办公室主任或副主任审核 (Art. 45).
	WhyAttendedReviewer = "attended_reviewer"
)

// Signoff is one step of the minutes chain: a person (Assignee) or a role
// (Role, and AlsoRoles besides) who reviews or signs.
type Signoff struct {
	Kind      string // Review or Sign
	Assignee  string
	Role      directory.Role
	AlsoRoles []directory.Role
	Why       string
	// Among, when set, keeps the step to these of the role holders (the
	// directors who attended, for special-topic minutes); not stored: the
	// decision checks it again (MayReview).
	Among []string
}

// MinutesFlags are the facts of a set of minutes the chain depends on.
type MinutesFlags struct {
	CityWide       bool   // 全市性 / 全局性: special-topic minutes go to the mayor
	Delegated      bool   // 代签: the mayor entrusts the executive vice mayor
	LeadDepartment string // the department that leads the first action item
	FiledBy        string // Slack ID of who filed them: never their reviewer
}

// MinutesChain returns the Art. 45 sign-off chain of a meeting's minutes.
//
// Plenary, executive and mayor's office meetings: the office director
// reviews, the mayor signs, or the executive vice mayor on the mayor's
// behalf. Special-topic meetings: the office director or deputy director
// reviews, then the leader in charge signs: the convener when a vice mayor
// (or the mayor) convened it, else the vice mayor in charge of the lead
// department; the mayor when the matter is city-wide.
//
// Nobody reviews minutes they filed. For special-topic minutes Art. 45
// itself names the director or a deputy director: the one who did not file
// them reviews. For the other meetings Art. 45 names the director alone;
// when the director filed them, a deputy director reviews instead — our
// choice: a review by the author is no review, the deputy director is the
// director's second in the office, and Art. 45 already trusts the deputy
// with the review of special-topic minutes. The signer is unchanged.
func MinutesChain(org *directory.Org, m Meeting, f MinutesFlags) ([]Signoff, error) {
	mayor, hasMayor := org.First(directory.Mayor)
	filer, _ := org.Person(f.FiledBy)
	if m.Type != Special {
		dir, ok := org.First(directory.OfficeDirector)
		if !ok {
			return nil, ErrNoDirector
		}
		// Art. 45: 全体会议、常务会议和市长办公会议纪要由市政府办公室主任审核.
		review := Signoff{Kind: Review, Assignee: dir.SlackID, Why: WhyDirector}
		if f.FiledBy != "" && f.FiledBy == dir.SlackID {
			if _, ok := org.First(directory.OfficeDeputyDirector); !ok {
				return nil, ErrNoReviewer
			}
			review = Signoff{Kind: Review, Role: directory.OfficeDeputyDirector, Why: WhyDeputyReviews}
		}
		if f.Delegated {
			ev, ok := org.First(directory.ExecutiveViceMayor)
			if !ok {
				return nil, ErrNoExecutive
			}
			return []Signoff{review, {Kind: Sign, Assignee: ev.SlackID, Why: WhyDelegated}}, nil
		}
		if !hasMayor {
			return nil, ErrNoMayor
		}
		return []Signoff{review, {Kind: Sign, Assignee: mayor.SlackID, Why: WhyMayor}}, nil
	}
	if f.Delegated {
		return nil, ErrDelegatedSpecial
	}
	// Art. 45: 专题会议纪要由参加会议的市政府办公室主任或副主任审核 — whichever
	// of them attended and did not file it.
	review := Signoff{Kind: Review, Role: directory.OfficeDirector,
		AlsoRoles: []directory.Role{directory.OfficeDeputyDirector}, Why: WhyDirectorOrDep}
	switch attended := AttendingReviewers(org, m, f.FiledBy); {
	case len(attended) == 1:
		review = Signoff{Kind: Review, Assignee: attended[0].SlackID, Why: WhyAttendedReviewer}
	case len(attended) > 1:
		// Several attended: the step names the roles and MayReview, when
		// deciding, keeps it to those who attended.
		review.Why = WhyAttendedReviewer
		for _, p := range attended {
			review.Among = append(review.Among, p.SlackID)
		}
	case filer.Role == directory.OfficeDirector:
		if _, ok := org.First(directory.OfficeDeputyDirector); !ok {
			return nil, ErrNoReviewer
		}
		review = Signoff{Kind: Review, Role: directory.OfficeDeputyDirector, Why: WhyDeputyReviews}
	case filer.Role == directory.OfficeDeputyDirector:
		// The filer is refused as reviewer when deciding (approval.Decision.
		// Requester); the director and the other deputies may review.
	}
	conv, _ := org.Person(m.Convener)
	var sign Signoff
	switch {
	case f.CityWide:
		if !hasMayor {
			return nil, ErrNoMayor
		}
		sign = Signoff{Kind: Sign, Assignee: mayor.SlackID, Why: WhyCityWide}
	case conv.Role == directory.Mayor:
		sign = Signoff{Kind: Sign, Assignee: conv.SlackID, Why: WhyConvenedByMayo}
	case conv.Role.IsViceMayor():
		sign = Signoff{Kind: Sign, Assignee: conv.SlackID, Why: WhyConvener}
	default:
		vm, ok := org.InCharge(f.LeadDepartment)
		if !ok {
			return nil, ErrNoSigner
		}
		sign = Signoff{Kind: Sign, Assignee: vm.SlackID, Why: WhyInCharge}
	}
	return []Signoff{review, sign}, nil
}

// AttendingReviewers lists the active office director and deputy directors
// who attended meeting m (Meeting.Attended), apart from filer: who Art. 45
// names to review special-topic minutes (由参加会议的市政府办公室主任或副主任审核).
func AttendingReviewers(org *directory.Org, m Meeting, filer string) []directory.Person {
	var out []directory.Person
	for _, p := range org.People {
		if p.Active && p.SlackID != filer && m.Attended(p.SlackID) &&
			(p.Role == directory.OfficeDirector || p.Role == directory.OfficeDeputyDirector) {
			out = append(out, p)
		}
	}
	return out
}

// MayReview reports whether p may review the special-topic minutes of m
// filed by filer on attendance (Art. 45): one of AttendingReviewers, or
// anyone when none of the office's directors attended — the attendee list
// then names no reviewer, and the director or a deputy director reviews as
// the step's roles say. Other meetings' minutes are not checked here.
func MayReview(org *directory.Org, m Meeting, filer string, p directory.Person) bool {
	if m.Type != Special {
		return true
	}
	attended := AttendingReviewers(org, m, filer)
	return len(attended) == 0 || slices.ContainsFunc(attended, func(a directory.Person) bool { return a.SlackID == p.SlackID })
}

// ReportDays is the Art. 47 period: departments report in writing within
// ten days after the meeting (会议召开后的十日内).
const ReportDays = 10

// ReportDue returns the day an implementation report of a meeting that
// started at start is due: ten calendar days after the meeting day, moved to
// the next working day when that is a rest day.
func ReportDue(cal *calendar.Calendar, start time.Time) calendar.Due {
	return cal.WithinDays(start, ReportDays)
}

// ReportStatus is where a department stands with an action item's report.
type ReportStatus string

// Report statuses.
const (
	StatusIn      ReportStatus = "in"      // filed on or before the due day
	StatusLate    ReportStatus = "late"    // filed after the due day
	StatusMissing ReportStatus = "missing" // not filed, the due day has passed
	StatusDue     ReportStatus = "due"     // not filed yet, still in time
)

// StatusOf tells the status of a report due on the date due (a civil date in
// the calendar's zone), filed at filed (nil: not filed, or sent back), as of now.
func StatusOf(cal *calendar.Calendar, due time.Time, filed *time.Time, now time.Time) ReportStatus {
	due = cal.Date(due)
	if filed != nil {
		if cal.Date(*filed).After(due) {
			return StatusLate
		}
		return StatusIn
	}
	if cal.Date(now).After(due) {
		return StatusMissing
	}
	return StatusDue
}
