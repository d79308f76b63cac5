package document

import (
	"officebot/calendar"
	"officebot/directory"
)

// Problem is one reason a document is returned before registration (退文):
// a code (the catalogue key's last part), the article it rests on, and
// what to show.
type Problem struct {
	Code    string
	Article int
	Arg     string
}

// The Art. 48 problems.
const (
	ProblemSignerNotHead  = "signer_not_head"  // 请示 not signed by the unit's principal head
	ProblemManyMatters    = "many_matters"     // 一事一文
	ProblemDuplicate      = "duplicate"        // 不得多头报送: the same document is open
	ProblemNoReasons      = "no_reasons"       // disagreements without the lead unit's reasons
	ProblemJointNoCo      = "joint_no_co"      // joint handling without co-departments
	ProblemUrgentNoDue    = "urgent_no_due"    // urgent without the date (Art. 54)
	ProblemNotMember      = "not_member"       // submitting for another unit
	ProblemUrgentPastDue  = "urgent_past_due"  // an urgent date already past (Art. 54)
	ProblemSignerNotFound = "signer_not_found" // a 请示 names no signer
)

// CheckInput is what the Art. 48 checks read.
type CheckInput struct {
	Org        *directory.Org
	Submitter  directory.Person
	Submission Submission
	Department string // the submitting unit the submission resolves to
	// OpenDuplicate is the key of an open document of the same unit with
	// the same normalised title, or "".
	OpenDuplicate string
	Today         string // YYYY-MM-DD in the office's zone
}

// Department returns the unit a submission is for: the one it names, or
// the submitter's own.
func (s Submission) UnitFor(p directory.Person) string {
	if s.Department != "" {
		return s.Department
	}
	return p.Department
}

// Check returns every reason the office returns the submission (Art. 48:
// 不符合公文处理规定的公文，由市政府办公室退回报文单位), all at once; none
// means it may be registered.
func Check(in CheckInput) []Problem {
	s := in.Submission
	var ps []Problem
	add := func(code string, art int, arg string) { ps = append(ps, Problem{Code: code, Article: art, Arg: arg}) }
	// Art. 48 ¶1: documents go through the office for the unit itself; the
	// office's own staff register on behalf of a unit.
	if !in.Submitter.Role.IsOffice() && in.Department != in.Submitter.Department {
		add(ProblemNotMember, 48, in.Department)
	}
	// Art. 48 ¶2: 请示性公文，应当由报送部门的行政主要负责人签发.
	if s.Type == Request {
		head, ok := in.Org.Head(in.Department)
		switch {
		case s.Signer == "":
			add(ProblemSignerNotFound, 48, "")
		case !ok || head.SlackID != s.Signer:
			add(ProblemSignerNotHead, 48, s.Signer)
		}
	}
	// Art. 48 ¶1: 一事一文.
	if s.Matters > 1 {
		add(ProblemManyMatters, 48, "")
	}
	// Art. 48 ¶1: 不得多头报送 — the same document twice while the first is open.
	if in.OpenDuplicate != "" {
		add(ProblemDuplicate, 48, in.OpenDuplicate)
	}
	// Art. 48 ¶2: 不能协商一致的，主办单位应当列出各方理由依据.
	if s.Disagreement != "" && s.Reasons == "" {
		add(ProblemNoReasons, 48, "")
	}
	// Art. 54: 需要主办部门会同相关部门办理的事项 needs the departments.
	if s.Category == calendar.Joint && len(s.CoDepartments) == 0 {
		add(ProblemJointNoCo, 48, "")
	}
	// Art. 54: 特急、紧急的公文，以市政府明确的办理时限为准.
	if s.Category == calendar.Urgent {
		switch {
		case s.UrgentDue == "":
			add(ProblemUrgentNoDue, 54, "")
		case in.Today != "" && s.UrgentDue < in.Today:
			add(ProblemUrgentPastDue, 54, s.UrgentDue)
		}
	}
	return ps
}

// Unconsulted reports a 请示 that names units concerned (会签) without saying
// they were consulted first (Art. 48 ¶2: 并事先征求相关单位意见). Not a
// reason to return it: SPEC keeps consultation a recorded yes/no (default
// no); the submitter is reminded of the article.
func (s Submission) Unconsulted() bool {
	return s.Type == Request && len(s.CoDepartments) > 0 && !s.Consulted
}
