package document_test

import (
	"testing"

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
