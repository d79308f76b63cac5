package document

import (
	"errors"
	"fmt"
	"slices"

	"officebot/directory"
)

// Outgoing documents (发文). Who checks and who signs one is a table, Chains,
// with one row per issuer and condition, each citing its article; PlanChain
// resolves a row into people from the directory and NewChain starts it.
//
// Why the chain is kept here rather than in approval: an outgoing chain
// has a stage of 会签 units who sign in any order (parallel), and a 退回修改
// does not end it: after the revision (第2稿) it starts again from the step
// that returned it. approval's chain is sequential (one open step, the one
// every other flow's CurrentStep, MayActNow and reminders assume) and a
// return ends it. Making it parallel and restartable would change what
// "the open step" means for leave, meetings and incoming documents; a
// chain of stages here is small, pure and tested on its own, and uses
// approval's actions and verdict words so it reads the same in the thread.

// Issuer is in whose name an outgoing document is issued.
type Issuer string

// The two issuers of Art. 51-52.
const (
	Government Issuer = "government" // 以市政府名义 (Art. 51)
	Office     Issuer = "office"     // 以市政府办公室名义 (Art. 52)
)

// Valid reports whether i is one of the two issuers.
func (i Issuer) Valid() bool { return i == Government || i == Office }

// StepKind is what a step of the sign-off chain does.
type StepKind string

// The steps of a sign-off chain.
const (
	CoSignStep StepKind = "cosign" // 会签: a unit consulted agrees (or not) for itself
	CheckStep  StepKind = "check"  // 核稿: the office checks a government-name draft (Art. 51)
	ReviewStep StepKind = "review" // 审核
	SignStep   StepKind = "sign"   // 签发
)

// Signer says who acts at a step of the table; PlanChain resolves it into a
// person from the directory.
type Signer string

// The signers the articles name.
const (
	ByUnitHead          Signer = "unit_head"              // 会签单位主要负责人
	ByOfficeDeputy      Signer = "office_deputy_director" // 市政府办公室分管副主任
	ByOfficeDirector    Signer = "office_director"        // 市政府办公室主任
	ByViceMayorInCharge Signer = "vice_mayor_in_charge"   // 分管副市长
	ByMayorOrExecutive  Signer = "mayor_or_executive"     // 市长或负责常务工作的副市长
	ByMayor             Signer = "mayor"                  // 市长
)

// Condition is what, besides the issuer, picks a row of the table.
type Condition string

// The conditions of Art. 50-52.
const (
	General       Condition = "general"  // 一般专项性工作 / 一般工作: one vice mayor's area
	Several       Condition = "several"  // 涉及多个副市长分管工作内容
	Major         Condition = "major"    // 重大问题 / 重大事项
	MayorReserved Condition = "reserved" // the matters Art. 50 has the mayor sign
)

// RowStep is one step of a row: what is done and by whom.
type RowStep struct {
	Kind StepKind
	By   Signer
}

// Row is one line of the sign-off table.
type Row struct {
	Issuer    Issuer
	Condition Condition
	Steps     []RowStep // after the 会签 stage, which every chain may have
	Article   string    // the article that says so
	Reason    string    // why, where the text leaves a choice
}

// Chains is the sign-off table of Art. 50-52. Every chain starts with the
// 会签 units the draft names, each signing for itself in any order, before
// the office's and the leaders' steps: the office checks, and the leaders
// sign, the text the units agreed on, and a unit's 不同意 reaches the
// drafter before anyone above has spent time on the draft.
var Chains = []Row{
	{Government, General, []RowStep{{CheckStep, ByOfficeDeputy}, {SignStep, ByViceMayorInCharge}}, "第五十一条",
		"以市政府名义发文由市政府办公室负责核稿；一般专项性工作由分管副市长签发。" +
			" The office's check is given to its deputy director (the director when the office has none): " +
			"Art. 51 names the office, not a person, and Art. 52 gives document review to the deputy director."},
	{Government, Several, []RowStep{{CheckStep, ByOfficeDeputy}, {ReviewStep, ByViceMayorInCharge}, {SignStep, ByMayorOrExecutive}}, "第五十一条",
		"涉及多个副市长分管工作内容的，经分管副市长审核后，报市长或负责常务工作的副市长签发。" +
			" Every vice mayor in charge of an area the draft touches reviews it, in any order: none of the areas " +
			"may be skipped and the article puts none first. The mayor signs unless the draft names the executive " +
			"vice mayor (Art. 51 names both); an executive vice mayor who signs does not also review."},
	{Government, Major, []RowStep{{CheckStep, ByOfficeDeputy}, {ReviewStep, ByViceMayorInCharge}, {SignStep, ByMayorOrExecutive}}, "第五十一条",
		"属于重大问题的，经分管副市长审核后，报市长或负责常务工作的副市长签发。" +
			" 重大 alone follows Art. 51, not Art. 50: reading every major document as an Art. 50 重要文件 would " +
			"leave Art. 51's 重大问题 clause with nothing to say."},
	{Government, MayorReserved, []RowStep{{CheckStep, ByOfficeDeputy}, {SignStep, ByMayor}}, "第五十条、第五十一条",
		"市政府发布的重要文件，报请市委和上级政府决定的重要工作汇报、计划、请示，提请人大及其常委会审议决定的重要事项、人员任免，由市长签署。" +
			" The drafter declares the Art. 50 matter; the office still checks every government-name draft (Art. 51); " +
			"Art. 50 puts no review between the check and the mayor."},
	{Office, General, []RowStep{{ReviewStep, ByOfficeDeputy}, {SignStep, ByOfficeDirector}}, "第五十二条",
		"以市政府办公室名义发文，一般工作由市政府办公室分管副主任审核后，送主任签发。"},
	{Office, Several, []RowStep{{ReviewStep, ByOfficeDeputy}, {SignStep, ByOfficeDirector}}, "第五十二条",
		"Art. 52 tells only 一般工作 from 重大事项: an office-name document touching several vice mayors' areas " +
			"is still 一般工作 and follows the general row."},
	{Office, Major, []RowStep{{ReviewStep, ByOfficeDirector}, {SignStep, ByViceMayorInCharge}}, "第五十二条",
		"属于重大事项的，由市政府办公室主任审核后，报分管副市长签发。" +
			" The vice mayor in charge is the one of the areas the draft touches; when it touches several or none, " +
			"the executive vice mayor (负责常务工作, who by the division of work is in charge of the office) signs."},
}

// Errors planning a chain can fail with; handlers turn them into Chinese.
var (
	// ErrNotDrafter: the person may not draft in this name. Office-name
	// documents are the office's own; a government-name document is drafted
	// by the office or by a unit's head, and the office checks it (Art. 51).
	ErrNotDrafter = errors.New("document: not allowed to draft this document")
	// ErrReservedNeedsGovernment: an Art. 50 matter is signed by the mayor in
	// the government's name; it cannot be issued in the office's name.
	ErrReservedNeedsGovernment = errors.New("document: an Art. 50 matter is issued in the government's name")
	// ErrNoArea: a government-name draft names no area and its drafter has
	// no unit, so no vice mayor in charge can be found.
	ErrNoArea = errors.New("document: no area to find the vice mayor in charge")
	// ErrUnknownIssuer: the issuer is neither the government nor the office.
	ErrUnknownIssuer = errors.New("document: unknown issuer")
)

// MissingSignerError says that the directory has nobody for a step.
type MissingSignerError struct {
	By   Signer
	Unit string // the department whose head or vice mayor is missing, if any
}

func (e *MissingSignerError) Error() string {
	return fmt.Sprintf("document: nobody in the directory for %s %s", e.By, e.Unit)
}

// MayorMatter is a matter Art. 50 has the mayor sign.
type MayorMatter string

// The matters of Art. 50.
const (
	ImportantDocument MayorMatter = "important_document"  // 市政府发布的重要文件
	ReportToSuperiors MayorMatter = "report_to_superiors" // 报请市委和上级政府决定的重要工作汇报、计划、请示
	ToCongress        MayorMatter = "to_congress"         // 提请市人民代表大会及其常务委员会审议决定的重要事项
	Appointment       MayorMatter = "appointment"         // 人员任免
)

// Draft is an outgoing document as its drafter describes it, resolved
// against the directory.
type Draft struct {
	Issuer      Issuer
	Title       string
	Kind        string // 文种: 通知, 决定, ...
	Major       bool
	MayorMatter MayorMatter // "" unless Art. 50 reserves it to the mayor
	Areas       []string    // department IDs whose work it touches
	CoSign      []string    // department IDs of the 会签 units
	ByExecutive bool        // Art. 51: the executive vice mayor signs rather than the mayor
	Secrecy     string      // 密级, optional
	Urgency     string      // 缓急, optional
	Drafter     string      // Slack ID
	Unit        string      // the drafting unit's department ID; "" for the office
}

// MayDraft reports whether the person may draft a document in the issuer's
// name: office-name documents by the office, government-name documents by
// the office or a unit's head (Art. 51: a unit drafts, the office checks).
func MayDraft(p directory.Person, issuer Issuer) error {
	switch {
	case !issuer.Valid():
		return ErrUnknownIssuer
	case p.Role.IsOffice():
		return nil
	case issuer == Government && p.Role.IsHead():
		return nil
	}
	return ErrNotDrafter
}

// Condition returns the condition of the draft's row: an Art. 50 matter,
// then major, then several vice mayors' areas, else general.
func (d Draft) Condition(org *directory.Org) Condition {
	switch {
	case d.MayorMatter != "":
		return MayorReserved
	case d.Major:
		return Major
	case len(d.viceMayors(org)) > 1:
		return Several
	}
	return General
}

// areas returns the departments the draft touches: those it names, or the
// drafting unit.
func (d Draft) areas() []string {
	if len(d.Areas) > 0 {
		return d.Areas
	}
	if d.Unit != "" {
		return []string{d.Unit}
	}
	return nil
}

// viceMayors returns the distinct vice mayors in charge of the draft's
// areas, in the order the areas are named.
func (d Draft) viceMayors(org *directory.Org) []string {
	var out []string
	for _, a := range d.areas() {
		if dep, ok := org.Department(a); ok && dep.InCharge != "" && !slices.Contains(out, dep.InCharge) {
			out = append(out, dep.InCharge)
		}
	}
	return out
}

// RowFor returns the row of the table for the issuer and condition.
func RowFor(issuer Issuer, c Condition) (Row, bool) {
	for _, r := range Chains {
		if r.Issuer == issuer && r.Condition == c {
			return r, true
		}
	}
	return Row{}, false
}

// PlannedStep is a step of a planned chain: its stage (steps of one stage
// are signed in any order), what is done and who does it.
type PlannedStep struct {
	Stage    int
	Kind     StepKind
	Assignee string // Slack ID
	Unit     string // the 会签 unit's department ID, or the area of a reviewing vice mayor
}

// Plan is a chain resolved for one draft.
type Plan struct {
	Row   Row
	Steps []PlannedStep
}

// PlanChain resolves the draft's row of the table into people from the
// directory: the 会签 units' heads first (one stage), then one stage per
// step of the row.
func PlanChain(d Draft, org *directory.Org) (Plan, error) {
	if !d.Issuer.Valid() {
		return Plan{}, ErrUnknownIssuer
	}
	if d.Issuer == Office && d.MayorMatter != "" {
		return Plan{}, ErrReservedNeedsGovernment // Art. 50
	}
	cond := d.Condition(org)
	row, ok := RowFor(d.Issuer, cond)
	if !ok {
		return Plan{}, fmt.Errorf("document: no row for %s %s", d.Issuer, cond)
	}
	p := Plan{Row: row}
	stage := 0
	// 会签: each unit's head, except the drafting unit, which agrees by drafting.
	var seen []string
	for _, u := range d.CoSign {
		if u == d.Unit || slices.Contains(seen, u) {
			continue
		}
		seen = append(seen, u)
		head, ok := org.Head(u)
		if !ok {
			return Plan{}, &MissingSignerError{By: ByUnitHead, Unit: u}
		}
		p.Steps = append(p.Steps, PlannedStep{Stage: stage, Kind: CoSignStep, Assignee: head.SlackID, Unit: u})
	}
	if len(seen) > 0 {
		stage++
	}
	signer := ""
	if i := slices.IndexFunc(row.Steps, func(s RowStep) bool { return s.Kind == SignStep }); i >= 0 {
		who, err := resolveOne(d, org, row.Steps[i].By)
		if err != nil {
			return Plan{}, err
		}
		signer = who
	}
	for _, rs := range row.Steps {
		var steps []PlannedStep
		switch {
		case rs.Kind == SignStep:
			steps = []PlannedStep{{Kind: SignStep, Assignee: signer}}
		case rs.By == ByViceMayorInCharge:
			// Art. 51: every vice mayor in charge of a touched area reviews;
			// the one who signs next does not review first.
			for _, a := range d.areas() {
				dep, ok := org.Department(a)
				if !ok || dep.InCharge == "" {
					return Plan{}, &MissingSignerError{By: ByViceMayorInCharge, Unit: a}
				}
				if _, ok := org.Person(dep.InCharge); !ok {
					return Plan{}, &MissingSignerError{By: ByViceMayorInCharge, Unit: a}
				}
				if dep.InCharge == signer || slices.ContainsFunc(steps, func(s PlannedStep) bool { return s.Assignee == dep.InCharge }) {
					continue
				}
				steps = append(steps, PlannedStep{Kind: rs.Kind, Assignee: dep.InCharge, Unit: a})
			}
			if len(d.areas()) == 0 {
				return Plan{}, ErrNoArea
			}
		default:
			who, err := resolveOne(d, org, rs.By)
			if err != nil {
				return Plan{}, err
			}
			steps = []PlannedStep{{Kind: rs.Kind, Assignee: who}}
		}
		if len(steps) == 0 {
			continue
		}
		for i := range steps {
			steps[i].Stage = stage
		}
		p.Steps = append(p.Steps, steps...)
		stage++
	}
	return p, nil
}

// resolveOne finds the one person a signer names for the draft.
func resolveOne(d Draft, org *directory.Org, by Signer) (string, error) {
	first := func(roles ...directory.Role) (string, error) {
		for _, r := range roles {
			if p, ok := org.First(r); ok {
				return p.SlackID, nil
			}
		}
		return "", &MissingSignerError{By: by}
	}
	switch by {
	case ByOfficeDeputy:
		// The director acts for a deputy the office does not have.
		return first(directory.OfficeDeputyDirector, directory.OfficeDirector)
	case ByOfficeDirector:
		return first(directory.OfficeDirector)
	case ByMayor:
		return first(directory.Mayor)
	case ByMayorOrExecutive:
		if d.ByExecutive {
			return first(directory.ExecutiveViceMayor)
		}
		return first(directory.Mayor)
	case ByViceMayorInCharge:
		// One signer (Art. 51 general, Art. 52 major): the vice mayor in
		// charge of the areas; for an office-name document touching several
		// areas or none, the executive vice mayor (see the row's reason).
		vms := d.viceMayors(org)
		if len(vms) == 1 {
			if _, ok := org.Person(vms[0]); ok {
				return vms[0], nil
			}
			return "", &MissingSignerError{By: by, Unit: d.areas()[0]}
		}
		if d.Issuer == Government {
			if len(d.areas()) == 0 {
				return "", ErrNoArea
			}
			// Several areas make the government row Several, never General;
			// an area without a vice mayor lands here.
			return "", &MissingSignerError{By: by, Unit: d.areas()[0]}
		}
		return first(directory.ExecutiveViceMayor)
	}
	return "", fmt.Errorf("document: unknown signer %q", by)
}
