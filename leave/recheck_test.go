package leave

import "testing"

// Recheck (Art. 57 ¶2 at decision time): a pending request whose period now
// overlaps a principal meeting its requester attends moves to the mayor,
// or to the executive vice mayor presiding when the mayor is away; the
// mayor or the presiding executive vice mayor keeps it; special-topic
// meetings, meetings the requester does not attend, and settled requests
// change nothing.
func TestRecheck(t *testing.T) {
	org := testOrg()
	exec := Meeting{ID: "M1", Name: "常务会议", Type: Executive, Start: at("2026-12-04 09:00"), End: at("2026-12-04 12:00"),
		Attendees: []string{"U0FGWHEAD", "U0VMLI"}, PresiderID: "U0MAYOR"}
	pending := Request{ID: 1, Requester: "U0FGWHEAD", Period: days("2026-12-03", "2026-12-05"), State: Pending,
		Approver: "U0VMLI", ApproverReason: ApproverInCharge, Article: Art57Para1, ReasonCode: ReasonOutsideSuzhou}
	mayorAway := []Absence{{SlackID: "U0MAYOR", From: date("2026-12-01"), To: date("2026-12-10")}}
	evmPresides := exec
	evmPresides.PresiderID = "U0EXEC"
	special := exec
	special.Type = Special
	other := exec
	other.Attendees = []string{"U0VMWANG"}

	for _, tc := range []struct {
		name     string
		r        func(Request) Request
		meetings []Meeting
		away     []Absence
		want     string // new approver; "" for no reroute
		deputy   bool
	}{
		{"vice mayor in charge → mayor", nil, []Meeting{exec}, nil, "U0MAYOR", true},
		{"mayor away → executive vice mayor", nil, []Meeting{evmPresides}, mayorAway, "U0EXEC", true},
		{"deputy already named", func(r Request) Request { r.Deputy = "U0FGWDEP"; return r }, []Meeting{exec}, nil, "U0MAYOR", false},
		{"mayor keeps it", func(r Request) Request { r.Approver = "U0MAYOR"; return r }, []Meeting{exec}, nil, "", false},
		{"presiding executive vice mayor keeps it", func(r Request) Request { r.Approver = "U0EXEC"; return r }, []Meeting{evmPresides}, nil, "", false},
		{"executive vice mayor not presiding → mayor", func(r Request) Request { r.Approver = "U0EXEC"; return r }, []Meeting{exec}, nil, "U0MAYOR", true},
		// Routed already to the executive vice mayor because the mayor is
		// away: the decision's recheck leaves it there, even though the
		// mayor (not he) presides.
		{"executive vice mayor standing in for the absent mayor keeps it", func(r Request) Request { r.Approver = "U0EXEC"; return r }, []Meeting{exec}, mayorAway, "", false},
		{"special-topic meeting", nil, []Meeting{special}, nil, "", false},
		{"not an attendee", nil, []Meeting{other}, nil, "", false},
		{"approved already", func(r Request) Request { r.State = Approved; return r }, []Meeting{exec}, nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := pending
			if tc.r != nil {
				r = tc.r(r)
			}
			rr, ok := Recheck(org, r, tc.meetings, tc.away)
			if tc.want == "" {
				if ok {
					t.Fatalf("rerouted to %s", rr.Approver)
				}
				return
			}
			if !ok || rr.Approver != tc.want || rr.DeputyNeeded != tc.deputy {
				t.Fatalf("got %+v ok=%v, want approver %s deputy %v", rr, ok, tc.want, tc.deputy)
			}
			next := rr.Apply(r)
			if next.Article != Art57Para2 || !next.MeetingAbsence || next.Meetings != "常务会议" || next.Approver != tc.want {
				t.Fatalf("applied: %+v", next)
			}
		})
	}
}
