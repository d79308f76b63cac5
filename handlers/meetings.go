package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
)

// Meeting is the meetings capability (Art. 39-47): /meeting schedules the
// four types of meeting, files minutes through the Art. 45 sign-off chain,
// turns signed minutes into action items due in ten days (Art. 47) and
// takes the departments' written reports.
func Meeting() *Capability {
	return &Capability{
		Name:     "meeting",
		Commands: []string{"meeting", "会议"},
		Help: []string{"help.meeting", "help.meeting_move", "help.meeting_minutes", "help.meeting_report",
			"help.meeting_status", "help.meeting_office", "help.meeting_apply"},
		Command:     mtgCommand,
		ActionIDs:   "meeting.",
		Action:      mtgAction,
		Callback:    "meeting.",
		Submit:      mtgSubmit,
		ItemPrefix:  "M",
		ThreadReply: mtgMinutesThreadReply,
		Home:        mtgHome,
		Errors: []ErrorText{
			{Err: meeting.ErrMayNotSchedule, Key: "meeting.err.may_not_schedule"},
			{Err: meeting.ErrNoMayor, Key: "meeting.err.no_mayor"},
			{Err: meeting.ErrNoDirector, Key: "meeting.err.no_director"},
			{Err: meeting.ErrNoExecutive, Key: "meeting.err.no_executive"},
			{Err: meeting.ErrNoSigner, Key: "meeting.err.no_signer"},
			{Err: meeting.ErrDelegatedSpecial, Key: "meeting.err.delegated_special"},
		},
	}
}

// MeetingApplications is the second, command-less capability of meetings:
// city-wide meeting applications (Art. 46) are items P4, answered in their
// thread.
func MeetingApplications() *Capability {
	return &Capability{
		Name:        "meeting-application",
		ItemPrefix:  "P",
		ThreadReply: mtgApplicationThreadReply,
	}
}

// Button action IDs and modal callbacks.
const (
	mtgActReview     = "meeting.review"
	mtgActSign       = "meeting.sign"
	mtgActReturn     = "meeting.return"
	mtgActAppApprove = "meeting.app_approve"
	mtgActAppReject  = "meeting.app_reject"
	mtgCbSchedule    = "meeting.schedule"
	mtgCbReturn      = "meeting.return"
	mtgCbAppReject   = "meeting.app_reject"
)

var mtgVerbs = map[string]string{
	"move": "move", "改期": "move", "调整": "move",
	"cancel": "cancel", "取消": "cancel",
	"apply": "apply", "申请": "apply",
	"minutes": "minutes", "纪要": "minutes",
	"report": "report", "报送": "report", "汇报": "report",
	"status": "status", "落实情况": "status", "状态": "status",
	"return": "return", "退回": "return",
	"urge": "urge", "催办": "urge",
	"list": "list", "列表": "list", "近期": "list",
}

func mtgCommand(ctx context.Context, c *Call) (Response, error) {
	text := strings.TrimSpace(chat.Unescape(c.Req.Text)) // Slack sends &amp; &lt; &gt;
	if text == "" {
		m := mtgScheduleModal(c)
		if len(m.Inputs[0].Options) == 0 {
			// Nothing this person may schedule: say so rather than open an empty form.
			return Reply(msg.T("meeting.err.may_schedule_none")), nil
		}
		return Response{Modal: m}, nil
	}
	word, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch mtgVerbs[strings.ToLower(word)] {
	case "move":
		return mtgMoveMeeting(ctx, c, rest)
	case "cancel":
		return mtgCancelMeeting(ctx, c, rest)
	case "apply":
		return mtgApplyCityWide(ctx, c, rest)
	case "minutes":
		return mtgFileMinutes(ctx, c, rest)
	case "report":
		return mtgFileReport(ctx, c, rest)
	case "status":
		return mtgStatus(ctx, c, rest)
	case "return":
		return mtgReturnReport(ctx, c, rest)
	case "urge":
		return mtgUrgeReport(ctx, c, rest)
	case "list":
		return mtgListMeetings(ctx, c)
	}
	r, err := meeting.Parse(text, c.Org, c.Now)
	if err != nil {
		return Response{}, mtgParseFailure(err)
	}
	return mtgSchedule(ctx, c, r)
}

// mtgParseFailure turns a meeting.ParseError into the person's Chinese message.
func mtgParseFailure(err error) error {
	var pe *meeting.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case meeting.CodeEndBeforeStat, meeting.CodeNoPlace, meeting.CodeEmpty:
		return Fail("meeting.parse." + pe.Code)
	case meeting.CodeTooLong:
		return Fail("meeting.parse.too_long", msg.T("meeting.fieldname."+pe.Arg))
	case meeting.CodeNoDate, meeting.CodeNoTime:
		if pe.Arg == "" {
			// Nothing followed: "（收到的是“”）" would say nothing.
			return Fail("meeting.parse." + pe.Code + "_missing")
		}
	}
	return Fail("meeting.parse."+pe.Code, chat.Escape(pe.Arg))
}

// ---- scheduling ----

func mtgScheduleModal(c *Call) *chat.Modal {
	var opts []chat.Option
	for _, t := range meeting.Types {
		if meeting.MaySchedule(c.Me, t) {
			opts = append(opts, chat.Option{Label: t.Label(), Value: string(t)})
		}
	}
	return &chat.Modal{CallbackID: mtgCbSchedule, Title: msg.T("meeting.modal.title"), Submit: msg.T("meeting.modal.submit"),
		Intro: msg.T("meeting.modal.intro"),
		Inputs: []chat.Input{
			{ID: "type", Label: msg.T("meeting.field.type"), Kind: chat.InputSelect, Options: opts},
			{ID: "date", Label: msg.T("meeting.field.date"), Kind: chat.InputDate},
			{ID: "time", Label: msg.T("meeting.field.time"), Kind: chat.InputText, Placeholder: msg.T("meeting.field.time_hint")},
			{ID: "place", Label: msg.T("meeting.field.place"), Kind: chat.InputText},
			{ID: "topics", Label: msg.T("meeting.field.topics"), Kind: chat.InputText, Multiline: true, Optional: true, Hint: msg.T("meeting.field.topics_hint")},
			{ID: "attendees", Label: msg.T("meeting.field.attendees"), Kind: chat.InputText, Optional: true, Hint: msg.T("meeting.field.people_hint")},
			{ID: "observers", Label: msg.T("meeting.field.observers"), Kind: chat.InputText, Optional: true, Hint: msg.T("meeting.field.people_hint")},
			{ID: "absent", Label: msg.T("meeting.field.absent"), Kind: chat.InputText, Optional: true, Hint: msg.T("meeting.field.people_hint")},
		}}
}

func mtgSubmitSchedule(ctx context.Context, c *Call) (Response, error) {
	v := c.Req.Submission.Values
	errs := map[string]string{}
	var r meeting.Request
	t, ok := meeting.ParseType(strings.TrimSpace(v["type"]))
	if !ok {
		errs["type"] = msg.T("meeting.parse.no_type", chat.Escape(v["type"]))
	}
	r.Type = t
	start, end, rest, err := meeting.ParseWhen(strings.TrimSpace(v["date"])+" "+strings.TrimSpace(v["time"]), c.Now)
	switch {
	case err != nil:
		text, _ := c.ErrorText(mtgParseFailure(err))
		var pe *meeting.ParseError
		field := "time"
		if errors.As(err, &pe) && (pe.Code == meeting.CodeNoDate || pe.Code == meeting.CodeBadDate) {
			field = "date"
		}
		errs[field] = text
	case strings.TrimSpace(rest) != "":
		errs["time"] = msg.T("meeting.parse.bad_time", chat.Escape(rest))
	}
	r.Start, r.End = start, end
	r.Place = strings.TrimSpace(v["place"])
	r.Topics = meeting.ParseTopics(v["topics"])
	if err := meeting.CheckFields(r.Place, r.Topics); err != nil {
		text, _ := c.ErrorText(mtgParseFailure(err))
		field := "place"
		if pe := (*meeting.ParseError)(nil); errors.As(err, &pe) && pe.Arg == "topics" {
			field = "topics"
		}
		errs[field] = text
	}
	for _, f := range []string{"attendees", "observers", "absent"} {
		ids, err := meeting.ParsePeople(v[f], c.Org)
		if err != nil {
			errs[f], _ = c.ErrorText(mtgParseFailure(err))
			continue
		}
		for _, id := range ids {
			switch f {
			case "attendees":
				r.Add = append(r.Add, meeting.Attendee{SlackID: id, Role: meeting.Attending})
			case "observers":
				r.Add = append(r.Add, meeting.Attendee{SlackID: id, Role: meeting.Observing})
			default:
				r.Remove = append(r.Remove, id)
			}
		}
	}
	if len(errs) > 0 {
		return Response{Errors: errs}, nil
	}
	return mtgSchedule(ctx, c, r)
}

// mtgSchedule creates the meeting: numbered, invited by direct message, and
// announced in the meetings channel, all in one transaction.
func mtgSchedule(ctx context.Context, c *Call, r meeting.Request) (Response, error) {
	if !meeting.MaySchedule(c.Me, r.Type) {
		return Response{}, Fail("meeting.err.may_not_schedule_type", r.Type.Label())
	}
	convener, err := meeting.Convener(c.Org, r.Type, c.Me)
	if err != nil {
		return Response{}, err
	}
	if r.Presider != "" {
		p, _ := c.Org.Person(r.Presider)
		ok := p.Role == directory.Mayor || p.Role == directory.ExecutiveViceMayor // Art. 41-42: 委托常务副市长
		if r.Type == meeting.Special {
			ok = p.Role == directory.Mayor || p.Role.IsViceMayor()
		}
		if !ok {
			return Response{}, Fail("meeting.err.bad_presider", chat.Escape(p.Name), r.Type.Label())
		}
		convener = r.Presider
	}
	m := meeting.Meeting{Type: r.Type, Start: r.Start, End: r.End, Place: r.Place, Topics: r.Topics,
		Convener: convener, CreatedBy: c.Me.SlackID,
		Attendees: meeting.Change(meeting.DefaultAttendees(c.Org, r.Type, convener), r.Add, r.Remove, convener)}
	err = c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		m.Attendees = slices.Clone(m.Attendees)
		if err := storage.CreateMeeting(tx, &m, c.Calendar.Location(), c.Now); err != nil {
			return err
		}
		if err := stx.Audit(c.Now, c.Me.SlackID, "meeting.schedule", m.Key(), nil, m); err != nil {
			return err
		}
		msgs := []chat.Message{{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), Root: true,
			Text: msg.T("meeting.root", m.Key(), m.Name()), Blocks: mtgBlocks(c, m)}}
		for _, a := range m.Attendees {
			if a.SlackID == c.Me.SlackID {
				continue
			}
			role := msg.T("meeting.role." + a.Role)
			invite := msg.T("meeting.invite", m.Key(), m.Name(), role)
			msgs = append(msgs, chat.Message{Channel: a.SlackID, ItemKey: m.Key(), Text: invite, Blocks: mtgInviteBlocks(c, m, invite)})
		}
		return stx.Enqueue(c.Now, msgs...)
	})
	if err != nil {
		return Response{}, err
	}
	reply := msg.T("meeting.scheduled", m.Key(), m.Name(), mtgWhen(c, m.Start, m.End), chat.Escape(m.Place), len(m.Attendees))
	if slices.Contains(r.Remove, convener) {
		reply += "\n" + msg.T("meeting.note_presider_stays", mtgName(c, convener))
	}
	notes, err := mtgNotes(ctx, c, m)
	if err != nil {
		return Response{}, err
	}
	return Reply(reply + notes), nil
}

// mtgNotes are what the organiser should look at once a meeting is set: a
// rest day, another meeting at the same time in the same room or with the
// same presider, attendees on approved leave. The meeting stands either way
// (the office may mean it); each note is a line of its own.
func mtgNotes(ctx context.Context, c *Call, m meeting.Meeting) (string, error) {
	var notes []string
	if !c.Calendar.IsWorkday(m.Start) {
		notes = append(notes, msg.T("meeting.note_rest_day", mtgDate(c, m.Start)))
	}
	others, err := storage.MeetingsBetween(c.Store.DB.WithContext(ctx), m.Start, m.End)
	if err != nil {
		return "", err
	}
	for _, o := range others {
		if o.ID == m.ID {
			continue
		}
		samePlace := strings.EqualFold(strings.TrimSpace(o.Place), strings.TrimSpace(m.Place))
		switch {
		case samePlace:
			notes = append(notes, msg.T("meeting.note_same_place", o.Key(), o.Name(), mtgWhen(c, o.Start, o.End), chat.Escape(o.Place)))
		case o.Convener == m.Convener:
			notes = append(notes, msg.T("meeting.note_same_presider", o.Key(), o.Name(), mtgWhen(c, o.Start, o.End), mtgName(c, m.Convener)))
		}
	}
	away, err := mtgAwayAttendees(c, m)
	if err != nil {
		return "", err
	}
	if len(away) > 0 {
		notes = append(notes, msg.T("meeting.attendees_away", strings.Join(away, "、")))
	}
	if len(notes) == 0 {
		return "", nil
	}
	return "\n" + strings.Join(notes, "\n"), nil
}

// mtgAwayAttendees names the attendees on approved leave when the meeting
// takes place, so the office can see who will send a deputy (Art. 57 ¶2).
func mtgAwayAttendees(c *Call, m meeting.Meeting) ([]string, error) {
	absences, err := c.Store.Read(context.Background()).AbsencesDuring(m.Start, m.End)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, a := range m.Attendees {
		for _, ab := range absences {
			if ab.SlackID == a.SlackID && ab.From.Before(m.End) && m.Start.Before(ab.To) {
				names = append(names, mtgName(c, a.SlackID))
				break
			}
		}
	}
	return names, nil
}

// mtgInviteBlocks is the short form of a meeting for a direct message.
func mtgInviteBlocks(c *Call, m meeting.Meeting, text string) []chat.Block {
	bs := []chat.Block{chat.Text(text), chat.Fields(msg.T("meeting.f.time", mtgWhen(c, m.Start, m.End)), msg.T("meeting.f.place", chat.Escape(m.Place)))}
	if len(m.Topics) > 0 {
		ts := make([]string, len(m.Topics))
		for i, t := range m.Topics {
			ts[i] = chat.Escape(t)
		}
		bs = append(bs, chat.Text(msg.T("meeting.f.topics", strings.Join(ts, "；"))))
	}
	return bs
}

// mtgBlocks shows a meeting: time, place, convener, topics, attendees.
func mtgBlocks(c *Call, m meeting.Meeting) []chat.Block {
	var att, obs []string
	for _, a := range m.Attendees {
		if a.Role == meeting.Observing {
			obs = append(obs, mtgName(c, a.SlackID))
		} else {
			att = append(att, mtgName(c, a.SlackID))
		}
	}
	fields := []string{
		msg.T("meeting.f.time", mtgWhen(c, m.Start, m.End)),
		msg.T("meeting.f.place", chat.Escape(m.Place)),
		msg.T("meeting.f.convener", mtgName(c, m.Convener)),
		msg.T("meeting.f.state", msg.T("meeting.state."+m.State)),
	}
	bs := []chat.Block{chat.Title(msg.T("meeting.root", m.Key(), m.Name())), chat.Fields(fields...)}
	if len(m.Topics) > 0 {
		var lines []string
		for i, t := range m.Topics {
			lines = append(lines, fmt.Sprintf("%d. %s", i+1, chat.Escape(t)))
		}
		bs = append(bs, chat.Text(msg.T("meeting.f.topics", strings.Join(lines, "\n"))))
	}
	bs = append(bs, chat.Text(msg.T("meeting.f.attendees", strings.Join(att, "、"))))
	if len(obs) > 0 {
		bs = append(bs, chat.Text(msg.T("meeting.f.observers", strings.Join(obs, "、"))))
	}
	bs = append(bs, chat.Note(msg.T("meeting.f.note", m.Key(), mtgName(c, m.CreatedBy))))
	return bs
}

// name returns a person's name, escaped, or their ID when unknown.
func mtgName(c *Call, id string) string {
	for _, p := range c.Org.People {
		if p.SlackID == id {
			return chat.Escape(p.Name)
		}
	}
	return chat.Escape(id)
}

func mtgDept(c *Call, id string) string {
	if d, ok := c.Org.Department(id); ok {
		return chat.Escape(d.Name)
	}
	return chat.Escape(id)
}

// when formats a meeting's time in the office zone: 2026-12-15（星期二）09:00-11:00.
func mtgWhen(c *Call, start, end time.Time) string {
	return meeting.When(start, end, c.Calendar.Location())
}

func mtgDate(c *Call, t time.Time) string { return t.In(c.Calendar.Location()).Format("2006-01-02") }

// ---- move, cancel, list ----

// mtgLoadMeetingArg reads "M3 rest" and loads the meeting.
func mtgLoadMeetingArg(c *Call, db *gorm.DB, text string) (meeting.Meeting, string, error) {
	key, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	id, ok := storage.ParseKey("M", key)
	if !ok {
		// Officials also name a meeting by its official name: 2026年第12次常务会议.
		t, year, number, named := meeting.ParseName(key)
		if !named {
			return meeting.Meeting{}, "", Fail("meeting.err.bad_key", chat.Escape(key))
		}
		var err error
		if id, ok, err = storage.MeetingByNumber(db, t, year, number); err != nil {
			return meeting.Meeting{}, "", err
		}
		if !ok {
			return meeting.Meeting{}, "", Fail("meeting.err.no_meeting_named", chat.Escape(key))
		}
	}
	m, found, err := storage.LoadMeeting(db, id)
	if err != nil {
		return m, "", err
	}
	if !found {
		return m, "", Fail("meeting.err.no_meeting", meeting.Key(id))
	}
	return m, strings.TrimSpace(rest), nil
}

// mtgMayOrganise reports whether the person may move, cancel or file minutes
// of the meeting: the office (Art. 43), its convener, or who scheduled it.
func mtgMayOrganise(p directory.Person, m meeting.Meeting) bool {
	return p.Role.IsOffice() || p.SlackID == m.Convener || p.SlackID == m.CreatedBy
}

// mtgChangeable are the states in which a meeting may still be moved or
// cancelled.
var mtgChangeable = []string{meeting.Scheduled, meeting.Moved}

// mtgUpdateIf updates the meeting only if it is still in one of the states
// from, in the same statement: of a move, a cancel and minutes decided at
// the same moment, the first wins and the others are refused with notKey
// and the state they met (a plain check on read lets both write).
func mtgUpdateIf(tx *gorm.DB, m meeting.Meeting, from []string, upd map[string]any, notKey string) error {
	res := tx.Model(&storage.Meeting{}).Where("id = ? AND state IN ?", m.ID, from).Updates(upd)
	if res.Error != nil {
		return fmt.Errorf("update %s: %w", m.Key(), res.Error)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var now storage.Meeting
	if err := tx.Select("state").Where("id = ?", m.ID).First(&now).Error; err != nil {
		return fmt.Errorf("update %s: %w", m.Key(), err)
	}
	return Fail(notKey, m.Key(), msg.T("meeting.state."+now.State))
}

// mtgLoadChangeable loads the meeting named at the start of text for a
// change by its organiser (move, cancel): only the office, its convener or
// who scheduled it may, and only while it is still to take place; notKey
// names the refusal for a meeting already held or cancelled.
func mtgLoadChangeable(c *Call, tx *gorm.DB, text, notKey string) (meeting.Meeting, string, error) {
	m, rest, err := mtgLoadMeetingArg(c, tx, text)
	if err != nil {
		return m, "", err
	}
	if !mtgMayOrganise(c.Me, m) {
		return m, "", Fail("meeting.err.not_organiser", m.Key())
	}
	if m.State != meeting.Scheduled && m.State != meeting.Moved {
		return m, "", Fail(notKey, m.Key(), msg.T("meeting.state."+m.State))
	}
	return m, rest, nil
}

func mtgMoveMeeting(ctx context.Context, c *Call, text string) (Response, error) {
	var m meeting.Meeting
	err := c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		var rest string
		var err error
		if m, rest, err = mtgLoadChangeable(c, tx, text, "meeting.err.not_movable"); err != nil {
			return err
		}
		if rest == "" {
			return Fail("meeting.usage.move")
		}
		start, end, place, err := meeting.ParseWhen(rest, c.Now)
		if err != nil {
			return mtgParseFailure(err)
		}
		if end.Equal(start.Add(meeting.DefaultLength)) && m.End.Sub(m.Start) > 0 {
			end = start.Add(m.End.Sub(m.Start)) // keep the meeting's length
		}
		if place = strings.TrimSpace(place); place == "" {
			place = m.Place
		}
		if err := meeting.CheckFields(place, m.Topics); err != nil {
			return mtgParseFailure(err)
		}
		before := m
		m.Start, m.End, m.Place, m.State = start, end, place, meeting.Moved
		if err := mtgUpdateIf(tx, m, mtgChangeable, map[string]any{
			"start_at": start.UTC(), "end_at": end.UTC(), "place": place, "state": meeting.Moved, "updated_at": c.Now.UTC()},
			"meeting.err.not_movable"); err != nil {
			return err
		}
		if err := stx.Audit(c.Now, c.Me.SlackID, "meeting.move", m.Key(), before, m); err != nil {
			return err
		}
		note := msg.T("meeting.moved_note", m.Key(), m.Name(), mtgWhen(c, m.Start, m.End), chat.Escape(m.Place), mtgName(c, c.Me.SlackID))
		return stx.Enqueue(c.Now, mtgTellAll(c, m, note)...)
	})
	if err != nil {
		return Response{}, err
	}
	notes, err := mtgNotes(ctx, c, m)
	if err != nil {
		return Response{}, err
	}
	return Reply(msg.T("meeting.moved", m.Key(), m.Name(), mtgWhen(c, m.Start, m.End), chat.Escape(m.Place)) + notes), nil
}

// mtgTellAll updates the meeting's root message, notes the change in its
// thread and tells every attendee but the actor.
func mtgTellAll(c *Call, m meeting.Meeting, note string) []chat.Message {
	msgs := []chat.Message{
		{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), Update: true, Text: msg.T("meeting.root", m.Key(), m.Name()), Blocks: mtgBlocks(c, m)},
		{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), InThread: true, Text: note},
	}
	for _, id := range m.AttendeeIDs() {
		if id != c.Me.SlackID {
			msgs = append(msgs, chat.Message{Channel: id, ItemKey: m.Key(), Text: note})
		}
	}
	return msgs
}

func mtgCancelMeeting(ctx context.Context, c *Call, text string) (Response, error) {
	var m meeting.Meeting
	var reason string
	err := c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		var err error
		if m, reason, err = mtgLoadChangeable(c, tx, text, "meeting.err.not_cancellable"); err != nil {
			return err
		}
		if reason == "" {
			return Fail("meeting.usage.cancel")
		}
		before := m
		m.State = meeting.Cancelled
		if err := mtgUpdateIf(tx, m, mtgChangeable, map[string]any{
			"state": meeting.Cancelled, "note": reason, "updated_at": c.Now.UTC()}, "meeting.err.not_cancellable"); err != nil {
			return err
		}
		if err := stx.Audit(c.Now, c.Me.SlackID, "meeting.cancel", m.Key(), before, map[string]any{"state": m.State, "reason": reason}); err != nil {
			return err
		}
		note := msg.T("meeting.cancelled_note", m.Key(), m.Name(), mtgWhen(c, m.Start, m.End), chat.Escape(reason), mtgName(c, c.Me.SlackID))
		return stx.Enqueue(c.Now, mtgTellAll(c, m, note)...)
	})
	if err != nil {
		return Response{}, err
	}
	return Reply(msg.T("meeting.cancelled", m.Key(), m.Name())), nil
}

func mtgListMeetings(ctx context.Context, c *Call) (Response, error) {
	ms, err := storage.UpcomingMeetings(c.Store.DB.WithContext(ctx), c.Now, "", 20)
	if err != nil {
		return Response{}, err
	}
	if len(ms) == 0 {
		return Reply(msg.T("meeting.list_empty")), nil
	}
	lines := []string{msg.T("meeting.list_title")}
	for _, m := range ms {
		mark := ""
		if m.Attends(c.Me.SlackID) {
			mark = msg.T("meeting.list_mine")
		}
		lines = append(lines, msg.T("meeting.list_line", m.Key(), m.Name(), mtgWhen(c, m.Start, m.End), chat.Escape(m.Place), mark))
	}
	return Reply(strings.Join(lines, "\n")), nil
}

// ---- minutes (Art. 45) ----

func mtgFileMinutes(ctx context.Context, c *Call, text string) (Response, error) {
	var (
		m     meeting.Meeting
		mins  storage.MeetingMinutes
		chain []meeting.Signoff
	)
	err := c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		var rest string
		var err error
		if m, rest, err = mtgLoadMeetingArg(c, tx, text); err != nil {
			return err
		}
		if !c.Me.Role.IsOffice() && c.Me.SlackID != m.Convener {
			return Fail("meeting.err.not_minutes_filer", m.Key())
		}
		if m.State == meeting.Cancelled {
			return Fail("meeting.err.cancelled", m.Key())
		}
		if c.Now.Before(m.Start) {
			return Fail("meeting.err.minutes_too_early", m.Key(), mtgWhen(c, m.Start, m.End))
		}
		if rest == "" {
			return Fail("meeting.usage.minutes")
		}
		last, found, err := storage.LatestMinutes(tx, m.ID)
		if err != nil {
			return err
		}
		if found && last.State == storage.MinutesInReview {
			return Fail("meeting.err.minutes_in_review", m.Key())
		}
		if found && last.State == storage.MinutesSigned {
			return Fail("meeting.err.minutes_signed", m.Key())
		}
		parsed, err := meeting.ParseMinutes(rest, c.Org)
		if err != nil {
			return mtgParseFailure(err)
		}
		if chain, err = meeting.MinutesChain(c.Org, m, meeting.MinutesFlags{CityWide: parsed.CityWide,
			Delegated: parsed.Delegated, LeadDepartment: parsed.LeadDepartment()}); err != nil {
			return err
		}
		mins = storage.MeetingMinutes{MeetingID: m.ID, Revision: last.Revision + 1, Text: parsed.Text,
			Items: storage.EncodeItems(parsed.Items), CityWide: parsed.CityWide, Delegated: parsed.Delegated,
			State: storage.MinutesInReview, FiledBy: c.Me.SlackID, CreatedAt: c.Now.UTC()}
		if err := tx.Create(&mins).Error; err != nil {
			return fmt.Errorf("file minutes of %s: %w", m.Key(), err)
		}
		subject := storage.MinutesSubject(m.ID, mins.Revision)
		if err := stx.StartApproval(subject, mtgApprovalSteps(chain), c.Now); err != nil {
			return err
		}
		// Not cancelled meanwhile: the meeting was held.
		if err := mtgUpdateIf(tx, m, []string{meeting.Scheduled, meeting.Moved, meeting.Held}, map[string]any{
			"state": meeting.Held, "updated_at": c.Now.UTC()}, "meeting.err.minutes_state"); err != nil {
			return err
		}
		if err := stx.Audit(c.Now, c.Me.SlackID, "meeting.minutes.file", m.Key(), nil, mins); err != nil {
			return err
		}
		msgs := []chat.Message{{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), InThread: true,
			Text:   msg.T("meeting.minutes_filed_thread", m.Key(), m.Name(), mins.Revision, mtgName(c, c.Me.SlackID)),
			Blocks: mtgMinutesBlocks(c, m, mins, chain[0], subject, 1)}}
		msgs = append(msgs, mtgStepDMs(c, m, chain[0], subject, 1)...)
		return stx.Enqueue(c.Now, msgs...)
	})
	if err != nil {
		return Response{}, err
	}
	return Reply(msg.T("meeting.minutes_filed", m.Key(), m.Name(), mtgActors(c, chain[0]))), nil
}

// mtgApprovalSteps turns the Art. 45 chain into approval steps: a review may
// pass (审核通过) or be returned (退回修改), a signature may sign (签发) or
// return.
func mtgApprovalSteps(chain []meeting.Signoff) []approval.Step {
	out := make([]approval.Step, len(chain))
	for i, s := range chain {
		acts := []approval.Action{approval.Approve, approval.Return}
		if s.Kind == meeting.Sign {
			acts = []approval.Action{approval.Sign, approval.Return}
		}
		out[i] = approval.Step{Kind: s.Kind, Assignee: s.Assignee, Role: s.Role, AlsoRoles: s.AlsoRoles,
			Actions: acts, Note: s.Why}
	}
	return out
}

func mtgSignoffOf(s approval.Record) meeting.Signoff {
	return meeting.Signoff{Kind: s.Kind, Assignee: s.Assignee, Role: s.Role, AlsoRoles: s.AlsoRoles, Why: s.Note}
}

// holders lists who may act on a step.
func mtgHolders(c *Call, s meeting.Signoff) []directory.Person {
	var out []directory.Person
	for _, p := range c.Org.People {
		if !p.Active {
			continue
		}
		if (s.Assignee != "" && p.SlackID == s.Assignee) || (s.Assignee == "" && s.Role != "" && p.Role == s.Role) ||
			slices.Contains(s.AlsoRoles, p.Role) {
			out = append(out, p)
		}
	}
	return out
}

// actors names who may act on a step: 赵主任 or 赵主任/林副主任.
func mtgActors(c *Call, s meeting.Signoff) string {
	var names []string
	for _, p := range mtgHolders(c, s) {
		names = append(names, chat.Escape(p.Name))
	}
	if len(names) == 0 {
		return msg.T("meeting.nobody")
	}
	return strings.Join(names, "/")
}

// mtgStepButtons are the buttons of an open step. Their value names the
// step (subject#seq), so a click on the buttons of a step already decided
// is refused instead of deciding the next one.
func mtgStepButtons(s meeting.Signoff, subject string, seq int) chat.Block {
	subject = fmt.Sprintf("%s#%d", subject, seq)
	first := chat.Button{Label: msg.T("meeting.btn.review"), ActionID: mtgActReview, Value: subject, Style: chat.Primary}
	if s.Kind == meeting.Sign {
		first = chat.Button{Label: msg.T("meeting.btn.sign"), ActionID: mtgActSign, Value: subject, Style: chat.Primary}
	}
	return chat.Buttons(first, chat.Button{Label: msg.T("meeting.btn.return"), ActionID: mtgActReturn, Value: subject, Style: chat.Danger})
}

// mtgMinutesBlocks shows minutes with the open step and its buttons.
func mtgMinutesBlocks(c *Call, m meeting.Meeting, mins storage.MeetingMinutes, step meeting.Signoff, subject string, seq int) []chat.Block {
	var bs []chat.Block
	if mins.Text != "" {
		bs = append(bs, chat.Text(chat.Escape(mins.Text)))
	}
	items, _ := mins.ParsedItems()
	if len(items) > 0 {
		due := meeting.ReportDue(c.Calendar, m.Start)
		var lines []string
		for i, it := range items {
			lines = append(lines, fmt.Sprintf("%d. %s：%s", i+1, mtgDept(c, it.Department), chat.Escape(it.Task)))
		}
		bs = append(bs, chat.Text(msg.T("meeting.minutes_items", mtgDate(c, due.Date), strings.Join(lines, "\n"))))
	}
	var flags []string
	if mins.CityWide {
		flags = append(flags, msg.T("meeting.flag.citywide"))
	}
	if mins.Delegated {
		flags = append(flags, msg.T("meeting.flag.delegated"))
	}
	if len(flags) > 0 {
		bs = append(bs, chat.Note(strings.Join(flags, "；")))
	}
	bs = append(bs, chat.Text(msg.T("meeting.step_waiting", msg.T("meeting.step."+step.Kind), mtgActors(c, step), msg.T("meeting.why."+step.Why))),
		mtgStepButtons(step, subject, seq))
	return bs
}

// mtgStepDMs tells whoever may act on the open step that it waits for them.
func mtgStepDMs(c *Call, m meeting.Meeting, step meeting.Signoff, subject string, seq int) []chat.Message {
	var out []chat.Message
	for _, p := range mtgHolders(c, step) {
		out = append(out, chat.Message{Channel: p.SlackID, ItemKey: m.Key(),
			Text:   msg.T("meeting.step_dm", m.Key(), m.Name(), msg.T("meeting.step."+step.Kind)),
			Blocks: []chat.Block{chat.Text(msg.T("meeting.step_dm", m.Key(), m.Name(), msg.T("meeting.step."+step.Kind))), mtgStepButtons(step, subject, seq)}})
	}
	return out
}

var mtgSubjectRe = regexp.MustCompile(`^M(\d+)-minutes-(\d+)(?:#\d+)?$`)

// mtgDecideMinutes applies a review, signature or return to a revision of a
// meeting's minutes. Only the person (or role) the open step names may act.
func mtgDecideMinutes(ctx context.Context, c *Call, subject string, action approval.Action, comment string) (Response, error) {
	sm := mtgSubjectRe.FindStringSubmatch(subject)
	if sm == nil {
		return Response{}, fmt.Errorf("minutes subject %q", subject)
	}
	seq := 0
	if i := strings.IndexByte(subject, '#'); i >= 0 {
		seq, _ = strconv.Atoi(subject[i+1:])
		subject = subject[:i]
	}
	mid, _ := strconv.ParseUint(sm[1], 10, 64)
	rev, _ := strconv.Atoi(sm[2])
	var (
		m     meeting.Meeting
		out   approval.Outcome
		items []storage.ActionItem
	)
	err := c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		var found bool
		var err error
		if m, found, err = storage.LoadMeeting(tx, mid); err != nil {
			return err
		}
		if !found {
			return Fail("meeting.err.no_meeting", meeting.Key(mid))
		}
		var mins storage.MeetingMinutes
		res := tx.Where("meeting_id = ? AND revision = ?", mid, rev).Limit(1).Find(&mins)
		if res.Error != nil {
			return fmt.Errorf("minutes %s: %w", subject, res.Error)
		}
		if res.RowsAffected == 0 || mins.State != storage.MinutesInReview {
			return approval.ErrAlreadyDecided
		}
		if seq > 0 {
			cur, ok, err := stx.CurrentStep(subject)
			if err != nil {
				return err
			}
			if !ok || cur.Seq != seq {
				return approval.ErrAlreadyDecided
			}
		}
		if out, err = stx.Decide(approval.Decision{Subject: subject, Actor: c.Me, Action: action, Comment: comment}, c.Now); err != nil {
			return err
		}
		thread := func(text string, blocks ...chat.Block) chat.Message {
			return chat.Message{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), InThread: true, Text: text, Blocks: blocks}
		}
		var msgs []chat.Message
		switch {
		case action == approval.Return:
			if err := tx.Model(&mins).Update("state", storage.MinutesReturned).Error; err != nil {
				return fmt.Errorf("return minutes %s: %w", subject, err)
			}
			text := msg.T("meeting.minutes_returned", m.Key(), m.Name(), mtgName(c, c.Me.SlackID), chat.Escape(comment))
			msgs = append(msgs, thread(text), chat.Message{Channel: mins.FiledBy, ItemKey: m.Key(), Text: text + "\n" + msg.T("meeting.minutes_refile", m.Key())})
		case !out.Final && out.Next != nil:
			next := mtgSignoffOf(*out.Next)
			text := msg.T("meeting.minutes_passed", m.Key(), m.Name(), mtgName(c, c.Me.SlackID), msg.T("meeting.step."+out.Step.Kind))
			msgs = append(msgs, thread(text, chat.Text(text),
				chat.Text(msg.T("meeting.step_waiting", msg.T("meeting.step."+next.Kind), mtgActors(c, next), msg.T("meeting.why."+next.Why))),
				mtgStepButtons(next, subject, out.Next.Seq)))
			msgs = append(msgs, mtgStepDMs(c, m, next, subject, out.Next.Seq)...)
		default: // signed: the decisions become action items due in ten days (Art. 47)
			t := c.Now.UTC()
			if err := tx.Model(&mins).Updates(map[string]any{"state": storage.MinutesSigned, "signed_by": c.Me.SlackID, "signed_at": t}).Error; err != nil {
				return fmt.Errorf("sign minutes %s: %w", subject, err)
			}
			parsed, err := mins.ParsedItems()
			if err != nil {
				return err
			}
			due := meeting.ReportDue(c.Calendar, m.Start)
			var lines []string
			for _, it := range parsed {
				row := storage.ActionItem{MeetingID: m.ID, MinutesID: mins.ID, Department: it.Department, Task: it.Task,
					Due: mtgDate(c, due.Date), DueProvisional: due.Provisional, State: storage.ItemOpen, CreatedAt: t}
				if err := tx.Create(&row).Error; err != nil {
					return fmt.Errorf("action item of %s: %w", subject, err)
				}
				items = append(items, row)
				lines = append(lines, msg.T("meeting.item_line", row.Key(), mtgDept(c, row.Department), chat.Escape(row.Task), row.Due))
				dm := msg.T("meeting.item_dm", m.Key(), m.Name(), row.Key(), chat.Escape(row.Task), row.Due, row.Key())
				if due.Provisional {
					dm += "\n" + msg.T("meeting.due_provisional")
				}
				if h, ok := c.Org.Head(row.Department); ok {
					msgs = append(msgs, chat.Message{Channel: h.SlackID, ItemKey: row.Key(), Text: dm})
				}
			}
			if err := stx.Audit(c.Now, c.Me.SlackID, "meeting.items.create", m.Key(), nil, items); err != nil {
				return err
			}
			text := msg.T("meeting.minutes_signed", m.Key(), m.Name(), mtgName(c, c.Me.SlackID))
			blocks := []chat.Block{chat.Text(text)}
			if len(lines) > 0 {
				blocks = append(blocks, chat.Text(msg.T("meeting.items_title", strings.Join(lines, "\n"))))
			}
			msgs = append(msgs, thread(text, blocks...))
			if mins.FiledBy != c.Me.SlackID {
				msgs = append(msgs, chat.Message{Channel: mins.FiledBy, ItemKey: m.Key(), Text: text})
			}
		}
		if err := stx.Audit(c.Now, c.Me.SlackID, "meeting.minutes."+string(action), m.Key(), nil, out.Step); err != nil {
			return err
		}
		return stx.Enqueue(c.Now, msgs...)
	})
	if err != nil {
		return Response{}, err
	}
	switch {
	case action == approval.Return:
		return Reply(msg.T("meeting.you_returned", m.Key(), m.Name())), nil
	case out.Next != nil:
		return Reply(msg.T("meeting.you_passed", m.Key(), m.Name(), mtgActors(c, mtgSignoffOf(*out.Next)))), nil
	}
	if len(items) == 0 {
		return Reply(msg.T("meeting.you_signed_no_items", m.Key(), m.Name())), nil
	}
	var lines []string
	for _, it := range items {
		lines = append(lines, msg.T("meeting.item_line", it.Key(), mtgDept(c, it.Department), chat.Escape(it.Task), it.Due))
	}
	return Reply(msg.T("meeting.you_signed", m.Key(), m.Name(), len(items)) + "\n" + strings.Join(lines, "\n")), nil
}

// mtgOpenSubject returns the approval subject of the minutes in review of the
// meeting (for replies typed in its thread).
func mtgOpenSubject(db *gorm.DB, meetingID uint64) (string, error) {
	mins, found, err := storage.LatestMinutes(db, meetingID)
	if err != nil {
		return "", err
	}
	if !found || mins.State != storage.MinutesInReview {
		return "", approval.ErrNoPendingStep
	}
	return storage.MinutesSubject(meetingID, mins.Revision), nil
}

var mtgReturnWords = regexp.MustCompile(`^(退回修改|退回)\s*[:：]?\s*`)

// mtgMinutesThreadReply reads 审核通过 / 签发 / 退回 理由 typed in a meeting's thread.
func mtgMinutesThreadReply(ctx context.Context, c *Call) (Response, error) {
	id, ok := storage.ParseKey("M", c.Req.ThreadItem)
	if !ok {
		return Response{}, nil
	}
	text := strings.TrimSpace(chat.Unescape(c.Req.Text))
	word, rest, _ := strings.Cut(text, " ")
	var action approval.Action
	comment := ""
	switch {
	case text == "审核通过" || text == "通过" || text == "同意":
		action = approval.Approve
	case text == "签发":
		action = approval.Sign
	case mtgReturnWords.MatchString(text):
		action, comment = approval.Return, strings.TrimSpace(mtgReturnWords.ReplaceAllString(text, ""))
	case mtgVerbs[strings.ToLower(word)] == "report":
		// A department's report (perhaps with its file) posted in the
		// meeting's thread, where the office sees it.
		return mtgFileReport(ctx, c, strings.TrimSpace(rest))
	default:
		return Response{}, nil // discussion in the thread
	}
	subject, err := mtgOpenSubject(c.Store.DB.WithContext(ctx), id)
	if err != nil {
		return Response{}, err
	}
	if !mtgMayActInThread(ctx, c, subject) {
		return Response{}, nil // like leave: a thread reply by someone else does nothing
	}
	return mtgDecideMinutes(ctx, c, subject, action, comment)
}

// mtgMayActInThread reports whether the person may take the open step of
// subject. Words typed in a thread by anyone else are conversation, not a
// decision: they get no answer (a refusal would be posted for all to see);
// a button press still gets its private refusal.
func mtgMayActInThread(ctx context.Context, c *Call, subject string) bool {
	step, open, err := storage.Wrap(c.Store.DB.WithContext(ctx)).CurrentStep(subject)
	return err == nil && open && approval.MayAct(step, c.Me)
}

// ---- buttons and modals ----

func mtgAction(ctx context.Context, c *Call) (Response, error) {
	a := c.Req.Action
	switch a.ID {
	case mtgActReview:
		return mtgDecideMinutes(ctx, c, a.Value, approval.Approve, "")
	case mtgActSign:
		return mtgDecideMinutes(ctx, c, a.Value, approval.Sign, "")
	case mtgActReturn:
		if err := mtgMayDecide(ctx, c, a.Value); err != nil {
			return Response{}, err
		}
		return Response{Modal: mtgReasonModal(mtgCbReturn, a.Value, msg.T("meeting.modal.return_title"), msg.T("meeting.btn.return"))}, nil
	case mtgActAppApprove:
		return mtgDecideApplication(ctx, c, a.Value, approval.Approve, "")
	case mtgActAppReject:
		if err := mtgMayDecide(ctx, c, a.Value); err != nil {
			return Response{}, err
		}
		return Response{Modal: mtgReasonModal(mtgCbAppReject, a.Value, msg.T("meeting.modal.reject_title"), msg.T("meeting.btn.reject"))}, nil
	}
	return Response{}, fmt.Errorf("meeting action %q: %w", a.ID, ErrStaleControl)
}

// mtgMayDecide refuses at once, before a reason is asked, someone who may not
// act on the open step of subject.
func mtgMayDecide(ctx context.Context, c *Call, subject string) error {
	subject, _, _ = strings.Cut(subject, "#")
	return storage.Wrap(c.Store.DB.WithContext(ctx)).CheckMayDecide(subject, c.Me)
}

func mtgReasonModal(callback, subject, title, submit string) *chat.Modal {
	return &chat.Modal{CallbackID: callback, Private: subject, Title: title, Submit: submit,
		Inputs: []chat.Input{{ID: "reason", Label: msg.T("meeting.field.reason"), Kind: chat.InputText, Multiline: true}}}
}

func mtgSubmit(ctx context.Context, c *Call) (Response, error) {
	s := c.Req.Submission
	switch s.CallbackID {
	case mtgCbSchedule:
		return mtgSubmitSchedule(ctx, c)
	case mtgCbReturn, mtgCbAppReject:
		reason := strings.TrimSpace(s.Values["reason"])
		if reason == "" {
			return Response{Errors: map[string]string{"reason": msg.T("meeting.err.reason_required")}}, nil
		}
		if s.CallbackID == mtgCbReturn {
			return mtgDecideMinutes(ctx, c, s.Private, approval.Return, reason)
		}
		return mtgDecideApplication(ctx, c, s.Private, approval.Reject, reason)
	}
	return Response{}, fmt.Errorf("unknown meeting modal %q", s.CallbackID)
}

// ---- action items and reports (Art. 47) ----

func mtgLoadItemArg(c *Call, db *gorm.DB, text, usage string) (storage.ActionItem, string, error) {
	key, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	var it storage.ActionItem
	if key == "" {
		return it, "", Fail(usage) // no item named: show how the command goes
	}
	id, ok := storage.ParseKey("A", key)
	if !ok {
		return it, "", Fail("meeting.err.bad_item_key", chat.Escape(key))
	}
	res := db.Where("id = ?", id).Limit(1).Find(&it)
	if res.Error != nil {
		return it, "", fmt.Errorf("load action item %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return it, "", Fail("meeting.err.no_item", storage.ItemKey(id))
	}
	return it, strings.TrimSpace(rest), nil
}

var mtgLinkRe = regexp.MustCompile(`<?(https?://[^\s|>]+)`)

// maxReportFiles bounds the files one report copies into the thread.
const maxReportFiles = 10

// mtgReportFiles decodes the files shared with a report.
func mtgReportFiles(r *storage.ActionReport) []chat.File {
	var fs []chat.File
	if r.Files != "" {
		_ = json.Unmarshal([]byte(r.Files), &fs) // written by mtgFileReport; unreadable means none
	}
	return fs
}

// mtgFileReport takes a department's written report on an action item. Anyone
// of the item's department may file it (the head signs off inside the
// department; the bot records who filed).
func mtgFileReport(ctx context.Context, c *Call, text string) (Response, error) {
	var (
		it   storage.ActionItem
		late bool
	)
	err := c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		var body string
		var err error
		if it, body, err = mtgLoadItemArg(c, tx, text, "meeting.usage.report"); err != nil {
			return err
		}
		if c.Me.Department != it.Department {
			return Fail("meeting.err.wrong_department", it.Key(), mtgDept(c, it.Department))
		}
		if it.State == storage.ItemReported {
			return Fail("meeting.err.already_reported", it.Key())
		}
		files := c.Req.Files
		c.FilesUsed = true // kept with the report, or refused with it
		if body == "" && len(files) == 0 {
			return Fail("meeting.usage.report")
		}
		if len(files) > maxReportFiles {
			return Fail("meeting.err.too_many_files", maxReportFiles)
		}
		if len([]rune(body)) > meeting.MaxText {
			return Fail("meeting.parse.too_long", msg.T("meeting.fieldname.text"))
		}
		due, err := c.Calendar.ParseDate(it.Due)
		if err != nil {
			return err
		}
		late = c.Calendar.Date(c.Now).After(due)
		link := ""
		if m := mtgLinkRe.FindStringSubmatch(body); m != nil {
			link = m[1]
		}
		rep := storage.ActionReport{ActionItemID: it.ID, Text: body, FileLink: link, FiledBy: c.Me.SlackID,
			FiledAt: c.Now.UTC(), Late: late, State: storage.ReportFiled}
		if len(files) > 0 {
			b, err := json.Marshal(files)
			if err != nil {
				return fmt.Errorf("report on %s: %w", it.Key(), err)
			}
			rep.Files = string(b)
		}
		if err := tx.Create(&rep).Error; err != nil {
			return fmt.Errorf("report on %s: %w", it.Key(), err)
		}
		t := c.Now.UTC()
		res := tx.Model(&storage.ActionItem{}).Where("id = ? AND state = ?", it.ID, it.State).
			Updates(map[string]any{"state": storage.ItemReported, "reported_at": t})
		if res.Error != nil {
			return fmt.Errorf("report on %s: %w", it.Key(), res.Error)
		}
		if res.RowsAffected != 1 {
			return Fail("meeting.err.already_reported", it.Key())
		}
		if err := stx.Audit(c.Now, c.Me.SlackID, "meeting.report.file", it.Key(), it, rep); err != nil {
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
			Text: msg.T("meeting.report_thread", it.Key(), mtgDept(c, it.Department), mtgName(c, c.Me.SlackID), when, shown)}}
		// A file shared with the bot (in a direct message) is visible to the
		// bot only: the office reads the copy posted in the meeting's thread.
		for _, f := range files {
			out = append(out, chat.Message{Channel: c.Org.Channels.Meetings, ItemKey: meeting.Key(it.MeetingID), InThread: true,
				Text: msg.T("meeting.report_file", it.Key(), mtgDept(c, it.Department), chat.Escape(f.Name)), File: &f})
		}
		return stx.Enqueue(c.Now, out...)
	})
	if err != nil {
		return Response{}, err
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
	return Reply(reply), nil
}

func mtgReturnReport(ctx context.Context, c *Call, text string) (Response, error) {
	if !c.Me.Role.IsOffice() {
		return Response{}, Fail("meeting.err.office_only")
	}
	var it storage.ActionItem
	err := c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		var reason string
		var err error
		if it, reason, err = mtgLoadItemArg(c, tx, text, "meeting.usage.return"); err != nil {
			return err
		}
		if it.State != storage.ItemReported {
			return Fail("meeting.err.nothing_to_return", it.Key())
		}
		if reason == "" {
			return Fail("meeting.usage.return")
		}
		reps, err := storage.LatestReports(tx, []uint64{it.ID})
		if err != nil {
			return err
		}
		rep := reps[it.ID]
		t := c.Now.UTC()
		if err := tx.Model(&storage.ActionReport{}).Where("id = ?", rep.ID).Updates(map[string]any{
			"state": storage.ReportReturned, "returned_by": c.Me.SlackID, "return_reason": reason, "returned_at": t}).Error; err != nil {
			return fmt.Errorf("return report on %s: %w", it.Key(), err)
		}
		res := tx.Model(&storage.ActionItem{}).Where("id = ? AND state = ?", it.ID, storage.ItemReported).
			Updates(map[string]any{"state": storage.ItemReturned, "reported_at": nil})
		if res.Error != nil {
			return fmt.Errorf("return report on %s: %w", it.Key(), res.Error)
		}
		if res.RowsAffected != 1 {
			return Fail("meeting.err.nothing_to_return", it.Key())
		}
		if err := stx.Audit(c.Now, c.Me.SlackID, "meeting.report.return", it.Key(), rep, map[string]string{"reason": reason}); err != nil {
			return err
		}
		text := msg.T("meeting.report_returned", it.Key(), chat.Escape(it.Task), mtgName(c, c.Me.SlackID), chat.Escape(reason), it.Key())
		msgs := []chat.Message{{Channel: c.Org.Channels.Meetings, ItemKey: meeting.Key(it.MeetingID), InThread: true, Text: text}}
		for _, id := range mtgNotifyDept(c, it.Department, rep.FiledBy) {
			msgs = append(msgs, chat.Message{Channel: id, ItemKey: it.Key(), Text: text})
		}
		return stx.Enqueue(c.Now, msgs...)
	})
	if err != nil {
		return Response{}, err
	}
	return Reply(msg.T("meeting.you_returned_report", it.Key())), nil
}

// mtgNotifyDept lists the department head and another person (the filer), once each.
func mtgNotifyDept(c *Call, dept, other string) []string {
	var out []string
	if h, ok := c.Org.Head(dept); ok {
		out = append(out, h.SlackID)
	}
	if other != "" && !slices.Contains(out, other) {
		out = append(out, other)
	}
	return out
}

func mtgUrgeReport(ctx context.Context, c *Call, text string) (Response, error) {
	if !c.Me.Role.IsOffice() {
		return Response{}, Fail("meeting.err.office_only")
	}
	var it storage.ActionItem
	err := c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		var err error
		if it, _, err = mtgLoadItemArg(c, tx, text, "meeting.usage.urge"); err != nil {
			return err
		}
		if it.State == storage.ItemReported {
			return Fail("meeting.err.already_reported", it.Key())
		}
		h, ok := c.Org.Head(it.Department)
		if !ok {
			return Fail("meeting.parse.no_head", mtgDept(c, it.Department))
		}
		loc := c.Calendar.Location()
		if it.UrgedAt != nil && mtgDate(c, *it.UrgedAt) == mtgDate(c, c.Now) {
			// One reminder a day is enough: a second click or command the
			// same day would only repeat the DM.
			return Fail("meeting.err.urged_today", it.Key(), it.UrgedAt.In(loc).Format("15:04"))
		}
		t := c.Now.UTC()
		dayStart := c.Calendar.Date(c.Now).UTC()
		res := tx.Model(&storage.ActionItem{}).Where("id = ? AND (urged_at IS NULL OR urged_at < ?)", it.ID, dayStart).Update("urged_at", t)
		if res.Error != nil {
			return fmt.Errorf("urge %s: %w", it.Key(), res.Error)
		}
		if res.RowsAffected != 1 {
			// Urged by someone else a moment ago.
			return Fail("meeting.err.urged_today", it.Key(), c.Now.In(loc).Format("15:04"))
		}
		if err := stx.Audit(c.Now, c.Me.SlackID, "meeting.report.urge", it.Key(), nil, map[string]string{"to": h.SlackID}); err != nil {
			return err
		}
		return stx.Enqueue(c.Now, chat.Message{Channel: h.SlackID, ItemKey: it.Key(),
			Text: msg.T("meeting.urge_dm", it.Key(), chat.Escape(it.Task), it.Due, mtgName(c, c.Me.SlackID), it.Key())})
	})
	if err != nil {
		return Response{}, err
	}
	return Reply(msg.T("meeting.urged", it.Key())), nil
}

// mtgItemState is an action item with the status of its report (Art. 47).
type mtgItemState struct {
	Item   storage.ActionItem
	Report *storage.ActionReport // the latest report, if any
	Status meeting.ReportStatus
}

// mtgItemStatus returns each action item of a meeting with its report
// status as of now: in, late, missing, or due (still in time).
func mtgItemStatus(db *gorm.DB, c *Call, meetingID uint64) ([]mtgItemState, error) {
	items, err := storage.ItemsOfMeeting(db, meetingID)
	if err != nil {
		return nil, err
	}
	ids := make([]uint64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	reps, err := storage.LatestReports(db, ids)
	if err != nil {
		return nil, err
	}
	out := make([]mtgItemState, len(items))
	for i, it := range items {
		due, err := c.Calendar.ParseDate(it.Due)
		if err != nil {
			return nil, err
		}
		var filed *time.Time
		st := mtgItemState{Item: it}
		if r, ok := reps[it.ID]; ok {
			st.Report = &r
			if r.State == storage.ReportFiled {
				filed = &r.FiledAt
			}
		}
		st.Status = meeting.StatusOf(c.Calendar, due, filed, c.Now)
		out[i] = st
	}
	return out, nil
}

func mtgStatus(ctx context.Context, c *Call, text string) (Response, error) {
	db := c.Store.DB.WithContext(ctx)
	m, _, err := mtgLoadMeetingArg(c, db, text)
	if err != nil {
		return Response{}, err
	}
	blocks := mtgBlocks(c, m)
	mins, found, err := storage.LatestMinutes(db, m.ID)
	if err != nil {
		return Response{}, err
	}
	switch {
	case !found:
		blocks = append(blocks, chat.Text(msg.T("meeting.status_no_minutes")))
	case mins.State == storage.MinutesInReview:
		step, ok, err := storage.Wrap(db).CurrentStep(storage.MinutesSubject(m.ID, mins.Revision))
		if err != nil {
			return Response{}, err
		}
		if ok {
			s := mtgSignoffOf(step)
			blocks = append(blocks, chat.Text(msg.T("meeting.status_minutes_waiting", mins.Revision, msg.T("meeting.step."+s.Kind), mtgActors(c, s))))
		}
	default:
		blocks = append(blocks, chat.Text(msg.T("meeting.status_minutes", mins.Revision, msg.T("meeting.minutes_state."+mins.State))))
	}
	sts, err := mtgItemStatus(db, c, m.ID)
	if err != nil {
		return Response{}, err
	}
	count := map[meeting.ReportStatus]int{}
	var lines []string
	for _, st := range sts {
		count[st.Status]++
		detail := ""
		switch {
		case st.Report != nil && st.Report.State == storage.ReportFiled:
			detail = msg.T("meeting.status_filed_at", st.Report.FiledAt.In(c.Calendar.Location()).Format("2006-01-02 15:04"), mtgName(c, st.Report.FiledBy))
			if fs := mtgReportFiles(st.Report); len(fs) > 0 {
				names := make([]string, len(fs))
				for i, f := range fs {
					names[i] = chat.Escape(f.Name)
				}
				detail += msg.T("meeting.status_files", strings.Join(names, "、"))
			}
		case st.Report != nil:
			detail = msg.T("meeting.status_sent_back", chat.Escape(st.Report.ReturnReason))
		}
		lines = append(lines, msg.T("meeting.status_line", st.Item.Key(), mtgDept(c, st.Item.Department), chat.Escape(st.Item.Task),
			st.Item.Due, msg.T("meeting.report_status."+string(st.Status)), detail))
	}
	if len(sts) > 0 {
		blocks = append(blocks, chat.Text(msg.T("meeting.status_items", strings.Join(lines, "\n"))),
			chat.Note(msg.T("meeting.status_counts", count[meeting.StatusIn], count[meeting.StatusLate], count[meeting.StatusMissing], count[meeting.StatusDue])))
	}
	blocks[0] = chat.Title(msg.T("meeting.status_title", m.Key(), m.Name())) // the status replaces the plain title
	return Reply("", blocks...), nil
}

// ---- city-wide meeting applications (Art. 46) ----

var mtgAppLabel = regexp.MustCompile(`(会议名称|名称|参会范围|范围|规模)\s*[:：]`)

func mtgApplyCityWide(ctx context.Context, c *Call, text string) (Response, error) {
	if c.Me.Department == "" {
		return Response{}, Fail("meeting.err.apply_no_department")
	}
	if text == "" {
		return Response{}, Fail("meeting.usage.apply")
	}
	start, end, rest, err := meeting.ParseWhen(text, c.Now)
	if err != nil {
		return Response{}, mtgParseFailure(err)
	}
	place, title, scope := rest, "", ""
	if idx := mtgAppLabel.FindAllStringSubmatchIndex(rest, -1); idx != nil {
		place = rest[:idx[0][0]]
		for i, m := range idx {
			end := len(rest)
			if i+1 < len(idx) {
				end = idx[i+1][0]
			}
			v := strings.TrimSpace(rest[m[1]:end])
			switch rest[m[2]:m[3]] {
			case "会议名称", "名称":
				title = v
			default:
				scope = v
			}
		}
	}
	place = strings.TrimSpace(place)
	if title == "" {
		return Response{}, Fail("meeting.usage.apply")
	}
	if err := meeting.CheckFields(place, []string{title, scope}); err != nil {
		return Response{}, mtgParseFailure(err)
	}
	app := storage.MeetingApplication{Department: c.Me.Department, Applicant: c.Me.SlackID, Title: title,
		StartAt: start.UTC(), EndAt: end.UTC(), Place: place, Scope: scope, State: storage.ApplicationPending, CreatedAt: c.Now.UTC()}
	err = c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		if err := tx.Create(&app).Error; err != nil {
			return fmt.Errorf("apply: %w", err)
		}
		step := approval.Step{Kind: "approve", Role: directory.OfficeDirector,
			AlsoRoles: []directory.Role{directory.OfficeDeputyDirector, directory.OfficeStaff},
			Actions:   []approval.Action{approval.Approve, approval.Reject}, Note: "office"}
		if err := stx.StartApproval(app.Key(), []approval.Step{step}, c.Now); err != nil {
			return err
		}
		if err := stx.Audit(c.Now, c.Me.SlackID, "meeting.apply", app.Key(), nil, app); err != nil {
			return err
		}
		return stx.Enqueue(c.Now, chat.Message{Channel: c.Org.Channels.Office, ItemKey: app.Key(), Root: true,
			Text: msg.T("meeting.app_root", app.Key(), mtgDept(c, app.Department), chat.Escape(app.Title)), Blocks: mtgApplicationBlocks(c, app, true)})
	})
	if err != nil {
		return Response{}, err
	}
	return Reply(msg.T("meeting.applied", app.Key(), chat.Escape(app.Title))), nil
}

func mtgApplicationBlocks(c *Call, app storage.MeetingApplication, buttons bool) []chat.Block {
	bs := []chat.Block{
		chat.Text(msg.T("meeting.app_root", app.Key(), mtgDept(c, app.Department), chat.Escape(app.Title))),
		chat.Fields(msg.T("meeting.f.time", mtgWhen(c, app.StartAt, app.EndAt)), msg.T("meeting.f.place", chat.Escape(app.Place)),
			msg.T("meeting.f.applicant", mtgName(c, app.Applicant)), msg.T("meeting.f.state", msg.T("meeting.app_state."+app.State))),
	}
	if app.Scope != "" {
		bs = append(bs, chat.Text(msg.T("meeting.f.scope", chat.Escape(app.Scope))))
	}
	bs = append(bs, chat.Note(msg.T("meeting.app_note")))
	if buttons {
		bs = append(bs, chat.Buttons(
			chat.Button{Label: msg.T("meeting.btn.approve"), ActionID: mtgActAppApprove, Value: app.Key(), Style: chat.Primary},
			chat.Button{Label: msg.T("meeting.btn.reject"), ActionID: mtgActAppReject, Value: app.Key(), Style: chat.Danger}))
	}
	return bs
}

func mtgDecideApplication(ctx context.Context, c *Call, key string, action approval.Action, comment string) (Response, error) {
	id, ok := storage.ParseKey("P", key)
	if !ok {
		return Response{}, Fail("meeting.err.bad_app_key", chat.Escape(key))
	}
	var app storage.MeetingApplication
	err := c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		res := tx.Where("id = ?", id).Limit(1).Find(&app)
		if res.Error != nil {
			return fmt.Errorf("load %s: %w", key, res.Error)
		}
		if res.RowsAffected == 0 {
			return Fail("meeting.err.no_app", storage.ApplicationKey(id))
		}
		if _, err := stx.Decide(approval.Decision{Subject: app.Key(), Actor: c.Me, Requester: app.Applicant,
			Action: action, Comment: comment}, c.Now); err != nil {
			return err
		}
		before := app
		t := c.Now.UTC()
		app.State, app.DecidedBy, app.Comment, app.DecidedAt = storage.ApplicationApproved, c.Me.SlackID, comment, &t
		if action == approval.Reject {
			app.State = storage.ApplicationRejected
		}
		if err := tx.Model(&storage.MeetingApplication{}).Where("id = ?", app.ID).Updates(map[string]any{
			"state": app.State, "decided_by": app.DecidedBy, "comment": comment, "decided_at": t}).Error; err != nil {
			return fmt.Errorf("decide %s: %w", app.Key(), err)
		}
		if err := stx.Audit(c.Now, c.Me.SlackID, "meeting.app."+string(action), app.Key(), before, app); err != nil {
			return err
		}
		text := msg.T("meeting.app_approved", app.Key(), chat.Escape(app.Title), mtgName(c, c.Me.SlackID))
		if action == approval.Reject {
			text = msg.T("meeting.app_rejected", app.Key(), chat.Escape(app.Title), mtgName(c, c.Me.SlackID), chat.Escape(comment))
		}
		return stx.Enqueue(c.Now,
			chat.Message{Channel: c.Org.Channels.Office, ItemKey: app.Key(), Update: true,
				Text: msg.T("meeting.app_root", app.Key(), mtgDept(c, app.Department), chat.Escape(app.Title)), Blocks: mtgApplicationBlocks(c, app, false)},
			chat.Message{Channel: c.Org.Channels.Office, ItemKey: app.Key(), InThread: true, Text: text},
			chat.Message{Channel: app.Applicant, ItemKey: app.Key(), Text: text})
	})
	if err != nil {
		return Response{}, err
	}
	if action == approval.Reject {
		return Reply(msg.T("meeting.you_rejected_app", app.Key())), nil
	}
	return Reply(msg.T("meeting.you_approved_app", app.Key())), nil
}

var mtgRejectWords = regexp.MustCompile(`^(驳回|不同意|不批准)\s*[:：]?\s*`)

// mtgApplicationThreadReply reads 批准 / 同意 / 驳回 理由 typed in an application's thread.
func mtgApplicationThreadReply(ctx context.Context, c *Call) (Response, error) {
	text := strings.TrimSpace(chat.Unescape(c.Req.Text))
	if !mtgMayActInThread(ctx, c, c.Req.ThreadItem) {
		return Response{}, nil
	}
	switch {
	case text == "批准" || text == "同意":
		return mtgDecideApplication(ctx, c, c.Req.ThreadItem, approval.Approve, "")
	case mtgRejectWords.MatchString(text):
		return mtgDecideApplication(ctx, c, c.Req.ThreadItem, approval.Reject, strings.TrimSpace(mtgRejectWords.ReplaceAllString(text, "")))
	}
	return Response{}, nil
}

// ---- App Home ----

func mtgHome(ctx context.Context, c *Call) ([]chat.Block, error) {
	db := c.Store.DB.WithContext(ctx)
	ms, err := storage.UpcomingMeetings(db, c.Now, c.Me.SlackID, 5)
	if err != nil {
		return nil, err
	}
	bs := []chat.Block{chat.Title(msg.T("meeting.home.upcoming"))}
	if len(ms) == 0 {
		bs = append(bs, chat.Note(msg.T("meeting.home.none")))
	}
	for _, m := range ms {
		bs = append(bs, chat.Text(msg.T("meeting.list_line", m.Key(), m.Name(), mtgWhen(c, m.Start, m.End), chat.Escape(m.Place), "")))
	}
	if c.Me.Department != "" {
		items, err := storage.OpenItemsOf(db, c.Me.Department)
		if err != nil {
			return nil, err
		}
		bs = append(bs, chat.Title(msg.T("meeting.home.items")))
		if len(items) == 0 {
			bs = append(bs, chat.Note(msg.T("meeting.home.none")))
		}
		for _, it := range items {
			bs = append(bs, chat.Text(msg.T("meeting.item_line", it.Key(), mtgDept(c, it.Department), chat.Escape(it.Task), it.Due)))
		}
	}
	return bs, nil
}
