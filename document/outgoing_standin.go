package document

import (
	"slices"

	"officebot/directory"
)

// StandIn is an open step handed to a stand-in because the person it
// names cannot act on it: they are away, or they drafted the document.
type StandIn struct {
	Step  int
	Usual string // the person the step names
	By    string // who acts instead
	Why   StandInReason
}

// StandInReason is why a step went to a stand-in.
type StandInReason string

// The reasons a step goes to a stand-in.
const (
	StandInAway    StandInReason = "away"    // on approved leave the day the step opened
	StandInDrafter StandInReason = "drafter" // 拟稿人不审批自己拟制的发文 (SPEC §4)
)

// StandIns looks at the steps just opened (the first stage, the next
// stage, or the step a revision reopened) and hands each whose named
// person cannot act to a stand-in. A person cannot act when they are away
// (on approved leave that day) or when they drafted the document: nobody
// approves their own request (SPEC §4), so a step naming the drafter goes
// to the stand-in as if they were away.
//
// The stand-in is the one the leave routing rule gives (leave.Policy's
// router): a vice mayor's step goes to the mayor (Art. 6: 市长领导市政府的
// 工作，副市长协助市长工作), or, when the mayor cannot act either, to the
// executive vice mayor; the mayor's to the executive vice mayor (Art.
// 41-42: 市长外出期间，可委托负责常务工作的副市长; Art. 51 already lets them
// sign in the mayor's place). The office deputy director's check or review
// goes to the director, as when the office has no deputy (PlanChain).
// The office director's and the 会签 units' heads' steps have no stand-in
// when they are away: they wait, and are reminded. The office director's
// own draft is another matter: its 签发 goes where Art. 52 sends what the
// director does not sign (报分管副市长签发): the vice mayor in charge of
// the office (the director's unit in the directory, when it has one), else
// the executive vice mayor, else the mayor; its 审核 or 核稿 goes to the
// deputy director (Art. 52: 分管副主任审核). A stand-in is never the
// drafter, never away, and never someone already holding another open
// step of the same stage (two reviews of one person in parallel); with
// none available the step stays with its person (and Decide refuses the
// drafter). A step reopened when its person can act again returns to
// them. c is not changed.
func (c Chain) StandIns(steps []int, org *directory.Org, away func(slackID string) bool) (Chain, []StandIn) {
	if away == nil {
		away = func(string) bool { return false }
	}
	n := c.clone()
	var out []StandIn
	for _, i := range steps {
		if i < 0 || i >= len(n.Steps) || n.Steps[i].State != StepPending {
			continue
		}
		st := n.Steps[i]
		usual := st.StandsFor
		if usual == "" {
			usual = st.Assignee
		}
		why := StandInAway
		switch {
		case usual == c.Drafter:
			why = StandInDrafter
		case !away(usual):
			n.Steps[i].Assignee, n.Steps[i].StandsFor = usual, ""
			continue
		}
		by := n.standIn(i, usual, why == StandInDrafter, org, away)
		if by == "" {
			n.Steps[i].Assignee, n.Steps[i].StandsFor = usual, ""
			continue
		}
		n.Steps[i].Assignee, n.Steps[i].StandsFor = by, usual
		out = append(out, StandIn{Step: i, Usual: usual, By: by, Why: why})
	}
	return n, out
}

// standIn returns who acts for usual at step i, or "". own: usual drafted
// the document.
func (c Chain) standIn(i int, usual string, own bool, org *directory.Org, away func(string) bool) string {
	p, ok := org.Person(usual)
	if !ok {
		return ""
	}
	first := func(r directory.Role) string {
		q, _ := org.First(r)
		return q.SlackID
	}
	kind := c.Steps[i].Kind
	var candidates []string
	switch {
	case p.Role.IsViceMayor():
		candidates = []string{first(directory.Mayor), first(directory.ExecutiveViceMayor)}
	case p.Role == directory.Mayor:
		candidates = []string{first(directory.ExecutiveViceMayor)}
	case p.Role == directory.OfficeDeputyDirector && kind != CoSignStep:
		candidates = []string{first(directory.OfficeDirector)}
	case p.Role == directory.OfficeDirector && own && kind == SignStep:
		if vm, ok := org.InCharge(p.Department); ok {
			candidates = append(candidates, vm.SlackID)
		}
		candidates = append(candidates, first(directory.ExecutiveViceMayor), first(directory.Mayor))
	case p.Role == directory.OfficeDirector && own && kind != CoSignStep:
		candidates = []string{first(directory.OfficeDeputyDirector)}
	}
	stage := c.Steps[i].Stage
	for _, q := range candidates {
		if q == "" || q == usual || q == c.Drafter || away(q) {
			continue
		}
		if slices.ContainsFunc(c.Steps, func(s Step) bool {
			return s.Stage == stage && s.State == StepPending && s.Assignee == q
		}) {
			continue
		}
		return q
	}
	return ""
}

// PlannedStandIns says who will act for the drafter on each step not yet
// open that names them: the stand-in StandIns gives when that step's stage
// opens, worked out now by opening each waiting stage on a copy of the
// chain, with nobody away. Only the drafter's steps are foreseen: whether
// a leader is on leave, and so who stands in for them, is decided when
// the step opens, and so is the drafter's stand-in should the one named
// now be away then. c is not changed.
func (c Chain) PlannedStandIns(org *directory.Org) []StandIn {
	var out []StandIn
	for stage := 0; ; stage++ {
		n := c.clone()
		var waiting []int
		found := false
		for i, st := range n.Steps {
			if st.Stage != stage {
				continue
			}
			found = true
			if st.State == StepWaiting {
				n.Steps[i].State = StepPending
				waiting = append(waiting, i)
			}
		}
		if !found {
			return out
		}
		if len(waiting) == 0 {
			continue
		}
		_, ins := n.StandIns(waiting, org, nil)
		for _, in := range ins {
			if in.Why == StandInDrafter {
				out = append(out, in)
			}
		}
	}
}
