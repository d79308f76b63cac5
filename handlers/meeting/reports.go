package meeting

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/document"
	"officebot/handlers"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
	freetext "officebot/text"
)

// loadItem reads "A5 rest" and loads the action item; without a key it
// shows usage.
func loadItem(tx *storage.Tx, text, usage string) (meeting.ActionItem, string, error) {
	key, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	if key == "" {
		return meeting.ActionItem{}, "", handlers.Fail(usage) // no item named: show how the command goes
	}
	id, ok := meeting.ParseKey("A", key)
	if !ok {
		return meeting.ActionItem{}, "", handlers.Fail("meeting.err.bad_item_key", chat.Fragment(key))
	}
	it, found, err := tx.ActionItemByID(id)
	if err != nil {
		return it, "", err
	}
	if !found {
		return it, "", handlers.Fail("meeting.err.no_item", meeting.ItemKey(id))
	}
	return it, strings.TrimSpace(rest), nil
}

var linkRe = regexp.MustCompile(`<?(https?://[^\s|>]+)`)

// maxReportFiles bounds the files one report copies into the thread.
const maxReportFiles = 10

// fileReport takes a department's written report on an action item. Anyone
// of the item's department may file it (the head signs off inside the
// department; the bot records who filed).
func (s *Service) fileReport(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	var (
		it   meeting.ActionItem
		late bool
	)
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var body string
		var err error
		if it, body, err = loadItem(tx, text, "meeting.usage.report"); err != nil {
			return err
		}
		switch err := it.CheckReport(c.Me); {
		case errors.Is(err, meeting.ErrWrongDepartment):
			return handlers.Fail("meeting.err.wrong_department", it.Key(), dept(c, it.Department))
		case err != nil:
			return handlers.Fail("meeting.err.already_reported", it.Key())
		}
		files := c.Req.Files
		c.FilesUsed = true // kept with the report, or refused with it
		if body == "" && len(files) == 0 {
			return handlers.Fail("meeting.usage.report")
		}
		if len(files) > maxReportFiles {
			return handlers.Fail("meeting.err.too_many_files", maxReportFiles)
		}
		if len([]rune(body)) > meeting.MaxText {
			return handlers.Fail("meeting.parse.too_long", msg.T("meeting.fieldname.text"), meeting.MaxText)
		}
		due, err := c.Calendar.ParseDate(it.Due)
		if err != nil {
			return err
		}
		late = c.Calendar.Date(c.Now).After(due)
		// The report's file is the first Slack file its text names
		// (SPEC §1.2, as for documents); another address stays text.
		link := ""
		for _, m := range linkRe.FindAllStringSubmatch(body, -1) {
			if document.SlackFileLink(m[1]) {
				link = m[1]
				break
			}
		}
		rep := meeting.Report{ActionItemID: it.ID, Text: body, FileLink: link, Files: files, FiledBy: c.Me.SlackID,
			FiledAt: c.Now.UTC(), Late: late, State: meeting.ReportFiled}
		ok, err := tx.FileReport(&rep, it)
		if err != nil {
			return err
		}
		if !ok {
			return handlers.Fail("meeting.err.already_reported", it.Key())
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "meeting.report.file", it.Key(), it, rep); err != nil {
			return err
		}
		when := msg.T("meeting.on_time")
		if late {
			when = msg.T("meeting.late")
		}
		shown := chat.Escape(body)
		if body == "" {
			shown = msg.T("meeting.report_see_files")
		}
		out := []chat.Message{{Channel: c.Org.Channels.Meetings, ItemKey: meeting.Key(it.MeetingID), InThread: true,
			Text: msg.T("meeting.report_thread", it.Key(), dept(c, it.Department), name(c, c.Me.SlackID), when, shown)}}
		// A file shared with the bot (in a direct message) is visible to the
		// bot only: the office reads the copy posted in the meeting's thread.
		for _, f := range files {
			out = append(out, chat.Message{Channel: c.Org.Channels.Meetings, ItemKey: meeting.Key(it.MeetingID), InThread: true,
				Text: msg.T("meeting.report_file", it.Key(), dept(c, it.Department), chat.Escape(f.Name)), File: &f})
		}
		return tx.Enqueue(c.Now, out...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	key := "meeting.report_filed"
	if late {
		key = "meeting.report_filed_late"
	}
	reply := msg.T(key, it.Key(), it.Due)
	for _, f := range c.Req.Files {
		if f.Size > chat.MaxFileCopy {
			reply += "\n" + msg.T("meeting.report_file_too_big", chat.Escape(f.Name), chat.MaxFileCopy>>20)
		}
	}
	return handlers.Reply(reply), nil
}

// returnReport sends a report back for more (退回补充): the office only.
func (s *Service) returnReport(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	if !c.Me.Role.IsOffice() {
		return handlers.Response{}, handlers.Fail("meeting.err.office_only")
	}
	var it meeting.ActionItem
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var reason string
		var err error
		if it, reason, err = loadItem(tx, text, "meeting.usage.return"); err != nil {
			return err
		}
		if it.CheckReturn() != nil {
			return handlers.Fail("meeting.err.nothing_to_return", it.Key())
		}
		if reason == "" {
			return handlers.Fail("meeting.usage.return")
		}
		if err := freetext.CheckLen("field.reason", reason, approval.MaxCommentLen); err != nil {
			return err
		}
		reps, err := tx.LatestReports([]uint64{it.ID})
		if err != nil {
			return err
		}
		rep := reps[it.ID]
		ok, err := tx.ReturnReport(it, rep.Return(c.Me.SlackID, reason, c.Now))
		if err != nil {
			return err
		}
		if !ok {
			return handlers.Fail("meeting.err.nothing_to_return", it.Key())
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "meeting.report.return", it.Key(), rep, map[string]string{"reason": reason}); err != nil {
			return err
		}
		text := msg.T("meeting.report_returned", it.Key(), chat.Escape(it.Task), name(c, c.Me.SlackID), chat.Escape(reason), it.Key())
		msgs := []chat.Message{{Channel: c.Org.Channels.Meetings, ItemKey: meeting.Key(it.MeetingID), InThread: true, Text: text}}
		for _, id := range notifyDept(c, it.Department, rep.FiledBy) {
			msgs = append(msgs, chat.Message{Channel: id, ItemKey: it.Key(), Text: text})
		}
		return tx.Enqueue(c.Now, msgs...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("meeting.you_returned_report", it.Key())), nil
}

// notifyDept lists the department head and another person (the filer), once each.
func notifyDept(c *handlers.Call, dept, other string) []string {
	var out []string
	if h, ok := c.Org.Head(dept); ok {
		out = append(out, h.SlackID)
	}
	if other != "" && !slices.Contains(out, other) {
		out = append(out, other)
	}
	return out
}

// urge reminds a department head of a report (催办): the office only, once
// a day.
func (s *Service) urge(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	if !c.Me.Role.IsOffice() {
		return handlers.Response{}, handlers.Fail("meeting.err.office_only")
	}
	var it meeting.ActionItem
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if it, _, err = loadItem(tx, text, "meeting.usage.urge"); err != nil {
			return err
		}
		if it.State == meeting.ItemReported {
			return handlers.Fail("meeting.err.already_reported", it.Key())
		}
		h, ok := c.Org.Head(it.Department)
		if !ok {
			return handlers.Fail("meeting.parse.no_head", dept(c, it.Department))
		}
		loc := c.Calendar.Location()
		if err := it.CheckUrge(c.Now, loc); err != nil {
			// One reminder a day is enough: a second click or command the
			// same day would only repeat the DM.
			return handlers.Fail("meeting.err.urged_today", it.Key(), it.UrgedAt.In(loc).Format("15:04"))
		}
		urged, err := tx.UrgeItem(it, c.Now, c.Calendar.Date(c.Now))
		if err != nil {
			return err
		}
		if !urged {
			// Urged by someone else a moment ago.
			return handlers.Fail("meeting.err.urged_today", it.Key(), c.Now.In(loc).Format("15:04"))
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "meeting.report.urge", it.Key(), nil, map[string]string{"to": h.SlackID}); err != nil {
			return err
		}
		return tx.Enqueue(c.Now, chat.Message{Channel: h.SlackID, ItemKey: it.Key(),
			Text: msg.T("meeting.urge_dm", it.Key(), chat.Escape(it.Task), it.Due, name(c, c.Me.SlackID), it.Key())})
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("meeting.urged", it.Key())), nil
}

// itemState is an action item with the status of its report (Art. 47).
type itemState struct {
	Item   meeting.ActionItem
	Report *meeting.Report // the latest report, if any
	Status meeting.ReportStatus
}

// itemStatus returns each action item of a meeting with its report status
// as of now: in, late, missing, or due (still in time).
func itemStatus(tx *storage.Tx, c *handlers.Call, meetingID uint64) ([]itemState, error) {
	items, err := tx.ItemsOfMeeting(meetingID)
	if err != nil {
		return nil, err
	}
	ids := make([]uint64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	reps, err := tx.LatestReports(ids)
	if err != nil {
		return nil, err
	}
	out := make([]itemState, len(items))
	for i, it := range items {
		due, err := c.Calendar.ParseDate(it.Due)
		if err != nil {
			return nil, err
		}
		var filed *time.Time
		st := itemState{Item: it}
		if r, ok := reps[it.ID]; ok {
			st.Report = &r
			if r.State == meeting.ReportFiled {
				filed = &r.FiledAt
			}
		}
		st.Status = meeting.StatusOf(c.Calendar, due, filed, c.Now)
		out[i] = st
	}
	return out, nil
}

// status shows a meeting, where its minutes stand and the report of each
// action item (meeting status M3).
// mayView is the rule /leave status follows, for a meeting: its people
// (convener, whoever scheduled it, attendees, the departments that owe a
// report on it and the leaders in charge of them), the leaders on its
// minutes' path, the office, the mayor and admins.
func mayView(c *handlers.Call, m meeting.Meeting, minutesChain []approval.Record, items []itemState) bool {
	me := c.Me
	if me.Role.IsOffice() || me.Admin || me.Role == directory.Mayor ||
		m.Convener == me.SlackID || m.CreatedBy == me.SlackID || m.Attends(me.SlackID) ||
		approval.OnPath(minutesChain, me) {
		return true
	}
	for _, st := range items {
		if me.Department != "" && st.Item.Department == me.Department {
			return true
		}
		if lead, ok := c.Org.InCharge(st.Item.Department); ok && lead.SlackID == me.SlackID {
			return true
		}
	}
	return false
}

func (s *Service) status(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	if strings.TrimSpace(text) == "" {
		return handlers.Reply(msg.T("meeting.usage.status")), nil
	}
	// P4 names an application; a bare number is a meeting (M4).
	if ref := strings.TrimSpace(text); strings.HasPrefix(strings.ToUpper(ref), "P") || strings.HasPrefix(ref, "Ｐ") || strings.HasPrefix(ref, "ｐ") {
		id, ok := meeting.ParseKey("P", ref)
		if !ok {
			return handlers.Response{}, handlers.Fail("meeting.err.bad_app_key", chat.Fragment(ref))
		}
		return s.applicationStatus(ctx, c, id)
	}
	read := s.store.Read(ctx)
	m, _, err := loadMeeting(read, text)
	if err != nil {
		return handlers.Response{}, err
	}
	mins, found, err := read.LatestMinutes(m.ID)
	if err != nil {
		return handlers.Response{}, err
	}
	var chain []approval.Record
	if found {
		if chain, err = read.Steps(mins.Subject()); err != nil {
			return handlers.Response{}, err
		}
	}
	sts, err := itemStatus(read, c, m.ID)
	if err != nil {
		return handlers.Response{}, err
	}
	shown, err := seated(read, m)
	if err != nil {
		return handlers.Response{}, err
	}
	// A deputy attending in someone's place is one of the meeting's people.
	if !mayView(c, m, chain, sts) && !shown.Attends(c.Me.SlackID) {
		return handlers.Response{}, handlers.Fail("meeting.err.forbidden_status", m.Key())
	}
	blocks := meetingBlocks(c, shown)
	switch {
	case !found:
		blocks = append(blocks, chat.Text(msg.T("meeting.status_no_minutes")))
	case mins.State == meeting.MinutesInReview:
		step, ok, err := read.CurrentStep(mins.Subject())
		if err != nil {
			return handlers.Response{}, err
		}
		if ok {
			so := reviewStep(c, m, mins.FiledBy, signoffOf(step))
			blocks = append(blocks, chat.Text(msg.T("meeting.status_minutes_waiting", mins.Revision, msg.T("meeting.step."+so.Kind), actors(c, so))))
		}
	default:
		blocks = append(blocks, chat.Text(msg.T("meeting.status_minutes", mins.Revision, msg.T("meeting.minutes_state."+mins.State))))
	}
	count := map[meeting.ReportStatus]int{}
	var lines []string
	for _, st := range sts {
		count[st.Status]++
		detail := ""
		switch {
		case st.Report != nil && st.Report.State == meeting.ReportFiled:
			detail = msg.T("meeting.status_filed_at", st.Report.FiledAt.In(c.Calendar.Location()).Format("2006-01-02 15:04"), name(c, st.Report.FiledBy))
			if fs := st.Report.Files; len(fs) > 0 {
				names := make([]string, len(fs))
				for i, f := range fs {
					names[i] = chat.Escape(f.Name)
				}
				detail += msg.T("meeting.status_files", strings.Join(names, "、"))
			}
		case st.Report != nil:
			detail = msg.T("meeting.status_sent_back", chat.Escape(st.Report.ReturnReason))
		}
		lines = append(lines, msg.T("meeting.status_line", st.Item.Key(), dept(c, st.Item.Department), chat.Escape(st.Item.Task),
			st.Item.Due, msg.T("meeting.report_status."+string(st.Status)), detail))
	}
	if len(sts) > 0 {
		blocks = append(blocks, chat.Text(msg.T("meeting.status_items", strings.Join(lines, "\n"))),
			chat.Note(msg.T("meeting.status_counts", count[meeting.StatusIn], count[meeting.StatusLate], count[meeting.StatusMissing], count[meeting.StatusDue])))
	}
	blocks[0] = chat.Title(msg.T("meeting.status_title", m.Key(), m.Name())) // the status replaces the plain title
	return handlers.Reply("", blocks...), nil
}
