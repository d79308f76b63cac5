package leave

import (
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/leave"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
)

// recheck applies Art. 57 ¶2 again to a pending request against the
// meetings scheduled now (leave.Recheck). When a principal meeting the
// requester attends was scheduled over the leave after it was filed and
// the approver is neither the mayor nor the presiding executive vice
// mayor, it routes the request as filing would have: the request's row,
// its open step, the audit row, and the messages (a note in the thread, a
// new card with buttons for the new approver, the requester asked for a
// deputy), in tx. It reports the reroute, or false when the request stands.
func (s *Service) recheck(tx *storage.Tx, org *directory.Org, r leave.Request, actor string, now time.Time) (leave.Request, leave.Reroute, bool, error) {
	ms, err := s.meetingsDuring(tx, r.Period)
	if err != nil {
		return r, leave.Reroute{}, false, err
	}
	away, err := othersAway(tx, r)
	if err != nil {
		return r, leave.Reroute{}, false, err
	}
	// Art. 57 ¶2: 须事先向市长或主持会议的常务副市长请假.
	rr, ok := leave.Recheck(org, r, ms, away)
	if !ok || rr.Approver == "" {
		return r, rr, false, nil
	}
	next := rr.Apply(r)
	if ok, err := tx.RerouteLeave(next); err != nil {
		return r, rr, false, err
	} else if !ok {
		return r, rr, false, approval.ErrAlreadyDecided
	}
	note := approverNote(org, leave.Decision{Meetings: rr.Meetings, ApproverReason: rr.ApproverReason})
	if err := tx.ReassignStep(r.Key(), next.Approver, note); err != nil {
		return r, rr, false, err
	}
	if err := tx.Audit(now, actor, "leave.reroute", r.Key(), auditState(r), auditState(next)); err != nil {
		return r, rr, false, err
	}
	return next, rr, true, tx.Enqueue(now, rerouteMessages(org, next, rr, note)...)
}

// rerouteMessages are what a reroute under Art. 57 ¶2 causes: the request's
// card again with the new approver's buttons, a note in its thread, and the
// requester's DM asking for a deputy when one is needed.
func rerouteMessages(org *directory.Org, r leave.Request, rr leave.Reroute, note string) []chat.Message {
	card := root(org, r, note)
	card.Root, card.Update = false, true
	// The period's dates are midnights in the office's zone.
	meetings := meetingList(rr.Meetings, r.Period.Start.Location())
	deputy := ""
	if rr.DeputyNeeded {
		deputy = msg.T("leave.reroute_deputy", chat.Mention(r.Requester), deputyHow(r.Key()))
	}
	out := []chat.Message{
		card,
		threadMessage(org, r, msg.T("leave.thread_rerouted", handlers.PersonName(org, r.Requester), meetings,
			chat.Mention(r.Approver), deputy)),
	}
	if rr.DeputyNeeded {
		out = append(out, chat.Message{Channel: r.Requester, ItemKey: r.Key(),
			Text: msg.T("leave.dm_reroute_deputy", r.Key(), meetings, handlers.PersonName(org, r.Approver), deputyHow(r.Key()))})
	}
	return out
}

// MeetingChanged applies Art. 57 ¶2 to the leave of the attendees of a
// meeting just scheduled or moved (m as stored now), in the meeting's
// transaction tx: a pending request over it is rerouted as at decision
// time (recheck, with a note in its thread); over approved leave the
// office director and the requester are told, one message each. The
// meetings capability calls it (wire: meeting.Service.OnChange).
func (s *Service) MeetingChanged(tx *storage.Tx, c *handlers.Call, m meeting.Meeting) error {
	lm := leave.Meeting{ID: m.Key(), Name: m.Name(), Type: leave.MeetingType(m.Type),
		Start: m.Start, End: m.End, Attendees: m.AttendeeIDs(), PresiderID: m.Convener}
	// Art. 57 ¶2 names the plenary, executive and mayor's office meetings.
	if !lm.Type.Principal() {
		return nil
	}
	loc := c.Calendar.Location()
	od, hasOD := c.Org.First(directory.OfficeDirector)
	for _, who := range lm.Attendees {
		open, err := tx.OpenLeaveOf(who, leave.Day(m.Start.In(loc)))
		if err != nil {
			return err
		}
		for _, r := range open {
			if !lm.During(r.Period.From(), r.Period.To()) {
				continue
			}
			if r.State == leave.Pending {
				if _, _, _, err := s.recheck(tx, c.Org, r, c.Me.SlackID, c.Now); err != nil {
					return err
				}
				continue
			}
			at := meetingList([]leave.Meeting{lm}, loc)
			var out []chat.Message
			if hasOD && od.SlackID != who {
				out = append(out, chat.Message{Channel: od.SlackID, ItemKey: r.Key(),
					Text: msg.T("leave.dm_meeting_over_leave_office", at, personLabel(c.Org, who), r.Key(), summary(r))})
			}
			// Who attends instead: the deputy named, or how to name one
			// (vice mayors sit in the meeting in their own right).
			deputy := ""
			if me, _ := c.Org.Person(who); r.Deputy != "" {
				deputy = msg.T("leave.deputy_on_record", handlers.PersonName(c.Org, r.Deputy))
			} else if !me.Role.IsViceMayor() && me.Role != directory.Mayor {
				deputy = deputyHow(r.Key())
			}
			out = append(out, chat.Message{Channel: who, ItemKey: r.Key(),
				Text: msg.T("leave.dm_meeting_over_leave_requester", r.Key(), summary(r), at) + deputy})
			if err := tx.Enqueue(c.Now, out...); err != nil {
				return err
			}
		}
	}
	return nil
}
