package meeting

import (
	"slices"
	"time"

	"officebot/chat"
	"officebot/handlers"
	"officebot/leave"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
)

// seated returns the meeting as it will sit (meeting.Deputised): each
// attendee of a plenary, executive or mayor's office meeting on approved
// leave during it is shown by the deputy they named, who gets the
// invitation, the changes and the reminders in their place (Art. 57 ¶2:
// 经批准后，应当委派主持工作的副职领导参加). What is stored is not changed.
func seated(tx *storage.Tx, m meeting.Meeting) (meeting.Meeting, error) {
	if !m.Type.Principal() {
		return m, nil
	}
	abs, err := tx.AbsencesDuring(m.Start, m.End)
	if err != nil {
		return m, err
	}
	return seatedAmong(abs, m), nil
}

// seatedAmong is seated with the approved absences already read: those of
// abs that overlap the meeting seat their deputies.
func seatedAmong(abs []leave.Absence, m meeting.Meeting) meeting.Meeting {
	if !m.Type.Principal() {
		return m
	}
	var out []meeting.Absent
	for _, a := range abs {
		if a.From.Before(m.End) && m.Start.Before(a.To) {
			out = append(out, meeting.Absent{SlackID: a.SlackID, Deputy: a.Deputy})
		}
	}
	return m.Deputised(out)
}

// seatedAll is seated for each meeting.
func seatedAll(tx *storage.Tx, ms []meeting.Meeting) ([]meeting.Meeting, error) {
	out := make([]meeting.Meeting, len(ms))
	for i, m := range ms {
		var err error
		if out[i], err = seated(tx, m); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// attendeeName names an attendee as the meeting sits: 钱副主任（代王主任）
// for a deputy, 王主任（请假） for an absent attendee who named none.
func attendeeName(c *handlers.Call, a meeting.Attendee) string {
	switch {
	case a.For != "":
		return msg.T("meeting.attendee_for", name(c, a.SlackID), name(c, a.For))
	case a.Away:
		return msg.T("meeting.attendee_away", name(c, a.SlackID))
	}
	return name(c, a.SlackID)
}

// homeMeetings are the next meetings the person sits in, at most limit:
// those they are invited to, and those they attend in place of someone on
// approved leave (代为参会), each as it will sit.
func homeMeetings(tx *storage.Tx, me string, now time.Time, limit int) ([]meeting.Meeting, error) {
	ms, err := tx.UpcomingMeetings(now, me, limit)
	if err != nil {
		return nil, err
	}
	abs, err := tx.DeputisingFor(me, now)
	if err != nil {
		return nil, err
	}
	for _, a := range abs {
		during, err := tx.MeetingsBetween(a.From, a.To)
		if err != nil {
			return nil, err
		}
		for _, m := range during {
			if m.Type.Principal() && !m.Start.Before(now) && m.Attends(a.SlackID) &&
				!slices.ContainsFunc(ms, func(x meeting.Meeting) bool { return x.ID == m.ID }) {
				ms = append(ms, m)
			}
		}
	}
	slices.SortStableFunc(ms, func(a, b meeting.Meeting) int { return a.Start.Compare(b.Start) })
	if len(ms) > limit {
		ms = ms[:limit]
	}
	return seatedAll(tx, ms)
}

// seatMark tells the person how they sit in a meeting on their App Home:
// attending for someone, or away with a deputy (or none yet); "" otherwise.
func seatMark(c *handlers.Call, m meeting.Meeting) string {
	me := c.Me.SlackID
	for _, a := range m.Attendees {
		switch {
		case a.For == me:
			return msg.T("meeting.home.away_deputy", name(c, a.SlackID))
		case a.SlackID == me && a.For != "":
			return msg.T("meeting.home.for", name(c, a.For))
		case a.SlackID == me && a.Away:
			return msg.T("meeting.home.away")
		}
	}
	return ""
}

// AbsenceChanged shows again, in the transaction tx that changed it, the
// meetings an absence of requester over [from, to) touches: when leave is
// approved, its deputy named, or the leave revoked, the post of each
// plenary, executive or mayor's office meeting still to come that the
// requester attends is updated to list the meeting as it now sits
// (钱副主任（代王主任）, Art. 57 ¶2). The leave capability calls it
// (wire: leave.Service.OnAbsence).
func (s *Service) AbsenceChanged(tx *storage.Tx, c *handlers.Call, requester string, from, to time.Time) error {
	ms, err := tx.MeetingsBetween(from, to)
	if err != nil {
		return err
	}
	var out []chat.Message
	for _, m := range ms {
		if !m.Type.Principal() || !slices.Contains(meeting.Changeable, m.State) || !m.Start.After(c.Now) ||
			m.Convener == requester || !m.Attends(requester) {
			continue
		}
		shown, err := seated(tx, m)
		if err != nil {
			return err
		}
		out = append(out, chat.Message{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), Update: true,
			Text: msg.T("meeting.root", m.Key(), m.Name()), Blocks: meetingBlocks(c, shown)})
	}
	return tx.Enqueue(c.Now, out...)
}
