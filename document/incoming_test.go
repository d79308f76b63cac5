package document

import (
	"errors"
	"testing"
	"time"

	"officebot/calendar"
)

func assigned(t *testing.T, cat calendar.Category) Incoming {
	t.Helper()
	d := Incoming{ID: 12, Department: "fgw", Category: cat, State: Pending, Leader: "U0VMLI"}
	at := day("2026-12-07").Add(10 * time.Hour)
	d, err := d.Assign(Assignment{Lead: "zjj", Co: []string{"czj"}, Instruction: "请按职责办理", By: "U0VMLI", At: at,
		Due: calendar.Due{Date: day("2026-12-15")}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestIncomingTransitions(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	head, deputy, other := person(t, org, "U0ZJJHEAD"), person(t, org, "U0ZJJDEP"), person(t, org, "U0CZJHEAD")
	now := day("2026-12-08").Add(9 * time.Hour)

	d := assigned(t, calendar.InRemit)
	if d.State != Handling || d.Due != "2026-12-15" || d.HandlingDept != "zjj" || d.AssignedBy != "U0VMLI" {
		t.Fatalf("assigned: %+v", d)
	}
	if _, err := d.Assign(Assignment{}); !errors.Is(err, ErrNotInState) {
		t.Errorf("assign twice: %v", err)
	}
	if _, err := d.Close(other, org, "办完了", now); !errors.Is(err, ErrNotHandler) {
		t.Errorf("a co-department's head closes: %v", err)
	}
	if _, err := d.Close(head, org, " ", now); !errors.Is(err, ErrTextRequired) {
		t.Errorf("close without result: %v", err)
	}
	done, err := d.Close(deputy, org, "已办结", now)
	if err != nil || done.State != Done || done.DoneBy != "U0ZJJDEP" {
		t.Errorf("the head's deputy closes: %+v %v", done, err)
	}
	if _, err := d.FileOpinion(head, org, "意见"); !errors.Is(err, ErrNoOpinionNeeded) {
		t.Errorf("opinion on in_remit: %v", err)
	}

	// Extensions: asked before the due date, to a later date, one at a time.
	today := day("2026-12-10")
	if _, err := d.RequestExtension(head, org, day("2026-12-14"), "理由", today); !errors.Is(err, ErrNotLater) {
		t.Errorf("earlier date: %v", err)
	}
	if _, err := d.RequestExtension(head, org, day("2026-12-22"), "", today); !errors.Is(err, ErrTextRequired) {
		t.Errorf("no reason: %v", err)
	}
	if _, err := d.RequestExtension(head, org, day("2026-12-22"), "理由", day("2026-12-16")); !errors.Is(err, ErrPastDue) {
		t.Errorf("after due: %v", err)
	}
	if _, err := d.RequestExtension(other, org, day("2026-12-22"), "理由", today); !errors.Is(err, ErrNotHandler) {
		t.Errorf("other unit: %v", err)
	}
	asked, err := d.RequestExtension(head, org, day("2026-12-22"), "需补充调研", today)
	if err != nil || asked.ExtDue != "2026-12-22" {
		t.Fatalf("ask: %+v %v", asked, err)
	}
	if _, err := asked.RequestExtension(head, org, day("2026-12-23"), "x", today); !errors.Is(err, ErrExtensionPending) {
		t.Errorf("second request: %v", err)
	}
	granted, _ := asked.DecideExtension(true, false)
	if granted.Due != "2026-12-22" || granted.Extensions != 1 || granted.ExtDue != "" {
		t.Errorf("granted: %+v", granted)
	}
	refused, _ := asked.DecideExtension(false, false)
	if refused.Due != "2026-12-15" || refused.Extensions != 0 || refused.ExtDue != "" {
		t.Errorf("refused: %+v", refused)
	}
	if _, err := d.DecideExtension(true, false); !errors.Is(err, ErrNoExtension) {
		t.Errorf("nothing asked: %v", err)
	}

	// 催办 once a day.
	u, err := d.Urge("U0OFFSTAFF", now, shanghai)
	if err != nil || u.Urges != 1 {
		t.Fatalf("urge: %v", err)
	}
	if _, err := u.Urge("U0OFFDIR", now.Add(5*time.Hour), shanghai); !errors.Is(err, ErrUrgedToday) {
		t.Errorf("urge twice a day: %v", err)
	}
	if _, err := u.Urge("U0OFFDIR", now.Add(24*time.Hour), shanghai); err != nil {
		t.Errorf("urge next day: %v", err)
	}
}

func TestNeedsApprovalGoesBackToTheLeaderWithTheOpinion(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	head := person(t, org, "U0ZJJHEAD")
	d := assigned(t, calendar.NeedsApproval)
	if _, err := d.Close(head, org, "已办", day("2026-12-08")); !errors.Is(err, ErrOpinionRequired) {
		t.Fatalf("close needs_approval: %v", err)
	}
	op, err := d.FileOpinion(head, org, "建议同意")
	if err != nil || op.State != Opinion || op.Leader != "U0VMLI" {
		t.Fatalf("opinion: %+v %v", op, err)
	}
	back, err := op.Return("U0VMLI", "请补充")
	if err != nil || back.State != Handling {
		t.Fatalf("opinion returned: %+v %v", back, err)
	}
	done, err := op.Approve("U0VMLI", "同意", day("2026-12-09"))
	if err != nil || done.State != Done || done.Result != "建议同意" {
		t.Fatalf("approved: %+v %v", done, err)
	}
}

func TestPendingDocumentDecisions(t *testing.T) {
	t.Parallel()
	d := Incoming{ID: 3, State: Pending, Leader: "U0VMLI"}
	if _, err := d.Return("U0VMLI", ""); !errors.Is(err, ErrTextRequired) {
		t.Errorf("return without reason: %v", err)
	}
	r, _ := d.Return("U0VMLI", "补充依据")
	a, _ := d.Approve("U0VMLI", "同意", day("2026-12-08"))
	f, _ := d.Forward("U0MAYOR")
	if r.State != Returned || a.State != Approved || f.State != Pending || f.Leader != "U0MAYOR" {
		t.Errorf("%v %v %v", r.State, a.State, f)
	}
	if r.State.Open() || !f.State.Open() {
		t.Error("Open")
	}
	if _, err := a.Forward("U0MAYOR"); !errors.Is(err, ErrNotInState) {
		t.Error("forward after approval")
	}
}

func TestCanSee(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	d := assigned(t, calendar.Joint)
	d.Submitter = "U0FGWDEP"
	for id, want := range map[string]bool{
		"U0FGWHEAD": true, "U0ZJJDEP": true, "U0CZJHEAD": true, "U0VMLI": true, "U0OFFSTAFF": true,
		"U0JYJHEAD": false, "U0VMZHANG": false, "U0MAYOR": false,
	} {
		if got := d.CanSee(person(t, org, id), nil); got != want {
			t.Errorf("%s sees: %v", id, got)
		}
	}
	if !d.CanSee(person(t, org, "U0MAYOR"), []string{"U0MAYOR"}) {
		t.Error("a leader on the path")
	}
}

func TestNormalTitle(t *testing.T) {
	t.Parallel()
	if NormalTitle("关于 “老旧小区” 改造的請示") != NormalTitle("关于老旧小区改造的请示") {
		t.Error("normalised titles differ")
	}
}
