package leave

import (
	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
)

// personLabel is "name（department）".
func personLabel(org *directory.Org, id string) string {
	name := handlers.PersonName(org, id)
	p, ok := org.Person(id)
	if !ok {
		return name
	}
	if d, ok := org.Department(p.Department); ok {
		return msg.T("leave.person_in_dept", name, chat.Escape(d.Name))
	}
	if p.Title != "" {
		return msg.T("leave.person_in_dept", name, chat.Escape(p.Title))
	}
	return name
}

// summary is "出差 上海，2026-12-03 至 2026-12-05（3天）".
func summary(r leave.Request) string {
	return msg.T("leave.summary", r.Kind.String(), chat.Escape(r.Destination), leave.FormatPeriod(r.Period))
}

func meetingsClause(r leave.Request) string {
	if r.Meetings == "" {
		return ""
	}
	return msg.T("leave.misses_meetings", chat.Escape(r.Meetings))
}

// channel is where leave requests are posted: the leave channel, the office
// channel, or the approver's DM when the directory names neither.
func channel(org *directory.Org, r leave.Request) string {
	switch {
	case org.Channels.Leave != "":
		return org.Channels.Leave
	case org.Channels.Office != "":
		return org.Channels.Office
	}
	return r.Approver
}

// card is the request's details, shown in its root message and status.
func card(org *directory.Org, r leave.Request, note string) []chat.Block {
	fields := []string{
		msg.T("leave.field_requester", personLabel(org, r.Requester)),
		msg.T("leave.field_kind", r.Kind.String()),
		msg.T("leave.field_destination", chat.Escape(r.Destination)),
		msg.T("leave.field_period", leave.FormatPeriod(r.Period)),
	}
	if r.Reason != "" {
		fields = append(fields, msg.T("leave.field_reason", chat.Escape(r.Reason)))
	}
	if r.Meetings != "" {
		fields = append(fields, msg.T("leave.field_meetings", chat.Escape(r.Meetings)))
	}
	if r.Deputy != "" {
		fields = append(fields, msg.T("leave.field_deputy", handlers.PersonName(org, r.Deputy)))
	}
	approver := msg.T("leave.office_routes")
	if r.Approver != "" {
		approver = handlers.PersonName(org, r.Approver)
	}
	return []chat.Block{
		chat.Fields(fields...),
		chat.Note(msg.T("leave.card_note", approver, note, r.Article.String(), r.Key())),
	}
}

// root is the root message in the leave channel, with the buttons.
func root(org *directory.Org, r leave.Request, note string) chat.Message {
	who := msg.T("leave.office_routes")
	if r.Approver != "" {
		who = chat.Mention(r.Approver)
	}
	text := msg.T("leave.root_text", who, handlers.PersonName(org, r.Requester), r.Key(), summary(r))
	blocks := append([]chat.Block{chat.Text(text)}, card(org, r, note)...)
	blocks = append(blocks, chat.Buttons(
		chat.Button{Label: msg.T("leave.btn_approve"), ActionID: approveID, Value: r.Key(), Style: chat.Primary},
		chat.Button{Label: msg.T("leave.btn_reject"), ActionID: rejectID, Value: r.Key(), Style: chat.Danger},
		chat.Button{Label: msg.T("leave.btn_withdraw"), ActionID: withdrawID, Value: r.Key()},
	))
	return chat.Message{Channel: channel(org, r), ItemKey: r.Key(), Root: true, Text: text, Blocks: blocks}
}

// rootUpdate replaces the root message once the request is settled: the
// details and the outcome, no buttons.
func rootUpdate(org *directory.Org, r leave.Request, note, outcome string) chat.Message {
	text := msg.T("leave.root_settled", handlers.PersonName(org, r.Requester), r.Key(), summary(r))
	blocks := append([]chat.Block{chat.Text(text)}, card(org, r, note)...)
	blocks = append(blocks, chat.Text(outcome))
	return chat.Message{Channel: channel(org, r), ItemKey: r.Key(), Update: true, Text: text, Blocks: blocks}
}

// threadMessage is a message in the request's thread.
func threadMessage(org *directory.Org, r leave.Request, text string) chat.Message {
	return chat.Message{Channel: channel(org, r), ItemKey: r.Key(), InThread: true, Text: text}
}

// auditState is what the audit log keeps of a request before and after a
// change.
func auditState(r leave.Request) map[string]any {
	return map[string]any{"state": string(r.State), "approver": r.Approver, "start": leave.Day(r.Period.Start).Format("2006-01-02"),
		"end": leave.Day(r.Period.End).Format("2006-01-02"), "decided_by": r.DecidedBy, "comment": r.DecisionComment}
}
