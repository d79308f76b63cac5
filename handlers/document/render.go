package document

import (
	"strings"
	"time"

	"officebot/calendar"
	"officebot/chat"
	"officebot/directory"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
)

// deptName is the escaped name of a department, or the ID when unknown.
func deptName(org *directory.Org, id string) string {
	if d, ok := org.Department(id); ok {
		return chat.Escape(d.Name)
	}
	return chat.Escape(id)
}

func deptNames(org *directory.Org, ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = deptName(org, id)
	}
	return strings.Join(names, "、")
}

// channel is where documents are posted: the documents channel, the office
// channel, or the leader's DM when the directory names neither.
func channel(org *directory.Org, d document.Incoming) string {
	switch {
	case org.Channels.Documents != "":
		return org.Channels.Documents
	case org.Channels.Office != "":
		return org.Channels.Office
	}
	return d.Leader
}

// label is "D12 昆政办收〔2026〕17号《标题》".
func label(d document.Incoming) string {
	return msg.T("document.label", d.Key(), d.Number.String(), chat.Escape(d.Title))
}

// dueText is the due date with what the calendar knows: 2026-12-15（暂定）,
// and the working days left or the days overdue when today is given.
func dueText(cal *calendar.Calendar, d document.Incoming, today time.Time) string {
	if d.Due == "" {
		return msg.T("document.no_due")
	}
	s := d.Due
	if d.DueProvisional {
		s += msg.T("document.provisional")
	}
	if today.IsZero() {
		return s
	}
	left, err := document.DaysLeft(cal, d.Due, today)
	switch {
	case err != nil:
	case left > 0:
		s += msg.T("document.days_left", left)
	case left == 0:
		s += msg.T("document.due_today")
	default:
		s += msg.T("document.days_overdue", -left)
	}
	return s
}

func stateName(st document.State) string { return msg.T("document.state." + string(st)) }

func categoryName(cat calendar.Category) string { return msg.T("document.category." + string(cat)) }

func yes(b bool) string {
	if b {
		return msg.T("document.yes")
	}
	return msg.T("document.no")
}

// card is the document's details, shown in its root message and status.
func card(c *handlers.Call, d document.Incoming) []chat.Block {
	org := c.Org
	fields := []string{
		msg.T("document.field.number", d.Number.String()),
		msg.T("document.field.type", string(d.Type)),
		msg.T("document.field.unit", deptName(org, d.Department)),
		msg.T("document.field.submitter", handlers.PersonName(org, d.Submitter)),
		msg.T("document.field.category", categoryName(d.Category)),
		msg.T("document.field.major", yes(d.Major)),
	}
	if d.Signer != "" {
		fields = append(fields, msg.T("document.field.signer", handlers.PersonName(org, d.Signer)))
	}
	if len(d.CoDepartments) > 0 {
		fields = append(fields, msg.T("document.field.co", deptNames(org, d.CoDepartments), yes(d.Consulted)))
	}
	if d.Disagreement != "" {
		fields = append(fields, msg.T("document.field.disagreement", chat.Escape(d.Disagreement), chat.Escape(d.Reasons)))
	}
	if d.UrgentDue != "" && d.Due == "" {
		fields = append(fields, msg.T("document.field.urgent_due", d.UrgentDue))
	}
	if d.Leader != "" {
		fields = append(fields, msg.T("document.field.leader", handlers.PersonName(org, d.Leader)))
	}
	if d.HandlingDept != "" {
		h := deptName(org, d.HandlingDept)
		if len(d.HandlingCo) > 0 {
			h = msg.T("document.handling_with", h, deptNames(org, d.HandlingCo))
		}
		today := c.Now
		if d.State != document.Handling && d.State != document.Opinion {
			today = time.Time{} // closed: the date alone, no days left
		}
		fields = append(fields, msg.T("document.field.handling", h),
			msg.T("document.field.due", dueText(c.Calendar, d, today), d.Extensions))
	}
	if len(d.Links) > 0 || len(d.Files) > 0 {
		var as []string
		for _, l := range d.Links {
			as = append(as, chat.Escape(l))
		}
		for _, f := range d.Files {
			as = append(as, chat.Escape(f.Name))
		}
		fields = append(fields, msg.T("document.field.attachments", strings.Join(as, "、")))
	}
	return []chat.Block{chat.Fields(fields...), chat.Note(msg.T("document.card_note", stateName(d.State), d.Key()))}
}

// buttons are the buttons of the root message in the document's state.
func buttons(org *directory.Org, d document.Incoming) []chat.Button {
	k := d.Key()
	switch d.State {
	case document.Pending:
		bs := []chat.Button{
			{Label: msg.T("document.btn.approve"), ActionID: actApprove, Value: k, Style: chat.Primary},
			{Label: msg.T("document.btn.assign"), ActionID: actAssign, Value: k, Style: chat.Primary},
			{Label: msg.T("document.btn.return"), ActionID: actReturn, Value: k, Style: chat.Danger},
		}
		if p, ok := org.Person(d.Leader); !ok || p.Role != directory.Mayor {
			bs = append(bs, chat.Button{Label: msg.T("document.btn.forward"), ActionID: actForward, Value: k})
		}
		return append(bs, chat.Button{Label: msg.T("document.btn.reroute"), ActionID: actReroute, Value: k})
	case document.Opinion:
		return []chat.Button{
			{Label: msg.T("document.btn.approve"), ActionID: actApprove, Value: k, Style: chat.Primary},
			{Label: msg.T("document.btn.return_opinion"), ActionID: actReturn, Value: k, Style: chat.Danger},
		}
	case document.Handling:
		return []chat.Button{{Label: msg.T("document.btn.urge"), ActionID: actUrge, Value: k}}
	}
	return nil
}

// rootBlocks is the root message's content as the document stands.
func rootBlocks(c *handlers.Call, d document.Incoming, text string) []chat.Block {
	blocks := append([]chat.Block{chat.Text(text)}, card(c, d)...)
	if bs := buttons(c.Org, d); len(bs) > 0 {
		blocks = append(blocks, chat.Buttons(bs...))
	}
	return blocks
}

// root is the registered document's first message: the root of its thread.
func root(c *handlers.Call, d document.Incoming, why string) chat.Message {
	text := msg.T("document.root", chat.Mention(d.Leader), deptName(c.Org, d.Department), label(d), why)
	return chat.Message{Channel: channel(c.Org, d), ItemKey: d.Key(), Root: true, Text: text, Blocks: rootBlocks(c, d, text)}
}

// rootUpdate replaces the root message after a change: the details as they
// stand and the buttons of the new state.
func rootUpdate(c *handlers.Call, d document.Incoming) chat.Message {
	text := msg.T("document.root_now", deptName(c.Org, d.Department), label(d), stateName(d.State))
	return chat.Message{Channel: channel(c.Org, d), ItemKey: d.Key(), Update: true, Text: text, Blocks: rootBlocks(c, d, text)}
}

// thread is a message in the document's thread.
func thread(c *handlers.Call, d document.Incoming, text string, blocks ...chat.Block) chat.Message {
	return chat.Message{Channel: channel(c.Org, d), ItemKey: d.Key(), InThread: true, Text: text, Blocks: blocks}
}

// dm is a direct message about the document.
func dm(to string, d document.Incoming, text string) chat.Message {
	return chat.Message{Channel: to, ItemKey: d.Key(), Text: text}
}

// auditState is what the audit log keeps of a document before and after a
// change.
func auditState(d document.Incoming) map[string]any {
	return map[string]any{"state": string(d.State), "leader": d.Leader, "handling": d.HandlingDept, "co": d.HandlingCo,
		"due": d.Due, "extensions": d.Extensions, "ext_due": d.ExtDue, "comment": d.Comment}
}

func commentClause(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return msg.T("document.comment_clause", chat.Escape(s))
}

// tArg is msg.T with one argument that may be empty: an entry that takes
// none (the routing reasons, the limits of the categories) is read without.
func tArg(key, arg string) string {
	if arg == "" {
		return msg.T(key)
	}
	return msg.T(key, arg)
}
