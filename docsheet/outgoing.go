package docsheet

import (
	"officebot/approval"
	"officebot/directory"
	"officebot/document"
	"officebot/msg"
)

// FromOutgoing fills the sheet of an outgoing document: each step's last
// decision, with the names the directory gives.
func FromOutgoing(o document.Outgoing, org *directory.Org) Sheet {
	name := func(id string) string {
		if p, ok := org.Person(id); ok {
			return p.Name
		}
		return id
	}
	unit := msg.T("docsheet.office_unit")
	if d, ok := org.Department(o.Unit); ok {
		unit = d.Name
	}
	s := Sheet{Issuer: o.Issuer, Number: o.Number.String(), Title: o.Title, Kind: o.Kind, Unit: unit, Drafter: name(o.Drafter),
		Secrecy: o.Secrecy, Urgency: o.Urgency, Version: o.Chain.Version}
	if o.SignedAt != nil {
		s.Date = *o.SignedAt
	}
	for _, st := range o.Chain.Steps {
		sig := Signature{Who: name(st.Assignee)}
		if st.Kind == document.CoSignStep {
			if d, ok := org.Department(st.Unit); ok {
				short := d.Short
				if short == "" {
					short = d.Name
				}
				sig.Who = short + " " + sig.Who
			}
		}
		if st.State == document.StepDone || st.State == document.StepReturned {
			sig.Action, sig.Comment = ActionLabel(st.Kind, st.Action), st.Comment
			if st.At != nil {
				sig.At = *st.At
			}
		}
		switch st.Kind {
		case document.CoSignStep:
			s.CoSign = append(s.CoSign, sig)
		case document.CheckStep:
			s.Check = append(s.Check, sig)
		case document.ReviewStep:
			s.Review = append(s.Review, sig)
		case document.SignStep:
			s.Sign = append(s.Sign, sig)
		}
	}
	return s
}

// ActionLabel names a decision on a step as officials do: 同意 / 不同意
// for a 会签 unit, 核稿通过, 审核通过, 签发, 退回修改.
func ActionLabel(k document.StepKind, a approval.Action) string {
	if a == approval.Return && k != document.CoSignStep {
		return msg.T("docsheet.action.return")
	}
	return msg.T("docsheet.action." + string(k) + "." + string(a))
}
