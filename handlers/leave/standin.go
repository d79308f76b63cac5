package leave

import (
	"time"

	"officebot/chat"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
	"officebot/storage"
)

// standInHorizon is how many working days ahead a leave may start and still
// hand its approver's open steps on when it is approved: the leave covers
// today or starts by the next working day (issue 11 item 4). A leave that
// starts later leaves the steps where they are: the approver can still
// decide them before going.
const standInHorizon = 1

// handOver moves the open approval steps of the requester of r, a leave
// just approved, to the stand-in the leave routing gives for an approver
// who is away (leave.StandIn: the mayor, or the executive vice mayor when
// the mayor is away), with a note in each item's thread, in tx. Only steps
// assigned to the requester by name move; steps open to a role stay with
// the role.
func handOver(tx *storage.Tx, c *handlers.Call, r leave.Request) error {
	today := c.Calendar.Date(c.Now)
	last := today
	for n := 0; n < standInHorizon; {
		last = last.AddDate(0, 0, 1)
		if c.Calendar.IsWorkday(last) {
			n++
		}
		if last.Sub(today) > 60*24*time.Hour {
			break
		}
	}
	if !r.Period.From().Before(last.AddDate(0, 0, 1)) || !c.Now.Before(r.Period.To()) {
		return nil
	}
	steps, err := tx.OpenStepsAssignedTo(r.Requester)
	if err != nil || len(steps) == 0 {
		return err
	}
	abs, err := tx.AbsencesDuring(r.Period.Start, r.Period.End)
	if err != nil {
		return err
	}
	var others []leave.Absence
	for _, a := range abs {
		if a.SlackID != r.Requester {
			others = append(others, a)
		}
	}
	to, why := leave.StandIn(c.Org, r.Requester, others, r.Period.From(), r.Period.To())
	if to == "" {
		return nil
	}
	for _, s := range steps {
		note := msg.T("leave.standin_note", handlers.PersonName(c.Org, r.Requester), r.Key(), summary(r), handlers.PersonName(c.Org, to))
		if lr, ok, err := leaveOf(tx, s.Subject); err != nil {
			return err
		} else if ok {
			if lr.Requester == to {
				continue // nobody decides their own request
			}
			lr.Approver, lr.ApproverReason = to, why
			if _, err := tx.RerouteLeave(lr); err != nil {
				return err
			}
		}
		if err := tx.ReassignStep(s.Subject, to, note); err != nil {
			return err
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "approval.stand_in", s.Subject,
			map[string]any{"assignee": r.Requester}, map[string]any{"assignee": to, "leave": r.Key()}); err != nil {
			return err
		}
		text := msg.T("leave.standin_thread", note, chat.Mention(to))
		out := []chat.Message{{Channel: to, ItemKey: s.Subject, Text: text}}
		if ch, ok, err := tx.ItemChannel(s.Subject); err != nil {
			return err
		} else if ok {
			out = append(out, chat.Message{Channel: ch, ItemKey: s.Subject, InThread: true, Text: text})
		}
		if err := tx.Enqueue(c.Now, out...); err != nil {
			return err
		}
	}
	return nil
}

// leaveOf loads the pending leave request whose key is subject, if it is one.
func leaveOf(tx *storage.Tx, subject string) (leave.Request, bool, error) {
	id, err := leave.ParseKey(subject)
	if err != nil {
		return leave.Request{}, false, nil
	}
	r, ok, err := tx.LeaveByID(id)
	if err != nil || !ok || r.State != leave.Pending || r.Key() != subject {
		return r, false, err
	}
	return r, true, nil
}
