package document_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"officebot/approval"
	"officebot/directory"
	"officebot/document"
)

func demoOrg(t testing.TB) *directory.Org {
	t.Helper()
	org, err := directory.ParseOrg(directory.DemoYAML())
	if err != nil {
		t.Fatal(err)
	}
	return org
}

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// stage is one stage of an expected chain: the kind of its steps and who
// acts, in any order.
type stage struct {
	kind document.StepKind
	who  []string
}

func stagesOf(p document.Plan) []stage {
	var out []stage
	for _, s := range p.Steps {
		if s.Stage == len(out) {
			out = append(out, stage{kind: s.Kind})
		}
		out[s.Stage].who = append(out[s.Stage].who, s.Assignee)
	}
	return out
}

func TestEveryRowOfTheTableCitesItsArticle(t *testing.T) {
	t.Parallel()
	for _, is := range []document.Issuer{document.Government, document.Office} {
		for _, c := range []document.Condition{document.General, document.Several, document.Major, document.MayorReserved} {
			row, ok := document.RowFor(is, c)
			if is == document.Office && c == document.MayorReserved {
				if ok {
					t.Errorf("office-name row for an Art. 50 matter: %+v", row)
				}
				continue
			}
			if !ok || row.Article == "" || row.Reason == "" || len(row.Steps) == 0 {
				t.Errorf("%s %s: row %+v, %v", is, c, row, ok)
			}
			if last := row.Steps[len(row.Steps)-1]; last.Kind != document.SignStep {
				t.Errorf("%s %s ends with %s, not 签发", is, c, last.Kind)
			}
		}
	}
}

// TestEveryRowIsWalkedStepByStep plans each row for a draft, checks the
// people of every stage, then walks it: at every stage everyone else in the
// directory is refused and changes nothing, the stage's people act in
// reverse order, and the last signature ends the chain.
func TestEveryRowIsWalkedStepByStep(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	const (
		check  = document.CheckStep
		review = document.ReviewStep
		sign   = document.SignStep
		cosign = document.CoSignStep
	)
	cases := []struct {
		name    string
		draft   document.Draft
		article string
		want    []stage
	}{
		{"government, one vice mayor's area: office checks, vice mayor in charge signs (Art. 51)",
			document.Draft{Issuer: document.Government, Areas: []string{"fgw"}, Drafter: "U0FGWHEAD", Unit: "fgw"},
			"第五十一条", []stage{{check, []string{"U0OFFDEP"}}, {sign, []string{"U0VMLI"}}}},
		{"government, two units of one vice mayor is still one area",
			document.Draft{Issuer: document.Government, Areas: []string{"fgw", "swj"}, Drafter: "U0OFFSTAFF"},
			"第五十一条", []stage{{check, []string{"U0OFFDEP"}}, {sign, []string{"U0VMLI"}}}},
		{"government, no area named: the drafting unit's vice mayor",
			document.Draft{Issuer: document.Government, Drafter: "U0ZJJHEAD", Unit: "zjj"},
			"第五十一条", []stage{{check, []string{"U0OFFDEP"}}, {sign, []string{"U0VMWANG"}}}},
		{"government, several areas: each vice mayor in charge reviews, the mayor signs",
			document.Draft{Issuer: document.Government, Areas: []string{"fgw", "zjj"}, Drafter: "U0FGWHEAD", Unit: "fgw"},
			"第五十一条", []stage{{check, []string{"U0OFFDEP"}}, {review, []string{"U0VMLI", "U0VMWANG"}}, {sign, []string{"U0MAYOR"}}}},
		{"government, several areas, the executive vice mayor signs and does not review too",
			document.Draft{Issuer: document.Government, Areas: []string{"fgw", "czj"}, ByExecutive: true, Drafter: "U0FGWHEAD", Unit: "fgw"},
			"第五十一条", []stage{{check, []string{"U0OFFDEP"}}, {review, []string{"U0VMLI"}}, {sign, []string{"U0EXEC"}}}},
		{"government, major, one area: vice mayor reviews, the mayor signs",
			document.Draft{Issuer: document.Government, Major: true, Areas: []string{"zjj"}, Drafter: "U0ZJJHEAD", Unit: "zjj"},
			"第五十一条", []stage{{check, []string{"U0OFFDEP"}}, {review, []string{"U0VMWANG"}}, {sign, []string{"U0MAYOR"}}}},
		{"government, major in the executive vice mayor's area, signed by them",
			document.Draft{Issuer: document.Government, Major: true, Areas: []string{"czj"}, ByExecutive: true, Drafter: "U0CZJHEAD", Unit: "czj"},
			"第五十一条", []stage{{check, []string{"U0OFFDEP"}}, {sign, []string{"U0EXEC"}}}},
		{"government, Art. 50 matter: office checks, the mayor signs",
			document.Draft{Issuer: document.Government, MayorMatter: document.Appointment, Areas: []string{"rsj"}, Drafter: "U0RSJHEAD", Unit: "rsj"},
			"第五十条、第五十一条", []stage{{check, []string{"U0OFFDEP"}}, {sign, []string{"U0MAYOR"}}}},
		{"government, Art. 50 matter even when major and the executive vice mayor is asked",
			document.Draft{Issuer: document.Government, MayorMatter: document.ReportToSuperiors, Major: true, ByExecutive: true, Drafter: "U0OFFDIR"},
			"第五十条、第五十一条", []stage{{check, []string{"U0OFFDEP"}}, {sign, []string{"U0MAYOR"}}}},
		{"office, general: deputy director reviews, director signs (Art. 52)",
			document.Draft{Issuer: document.Office, Drafter: "U0OFFSTAFF"},
			"第五十二条", []stage{{review, []string{"U0OFFDEP"}}, {sign, []string{"U0OFFDIR"}}}},
		{"office, several areas is still general work",
			document.Draft{Issuer: document.Office, Areas: []string{"fgw", "zjj"}, Drafter: "U0OFFSTAFF"},
			"第五十二条", []stage{{review, []string{"U0OFFDEP"}}, {sign, []string{"U0OFFDIR"}}}},
		{"office, major, one area: director reviews, vice mayor in charge signs",
			document.Draft{Issuer: document.Office, Major: true, Areas: []string{"zjj"}, Drafter: "U0OFFSTAFF"},
			"第五十二条", []stage{{review, []string{"U0OFFDIR"}}, {sign, []string{"U0VMWANG"}}}},
		{"office, major, several areas: the executive vice mayor signs",
			document.Draft{Issuer: document.Office, Major: true, Areas: []string{"fgw", "zjj"}, Drafter: "U0OFFSTAFF"},
			"第五十二条", []stage{{review, []string{"U0OFFDIR"}}, {sign, []string{"U0EXEC"}}}},
		{"office, major, no area: the executive vice mayor signs",
			document.Draft{Issuer: document.Office, Major: true, Drafter: "U0OFFDEP"},
			"第五十二条", []stage{{review, []string{"U0OFFDIR"}}, {sign, []string{"U0EXEC"}}}},
		{"会签 units first, in one stage; the drafting unit does not co-sign its own draft",
			document.Draft{Issuer: document.Government, Areas: []string{"fgw"}, CoSign: []string{"fgw", "czj", "zjj"}, Drafter: "U0FGWHEAD", Unit: "fgw"},
			"第五十一条", []stage{{cosign, []string{"U0CZJHEAD", "U0ZJJHEAD"}}, {check, []string{"U0OFFDEP"}}, {sign, []string{"U0VMLI"}}}},
		{"会签 before an office-name chain",
			document.Draft{Issuer: document.Office, CoSign: []string{"jyj"}, Drafter: "U0OFFSTAFF"},
			"第五十二条", []stage{{cosign, []string{"U0JYJHEAD"}}, {review, []string{"U0OFFDEP"}}, {sign, []string{"U0OFFDIR"}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := document.PlanChain(c.draft, org)
			if err != nil {
				t.Fatal(err)
			}
			if p.Row.Article != c.article {
				t.Errorf("article %s, want %s", p.Row.Article, c.article)
			}
			if got := stagesOf(p); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("stages %v, want %v", got, c.want)
			}
			ch := document.NewChain(p, c.draft.Drafter)
			now := t0
			for si, st := range c.want {
				for k := len(st.who) - 1; k >= 0; k-- {
					refuseEveryoneBut(t, org, ch, st.who[:k+1])
					action := approval.Approve
					if st.kind == document.SignStep {
						action = approval.Sign
					}
					now = now.Add(time.Hour)
					next, out, err := ch.Decide(st.who[k], action, "", now)
					if err != nil {
						t.Fatalf("stage %d: %s: %v", si, st.who[k], err)
					}
					if last := si == len(c.want)-1 && k == 0; out.Signed != last || (next.State == document.ChainSigned) != last {
						t.Fatalf("stage %d %s: signed=%v state %s", si, st.who[k], out.Signed, next.State)
					}
					if k > 0 && len(out.Opened) != 0 {
						t.Fatalf("stage %d opened the next stage before all its steps were done", si)
					}
					ch = next
				}
			}
			if _, _, err := ch.Decide(c.want[len(c.want)-1].who[0], approval.Sign, "", now); !errors.Is(err, document.ErrAlreadySigned) {
				t.Fatalf("signing twice: %v", err)
			}
			if len(ch.History) != len(p.Steps) {
				t.Errorf("history has %d entries, want %d", len(ch.History), len(p.Steps))
			}
		})
	}
}

// refuseEveryoneBut checks that every person of the directory other than
// those named is refused at this point, with the chain unchanged.
func refuseEveryoneBut(t *testing.T, org *directory.Org, ch document.Chain, may []string) {
	t.Helper()
	for _, p := range org.People {
		if slices.Contains(may, p.SlackID) {
			continue
		}
		for _, a := range []approval.Action{approval.Approve, approval.Sign, approval.Return} {
			next, _, err := ch.Decide(p.SlackID, a, "理由", t0)
			if !errors.Is(err, document.ErrNotYourTurn) && !errors.Is(err, document.ErrNotYourStep) {
				t.Fatalf("%s (%s) out of turn: %v", p.Name, a, err)
			}
			if !reflect.DeepEqual(next, ch) {
				t.Fatalf("%s out of turn changed the chain", p.Name)
			}
		}
	}
}

func TestOutOfTurnSaysWhetherThePersonHasAStepLater(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	p, err := document.PlanChain(document.Draft{Issuer: document.Office, Drafter: "U0OFFSTAFF"}, org)
	if err != nil {
		t.Fatal(err)
	}
	ch := document.NewChain(p, "U0OFFSTAFF")
	if _, _, err := ch.Decide("U0OFFDIR", approval.Sign, "", t0); !errors.Is(err, document.ErrNotYourTurn) {
		t.Errorf("director before the deputy's review: %v", err)
	}
	if _, _, err := ch.Decide("U0MAYOR", approval.Sign, "", t0); !errors.Is(err, document.ErrNotYourStep) {
		t.Errorf("mayor on an office chain: %v", err)
	}
	ch, _, err = ch.Decide("U0OFFDEP", approval.Approve, "", t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ch.Decide("U0OFFDEP", approval.Approve, "", t0); !errors.Is(err, document.ErrAlreadyActed) {
		t.Errorf("the deputy again after their review: %v", err)
	}
	if _, _, err := ch.Decide("U0OFFDIR", approval.Sign, "", t0); err != nil {
		t.Errorf("the director after the review: %v", err)
	}
}

func TestAStepAllowsOnlyItsActions(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	p, _ := document.PlanChain(document.Draft{Issuer: document.Office, Drafter: "U0OFFSTAFF"}, org)
	ch := document.NewChain(p, "U0OFFSTAFF")
	for _, a := range []approval.Action{approval.Sign, approval.Forward, approval.Assign, approval.Reject} {
		if _, _, err := ch.Decide("U0OFFDEP", a, "x", t0); !errors.Is(err, document.ErrActionNotAllowed) {
			t.Errorf("审核 with %s: %v", a, err)
		}
	}
	ch, _, _ = ch.Decide("U0OFFDEP", approval.Approve, "", t0)
	if _, _, err := ch.Decide("U0OFFDIR", approval.Approve, "", t0); !errors.Is(err, document.ErrActionNotAllowed) {
		t.Errorf("签发 step approved rather than signed: %v", err)
	}
	if _, _, err := ch.Decide("U0OFFDIR", approval.Return, "  ", t0); !errors.Is(err, document.ErrReasonRequired) {
		t.Errorf("退回修改 without a reason: %v", err)
	}
}

func cosignChain(t *testing.T) (*directory.Org, document.Chain) {
	t.Helper()
	org := demoOrg(t)
	d := document.Draft{Issuer: document.Government, Areas: []string{"fgw"}, CoSign: []string{"czj", "zjj", "jyj"}, Drafter: "U0FGWHEAD", Unit: "fgw"}
	p, err := document.PlanChain(d, org)
	if err != nil {
		t.Fatal(err)
	}
	return org, document.NewChain(p, d.Drafter)
}

func TestCoSignUnitsSignInAnyOrder(t *testing.T) {
	t.Parallel()
	heads := []string{"U0CZJHEAD", "U0ZJJHEAD", "U0JYJHEAD"}
	orders := [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	for _, o := range orders {
		_, ch := cosignChain(t)
		if got := len(ch.Open()); got != 3 {
			t.Fatalf("%d steps open at the start, want the three 会签 units", got)
		}
		for n, i := range o {
			var out document.Outcome
			var err error
			ch, out, err = ch.Decide(heads[i], approval.Approve, "同意", t0)
			if err != nil {
				t.Fatalf("order %v: %s: %v", o, heads[i], err)
			}
			if n < 2 && len(out.Opened) > 0 {
				t.Fatalf("order %v: 核稿 opened after %d of 3 units", o, n+1)
			}
			if n == 2 && (len(out.Opened) != 1 || ch.Steps[out.Opened[0]].Assignee != "U0OFFDEP") {
				t.Fatalf("order %v: after the last unit opened %v", o, out.Opened)
			}
		}
	}
}

func TestCoSignDisagreementReturnsTheDraftToTheDrafter(t *testing.T) {
	t.Parallel()
	org, ch := cosignChain(t)
	ch, _, err := ch.Decide("U0CZJHEAD", approval.Approve, "", t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ch.Decide("U0ZJJHEAD", approval.Return, "", t0); !errors.Is(err, document.ErrReasonRequired) {
		t.Fatalf("不同意 without a reason: %v", err)
	}
	ch, out, err := ch.Decide("U0ZJJHEAD", approval.Return, "资金来源不明确", t0)
	if err != nil || !out.Returned || ch.State != document.ChainReturned {
		t.Fatalf("不同意: %+v %s %v", out, ch.State, err)
	}
	for _, p := range org.People {
		if _, _, err := ch.Decide(p.SlackID, approval.Approve, "", t0); !errors.Is(err, document.ErrAwaitingRevision) {
			t.Errorf("%s acted on a returned draft: %v", p.Name, err)
		}
	}
	if _, err := ch.Revise("U0OFFDIR", "", t0); !errors.Is(err, document.ErrNotTheDrafter) {
		t.Errorf("revision by someone else: %v", err)
	}
	ch, err = ch.Revise("U0FGWHEAD", "已补充资金来源", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if ch.Version != 2 || ch.State != document.ChainInProgress {
		t.Fatalf("after the revision: version %d, state %s", ch.Version, ch.State)
	}
	var open []string
	for _, i := range ch.Open() {
		open = append(open, ch.Steps[i].Assignee)
	}
	// 财政局 agreed before and stays agreed; 教育局 had not answered; 住建局 answers again.
	if !reflect.DeepEqual(open, []string{"U0ZJJHEAD", "U0JYJHEAD"}) {
		t.Fatalf("open after the revision: %v", open)
	}
	if _, err := ch.Revise("U0FGWHEAD", "", t0); !errors.Is(err, document.ErrNotReturned) {
		t.Errorf("revising a draft in its chain: %v", err)
	}
}

func TestRevisionsRestartTheChainFromTheStepThatReturnedIt(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	d := document.Draft{Issuer: document.Government, Areas: []string{"fgw", "zjj"}, Drafter: "U0FGWHEAD", Unit: "fgw"}
	p, err := document.PlanChain(d, org)
	if err != nil {
		t.Fatal(err)
	}
	ch := document.NewChain(p, d.Drafter)
	must := func(c document.Chain, _ document.Outcome, err error) document.Chain {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ch = must(ch.Decide("U0OFFDEP", approval.Approve, "", t0))
	ch = must(ch.Decide("U0VMLI", approval.Approve, "", t0))
	ch = must(ch.Decide("U0VMWANG", approval.Return, "请补充住建局意见", t0))
	ch, err = ch.Revise("U0FGWHEAD", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	if open := ch.Open(); len(open) != 1 || ch.Steps[open[0]].Assignee != "U0VMWANG" {
		t.Fatalf("第2稿 opened %v, want only 王副市长's review", open)
	}
	if _, _, err := ch.Decide("U0OFFDEP", approval.Approve, "", t0); !errors.Is(err, document.ErrNotYourTurn) {
		t.Fatalf("核稿 again on 第2稿: %v", err)
	}
	ch = must(ch.Decide("U0VMWANG", approval.Approve, "", t0))
	ch = must(ch.Decide("U0MAYOR", approval.Return, "标题不准确", t0))
	ch, err = ch.Revise("U0FGWHEAD", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Version != 3 {
		t.Fatalf("version %d, want 第3稿", ch.Version)
	}
	if open := ch.Open(); len(open) != 1 || ch.Steps[open[0]].Assignee != "U0MAYOR" {
		t.Fatalf("第3稿 opened %v, want only the mayor's signature", open)
	}
	ch, out, err := ch.Decide("U0MAYOR", approval.Sign, "", t0)
	if err != nil || !out.Signed {
		t.Fatalf("signature: %+v %v", out, err)
	}
	sig, _ := ch.Signature()
	if sig.Version != 3 || sig.Assignee != "U0MAYOR" {
		t.Errorf("signature %+v, want the mayor's on 第3稿", sig)
	}
	var versions []int
	for _, e := range ch.History {
		versions = append(versions, e.Version)
	}
	if want := []int{1, 1, 1, 2, 2, 2, 3, 3}; !reflect.DeepEqual(versions, want) {
		t.Errorf("history versions %v, want %v", versions, want)
	}
}

func TestPlanningRefusals(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	nohead := demoOrg(t)
	nohead.People = slices.DeleteFunc(nohead.People, func(p directory.Person) bool { return p.SlackID == "U0JYJHEAD" })
	cases := []struct {
		name  string
		org   *directory.Org
		draft document.Draft
		want  error
	}{
		{"an office-name Art. 50 matter", org, document.Draft{Issuer: document.Office, MayorMatter: document.Appointment}, document.ErrReservedNeedsGovernment},
		{"a government draft with no area from the office", org, document.Draft{Issuer: document.Government, Drafter: "U0OFFSTAFF"}, document.ErrNoArea},
		{"a government major draft with no area from the office", org, document.Draft{Issuer: document.Government, Major: true, Drafter: "U0OFFSTAFF"}, document.ErrNoArea},
		{"no issuer", org, document.Draft{}, document.ErrUnknownIssuer},
	}
	for _, c := range cases {
		if _, err := document.PlanChain(c.draft, c.org); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	var missing *document.MissingSignerError
	_, err := document.PlanChain(document.Draft{Issuer: document.Office, CoSign: []string{"jyj"}}, nohead)
	if !errors.As(err, &missing) || missing.Unit != "jyj" {
		t.Errorf("会签 unit without a head: %v", err)
	}
}

func TestWhoMayDraft(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	cases := []struct {
		who    string
		issuer document.Issuer
		ok     bool
	}{
		{"U0OFFDIR", document.Office, true},
		{"U0OFFSTAFF", document.Office, true},
		{"U0OFFSTAFF", document.Government, true},
		{"U0FGWHEAD", document.Government, true},
		{"U0ZHOUSHIHEAD", document.Government, true},
		{"U0FGWHEAD", document.Office, false},
		{"U0FGWDEP", document.Government, false},
		{"U0VMLI", document.Government, false},
	}
	for _, c := range cases {
		p, _ := org.Person(c.who)
		if err := document.MayDraft(p, c.issuer); (err == nil) != c.ok {
			t.Errorf("%s drafting %s: %v", p.Name, c.issuer, err)
		}
	}
}
