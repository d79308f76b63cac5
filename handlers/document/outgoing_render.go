package document

import (
	"context"
	"strings"

	"officebot/chat"
	"officebot/docsheet"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
)

func issuerName(i document.Issuer) string { return msg.T("document.out.issuer." + string(i)) }

func stepName(k document.StepKind) string { return msg.T("document.out.step." + string(k)) }

// stepLabel is a step as officials name it: 财政局 会签, 林副主任 核稿,
// 周市长（代李副市长）（签发); a step someone does for the drafter says
// why: 陈常务副市长（签发，代赵主任：拟稿人不审批本人拟制的发文）.
func stepLabel(c *handlers.Call, drafter string, st document.Step) string {
	who := handlers.PersonName(c.Org, st.Assignee)
	own := st.StandsFor != "" && st.StandsFor == drafter
	if st.StandsFor != "" && !own {
		who = msg.T("document.out.stands_for", who, handlers.PersonName(c.Org, st.StandsFor))
	}
	if st.Kind == document.CoSignStep {
		who = deptName(c.Org, st.Unit) + " " + who
	}
	if own {
		return msg.T("document.out.chain_step_own", who, stepName(st.Kind), handlers.PersonName(c.Org, st.StandsFor))
	}
	return msg.T("document.out.chain_step", who, stepName(st.Kind))
}

// chainText is the chain in one line: stages in order, a stage's steps
// (signed in any order) joined by 、. A step not yet open that names the
// drafter names who will act for them (Chain.PlannedStandIns).
func chainText(c *handlers.Call, o document.Outgoing) string {
	planned := map[int]document.StandIn{}
	for _, in := range o.Chain.PlannedStandIns(c.Org) {
		planned[in.Step] = in
	}
	var stages []string
	for i, st := range o.Chain.Steps {
		if st.Stage == len(stages) {
			stages = append(stages, "")
		} else {
			stages[st.Stage] += "、"
		}
		if in, ok := planned[i]; ok {
			st.Assignee, st.StandsFor = in.By, in.Usual
		}
		stages[st.Stage] += stepLabel(c, o.Drafter, st)
	}
	return strings.Join(stages, " → ")
}

// openNames names who the chain waits for now.
func openNames(c *handlers.Call, o document.Outgoing) string {
	var ns []string
	for _, i := range o.Chain.Open() {
		ns = append(ns, stepLabel(c, o.Drafter, o.Chain.Steps[i]))
	}
	return strings.Join(ns, "、")
}

func outLabel(o document.Outgoing) string {
	if !o.Number.IsZero() {
		return o.Key() + " " + o.Number.String()
	}
	return o.Key()
}

// outText is the document as the root message and /doc status show it.
func outText(c *handlers.Call, o document.Outgoing) string {
	unit := msg.T("docsheet.office_unit")
	if o.Unit != "" {
		unit = deptName(c.Org, o.Unit)
	}
	text := msg.T("document.out.root", outLabel(o), chat.Escape(o.Title), issuerName(o.Issuer), chat.Escape(o.Kind),
		handlers.PersonName(c.Org, o.Drafter), unit, o.Chain.Version, msg.T("document.out.cond."+string(o.Condition)), o.Article, chainText(c, o))
	if o.RepeatOf != "" {
		text += "\n" + msg.T("document.out.repeat_note", o.RepeatOf, chat.Escape(o.Title), "", chat.Escape(o.RepeatReason))
	}
	return text
}

// outRoot is the document's root message in the documents channel, or
// its update after a change.
func outRoot(c *handlers.Call, o document.Outgoing, update bool) chat.Message {
	text := outText(c, o)
	note := msg.T("document.out.card_note", msg.T("document.out.state."+string(o.Chain.State)), o.Key())
	return chat.Message{Channel: c.Org.Channels.Documents, ItemKey: o.Key(), Root: !update, Update: update, Text: text,
		Blocks: []chat.Block{chat.Text(text), chat.Note(note)}}
}

func outThread(c *handlers.Call, o document.Outgoing, text string) chat.Message {
	return chat.Message{Channel: c.Org.Channels.Documents, ItemKey: o.Key(), InThread: true, Text: text}
}

func outDM(to string, o document.Outgoing, text string) chat.Message {
	return chat.Message{Channel: to, ItemKey: o.Key(), Text: text}
}

// stepMessages are the thread messages of steps that opened: each names
// its person, with that step's buttons.
func stepMessages(c *handlers.Call, o document.Outgoing, steps []int) []chat.Message {
	var out []chat.Message
	for _, i := range steps {
		st := o.Chain.Steps[i]
		pass := msg.T("document.out.btn.pass." + string(st.Kind))
		ret := msg.T("document.out.btn.return")
		if st.Kind == document.CoSignStep {
			ret = msg.T("document.out.btn.return.cosign")
		}
		who := chat.Mention(st.Assignee)
		if st.Kind == document.CoSignStep {
			who = deptName(c.Org, st.Unit) + " " + who
		}
		text := msg.T("document.out.step_msg", who, stepName(st.Kind), o.Key(), chat.Escape(o.Title), o.Chain.Version, pass)
		action := actOutPass
		if st.Kind == document.SignStep {
			action = actOutSign
		}
		m := outThread(c, o, text)
		m.Blocks = []chat.Block{chat.Text(text), chat.Buttons(
			chat.Button{Label: pass, ActionID: action, Value: o.Key(), Style: chat.Primary},
			chat.Button{Label: ret, ActionID: actOutReturn, Value: o.Key(), Style: chat.Danger})}
		out = append(out, m)
	}
	return out
}

// outAudit is what the audit log keeps of an outgoing document.
func outAudit(o document.Outgoing) map[string]any {
	a := map[string]any{"state": string(o.Chain.State), "version": o.Chain.Version, "open": o.Chain.Open()}
	if !o.Number.IsZero() {
		a["number"] = o.Number.String()
	}
	return a
}

// outStatus is /doc status for an outgoing document: the document and
// every step of its chain. Its drafter, its signers and the office see it.
func (s *Service) outStatus(ctx context.Context, c *handlers.Call, id uint64) (handlers.Response, error) {
	o, err := loadOutgoing(s.store.Read(ctx), id)
	if err != nil {
		return handlers.Response{}, err
	}
	named := o.Drafter == c.Me.SlackID || c.Me.Role.IsOffice() || (o.Unit != "" && c.Me.Department == o.Unit)
	for _, st := range o.Chain.Steps {
		named = named || st.Assignee == c.Me.SlackID
	}
	if !named {
		return handlers.Response{}, handlers.Fail("document.err.forbidden", o.Key())
	}
	var lines []string
	for _, st := range o.Chain.Steps {
		state := msg.T("document.out.waiting")
		switch st.State {
		case document.StepPending:
			state = msg.T("document.out.pending")
		case document.StepDone, document.StepReturned:
			state = docsheet.ActionLabel(st.Kind, st.Action) + " " + st.At.In(c.Calendar.Location()).Format("2006-01-02 15:04") +
				commentClause(st.Comment)
		}
		lines = append(lines, msg.T("document.out.status_step", stepLabel(c, o.Drafter, st), state))
	}
	number := o.Number.String()
	if number == "" {
		number = msg.T("document.out.unnumbered")
	}
	return handlers.Reply(msg.T("document.out.status", msg.T("document.out.state."+string(o.Chain.State)), o.Key(),
		chat.Escape(o.Title), issuerName(o.Issuer), chat.Escape(o.Kind), handlers.PersonName(c.Org, o.Drafter), o.Chain.Version, number,
		msg.T("document.out.cond."+string(o.Condition)), o.Article, strings.Join(lines, "\n"))), nil
}
