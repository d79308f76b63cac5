package document

import (
	"errors"

	"officebot/approval"
	"officebot/directory"
)

// RouteReason says why a document goes to the leader it goes to; the
// catalogue explains each (document.route.<reason>).
type RouteReason string

// Routing reasons.
const (
	RouteInCharge   RouteReason = "in_charge"    // the vice mayor in charge of the unit (Art. 49: 分工负责)
	RouteMajor      RouteReason = "major"        // 重大事项报市长审批 (Art. 49)
	RouteNoInCharge RouteReason = "no_in_charge" // no leader in charge in the directory: the mayor
	RouteAway       RouteReason = "away"         // the leader in charge is away: the mayor, as leave does
	RouteMayorAway  RouteReason = "mayor_away"   // the mayor is away: the executive vice mayor
)

// ErrNoLeader is returned when nobody can take the document: no mayor and
// no executive vice mayor in the directory.
var ErrNoLeader = errors.New("document: no leader to route to")

// Route is where a registered document goes first.
type Route struct {
	Leader string // Slack ID
	Reason RouteReason
	// Usual is the leader in charge when someone stands in (away).
	Usual string
}

// RouteIncoming returns the leader who decides a document of the unit
// (Art. 49: 按照市政府领导同志分工负责的原则呈批，重大事项报市长审批): the
// vice mayor in charge of the unit (the executive vice mayor for the units
// in their charge), the mayor for a major matter or when the leader in
// charge is away (away reports whether someone is on approved leave today,
// as leave routes), and the executive vice mayor when the mayor is away.
func RouteIncoming(org *directory.Org, dept string, major bool, away func(slackID string) bool) (Route, error) {
	if away == nil {
		away = func(string) bool { return false }
	}
	mayor, hasMayor := org.First(directory.Mayor)
	toMayor := func(reason RouteReason, usual string) (Route, error) {
		if hasMayor && !away(mayor.SlackID) {
			return Route{Leader: mayor.SlackID, Reason: reason, Usual: usual}, nil
		}
		if ev, ok := org.First(directory.ExecutiveViceMayor); ok && ev.SlackID != usual {
			return Route{Leader: ev.SlackID, Reason: RouteMayorAway, Usual: usual}, nil
		}
		if hasMayor {
			return Route{Leader: mayor.SlackID, Reason: reason, Usual: usual}, nil
		}
		return Route{}, ErrNoLeader
	}
	if major {
		return toMayor(RouteMajor, "")
	}
	vm, ok := org.InCharge(dept)
	if !ok {
		return toMayor(RouteNoInCharge, "")
	}
	if away(vm.SlackID) {
		return toMayor(RouteAway, vm.SlackID)
	}
	return Route{Leader: vm.SlackID, Reason: RouteInCharge}, nil
}

// Decision actions of an incoming document beyond the approval engine's.
const (
	Reroute approval.Action = "reroute" // 改派: the office re-routes a misrouted document
	Grant   approval.Action = "grant"   // 同意延期
	Refuse  approval.Action = "refuse"  // 不同意延期
	UrgeIt  approval.Action = "urge"    // 催办
)

// LeaderActions are what the leader may do with a registered document:
// 批示同意, 退回, 报市长 (not the mayor), 交办.
func LeaderActions(org *directory.Org, leader string) []approval.Action {
	acts := []approval.Action{approval.Approve, approval.Return, approval.Assign}
	if p, ok := org.Person(leader); !ok || p.Role != directory.Mayor {
		acts = append(acts, approval.Forward)
	}
	return acts
}

// Step kinds of a document's chains.
const (
	StepDecide    = "doc.decide"    // the leader's decision on a registered document
	StepOpinion   = "doc.opinion"   // the leader's 批示 on a written opinion
	StepExtension = "doc.extension" // the leader's answer to an extension request
)

// DecideStep is the leader's step of a document routed by r.
func DecideStep(org *directory.Org, leader string, note string) approval.Step {
	return approval.Step{Kind: StepDecide, Assignee: leader, Actions: LeaderActions(org, leader), Note: note}
}

// OpinionStep is the step of the leader who assigned a needs_approval
// document, answering its written opinion.
func OpinionStep(leader string) approval.Step {
	return approval.Step{Kind: StepOpinion, Assignee: leader, Actions: []approval.Action{approval.Approve, approval.Return}}
}

// ExtensionStep is the step of the leader who assigned the document,
// granting or refusing an extension.
func ExtensionStep(leader string) approval.Step {
	return approval.Step{Kind: StepExtension, Assignee: leader, Actions: []approval.Action{approval.Approve, approval.Reject}}
}
