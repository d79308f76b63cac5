package document

import (
	"slices"

	"officebot/directory"
)

// StandIn is an open step handed to a stand-in because the person it
// names is away.
type StandIn struct {
	Step  int
	Usual string // the person the step names
	By    string // who acts instead
}

// StandIns looks at the steps just opened (the first stage, the next
// stage, or the step a revision reopened) and hands each whose named
// person is away (on approved leave that day) to the stand-in the leave
// routing rule gives (leave.Policy's router): a vice mayor's step goes to
// the mayor (Art. 6: 市长领导市政府的工作，副市长协助市长工作), or, when
// the mayor is away too, to the executive vice mayor; the mayor's to the
// executive vice mayor (Art. 41-42: 市长外出期间，可委托负责常务工作的副市长;
// Art. 51 already lets them sign in the mayor's place). The office
// deputy director's check or review goes to the director, as when the
// office has no deputy (PlanChain). The office director's and the 会签
// units' heads' steps have no stand-in in the rules: they wait, and are
// reminded. A stand-in is never the drafter, never away, and never
// someone already holding another open step of the same stage (two
// reviews of one person in parallel); with none available the step
// stays with its person. A step reopened when its person is back returns
// to them. c is not changed.
func (c Chain) StandIns(steps []int, org *directory.Org, away func(slackID string) bool) (Chain, []StandIn) {
	if away == nil {
		return c, nil
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
		if !away(usual) {
			n.Steps[i].Assignee, n.Steps[i].StandsFor = usual, ""
			continue
		}
		by := n.standIn(i, usual, org, away)
		if by == "" {
			n.Steps[i].Assignee, n.Steps[i].StandsFor = usual, ""
			continue
		}
		n.Steps[i].Assignee, n.Steps[i].StandsFor = by, usual
		out = append(out, StandIn{Step: i, Usual: usual, By: by})
	}
	return n, out
}

// standIn returns who acts for usual at step i, or "".
func (c Chain) standIn(i int, usual string, org *directory.Org, away func(string) bool) string {
	p, ok := org.Person(usual)
	if !ok {
		return ""
	}
	var candidates []directory.Role
	switch {
	case p.Role.IsViceMayor():
		candidates = []directory.Role{directory.Mayor, directory.ExecutiveViceMayor}
	case p.Role == directory.Mayor:
		candidates = []directory.Role{directory.ExecutiveViceMayor}
	case p.Role == directory.OfficeDeputyDirector && c.Steps[i].Kind != CoSignStep:
		candidates = []directory.Role{directory.OfficeDirector}
	}
	stage := c.Steps[i].Stage
	for _, r := range candidates {
		q, ok := org.First(r)
		if !ok || q.SlackID == usual || q.SlackID == c.Drafter || away(q.SlackID) {
			continue
		}
		if slices.ContainsFunc(c.Steps, func(s Step) bool {
			return s.Stage == stage && s.State == StepPending && s.Assignee == q.SlackID
		}) {
			continue
		}
		return q.SlackID
	}
	return ""
}
