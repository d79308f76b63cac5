package meeting

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
	freetext "officebot/text"
)

// scheduleForm is the modal /meeting opens without text: the types the
// person may schedule, the time and place, topics and people.
func scheduleForm(c *handlers.Call) *chat.Modal {
	var opts []chat.Option
	for _, t := range meeting.Types {
		if meeting.MaySchedule(c.Me, t) {
			opts = append(opts, chat.Option{Label: t.Label(), Value: string(t)})
		}
	}
	return &chat.Modal{CallbackID: cbSchedule, Title: msg.T("meeting.modal.title"), Submit: msg.T("meeting.modal.submit"),
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

func (s *Service) submitSchedule(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
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
		text, _ := c.ErrorText(parseFailure(err))
		var pe *meeting.ParseError
		field := "time"
		if errors.As(err, &pe) && (pe.Code == meeting.CodeNoDate || pe.Code == meeting.CodeBadDate) {
			field = "date"
		}
		errs[field] = text
	case strings.TrimSpace(rest) != "":
		errs["time"] = msg.T("meeting.parse.bad_time", chat.Fragment(rest))
	}
	r.Start, r.End = start, end
	r.Place = strings.TrimSpace(v["place"])
	r.Topics = meeting.ParseTopics(v["topics"])
	if err := meeting.CheckFields(r.Place, r.Topics); err != nil {
		text, _ := c.ErrorText(parseFailure(err))
		field := "place"
		if pe := (*meeting.ParseError)(nil); errors.As(err, &pe) && pe.Arg == "topics" {
			field = "topics"
		}
		errs[field] = text
	}
	for _, f := range []string{"attendees", "observers", "absent"} {
		ids, err := meeting.ParsePeople(v[f], c.Org)
		if err != nil {
			errs[f], _ = c.ErrorText(parseFailure(err))
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
		return handlers.Response{Errors: errs}, nil
	}
	return s.schedule(ctx, c, r)
}

// schedule creates the meeting: numbered, invited by direct message, and
// announced in the meetings channel, all in one transaction.
func (s *Service) schedule(ctx context.Context, c *handlers.Call, r meeting.Request) (handlers.Response, error) {
	if !meeting.MaySchedule(c.Me, r.Type) {
		return handlers.Response{}, handlers.Fail("meeting.err.may_not_schedule_type", r.Type.Label())
	}
	convener, err := meeting.Convener(c.Org, r.Type, c.Me)
	if err != nil {
		return handlers.Response{}, err
	}
	if r.Presider != "" {
		p, _ := c.Org.Person(r.Presider)
		if !meeting.MayPreside(p, r.Type) {
			return handlers.Response{}, handlers.Fail("meeting.err.bad_presider", chat.Escape(p.Name), r.Type.Label())
		}
		convener = r.Presider
	}
	m := meeting.Meeting{Type: r.Type, Start: r.Start, End: r.End, Place: r.Place, Topics: r.Topics,
		Convener: convener, CreatedBy: c.Me.SlackID,
		Attendees: meeting.Change(meeting.DefaultAttendees(c.Org, r.Type, convener), r.Add, r.Remove, convener)}
	err = s.store.Tx(ctx, func(tx *storage.Tx) error {
		m.Attendees = slices.Clone(m.Attendees)
		if err := tx.CreateMeeting(&m, c.Calendar.Location(), c.Now); err != nil {
			return err
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "meeting.schedule", m.Key(), nil, m); err != nil {
			return err
		}
		if err := s.changed(tx, c, m); err != nil {
			return err
		}
		// Attendees already on approved leave are invited through the
		// deputy they named (Art. 57 ¶2); the leave capability's hook has
		// told them and the office director.
		shown, err := seated(tx, m)
		if err != nil {
			return err
		}
		msgs := []chat.Message{{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), Root: true,
			Text: msg.T("meeting.root", m.Key(), m.Name()), Blocks: meetingBlocks(c, shown)}}
		for _, a := range shown.Attendees {
			if a.SlackID == c.Me.SlackID {
				continue
			}
			role := msg.T("meeting.role." + a.Role)
			invite := msg.T("meeting.invite", m.Key(), m.Name(), role)
			if a.For != "" {
				invite = msg.T("meeting.invite_for", m.Key(), m.Name(), name(c, a.For), role)
			}
			cm, err := calendarMessage(c, shown, a.SlackID)
			if err != nil {
				return err
			}
			msgs = append(msgs, chat.Message{Channel: a.SlackID, ItemKey: m.Key(), Text: invite, Blocks: inviteBlocks(c, m, invite)}, cm)
		}
		return tx.Enqueue(c.Now, msgs...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	reply := msg.T("meeting.scheduled", m.Key(), m.Name(), when(c, m.Start, m.End), chat.Escape(m.Place), len(m.Attendees))
	if slices.Contains(r.Remove, convener) {
		reply += "\n" + msg.T("meeting.note_presider_stays", name(c, convener))
	}
	notes, err := s.notes(ctx, c, m)
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(reply + notes), nil
}

// notes are what the organiser should look at once a meeting is set: a
// rest day, another meeting at the same time in the same room or with the
// same presider, attendees on approved leave. The meeting stands either way
// (the office may mean it); each note is a line of its own.
func (s *Service) notes(ctx context.Context, c *handlers.Call, m meeting.Meeting) (string, error) {
	var notes []string
	if n := restDayNote(c, m.Start); n != "" {
		notes = append(notes, n)
	}
	read := s.store.Read(ctx)
	others, err := read.MeetingsBetween(m.Start, m.End)
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
			notes = append(notes, msg.T("meeting.note_same_place", o.Key(), o.Name(), when(c, o.Start, o.End), chat.Escape(o.Place)))
		case o.Convener == m.Convener:
			notes = append(notes, msg.T("meeting.note_same_presider", o.Key(), o.Name(), when(c, o.Start, o.End), name(c, m.Convener)))
		}
	}
	away, err := awayAttendees(read, c, m)
	if err != nil {
		return "", err
	}
	if note, err := entrustNote(read, c, m); err != nil {
		return "", err
	} else if note != "" {
		notes = append(notes, note)
	}
	if len(away) > 0 {
		notes = append(notes, msg.T("meeting.attendees_away", strings.Join(away, "、")))
	}
	if len(notes) == 0 {
		return "", nil
	}
	return "\n" + strings.Join(notes, "\n"), nil
}

// entrustNote asks the office to confirm the mayor's entrustment when the
// executive vice mayor presides over an executive meeting while the mayor
// has no absence on record (Art. 41: 市长外出期间，可委托负责常务工作的副市长
// 召集和主持). A note, not a refusal: the mayor's trip may not be filed.
func entrustNote(tx *storage.Tx, c *handlers.Call, m meeting.Meeting) (string, error) {
	evm, ok := c.Org.First(directory.ExecutiveViceMayor)
	mayor, hasMayor := c.Org.First(directory.Mayor)
	if m.Type != meeting.Executive || !ok || !hasMayor || m.Convener != evm.SlackID {
		return "", nil
	}
	absences, err := tx.AbsencesDuring(m.Start, m.End)
	if err != nil {
		return "", err
	}
	for _, ab := range absences {
		if ab.SlackID == mayor.SlackID && ab.From.Before(m.End) && m.Start.Before(ab.To) {
			return "", nil
		}
	}
	return msg.T("meeting.note_entrust_away", name(c, evm.SlackID), name(c, mayor.SlackID)), nil
}

// awayAttendees names the attendees on approved leave when the meeting
// takes place, so the office can see who will send a deputy (Art. 57 ¶2).
func awayAttendees(tx *storage.Tx, c *handlers.Call, m meeting.Meeting) ([]string, error) {
	absences, err := tx.AbsencesDuring(m.Start, m.End)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, a := range m.Attendees {
		for _, ab := range absences {
			if ab.SlackID == a.SlackID && ab.From.Before(m.End) && m.Start.Before(ab.To) {
				names = append(names, name(c, a.SlackID))
				break
			}
		}
	}
	return names, nil
}

// loadMeeting reads "M3 rest" (or the official name for M3) and loads the
// meeting.
func loadMeeting(tx *storage.Tx, text string) (meeting.Meeting, string, error) {
	key, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	id, ok := meeting.ParseKey("M", key)
	if !ok {
		// Officials also name a meeting by its official name: 2026年第12次常务会议.
		t, year, number, named := meeting.ParseName(key)
		if !named {
			return meeting.Meeting{}, "", handlers.Fail("meeting.err.bad_key", chat.Fragment(key))
		}
		var err error
		if id, ok, err = tx.MeetingByNumber(t, year, number); err != nil {
			return meeting.Meeting{}, "", err
		}
		if !ok {
			return meeting.Meeting{}, "", handlers.Fail("meeting.err.no_meeting_named", chat.Fragment(key))
		}
	}
	m, found, err := tx.LoadMeeting(id)
	if err != nil {
		return m, "", err
	}
	if !found {
		return m, "", handlers.Fail("meeting.err.no_meeting", meeting.Key(id))
	}
	return m, strings.TrimSpace(rest), nil
}

// change is a change of a meeting by its organiser: a move or a cancel.
type change struct {
	notKey string // the refusal of a meeting already held or cancelled
	// apply checks what follows the meeting's name and returns the meeting
	// changed, the audit's after and the note that tells everyone.
	apply func(m meeting.Meeting, rest string) (meeting.Meeting, any, string, error)
	// write writes the change, only while the meeting is changeable.
	write  func(tx *storage.Tx, m meeting.Meeting) (string, bool, error)
	action string // the audit's: meeting.move
}

// change runs ch on the meeting named at the start of text, in one
// transaction: load → only the office, its convener or who scheduled it,
// only while it is still to take place → the change, written only if the
// meeting still is → audit → the root updated and everyone told.
func (s *Service) change(ctx context.Context, c *handlers.Call, text string, ch change) (meeting.Meeting, error) {
	var m meeting.Meeting
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		cur, rest, err := loadMeeting(tx, text)
		if err != nil {
			return err
		}
		switch err := cur.CheckChange(c.Me); {
		case errors.Is(err, meeting.ErrNotOrganiser):
			return handlers.Fail("meeting.err.not_organiser", cur.Key())
		case err != nil:
			return handlers.Fail(ch.notKey, cur.Key(), msg.T("meeting.state."+cur.State))
		}
		next, after, note, err := ch.apply(cur, rest)
		if err != nil {
			return err
		}
		if err := written(cur, ch.notKey)(ch.write(tx, next)); err != nil {
			return err
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, ch.action, next.Key(), cur, after); err != nil {
			return err
		}
		if ch.action == "meeting.move" {
			if err := s.changed(tx, c, next); err != nil {
				return err
			}
		}
		m = next
		shown, err := seated(tx, next)
		if err != nil {
			return err
		}
		msgs, err := tellAll(c, shown, note)
		if err != nil {
			return err
		}
		return tx.Enqueue(c.Now, msgs...)
	})
	return m, err
}

// written turns the outcome of a conditional change of the meeting into
// the refusal notKey with the state the meeting was found in.
func written(m meeting.Meeting, notKey string) func(state string, ok bool, err error) error {
	return func(state string, ok bool, err error) error {
		if err != nil || ok {
			return err
		}
		return handlers.Fail(notKey, m.Key(), msg.T("meeting.state."+state))
	}
}

func (s *Service) move(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	m, err := s.change(ctx, c, text, change{notKey: "meeting.err.not_movable", action: "meeting.move",
		apply: func(m meeting.Meeting, rest string) (meeting.Meeting, any, string, error) {
			if rest == "" {
				return m, nil, "", handlers.Fail("meeting.usage.move")
			}
			start, end, place, err := meeting.ParseWhen(rest, c.Now)
			if err != nil {
				return m, nil, "", parseFailure(err)
			}
			if end.Equal(start.Add(meeting.DefaultLength)) && m.End.Sub(m.Start) > 0 {
				end = start.Add(m.End.Sub(m.Start)) // keep the meeting's length
			}
			if place = strings.TrimSpace(place); place == "" {
				place = m.Place
			}
			if err := meeting.CheckFields(place, m.Topics); err != nil {
				return m, nil, "", parseFailure(err)
			}
			m = m.Move(start, end, place)
			note := msg.T("meeting.moved_note", m.Key(), m.Name(), when(c, m.Start, m.End), chat.Escape(m.Place), name(c, c.Me.SlackID))
			return m, m, note, nil
		},
		write: func(tx *storage.Tx, m meeting.Meeting) (string, bool, error) {
			return tx.MoveMeeting(m, meeting.Changeable, c.Now)
		},
	})
	if err != nil {
		return handlers.Response{}, err
	}
	notes, err := s.notes(ctx, c, m)
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("meeting.moved", m.Key(), m.Name(), when(c, m.Start, m.End), chat.Escape(m.Place)) + notes), nil
}

func (s *Service) cancel(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	var reason string
	m, err := s.change(ctx, c, text, change{notKey: "meeting.err.not_cancellable", action: "meeting.cancel",
		apply: func(m meeting.Meeting, rest string) (meeting.Meeting, any, string, error) {
			if reason = rest; reason == "" {
				return m, nil, "", handlers.Fail("meeting.usage.cancel")
			}
			if err := freetext.CheckLen("field.reason", reason, approval.MaxCommentLen); err != nil {
				return m, nil, "", err
			}
			m = m.Cancel()
			note := msg.T("meeting.cancelled_note", m.Key(), m.Name(), when(c, m.Start, m.End), chat.Escape(reason), name(c, c.Me.SlackID))
			return m, map[string]any{"state": m.State, "reason": reason}, note, nil
		},
		write: func(tx *storage.Tx, m meeting.Meeting) (string, bool, error) {
			return tx.CancelMeeting(m, meeting.Changeable, reason, c.Now)
		},
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("meeting.cancelled", m.Key(), m.Name())), nil
}

// tellAll updates the meeting's root message, notes the change in its
// thread and tells every attendee but the actor (m as it sits: deputies in
// place of the absent).
func tellAll(c *handlers.Call, m meeting.Meeting, note string) ([]chat.Message, error) {
	msgs := []chat.Message{
		{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), Update: true, Text: msg.T("meeting.root", m.Key(), m.Name()), Blocks: meetingBlocks(c, m)},
		{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), InThread: true, Text: note},
	}
	for _, id := range m.AttendeeIDs() {
		if id != c.Me.SlackID {
			// The note carries the updated calendar file: the new time
			// (SEQUENCE raised) or the cancellation.
			cm, err := calendarMessage(c, m, id)
			if err != nil {
				return nil, err
			}
			msgs = append(msgs, chat.Message{Channel: id, ItemKey: m.Key(), Text: note, File: cm.File})
		}
	}
	return msgs, nil
}

func (s *Service) list(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	ms, err := s.store.Read(ctx).UpcomingMeetings(c.Now, "", 20)
	if err != nil {
		return handlers.Response{}, err
	}
	if len(ms) == 0 {
		return handlers.Reply(msg.T("meeting.list_empty")), nil
	}
	lines := []string{msg.T("meeting.list_title")}
	for _, m := range ms {
		mark := ""
		if m.Attends(c.Me.SlackID) {
			mark = msg.T("meeting.list_mine")
		}
		lines = append(lines, msg.T("meeting.list_line", m.Key(), m.Name(), when(c, m.Start, m.End), chat.Escape(m.Place), mark))
	}
	return handlers.Reply(strings.Join(lines, "\n")), nil
}

// date is the day of an instant in the office zone: 2026-12-15.
func date(c *handlers.Call, t time.Time) string {
	return t.In(c.Calendar.Location()).Format("2006-01-02")
}

// restDayNote is the note on a meeting set on a rest day, naming the public
// holiday when it is one; "" on a working day.
func restDayNote(c *handlers.Call, t time.Time) string {
	switch day := c.Calendar.Day(t); {
	case day.Workday:
		return ""
	case day.Name != "":
		return msg.T("meeting.note_holiday", date(c, t), chat.Escape(day.Name))
	}
	return msg.T("meeting.note_rest_day", date(c, t))
}
