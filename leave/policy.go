package leave

import (
	"fmt"
	"time"

	"officebot/directory"
	"officebot/msg"
	"officebot/numeral"
	"officebot/text"
)

// Article cites a paragraph of the working rules.
type Article struct {
	Number    int // 57
	Paragraph int // 1-based; 0 for the whole article
}

// The paragraphs of Art. 57 a decision cites.
var (
	Art57Para1 = Article{Number: 57, Paragraph: 1} // leaving Kunshan: written request
	Art57Para2 = Article{Number: 57, Paragraph: 2} // missing a principal meeting
)

// String renders the citation in Chinese, e.g. 第五十七条第一款.
func (a Article) String() string {
	s := msg.T("leave.cite_article", numeral.Chinese(a.Number))
	if a.Paragraph > 0 {
		s += msg.T("leave.cite_paragraph", numeral.Chinese(a.Paragraph))
	}
	return s
}

// Reason says why a written request is or is not required.
type Reason string

// The reasons of a decision.
const (
	// ReasonOutsideSuzhou: a role Art. 57 ¶1 names leaves Kunshan for a place
	// outside Suzhou for a day or more. Required.
	ReasonOutsideSuzhou Reason = "outside_suzhou"
	// ReasonExtension: staff and office staff, whom Art. 57 does not name,
	// file like their heads (the bot's extension of Art. 57 ¶1). Required.
	ReasonExtension Reason = "extension"
	// ReasonMeetingAbsence: the absence overlaps a plenary, executive or
	// mayor's office meeting the requester attends (Art. 57 ¶2). Required
	// whatever the destination and duration.
	ReasonMeetingAbsence Reason = "meeting_absence"
	// ReasonInsideKunshan: the destination is in Kunshan. Not required.
	ReasonInsideKunshan Reason = "inside_kunshan"
	// ReasonInsideSuzhou: the destination is in Suzhou (除苏州市内). Not
	// required.
	ReasonInsideSuzhou Reason = "inside_suzhou"
	// ReasonUnderOneDay: the absence is shorter than a day ("1天以上"). Not
	// required.
	ReasonUnderOneDay Reason = "under_one_day"
	// ReasonMayor: Art. 57 does not cover the mayor, who leads the
	// government (Art. 6) and has nobody in it to ask. Not required; the
	// handler records the absence at once (so routing that depends on the
	// mayor being away sees it) and tells the office director when the
	// mayor leaves Suzhou or misses a meeting he would preside over, so the
	// executive vice mayor can stand in (Art. 41).
	ReasonMayor Reason = "mayor_not_covered"
)

// ApproverReason says why the approver of a decision is who it is.
type ApproverReason string

// The approver reasons.
const (
	// ApproverNotNeeded: no written request is required, nobody approves.
	ApproverNotNeeded ApproverReason = "not_needed"
	// ApproverInCharge: a department, town or unit head's request goes to
	// the vice mayor in charge of the department (分管副市长).
	ApproverInCharge ApproverReason = "in_charge_vice_mayor"
	// ApproverMayor: a vice mayor's, the executive vice mayor's or the office
	// director's request goes to the mayor.
	ApproverMayor ApproverReason = "mayor"
	// ApproverDepartmentHead: a staff member's request goes to the head of
	// their department (extension).
	ApproverDepartmentHead ApproverReason = "department_head"
	// ApproverOfficeDirector: an office staff member's or deputy director's
	// request goes to the office director (extension).
	ApproverOfficeDirector ApproverReason = "office_director"
	// ApproverMeetingMayor: a meeting absence goes to the mayor (Art. 57 ¶2).
	ApproverMeetingMayor ApproverReason = "meeting_mayor"
	// ApproverMeetingExecutive: a meeting absence while the mayor is away
	// goes to the executive vice mayor who presides (Art. 57 ¶2, Art. 41).
	ApproverMeetingExecutive ApproverReason = "meeting_executive_vice_mayor"
	// ApproverMeetingPresiding: a meeting absence from meetings the
	// executive vice mayor presides over on the mayor's behalf (Art. 41-42)
	// goes to him: Art. 57 ¶2 names the mayor "or the presiding executive
	// vice mayor", and the mayor entrusted him because he is away.
	ApproverMeetingPresiding ApproverReason = "meeting_presiding_executive"
	// ApproverStandInMayor: the usual approver is away, is the requester or
	// is missing from the directory, so the mayor approves.
	ApproverStandInMayor ApproverReason = "stand_in_mayor"
	// ApproverStandInExecutive: neither the usual approver nor the mayor
	// can decide (away, missing, or the requester), so the executive vice
	// mayor approves.
	ApproverStandInExecutive ApproverReason = "stand_in_executive_vice_mayor"
	// ApproverFallbackNoDepartment: the requester has no department (or an
	// unknown one), so nobody in charge can be found; the office director
	// routes it by hand (Art. 57: 由市政府办公室报市政府领导批准).
	ApproverFallbackNoDepartment ApproverReason = "fallback_no_department"
	// ApproverFallbackNoInCharge: the department has no (active) vice mayor
	// in charge; the office director routes it.
	ApproverFallbackNoInCharge ApproverReason = "fallback_no_vice_mayor_in_charge"
	// ApproverFallbackNoHead: the staff member's department has no (active)
	// head; the office director routes it.
	ApproverFallbackNoHead ApproverReason = "fallback_no_department_head"
	// ApproverFallbackNoLeader: neither the mayor nor the executive vice
	// mayor can approve (away, missing, or the requester); the office
	// director routes it.
	ApproverFallbackNoLeader ApproverReason = "fallback_no_leader"
	// ApproverNone: nobody can be named: the mayor's own leave, or a
	// fallback to the office director who is the requester or missing. The
	// request is never approved automatically: the handler posts it to the
	// office channel for a person to route.
	ApproverNone ApproverReason = "none"
)

// Fallback reports whether the approver was not found by the rules and the
// office must route the request by hand.
func (r ApproverReason) Fallback() bool {
	switch r {
	case ApproverFallbackNoDepartment, ApproverFallbackNoInCharge, ApproverFallbackNoHead,
		ApproverFallbackNoLeader, ApproverNone:
		return true
	}
	return false
}

// Bypass records an approver the rules named but who could not decide.
type Bypass struct {
	SlackID string
	Cause   BypassCause
}

// BypassCause says why an approver was passed over.
type BypassCause string

// The causes of a bypass.
const (
	BypassAway      BypassCause = "away"      // on approved leave during the period
	BypassRequester BypassCause = "requester" // nobody approves their own request
	BypassMissing   BypassCause = "missing"   // not an active person in the directory
)

// Application is what a person asks for, before the policy decides it:
// File makes it a Request.
type Application struct {
	Requester   directory.Person
	Kind        Kind
	Destination string
	Period      Period
	Reason      string
	// Deputy is the Slack ID of who attends meetings instead (代为参会);
	// empty to take the requester's Deputy from the directory.
	Deputy string
}

// Length limits of a request's free text, in characters (text.CheckLen):
// the same on SQLite and PostgreSQL, and short enough for a Slack post.
const (
	MaxDestinationLen = 50
	MaxReasonLen      = 500
)

// CheckLengths returns a *text.TooLongError naming the first free-text
// field of the application that is too long.
func (a Application) CheckLengths() error {
	if err := text.CheckLen("field.destination", a.Destination, MaxDestinationLen); err != nil {
		return err
	}
	return text.CheckLen("field.reason", a.Reason, MaxReasonLen)
}

// Input is everything a decision depends on.
type Input struct {
	Org     *directory.Org
	Request Application
	// Meetings are the scheduled meetings that may overlap the period; the
	// ones that do not are ignored.
	Meetings []Meeting
	// Away are the approved leaves of other people.
	Away []Absence
	// Now is the instant of the request.
	Now time.Time
}

// Decision is what the rules say about a request.
type Decision struct {
	// Required reports whether a written request needs approval. When it is
	// false the bot says so, citing Article, and may record the absence.
	Required bool
	Reason   Reason
	Article  Article
	Region   Region
	Days     float64

	// Approver is the Slack ID of who decides; empty when nobody does
	// (ApproverReason says why).
	Approver       string
	ApproverReason ApproverReason
	// Bypassed lists the approvers passed over on the way, in order.
	Bypassed []Bypass

	// MeetingAbsence reports that the period overlaps Meetings, principal
	// meetings the requester attends.
	MeetingAbsence bool
	Meetings       []Meeting
	// DeputyRequired reports that a deputy must attend instead; Deputy is
	// who, DeputySuggested that it came from the directory rather than the
	// request (the handler asks the requester to confirm it).
	DeputyRequired  bool
	Deputy          string
	DeputySuggested bool

	// NotifyOfficeDirector asks the handler to tell the office director
	// (OfficeDirector) once approved: the attendee change of a meeting
	// absence (Art. 57 ¶2), or the mayor's absence.
	NotifyOfficeDirector bool
	OfficeDirector       string
}

// Policy decides leave requests. The zero value uses DefaultPlaces.
type Policy struct {
	Places *Places
}

// Decide validates the request and applies Art. 57 to it. A request that
// cannot be filed gets one of the package's error values (wrapped, use
// errors.Is). For ErrNoDeputy the returned Decision is still complete, so
// the handler can name the meetings when it asks for a deputy.
func (p Policy) Decide(in Input) (Decision, error) {
	req := in.Request
	switch {
	case in.Org == nil:
		return Decision{}, ErrNoOrg
	case req.Requester.SlackID == "":
		return Decision{}, ErrNoRequester
	case !req.Kind.Valid():
		return Decision{}, fmt.Errorf("%w: %q", ErrUnknownKind, string(req.Kind))
	case req.Destination == "":
		return Decision{}, ErrNoDestination
	}
	if err := req.Period.Validate(); err != nil {
		return Decision{}, err
	}
	// The period's dates are midnights in the office's zone: today is read there.
	if today := Today(in.Now, req.Period.Start.Location()); Day(req.Period.Start).Before(today) {
		return Decision{}, fmt.Errorf("%w: starts %s, today is %s", ErrStartInPast,
			Day(req.Period.Start).Format(time.DateOnly), today.Format(time.DateOnly))
	}

	places := p.Places
	if places == nil {
		places = DefaultPlaces
	}
	from, to := req.Period.From(), req.Period.To()
	me := req.Requester
	d := Decision{
		Region:         places.Region(req.Destination),
		Days:           req.Period.Days(),
		Article:        Art57Para1,
		ApproverReason: ApproverNotNeeded,
	}
	if od, ok := in.Org.First(directory.OfficeDirector); ok {
		d.OfficeDirector = od.SlackID
	}
	for _, m := range in.Meetings {
		if m.Type.Principal() && m.Attends(me.SlackID) && m.During(from, to) {
			d.Meetings = append(d.Meetings, m)
		}
	}
	d.MeetingAbsence = len(d.Meetings) > 0

	switch {
	case me.Role == directory.Mayor:
		d.Reason = ReasonMayor
		d.ApproverReason = ApproverNone
		d.NotifyOfficeDirector = d.MeetingAbsence || (!d.Region.Local() && d.Days >= 1)
		return d, nil
	case d.MeetingAbsence:
		d.Required, d.Reason, d.Article = true, ReasonMeetingAbsence, Art57Para2
	case d.Region == InKunshan:
		d.Reason = ReasonInsideKunshan
	case d.Region == InSuzhou:
		d.Reason = ReasonInsideSuzhou
	case d.Days < 1:
		d.Reason = ReasonUnderOneDay
	case coveredByArticle57(me.Role):
		d.Required, d.Reason = true, ReasonOutsideSuzhou
	default:
		d.Required, d.Reason = true, ReasonExtension
	}

	if err := p.checkDeputy(in, &d); err != nil {
		return d, err
	}
	if !d.Required {
		return d, nil
	}
	r := router{org: in.Org, me: me.SlackID, away: in.Away, from: from, to: to}
	if d.MeetingAbsence {
		d.NotifyOfficeDirector = true
		r.meeting(d.Meetings)
	} else {
		r.byRole(me)
	}
	d.Approver, d.ApproverReason, d.Bypassed = r.approver, r.reason, r.bypassed
	return d, nil
}

// coveredByArticle57 reports whether Art. 57 ¶1 names the role: vice mayors,
// the office director and the principal heads of departments, towns and
// units.
func coveredByArticle57(r directory.Role) bool {
	return r.IsViceMayor() || r == directory.OfficeDirector || r.IsHead()
}

// checkDeputy fills in and checks the deputy. A deputy named in the request
// is checked even when none is required: a typo should not pass silently.
func (p Policy) checkDeputy(in Input, d *Decision) error {
	me := in.Request.Requester
	// Vice mayors sit in the executive meeting in their own right; Art. 57
	// ¶2's deputy is the one who presides over a unit's work, which they do
	// not have.
	d.DeputyRequired = d.MeetingAbsence && !me.Role.IsViceMayor() && me.Role != directory.Mayor
	d.Deputy = in.Request.Deputy
	if d.Deputy == "" && d.DeputyRequired && me.Deputy != "" {
		d.Deputy, d.DeputySuggested = me.Deputy, true
	}
	if d.Deputy == "" {
		if d.DeputyRequired {
			return ErrNoDeputy
		}
		return nil
	}
	return CheckDeputy(in.Org, me, d.Deputy, d.Meetings, in.Away)
}

// CheckDeputy says whether deputy may attend meetings in the requester's
// place, at filing or when named later in the request's thread: an active
// person of the requester's own unit (Art. 57 ¶2: 委派主持工作的副职领导参加),
// not the requester, and not away on approved leave at any of the meetings.
func CheckDeputy(org *directory.Org, requester directory.Person, deputy string, meetings []Meeting, others []Absence) error {
	if deputy == requester.SlackID {
		return ErrDeputyIsRequester
	}
	dep, ok := org.Person(deputy)
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownDeputy, deputy)
	}
	if requester.Department != "" && dep.Department != requester.Department {
		return fmt.Errorf("%w: %s is not in %s", ErrDeputyOtherDepartment, deputy, requester.Department)
	}
	for _, m := range meetings {
		if away(others, deputy, m.Start, m.end()) {
			return fmt.Errorf("%w: %s during %s", ErrDeputyAway, deputy, m.Name)
		}
	}
	return nil
}

// router finds the approver: the rule's choice, then stand-ins for whoever
// cannot decide.
type router struct {
	org      *directory.Org
	me       string
	away     []Absence
	from, to time.Time

	approver string
	reason   ApproverReason
	bypassed []Bypass
}

// available reports whether id can decide the request, recording why not.
func (r *router) available(id string) bool {
	var cause BypassCause
	switch _, ok := r.org.Person(id); {
	case id == "" || !ok:
		cause = BypassMissing
	case id == r.me:
		cause = BypassRequester
	case away(r.away, id, r.from, r.to):
		cause = BypassAway
	default:
		return true
	}
	if id != "" {
		r.bypassed = append(r.bypassed, Bypass{SlackID: id, Cause: cause})
	}
	return false
}

func (r *router) set(id string, why ApproverReason) {
	r.approver, r.reason = id, why
}

func (r *router) first(role directory.Role) string {
	p, _ := r.org.First(role)
	return p.SlackID
}

// byRole applies the approver rule of the requester's role.
func (r *router) byRole(me directory.Person) {
	switch {
	case me.Role.IsViceMayor() || me.Role == directory.OfficeDirector:
		r.leader(r.first(directory.Mayor), ApproverMayor)
	case me.Role.IsHead():
		dept, ok := r.org.Department(me.Department)
		if !ok {
			r.fallback(ApproverFallbackNoDepartment)
			return
		}
		if _, ok := r.org.Person(dept.InCharge); !ok {
			r.fallback(ApproverFallbackNoInCharge)
			return
		}
		r.leader(dept.InCharge, ApproverInCharge)
	case me.Role == directory.OfficeDeputyDirector || me.Role == directory.OfficeStaff:
		r.leader(r.first(directory.OfficeDirector), ApproverOfficeDirector)
	default: // staff, and any role the directory does not know
		if _, ok := r.org.Department(me.Department); !ok {
			r.fallback(ApproverFallbackNoDepartment)
			return
		}
		head, ok := r.org.Head(me.Department)
		if !ok {
			r.fallback(ApproverFallbackNoHead)
			return
		}
		r.leader(head.SlackID, ApproverDepartmentHead)
	}
}

// meeting routes a meeting absence (Art. 57 ¶2: 须事先向市长或主持会议的常务副
// 市长请假): to the executive vice mayor when he presides over every meeting
// missed (entrusted by the mayor, Art. 41-42), else to the mayor; the other
// of the two when the first cannot decide.
func (r *router) meeting(missed []Meeting) {
	evm := r.first(directory.ExecutiveViceMayor)
	presides := evm != "" && len(missed) > 0
	for _, m := range missed {
		presides = presides && m.PresiderID == evm
	}
	if presides && r.available(evm) {
		r.set(evm, ApproverMeetingPresiding)
		return
	}
	if mayor := r.first(directory.Mayor); r.available(mayor) {
		r.set(mayor, ApproverMeetingMayor)
		return
	}
	if !presides && r.available(evm) {
		r.set(evm, ApproverMeetingExecutive)
		return
	}
	r.fallback(ApproverFallbackNoLeader)
}

// leader sets id as approver if available, otherwise the mayor, otherwise
// the executive vice mayor, otherwise the office's fallback.
func (r *router) leader(id string, why ApproverReason) {
	if r.available(id) {
		r.set(id, why)
		return
	}
	mayor := r.first(directory.Mayor)
	if mayor != id && r.available(mayor) {
		r.set(mayor, ApproverStandInMayor)
		return
	}
	if evm := r.first(directory.ExecutiveViceMayor); evm != id && r.available(evm) {
		r.set(evm, ApproverStandInExecutive)
		return
	}
	r.fallback(ApproverFallbackNoLeader)
}

// fallback hands the request to the office director, who routes it by hand;
// the director's own request, or a directory without one, gets nobody.
func (r *router) fallback(why ApproverReason) {
	od := r.first(directory.OfficeDirector)
	if od == "" || od == r.me {
		r.set("", ApproverNone)
		return
	}
	r.set(od, why)
}

// StandIn returns who takes the open approval steps of an approver who is
// away (issue 11 item 4): the routing rule for an approver on leave, as
// filing applies it (router.leader with the absent approver passed over):
// the mayor, or the executive vice mayor when the mayor is the absent one
// or is also away (Art. 57: 市长不在时由常务副市长主持), otherwise the
// office director. It returns "" when nobody is left.
func StandIn(org *directory.Org, absent string, others []Absence, from, to time.Time) (string, ApproverReason) {
	r := router{org: org, me: absent, away: others, from: from, to: to}
	r.leader(absent, ApproverStandInMayor)
	if r.approver == absent {
		return "", ApproverNone
	}
	return r.approver, r.reason
}
