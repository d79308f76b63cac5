package leave

import (
	"strings"

	"officebot/directory"
)

// Reroute is what Art. 57 ¶2 asks of a pending request when principal
// meetings were scheduled over it after it was filed: who must decide it
// now and which meetings it misses.
type Reroute struct {
	Meetings       []Meeting
	Approver       string // empty: the office routes it
	ApproverReason ApproverReason
	// DeputyNeeded: the requester must name who attends instead
	// (委派主持工作的副职领导参加) and has not.
	DeputyNeeded bool
}

// Recheck applies Art. 57 ¶2 again to a pending request against the
// meetings scheduled now. It reports a Reroute when the request misses a
// principal meeting its requester attends and its approver is neither the
// mayor nor the executive vice mayor presiding over one of those meetings
// ("须事先向市长或主持会议的常务副市长请假"). away are the approved absences
// of others, so an absent mayor passes to the executive vice mayor as at
// filing (router.meeting).
func Recheck(org *directory.Org, r Request, meetings []Meeting, away []Absence) (Reroute, bool) {
	if org == nil || r.State != Pending {
		return Reroute{}, false
	}
	from, to := r.Period.From(), r.Period.To()
	missed := Missed(r, meetings)
	if len(missed) == 0 {
		return Reroute{}, false
	}
	if r.Approver != "" {
		if mayor, ok := org.First(directory.Mayor); ok && mayor.SlackID == r.Approver {
			return Reroute{}, false
		}
		if evm, ok := org.First(directory.ExecutiveViceMayor); ok && evm.SlackID == r.Approver {
			for _, m := range missed {
				if m.PresiderID == evm.SlackID {
					return Reroute{}, false
				}
			}
		}
	}
	me, _ := org.Person(r.Requester)
	rt := router{org: org, me: r.Requester, away: away, from: from, to: to}
	rt.meeting(missed)
	if rt.approver == r.Approver {
		// Already where Art. 57 ¶2 sends it (the executive vice mayor
		// standing in for an absent mayor, or the office when no leader is
		// left): moving it again would only repeat the note and lock the
		// approver out of their own decision.
		return Reroute{}, false
	}
	return Reroute{
		Meetings: missed, Approver: rt.approver, ApproverReason: rt.reason,
		// Vice mayors sit in the meeting in their own right (Policy.checkDeputy).
		DeputyNeeded: r.Deputy == "" && !me.Role.IsViceMayor() && me.Role != directory.Mayor,
	}, true
}

// Apply returns the request routed as rr says: a meeting absence under
// Art. 57 ¶2, to the new approver.
func (rr Reroute) Apply(r Request) Request {
	var names []string
	for _, m := range rr.Meetings {
		names = append(names, m.Title())
	}
	r.Required, r.ReasonCode, r.Article = true, ReasonMeetingAbsence, Art57Para2
	r.Approver, r.ApproverReason = rr.Approver, rr.ApproverReason
	r.MeetingAbsence, r.Meetings = true, strings.Join(names, "、")
	return r
}

// Missed returns the meetings of the list the request's absence misses
// under Art. 57 ¶2: plenary, executive and mayor's office meetings its
// requester attends, within its period.
func Missed(r Request, meetings []Meeting) []Meeting {
	from, to := r.Period.From(), r.Period.To()
	var out []Meeting
	for _, m := range meetings {
		if m.Type.Principal() && m.Attends(r.Requester) && m.During(from, to) {
			out = append(out, m)
		}
	}
	return out
}
