package document

import (
	"context"
	"strings"
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
	"officebot/storage"
)

// path lists everyone the document's steps named or who decided them: the
// leaders on its path may read it.
func path(steps []approval.Record) []string {
	var out []string
	for _, st := range steps {
		out = append(out, st.Assignee, st.DecidedBy)
	}
	return out
}

// status shows a document and its whole history to those who may read it
// (its unit, its handling and co-departments, the leaders on its path and
// the office); others are refused.
func (s *Service) status(ctx context.Context, c *handlers.Call, ref string) (handlers.Response, error) {
	if strings.TrimSpace(ref) == "" {
		return handlers.Reply(msg.T("document.usage.status")), nil
	}
	read := s.store.Read(ctx)
	if id, ok := outgoingRef(read, ref); ok {
		return s.outStatus(ctx, c, id)
	}
	d, err := load(read, ref)
	if err != nil {
		return handlers.Response{}, err
	}
	steps, err := read.Steps(d.Key())
	if err != nil {
		return handlers.Response{}, err
	}
	if !d.CanSee(c.Me, path(steps)) {
		return handlers.Response{}, handlers.Fail("document.err.forbidden", d.Key())
	}
	trail, err := read.AuditTrail(d.Key())
	if err != nil {
		return handlers.Response{}, err
	}
	exts, err := read.ExtensionsOf(d.ID)
	if err != nil {
		return handlers.Response{}, err
	}
	loc := c.Calendar.Location()
	blocks := append([]chat.Block{chat.Title(msg.T("document.status_title", d.Key(), stateName(d.State))), chat.Text(label(d))}, card(c, d)...)
	if d.Instruction != "" {
		blocks = append(blocks, chat.Text(msg.T("document.status_instruction", handlers.PersonName(c.Org, d.AssignedBy), chat.Escape(d.Instruction))))
	}
	if d.Opinion != "" {
		blocks = append(blocks, chat.Text(msg.T("document.status_opinion", chat.Escape(d.Opinion))))
	}
	if d.Result != "" && d.State == document.Done {
		blocks = append(blocks, chat.Text(msg.T("document.status_result", chat.Escape(d.Result))))
	}
	if st, ok := approval.Open(steps); ok {
		blocks = append(blocks, chat.Text(msg.T("document.status_waiting", handlers.PersonName(c.Org, st.Assignee), msg.T("document.step."+st.Kind))))
	}
	if len(exts) > 0 {
		var lines []string
		for _, e := range exts {
			lines = append(lines, msg.T("document.ext_line", e.Seq, e.FromDue, e.ToDue, chat.Escape(e.Reason), msg.T("document.ext_state."+e.State)))
		}
		blocks = append(blocks, chat.Text(msg.T("document.status_exts", d.Extensions, strings.Join(lines, "\n"))))
	}
	if d.Urges > 0 {
		blocks = append(blocks, chat.Note(msg.T("document.status_urged", d.Urges, handlers.PersonName(c.Org, d.UrgedBy), d.UrgedAt.In(loc).Format("2006-01-02 15:04"))))
	}
	if lines := leaderWords(c, steps); len(lines) > 0 {
		blocks = append(blocks, chat.Text(msg.T("document.status_words", strings.Join(lines, "\n"))))
	}
	var hist []string
	for _, e := range trail {
		hist = append(hist, msg.T("document.history_line", e.At.In(loc).Format("2006-01-02 15:04"), handlers.PersonName(c.Org, e.Actor), msgAction(e.Action)))
	}
	if len(hist) > 0 {
		blocks = append(blocks, chat.Text(msg.T("document.status_history", strings.Join(hist, "\n"))))
	}
	blocks = append(blocks, calendarButton(c, d)...)
	return handlers.Reply("", blocks...), nil
}

// leaderWords lists what the leaders wrote with their decisions (the 批示,
// the reason of a 退回, the answer to an extension request), oldest first;
// the 交办 requirement has its own line.
func leaderWords(c *handlers.Call, steps []approval.Record) []string {
	loc := c.Calendar.Location()
	var out []string
	for _, st := range steps {
		if st.DecidedAt == nil || strings.TrimSpace(st.Comment) == "" || st.Action == approval.Assign {
			continue
		}
		action := string(st.Action)
		if st.Kind == document.StepExtension {
			action = string(document.Refuse)
			if st.Action == approval.Approve {
				action = string(document.Grant)
			}
		}
		out = append(out, msg.T("document.status_word_line", st.DecidedAt.In(loc).Format("2006-01-02 15:04"),
			handlers.PersonName(c.Org, st.DecidedBy), msgAction("document."+action), chat.Escape(st.Comment)))
	}
	return out
}

// msgAction names an audit action in Chinese.
func msgAction(a string) string {
	if k := "document.action." + strings.TrimPrefix(a, "document."); msg.Has(k) {
		return msg.T(k)
	}
	return chat.Escape(a)
}

// list filters: the words after /doc list.
var listFilters = map[string][]document.State{
	"在办": {document.Pending, document.Handling, document.Opinion}, "open": {document.Pending, document.Handling, document.Opinion},
	"逾期": {document.Handling}, "overdue": {document.Handling},
	"已办结": {document.Done}, "办结": {document.Done}, "done": {document.Done},
	"待批": {document.Pending, document.Opinion}, "pending": {document.Pending, document.Opinion},
}

// list shows the documents that concern the person, in sections: those
// with them as the leader (待我批办 and decided), their unit's (submitted,
// handled or co-handled), and those they submitted elsewhere; the office
// sees all. 在办, 逾期, 已办结 and 待批 filter. Each document is shown once.
func (s *Service) list(ctx context.Context, c *handlers.Call, rest string) (handlers.Response, error) {
	word := strings.TrimSpace(rest)
	states, ok := listFilters[strings.ToLower(word)]
	if word != "" && !ok {
		return handlers.Response{}, handlers.Fail("document.err.bad_filter", chat.Fragment(word))
	}
	type section struct {
		title string
		f     storage.IncomingFilter
	}
	var sections []section
	if c.Me.Role.IsOffice() {
		sections = append(sections, section{msg.T("document.list_all"), storage.IncomingFilter{}})
	} else {
		sections = append(sections, section{msg.T("document.list_leader"), storage.IncomingFilter{Leader: c.Me.SlackID}})
		if c.Me.Department != "" {
			sections = append(sections, section{msg.T("document.list_unit", deptName(c.Org, c.Me.Department)),
				storage.IncomingFilter{Department: c.Me.Department}})
		}
		sections = append(sections, section{msg.T("document.list_mine"), storage.IncomingFilter{Submitter: c.Me.SlackID}})
	}
	today := c.Calendar.Date(c.Now).Format(time.DateOnly)
	overdue := word == "逾期" || word == "overdue"
	shown := map[uint64]bool{}
	var out []string
	for _, sec := range sections {
		sec.f.States, sec.f.Limit = states, 30
		ds, err := s.store.Read(ctx).IncomingList(sec.f)
		if err != nil {
			return handlers.Response{}, err
		}
		var lines []string
		for _, d := range ds {
			if shown[d.ID] || overdue && (d.Due == "" || d.Due >= today) {
				continue
			}
			shown[d.ID] = true
			lines = append(lines, listLine(c, d))
		}
		if len(lines) > 0 {
			out = append(out, sec.title+"\n"+strings.Join(lines, "\n"))
		}
	}
	outgoing, err := s.withOutgoing(ctx, c, strings.ToLower(word), nil)
	if err != nil {
		return handlers.Response{}, err
	}
	if len(outgoing) > 0 {
		out = append(out, msg.T("document.list_outgoing")+"\n"+strings.Join(outgoing, "\n"))
	}
	if len(out) == 0 {
		return handlers.Reply(msg.T("document.list_empty")), nil
	}
	return handlers.Reply(strings.Join(out, "\n")), nil
}

func listLine(c *handlers.Call, d document.Incoming) string {
	due := ""
	if d.State == document.Handling || d.State == document.Opinion {
		due = msg.T("document.list_due", dueText(c.Calendar, d, c.Now))
	}
	return msg.T("document.list_line", label(d), deptName(c.Org, d.Department), stateName(d.State), due)
}
