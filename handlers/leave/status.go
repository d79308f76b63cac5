package leave

import (
	"context"
	"strings"

	"officebot/chat"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
)

// list shows the person's requests, newest first.
func (s *Service) list(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	rs, err := s.store.Read(ctx).LeaveOf(c.Me.SlackID, 20)
	if err != nil {
		return handlers.Response{}, err
	}
	if len(rs) == 0 {
		return handlers.Reply(msg.T("leave.list_empty")), nil
	}
	lines := []string{msg.T("leave.list_title")}
	for _, r := range rs {
		lines = append(lines, line(r))
	}
	return handlers.Reply(strings.Join(lines, "\n")), nil
}

func line(r leave.Request) string {
	return msg.T("leave.list_line", r.Key(), summary(r), msgKey("leave.state.", string(r.State)))
}

// status shows a request's details and history to the requester, the
// people on its approval chain, and the office.
func (s *Service) status(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	if strings.TrimSpace(key) == "" {
		return handlers.Reply(msg.T("leave.usage_status")), nil
	}
	read := s.store.Read(ctx)
	r, err := load(read, key)
	if err != nil {
		return handlers.Response{}, err
	}
	steps, err := read.Steps(r.Key())
	if err != nil {
		return handlers.Response{}, err
	}
	if !mayRead(c, r, steps) {
		return handlers.Response{}, handlers.Fail("leave.err_forbidden", r.Key())
	}
	trail, err := read.AuditTrail(r.Key())
	if err != nil {
		return handlers.Response{}, err
	}
	loc := c.Calendar.Location()
	note := ""
	if len(steps) > 0 {
		note = steps[0].Note
	}
	text := msg.T("leave.status_title", r.Key(), msgKey("leave.state.", string(r.State)))
	blocks := append([]chat.Block{chat.Text(text)}, card(c.Org, r, note)...)
	var hist []string
	for _, st := range steps {
		who := msg.T("leave.office_routes")
		if st.Assignee != "" {
			who = handlers.PersonName(c.Org, st.Assignee)
		}
		line := msg.T("leave.step_line", st.Seq, who, msgKey("leave.step_state.", st.State))
		if st.DecidedAt != nil {
			line += msg.T("leave.step_decided", handlers.PersonName(c.Org, st.DecidedBy), msgKey("leave.step_action.", string(st.Action)),
				st.DecidedAt.In(loc).Format("2006-01-02 15:04"), commentClause(st.Comment))
		}
		hist = append(hist, line)
	}
	for _, e := range trail {
		if e.Action == icsAudit {
			continue // a calendar file taken, not a step of the request
		}
		actor := msg.T("leave.system")
		if e.Actor != "system" {
			actor = handlers.PersonName(c.Org, e.Actor)
		}
		hist = append(hist, msg.T("leave.audit_line", e.At.In(loc).Format("2006-01-02 15:04"), actor, msgKey("leave.audit.", strings.TrimPrefix(e.Action, "leave."))))
	}
	if len(hist) > 0 {
		blocks = append(blocks, chat.Text(msg.T("leave.history_title")+"\n"+strings.Join(hist, "\n")))
	}
	if r.DecisionComment != "" {
		blocks = append(blocks, chat.Note(msg.T("leave.status_comment", chat.Escape(r.DecisionComment))))
	}
	blocks = append(blocks, calendarButton(r)...)
	return handlers.Response{Messages: []chat.Message{{Text: text, Blocks: blocks}}}, nil
}

// home is the person's App Home section: own open and upcoming requests.
// The requests waiting for their decision are in 待我办理 (handlers/todo),
// with the approve and reject buttons.
func (s *Service) home(ctx context.Context, c *handlers.Call) ([]chat.Block, error) {
	read := s.store.Read(ctx)
	mine, err := read.OpenLeaveOf(c.Me.SlackID, leave.Today(c.Now, c.Calendar.Location()))
	if err != nil {
		return nil, err
	}
	out := []chat.Block{chat.Title(msg.T("leave.home_mine"))}
	if len(mine) == 0 {
		out = append(out, chat.Note(msg.T("leave.home_none")))
	}
	for _, r := range mine {
		out = append(out, chat.Text(line(r)))
	}
	return out, nil
}
