package meeting

import (
	"context"
	"fmt"
	"strings"
	"time"

	"officebot/chat"
	"officebot/handlers"
	"officebot/meeting"
	"officebot/msg"
)

// inviteBlocks is the short form of a meeting for a direct message.
func inviteBlocks(c *handlers.Call, m meeting.Meeting, text string) []chat.Block {
	bs := []chat.Block{chat.Text(text), chat.Fields(msg.T("meeting.f.time", when(c, m.Start, m.End)), msg.T("meeting.f.place", chat.Escape(m.Place)))}
	if len(m.Topics) > 0 {
		ts := make([]string, len(m.Topics))
		for i, t := range m.Topics {
			ts[i] = chat.Escape(t)
		}
		bs = append(bs, chat.Text(msg.T("meeting.f.topics", strings.Join(ts, "；"))))
	}
	return bs
}

// meetingBlocks shows a meeting: time, place, convener, topics, attendees
// (of a seated meeting: the deputies in place of the absent).
func meetingBlocks(c *handlers.Call, m meeting.Meeting) []chat.Block {
	var att, obs []string
	for _, a := range m.Attendees {
		if a.Role == meeting.Observing {
			obs = append(obs, attendeeName(c, a))
		} else {
			att = append(att, attendeeName(c, a))
		}
	}
	fields := []string{
		msg.T("meeting.f.time", when(c, m.Start, m.End)),
		msg.T("meeting.f.place", chat.Escape(m.Place)),
		msg.T("meeting.f.convener", name(c, m.Convener)),
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
	bs = append(bs, chat.Note(msg.T("meeting.f.note", m.Key(), name(c, m.CreatedBy))))
	return bs
}

// name returns a person's name, escaped, or their ID when unknown.
func name(c *handlers.Call, id string) string {
	for _, p := range c.Org.People {
		if p.SlackID == id {
			return chat.Escape(p.Name)
		}
	}
	return chat.Escape(id)
}

// dept returns a department's name, escaped, or its ID when unknown.
func dept(c *handlers.Call, id string) string {
	if d, ok := c.Org.Department(id); ok {
		return chat.Escape(d.Name)
	}
	return chat.Escape(id)
}

// when formats a meeting's time in the office zone: 2026-12-15（星期二）09:00-11:00.
func when(c *handlers.Call, start, end time.Time) string {
	return meeting.When(start, end, c.Calendar.Location())
}

// home is the person's App Home section: the meetings they attend next,
// also in someone's place, and those a deputy attends for them.
// The Art. 47 reports their unit owes are in 待我办理 (handlers/todo).
func (s *Service) home(ctx context.Context, c *handlers.Call) ([]chat.Block, error) {
	read := s.store.Read(ctx)
	ms, err := homeMeetings(read, c.Me.SlackID, c.Now, 5)
	if err != nil {
		return nil, err
	}
	bs := []chat.Block{chat.Title(msg.T("meeting.home.upcoming"))}
	if len(ms) == 0 {
		bs = append(bs, chat.Note(msg.T("meeting.home.none")))
	}
	for _, m := range ms {
		bs = append(bs, chat.Text(msg.T("meeting.list_line", m.Key(), m.Name(), when(c, m.Start, m.End), chat.Escape(m.Place), seatMark(c, m))))
	}
	return bs, nil
}
