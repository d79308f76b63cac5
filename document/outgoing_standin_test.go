package document_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"officebot/approval"
	"officebot/directory"
	"officebot/document"
)

// A step whose person is on approved leave goes to the stand-in the leave
// routing rule gives; the roles the rules give no stand-in keep theirs.
func TestStandInsFollowTheLeaveRoutingRule(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	for _, tc := range []struct {
		name    string
		kind    document.StepKind
		who     string
		away    []string
		sibling string // another open step of the same stage
		want    string
	}{
		{"vice mayor: the mayor", document.SignStep, "U0VMLI", []string{"U0VMLI"}, "", "U0MAYOR"},
		{"vice mayor, mayor away: the executive", document.SignStep, "U0VMLI", []string{"U0VMLI", "U0MAYOR"}, "", "U0EXEC"},
		{"the mayor: the executive", document.SignStep, "U0MAYOR", []string{"U0MAYOR"}, "", "U0EXEC"},
		{"the executive: the mayor", document.SignStep, "U0EXEC", []string{"U0EXEC"}, "", "U0MAYOR"},
		{"everyone away: stays", document.SignStep, "U0VMLI", []string{"U0VMLI", "U0MAYOR", "U0EXEC"}, "", "U0VMLI"},
		{"office deputy: the director", document.CheckStep, "U0OFFDEP", []string{"U0OFFDEP"}, "", "U0OFFDIR"},
		{"office director: no stand-in", document.SignStep, "U0OFFDIR", []string{"U0OFFDIR"}, "", "U0OFFDIR"},
		{"会签 head: no stand-in", document.CoSignStep, "U0CZJHEAD", []string{"U0CZJHEAD"}, "", "U0CZJHEAD"},
		{"not away: stays", document.SignStep, "U0VMLI", []string{"U0MAYOR"}, "", "U0VMLI"},
		{"the mayor already reviews in this stage: the executive", document.ReviewStep, "U0VMLI", []string{"U0VMLI"}, "U0MAYOR", "U0EXEC"},
		{"the drafter is never the stand-in", document.SignStep, "U0VMWANG", []string{"U0VMWANG", "U0MAYOR"}, "", "U0VMWANG"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := document.Plan{Steps: []document.PlannedStep{{Stage: 0, Kind: tc.kind, Assignee: tc.who}}}
			if tc.sibling != "" {
				p.Steps = append(p.Steps, document.PlannedStep{Stage: 0, Kind: tc.kind, Assignee: tc.sibling})
			}
			drafter := "U0FGWHEAD"
			if tc.name == "the drafter is never the stand-in" {
				drafter = "U0EXEC"
			}
			c := document.NewChain(p, drafter)
			away := func(id string) bool {
				for _, a := range tc.away {
					if a == id {
						return true
					}
				}
				return false
			}
			got, ins := c.StandIns([]int{0}, org, away)
			if st := got.Steps[0]; st.Assignee != tc.want {
				t.Fatalf("step with %s, want %s", st.Assignee, tc.want)
			}
			if c.Steps[0].Assignee != tc.who {
				t.Fatal("StandIns changed its receiver")
			}
			if moved := tc.want != tc.who; moved != (len(ins) == 1) || (moved && (got.Steps[0].StandsFor != tc.who || ins[0].Usual != tc.who)) {
				t.Fatalf("stand-ins %+v, step %+v", ins, got.Steps[0])
			}
			// Back from leave, the step reopened returns to its person.
			back, _ := got.StandIns([]int{0}, org, func(string) bool { return false })
			if st := back.Steps[0]; st.Assignee != tc.who || st.StandsFor != "" {
				t.Fatalf("back from leave: %+v", st)
			}
		})
	}
}

// Nobody approves their own request (SPEC §4): a step of the chain that
// names the drafter goes to the stand-in as if the drafter were away, and
// the office director's own signature goes to the vice mayor in charge of
// the office (Art. 52: 报分管副市长签发), else the executive vice mayor.
func TestTheDraftersOwnStepGoesToTheStandIn(t *testing.T) {
	t.Parallel()
	demo := demoOrg(t)
	// The office as a unit in the directory, with its vice mayor in charge.
	withOffice := demoOrg(t)
	withOffice.Departments = append(withOffice.Departments, directory.Department{ID: "szfb", Name: "市政府办公室", Kind: directory.KindUnit, InCharge: "U0VMZHANG"})
	for i, p := range withOffice.People {
		if p.SlackID == "U0OFFDIR" {
			withOffice.People[i].Department = "szfb"
		}
	}
	for _, tc := range []struct {
		name  string
		org   *directory.Org
		draft document.Draft
		away  []string
		want  []string // the assignee of each step once it opens
	}{
		{"director's office-name general draft: the executive signs", demo,
			document.Draft{Issuer: document.Office, Drafter: "U0OFFDIR"}, nil, []string{"U0OFFDEP", "U0EXEC"}},
		{"director's draft, the office's vice mayor in charge signs", withOffice,
			document.Draft{Issuer: document.Office, Drafter: "U0OFFDIR"}, nil, []string{"U0OFFDEP", "U0VMZHANG"}},
		{"director's draft, the office's vice mayor away: the executive", withOffice,
			document.Draft{Issuer: document.Office, Drafter: "U0OFFDIR"}, []string{"U0VMZHANG"}, []string{"U0OFFDEP", "U0EXEC"}},
		{"director's draft, the executive away: the mayor", demo,
			document.Draft{Issuer: document.Office, Drafter: "U0OFFDIR"}, []string{"U0EXEC"}, []string{"U0OFFDEP", "U0MAYOR"}},
		{"director's office-name major draft: the deputy reviews", demo,
			document.Draft{Issuer: document.Office, Major: true, Areas: []string{"fgw"}, Drafter: "U0OFFDIR"}, nil, []string{"U0OFFDEP", "U0VMLI"}},
		{"deputy's office-name draft: the director reviews and signs", demo,
			document.Draft{Issuer: document.Office, Drafter: "U0OFFDEP"}, nil, []string{"U0OFFDIR", "U0OFFDIR"}},
		{"deputy's government-name draft: the director checks", demo,
			document.Draft{Issuer: document.Government, Areas: []string{"fgw"}, Drafter: "U0OFFDEP"}, nil, []string{"U0OFFDIR", "U0VMLI"}},
		{"a vice mayor's government-name draft in his own area: the mayor signs", demo,
			document.Draft{Issuer: document.Government, Areas: []string{"fgw"}, Drafter: "U0VMLI"}, nil, []string{"U0OFFDEP", "U0MAYOR"}},
		{"a vice mayor's draft, the mayor away: the executive signs", demo,
			document.Draft{Issuer: document.Government, Areas: []string{"fgw"}, Drafter: "U0VMLI"}, []string{"U0MAYOR"}, []string{"U0OFFDEP", "U0EXEC"}},
		{"the executive's draft of several areas: the mayor reviews his area", demo,
			document.Draft{Issuer: document.Government, Areas: []string{"fgw", "czj"}, Drafter: "U0EXEC"}, nil, []string{"U0OFFDEP", "U0VMLI", "U0MAYOR", "U0MAYOR"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := document.PlanChain(tc.draft, tc.org)
			if err != nil {
				t.Fatal(err)
			}
			away := func(id string) bool { return slices.Contains(tc.away, id) }
			c := document.NewChain(p, tc.draft.Drafter)
			c, ins := c.StandIns(c.Open(), tc.org, away)
			var got []string
			for len(c.Open()) > 0 {
				i := c.Open()[0]
				st := c.Steps[i]
				got = append(got, st.Assignee)
				if st.Assignee == tc.draft.Drafter {
					t.Fatalf("step %d (%s) is the drafter's: %v", i, st.Kind, got)
				}
				if st.StandsFor == tc.draft.Drafter && !slices.ContainsFunc(ins, func(in document.StandIn) bool {
					return in.Step == i && in.Why == document.StandInDrafter
				}) {
					t.Fatalf("step %d: no stand-in for the drafter in %+v", i, ins)
				}
				if _, _, err := c.Decide(tc.draft.Drafter, st.Kind.Actions()[0], "", time.Now()); err == nil {
					t.Fatal("the drafter decided a step of their own draft")
				}
				next, out, err := c.Decide(st.Assignee, st.Kind.Actions()[0], "", time.Now())
				if err != nil {
					t.Fatalf("%s at step %d: %v", st.Assignee, i, err)
				}
				var more []document.StandIn
				c, more = next.StandIns(out.Opened, tc.org, away)
				ins = append(ins, more...)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("steps with %v, want %v", got, tc.want)
			}
			if c.State != document.ChainSigned {
				t.Fatalf("chain %s", c.State)
			}
		})
	}
}

// A step still the drafter's (nobody could stand in) is refused to them
// with approval.ErrOwnRequest, whatever they try.
func TestTheDrafterCannotDecideTheirOwnStep(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	p, err := document.PlanChain(document.Draft{Issuer: document.Office, Drafter: "U0OFFDEP"}, org)
	if err != nil {
		t.Fatal(err)
	}
	c := document.NewChain(p, "U0OFFDEP") // no StandIns: the review is the deputy's own
	for _, a := range []approval.Action{approval.Approve, approval.Return} {
		if _, _, err := c.Decide("U0OFFDEP", a, "理由", time.Now()); !errors.Is(err, approval.ErrOwnRequest) {
			t.Fatalf("%s: %v, want ErrOwnRequest", a, err)
		}
	}
	if _, err := c.MayAct("U0OFFDEP"); !errors.Is(err, approval.ErrOwnRequest) {
		t.Fatalf("MayAct: %v", err)
	}
	// Everyone who could stand in away: the step stays, and is still refused.
	all := func(string) bool { return true }
	c, ins := c.StandIns(c.Open(), org, all)
	if len(ins) != 0 || c.Steps[0].Assignee != "U0OFFDEP" {
		t.Fatalf("stand-ins %+v", ins)
	}
	if _, _, err := c.Decide("U0OFFDEP", approval.Approve, "", time.Now()); !errors.Is(err, approval.ErrOwnRequest) {
		t.Fatalf("%v, want ErrOwnRequest", err)
	}
}

// The plan foresees who acts for the drafter: with nobody away, the
// stand-ins PlannedStandIns names for the steps not yet open are those
// StandIns gives when their stages open; it names no step open now, no
// one away, and does not change the chain.
func TestPlannedStandInsAreThoseTheStepsGet(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	for _, d := range []document.Draft{
		{Issuer: document.Office, Drafter: "U0OFFDIR"},
		{Issuer: document.Office, Major: true, Areas: []string{"fgw"}, Drafter: "U0OFFDIR"},
		{Issuer: document.Government, Areas: []string{"fgw"}, Drafter: "U0VMLI"},
		{Issuer: document.Government, Areas: []string{"fgw", "czj"}, Drafter: "U0EXEC"},
		{Issuer: document.Office, Drafter: "U0OFFSTAFF"},
	} {
		p, err := document.PlanChain(d, org)
		if err != nil {
			t.Fatal(err)
		}
		c := document.NewChain(p, d.Drafter)
		c, _ = c.StandIns(c.Open(), org, nil)
		before := slices.Clone(c.Steps)
		planned := c.PlannedStandIns(org)
		if !slices.Equal(before, c.Steps) {
			t.Fatal("PlannedStandIns changed the chain")
		}
		var got []document.StandIn
		for len(c.Open()) > 0 {
			st := c.Steps[c.Open()[0]]
			next, out, err := c.Decide(st.Assignee, st.Kind.Actions()[0], "", time.Now())
			if err != nil {
				t.Fatal(err)
			}
			var ins []document.StandIn
			c, ins = next.StandIns(out.Opened, org, nil)
			got = append(got, ins...)
		}
		if !slices.Equal(planned, got) {
			t.Fatalf("%s's draft: planned %+v, got %+v", d.Drafter, planned, got)
		}
		if d.Drafter == "U0OFFDIR" && d.Issuer == document.Office && !d.Major && (len(planned) != 1 || planned[0].By != "U0EXEC") {
			t.Fatalf("the director's draft: planned %+v", planned)
		}
	}
}
