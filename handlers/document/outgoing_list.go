package document

import (
	"context"

	"officebot/chat"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
	"officebot/storage"
)

// outListStates are the chain states each /doc list filter word shows of
// outgoing documents; 逾期 shows none: Art. 50-52 set no time limit for a
// sign-off chain (its steps are reminded instead).
var outListStates = map[string][]document.ChainState{
	"":   nil,
	"在办": {document.ChainInProgress, document.ChainReturned}, "open": {document.ChainInProgress, document.ChainReturned},
	"待批": {document.ChainInProgress}, "pending": {document.ChainInProgress},
	"已办结": {document.ChainSigned}, "办结": {document.ChainSigned}, "done": {document.ChainSigned},
}

// withOutgoing adds to /doc list's lines the outgoing documents (发文) that
// concern the person: drafted by them or their unit, naming their unit
// for 会签, or waiting for their step; the office sees all.
func (s *Service) withOutgoing(ctx context.Context, c *handlers.Call, word string, lines []string) ([]string, error) {
	states, ok := outListStates[word]
	if !ok {
		return lines, nil
	}
	f := storage.OutgoingFilter{States: states, Limit: 30}
	if !c.Me.Role.IsOffice() {
		f.Person, f.Department = c.Me.SlackID, c.Me.Department
	}
	os, err := s.store.Read(ctx).OutgoingList(f)
	if err != nil {
		return lines, err
	}
	for _, o := range os {
		lines = append(lines, outListLine(c, o))
	}
	return lines, nil
}

// outListLine is one outgoing document in /doc list: its key and number,
// title, issuer, state, and whom it waits for (您 for the person's own step).
func outListLine(c *handlers.Call, o document.Outgoing) string {
	state := msg.T("document.out.state." + string(o.Chain.State))
	switch {
	case o.Chain.State == document.ChainReturned:
		state += msg.T("document.out.list_with", handlers.PersonName(c.Org, o.Drafter))
	case len(o.Chain.Open()) > 0:
		if i, err := o.Chain.MayAct(c.Me.SlackID); err == nil {
			state += msg.T("document.out.list_yours", stepName(o.Chain.Steps[i].Kind))
		} else {
			state += msg.T("document.out.list_waiting", openNames(c, o))
		}
	}
	return msg.T("document.out.list_line", outLabel(o), chat.Escape(o.Title), issuerName(o.Issuer), state)
}
