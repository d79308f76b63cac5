package leave

import (
	"context"
	"errors"
	"strings"
	"time"

	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
	"officebot/storage"
)

// deputyCommand handles /leave deputy L12 @某某: the requester names who
// attends meetings in their place (代为参会, Art. 57 ¶2).
func (s *Service) deputyCommand(ctx context.Context, c *handlers.Call, rest string) (handlers.Response, error) {
	key, who, _ := strings.Cut(strings.TrimSpace(rest), " ")
	if key == "" || strings.TrimSpace(who) == "" {
		return handlers.Reply(msg.T("leave.usage_deputy")), nil
	}
	deputy, err := leave.ParsePerson(who, c.Org)
	if err != nil {
		return handlers.Response{}, deputyNameFailure(err)
	}
	return s.nameDeputy(ctx, c, key, deputy)
}

// deputyNameFailure is the refusal of a deputy the text does not name
// rightly: a name the directory does not know, or none.
func deputyNameFailure(err error) error {
	var pe *leave.ParseError
	if errors.As(err, &pe) && pe.Fragment != "" {
		return handlers.Fail("leave.parse_deputy_unknown", chat.Fragment(pe.Fragment))
	}
	return handlers.Fail("leave.usage_deputy")
}

// nameDeputy records the deputy the requester names for a pending or
// approved request, in one transaction: the row, the audit entry, a note in
// the request's thread and, once the leave is approved, the attendee change
// for the office director and the deputy's notice (Art. 57 ¶2: 经批准后，
// 应当委派主持工作的副职领导参加，并将与会人员名单报送市政府办公室主任).
func (s *Service) nameDeputy(ctx context.Context, c *handlers.Call, key, deputy string) (handlers.Response, error) {
	var (
		r      leave.Request
		missed []leave.Meeting
		same   bool
	)
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		cur, err := load(tx, key)
		if err != nil {
			return err
		}
		next, err := cur.NameDeputy(c.Me.SlackID, deputy, c.Now)
		switch {
		case errors.Is(err, leave.ErrNotRequester):
			return handlers.Fail("leave.err_deputy_not_requester", cur.Key())
		case errors.Is(err, leave.ErrEnded):
			return handlers.Fail("leave.err_deputy_ended", cur.Key())
		case err != nil:
			return settled(cur)
		}
		r = next
		ms, err := s.meetingsDuring(tx, r.Period)
		if err != nil {
			return err
		}
		missed = leave.Missed(r, ms)
		others, err := othersAway(tx, r)
		if err != nil {
			return err
		}
		me, _ := c.Org.Person(r.Requester)
		if err := leave.CheckDeputy(c.Org, me, deputy, missed, others); err != nil {
			return deputyRefusal(c, deputy, missed, err)
		}
		if same = cur.Deputy == deputy; same {
			return nil
		}
		if ok, err := tx.NameLeaveDeputy(r); err != nil {
			return err
		} else if !ok {
			return settled(cur)
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "leave.deputy", r.Key(), map[string]any{"deputy": cur.Deputy},
			map[string]any{"deputy": r.Deputy}); err != nil {
			return err
		}
		loc := c.Calendar.Location()
		out := []chat.Message{threadMessage(c.Org, r, msg.T("leave.thread_deputy", handlers.PersonName(c.Org, r.Requester),
			handlers.PersonName(c.Org, deputy), meetingsAt(missed, loc)))}
		if r.State == leave.Approved {
			out = append(out, deputyReleased(c.Org, r, cur.Deputy, missed, loc)...)
			out = append(out, deputyChange(c.Org, r, missed, loc)...)
			if err := s.absenceChanged(tx, c, r); err != nil {
				return err
			}
		}
		return tx.Enqueue(c.Now, out...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	if same {
		return handlers.Reply(msg.T("leave.deputy_unchanged", handlers.PersonName(c.Org, deputy), r.Key())), nil
	}
	return handlers.Reply(msg.T("leave.deputy_named", r.Key(), handlers.PersonName(c.Org, deputy),
		meetingsAt(missed, c.Calendar.Location()))), nil
}

// deputyChange are the messages an approved absence with its deputy causes
// for the meetings it misses (Art. 57 ¶2): the attendee change for the
// office director, and the deputy told which meetings they attend. None
// when it misses no meeting.
func deputyChange(org *directory.Org, r leave.Request, missed []leave.Meeting, loc *time.Location) []chat.Message {
	if len(missed) == 0 || r.Deputy == "" {
		return nil
	}
	at := meetingList(missed, loc)
	out := []chat.Message{{Channel: r.Deputy, ItemKey: r.Key(),
		Text: msg.T("leave.dm_deputy", handlers.PersonName(org, r.Requester), r.Key(), summary(r), at)}}
	if od, ok := org.First(directory.OfficeDirector); ok && od.SlackID != r.Requester {
		out = append(out, chat.Message{Channel: od.SlackID, ItemKey: r.Key(),
			Text: msg.T("leave.dm_attendee_deputy", r.Key(), personLabel(org, r.Requester), at, handlers.PersonName(org, r.Deputy))})
	}
	return out
}

// deputyReleased tells the deputy an approved absence named before, now
// replaced by r.Deputy, that they no longer attend its meetings in the
// requester's place: they were told they would (deputyChange), and the
// reminders stop coming to them (Art. 57 ¶2). None when there was no
// deputy before or the absence misses no meeting.
func deputyReleased(org *directory.Org, r leave.Request, old string, missed []leave.Meeting, loc *time.Location) []chat.Message {
	if old == "" || old == r.Deputy || len(missed) == 0 {
		return nil
	}
	return []chat.Message{{Channel: old, ItemKey: r.Key(),
		Text: msg.T("leave.dm_deputy_released", handlers.PersonName(org, r.Requester), r.Key(),
			handlers.PersonName(org, r.Deputy), meetingList(missed, loc))}}
}

// othersAway are the approved absences of everyone but the requester
// during the request's period.
func othersAway(tx *storage.Tx, r leave.Request) ([]leave.Absence, error) {
	abs, err := tx.AbsencesDuring(r.Period.Start, r.Period.End)
	if err != nil {
		return nil, err
	}
	var out []leave.Absence
	for _, a := range abs {
		if a.SlackID != r.Requester {
			out = append(out, a)
		}
	}
	return out, nil
}

// deputyRefusal says why the person named cannot attend instead.
func deputyRefusal(c *handlers.Call, deputy string, missed []leave.Meeting, err error) error {
	name := handlers.PersonName(c.Org, deputy)
	switch {
	case errors.Is(err, leave.ErrDeputyIsRequester):
		return handlers.Fail("leave.err_deputy_self")
	case errors.Is(err, leave.ErrDeputyOtherDepartment):
		return handlers.Fail("leave.err_deputy_other_dept", name)
	case errors.Is(err, leave.ErrDeputyAway):
		return handlers.Fail("leave.err_deputy_away", name, meetingList(missed, c.Calendar.Location()))
	case errors.Is(err, leave.ErrUnknownDeputy):
		return handlers.Fail("leave.err_deputy_unknown")
	}
	return err
}

// meetingsAt is the clause naming the meetings a deputy attends, or "".
func meetingsAt(ms []leave.Meeting, loc *time.Location) string {
	if len(ms) == 0 {
		return ""
	}
	return msg.T("leave.deputy_meetings", meetingList(ms, loc))
}

// deputyHow tells the requester how to name the deputy of request key.
func deputyHow(key string) string { return msg.T("leave.deputy_how_later", key, key) }
