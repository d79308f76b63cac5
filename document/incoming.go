package document

import (
	"errors"
	"slices"
	"strings"
	"time"

	"officebot/calendar"
	"officebot/chat"
	"officebot/directory"
	"officebot/text"
)

// The states of an incoming document and the transitions between them;
// storage keeps them, handlers/document talks to people:
//
//	(submitted) ── Art. 48 checks fail ──> nothing registered (退文)
//	(submitted) ── Register ──> Pending        (登记, Art. 49: with the leader in charge)
//	Pending  ── Approve ──> Approved           (批示同意)
//	Pending  ── Return ──> Returned            (退回: the unit may correct and resubmit)
//	Pending  ── Forward ──> Pending            (报市长: now with the mayor)
//	Pending  ── Assign ──> Handling            (交办: the Art. 54 clock starts)
//	Handling ── RequestExtension / DecideExtension ──> Handling (延期: due moves when granted)
//	Handling ── FileOpinion ──> Opinion        (needs_approval: the unit's written opinion)
//	Opinion  ── Approve ──> Done               (the leader's 批示 on the opinion)
//	Opinion  ── Return ──> Handling            (opinion sent back, same due date)
//	Handling ── Close ──> Done                 (办结, with the result)

// State is where an incoming document stands.
type State string

// The states of an incoming document.
const (
	Pending  State = "pending"  // 待批示: with the leader the routing named
	Returned State = "returned" // 已退回
	Approved State = "approved" // 已批示同意
	Handling State = "handling" // 办理中: assigned to a department (交办)
	Opinion  State = "opinion"  // 书面意见待批示 (needs_approval)
	Done     State = "done"     // 已办结
)

// Open reports whether the document is still in progress: a second
// submission of the same document is refused while the first is open.
func (s State) Open() bool { return s == Pending || s == Handling || s == Opinion }

// Type is the kind of document (文种).
type Type string

// The document types of SPEC §1.2.
const (
	Request    Type = "请示"
	Report     Type = "报告"
	Letter     Type = "函"
	Suggestion Type = "意见"
	Other      Type = "其他"
)

// Types lists the document types.
var Types = []Type{Request, Report, Letter, Suggestion, Other}

// Direction tells incoming from outgoing documents, which share the D
// sequence.
type Direction string

// Directions.
const (
	In  Direction = "in"  // 收文
	Out Direction = "out" // 发文
)

// Incoming is a document submitted to the municipal government (收文),
// registered under a number (Art. 49).
type Incoming struct {
	ID            uint64
	Number        Number
	Title         string
	Type          Type
	Department    string // submitting unit (报送单位), a department ID
	Submitter     string // Slack ID of who submitted it
	Signer        string // Slack ID of who signed it (签发人)
	Category      calendar.Category
	UrgentDue     string   // YYYY-MM-DD: the explicit limit of an urgent document
	CoDepartments []string // 会签 / consulted departments, IDs
	Consulted     bool     // 已征求相关单位意见
	Disagreement  string   // 分歧意见
	Reasons       string   // the lead unit's reasons (理由依据)
	Major         bool     // 重大事项: to the mayor (Art. 49)
	Matters       int      // declared number of matters (一事一文)
	Links         []string // attachment links (files.slack.com)
	Files         []chat.File
	Resubmits     uint64 // the returned document this one corrects, if any

	State     State
	Leader    string // the leader whose decision it waits for or who decided
	Comment   string // the last decision's comment (批示, reason of a return)
	DecidedBy string

	HandlingDept   string   // 主办单位 after 交办
	HandlingCo     []string // 会同单位 (joint handling)
	Instruction    string   // the leader's instruction with the 交办
	AssignedBy     string
	AssignedAt     *time.Time
	Due            string // YYYY-MM-DD, Art. 54
	DueProvisional bool   // the calendar lacks a year on the way (暂定)
	Extensions     int    // granted extensions
	ExtDue         string // a requested extension's date, while it waits
	ExtReason      string
	Opinion        string // the unit's written opinion (needs_approval)
	Result         string // 办理结果
	DoneBy         string
	DoneAt         *time.Time
	UrgedAt        *time.Time
	UrgedBy        string
	Urges          int
	CreatedAt      time.Time
	// Version grows with every change: storage writes a change only if
	// the stored version is still the one read, so of two concurrent
	// changes one wins.
	Version int
}

// Key returns the document's short ID, D8.
func (d Incoming) Key() string { return Key(d.ID) }

// Errors a transition is refused with; handlers say which in Chinese.
var (
	ErrNotInState       = errors.New("document: not in a state that allows this")
	ErrNotHandler       = errors.New("document: not the handling department's head")
	ErrOpinionRequired  = errors.New("document: needs_approval is answered with a written opinion")
	ErrNoOpinionNeeded  = errors.New("document: only needs_approval documents take a written opinion")
	ErrExtensionPending = errors.New("document: an extension request is waiting")
	ErrNoExtension      = errors.New("document: no extension request is waiting")
	ErrPastDue          = errors.New("document: the due date has passed")
	ErrNotLater         = errors.New("document: the new date is not after the due date")
	ErrUrgedToday       = errors.New("document: urged already today")
	ErrTextRequired     = errors.New("document: a text is required")
)

// NormalTitle is the title as the duplicate check compares it: simplified
// characters, half-width forms, no spaces or punctuation of quotation.
func NormalTitle(title string) string {
	t := text.Simplified(text.HalfWidth(title))
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '“' || r == '”' || r == '"' || r == '《' || r == '》':
			return -1
		}
		return r
	}, strings.ToLower(t))
}

// Approve returns the document with the leader's 批示同意: a pending
// document is approved; an opinion (needs_approval) is answered and done.
func (d Incoming) Approve(by, comment string, at time.Time) (Incoming, error) {
	switch d.State {
	case Pending:
		d.State = Approved
	case Opinion:
		t := at.UTC()
		d.State, d.DoneBy, d.DoneAt, d.Result = Done, by, &t, d.Opinion
	default:
		return d, ErrNotInState
	}
	d.DecidedBy, d.Comment = by, comment
	return d, nil
}

// Return returns the document sent back with the reason: a pending one to
// its unit (it may resubmit), an opinion back to handling.
func (d Incoming) Return(by, reason string) (Incoming, error) {
	if strings.TrimSpace(reason) == "" {
		return d, ErrTextRequired
	}
	switch d.State {
	case Pending:
		d.State = Returned
	case Opinion:
		d.State = Handling
	default:
		return d, ErrNotInState
	}
	d.DecidedBy, d.Comment = by, reason
	return d, nil
}

// Forward returns the pending document now with the leader to (报市长).
func (d Incoming) Forward(to string) (Incoming, error) {
	if d.State != Pending {
		return d, ErrNotInState
	}
	d.Leader = to
	return d, nil
}

// Assignment is a leader's 交办: who handles, with whom, and the due date
// it starts.
type Assignment struct {
	Lead        string   // the handling department (主办)
	Co          []string // the departments it handles with (会同)
	Instruction string
	By          string
	At          time.Time
	Due         calendar.Due
}

// Assign returns the pending document assigned for handling (交办, Art.
// 54): the clock starts at a.At.
func (d Incoming) Assign(a Assignment) (Incoming, error) {
	if d.State != Pending {
		return d, ErrNotInState
	}
	t := a.At.UTC()
	d.State, d.HandlingDept, d.HandlingCo, d.Instruction = Handling, a.Lead, slices.Clone(a.Co), a.Instruction
	d.AssignedBy, d.AssignedAt, d.DecidedBy, d.Comment = a.By, &t, a.By, a.Instruction
	d.Due, d.DueProvisional = a.Due.Date.Format(time.DateOnly), a.Due.Provisional
	return d, nil
}

// MayHandle reports whether the person speaks for the handling department:
// its head, or the head's deputy who stands in (主持工作的副职).
func (d Incoming) MayHandle(p directory.Person, org *directory.Org) bool {
	if d.HandlingDept == "" || p.Department != d.HandlingDept {
		return false
	}
	if p.Role.IsHead() {
		return true
	}
	h, ok := org.Head(d.HandlingDept)
	return ok && h.Deputy == p.SlackID
}

// Close returns the document closed with the result (办结). A
// needs_approval document is answered with a written opinion instead.
func (d Incoming) Close(p directory.Person, org *directory.Org, result string, at time.Time) (Incoming, error) {
	if d.State != Handling {
		return d, ErrNotInState
	}
	if !d.MayHandle(p, org) {
		return d, ErrNotHandler
	}
	if d.Category == calendar.NeedsApproval {
		return d, ErrOpinionRequired
	}
	if strings.TrimSpace(result) == "" {
		return d, ErrTextRequired
	}
	t := at.UTC()
	d.State, d.Result, d.DoneBy, d.DoneAt = Done, result, p.SlackID, &t
	return d, nil
}

// FileOpinion returns the document with the unit's written opinion (Art.
// 54: 需要报市政府审批的事项，应当提出本部门书面意见), back with the leader
// who assigned it.
func (d Incoming) FileOpinion(p directory.Person, org *directory.Org, opinion string) (Incoming, error) {
	if d.State != Handling {
		return d, ErrNotInState
	}
	if !d.MayHandle(p, org) {
		return d, ErrNotHandler
	}
	if d.Category != calendar.NeedsApproval {
		return d, ErrNoOpinionNeeded
	}
	if strings.TrimSpace(opinion) == "" {
		return d, ErrTextRequired
	}
	d.State, d.Opinion, d.Leader = Opinion, opinion, d.AssignedBy
	return d, nil
}

// RequestExtension returns the document with an extension asked for: by
// the handling department, before the due date has passed, to a later
// date; one request at a time.
func (d Incoming) RequestExtension(p directory.Person, org *directory.Org, to time.Time, reason string, today time.Time) (Incoming, error) {
	if d.State != Handling {
		return d, ErrNotInState
	}
	if !d.MayHandle(p, org) {
		return d, ErrNotHandler
	}
	if d.ExtDue != "" {
		return d, ErrExtensionPending
	}
	if strings.TrimSpace(reason) == "" {
		return d, ErrTextRequired
	}
	day := today.Format(time.DateOnly)
	if day > d.Due {
		return d, ErrPastDue
	}
	if to.Format(time.DateOnly) <= d.Due {
		return d, ErrNotLater
	}
	d.ExtDue, d.ExtReason = to.Format(time.DateOnly), reason
	return d, nil
}

// DecideExtension returns the document with the waiting extension granted
// (the due date moves, the count grows) or refused (nothing moves).
// provisional says whether the new date lies in a year the calendar lacks.
func (d Incoming) DecideExtension(grant, provisional bool) (Incoming, error) {
	if d.ExtDue == "" {
		return d, ErrNoExtension
	}
	if grant {
		d.Due, d.DueProvisional = d.ExtDue, provisional
		d.Extensions++
	}
	d.ExtDue, d.ExtReason = "", ""
	return d, nil
}

// Urge returns the document urged (催办) by the person at the instant: a
// document in handling, once a day (the day in loc).
func (d Incoming) Urge(by string, at time.Time, loc *time.Location) (Incoming, error) {
	if d.State != Handling {
		return d, ErrNotInState
	}
	if d.UrgedAt != nil && d.UrgedAt.In(loc).Format(time.DateOnly) == at.In(loc).Format(time.DateOnly) {
		return d, ErrUrgedToday
	}
	t := at.UTC()
	d.UrgedAt, d.UrgedBy = &t, by
	d.Urges++
	return d, nil
}

// Parties are the departments a document concerns: the submitting unit,
// the co-departments, the handling and joint departments.
func (d Incoming) Parties() []string {
	out := []string{d.Department}
	for _, id := range slices.Concat(d.CoDepartments, []string{d.HandlingDept}, d.HandlingCo) {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// CanSee reports whether the person may read the document: its unit, its
// handling and co-departments, the leaders on its path (path: the Slack IDs
// of everyone its approval steps named or who decided them) and the office.
func (d Incoming) CanSee(p directory.Person, path []string) bool {
	if p.Role.IsOffice() || p.SlackID == d.Submitter || slices.Contains(path, p.SlackID) ||
		p.SlackID == d.Leader || p.SlackID == d.AssignedBy {
		return true
	}
	return p.Department != "" && slices.Contains(d.Parties(), p.Department)
}
