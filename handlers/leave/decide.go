package leave

import (
	"context"
	"strings"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
	"officebot/storage"
)

// askReason answers the reject button: a rejection needs a reason, so check
// who presses first, then open the form that asks for it.
func (s *Service) askReason(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	read := s.store.Read(ctx)
	r, err := load(read, key)
	if err != nil {
		return handlers.Response{}, err
	}
	if err := mayDecide(read, c, r); err != nil {
		return handlers.Response{}, err
	}
	return handlers.Response{Modal: &chat.Modal{
		CallbackID: rejectCB, Private: r.Key(),
		Title: msg.T("leave.reject_title"), Submit: msg.T("leave.reject_submit"),
		Intro:  msg.T("leave.reject_intro", r.Key(), summary(r)),
		Inputs: []chat.Input{{ID: inReason, Label: msg.T("leave.reject_reason"), Kind: chat.InputText, Multiline: true}},
	}}, nil
}

// mayDecide reports whether the caller may decide the request now.
func mayDecide(tx *storage.Tx, c *handlers.Call, r leave.Request) error {
	if r.State != leave.Pending {
		return settled(r)
	}
	if r.Requester == c.Me.SlackID {
		return approval.ErrOwnRequest
	}
	return tx.CheckMayDecide(r.Key(), c.Me)
}

// decide applies the approver's decision: the step, the request's state,
// the audit row and every message it causes, in one transaction.
func (s *Service) decide(ctx context.Context, c *handlers.Call, key string, action approval.Action, comment string) (handlers.Response, error) {
	var r leave.Request
	var refused string
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if r, err = load(tx, key); err != nil {
			return err
		}
		if action != approval.Reject && r.State == leave.Pending {
			// Art. 57 ¶2 is checked again when deciding: a principal meeting
			// scheduled over the leave after it was filed takes the request
			// to the mayor (or the presiding executive vice mayor).
			next, rr, moved, err := s.recheck(tx, c.Org, r, c.Me.SlackID, c.Now)
			if err != nil {
				return err
			}
			if moved {
				refused = msg.T("leave.refused_art57", handlers.PersonName(c.Org, r.Requester),
					meetingList(rr.Meetings, c.Calendar.Location()), r.Key(), handlers.PersonName(c.Org, next.Approver))
				return nil
			}
		}
		before := auditState(r)
		decided, err := r.Decide(c.Me.SlackID, action != approval.Reject, comment, c.Now)
		if err != nil {
			if r.State == leave.Approved || r.State == leave.Rejected {
				return approval.ErrAlreadyDecided
			}
			return settled(r)
		}
		// The request's row first, then its step, as withdraw and expiry do:
		// one lock order, so concurrent changes wait instead of deadlocking.
		// A refused decision rolls the whole transaction back.
		ok, err := tx.MoveLeave(leave.Pending, decided)
		if err != nil {
			return err
		}
		if !ok {
			return approval.ErrAlreadyDecided
		}
		if _, err := tx.Decide(approval.Decision{Subject: r.Key(), Actor: c.Me, Requester: r.Requester,
			Action: action, Comment: comment}, c.Now); err != nil {
			return err
		}
		r = decided
		if err := tx.Audit(c.Now, c.Me.SlackID, "leave."+string(action), r.Key(), before, auditState(r)); err != nil {
			return err
		}
		if r.State == leave.Approved {
			// The approver now on leave is replaced on their open steps.
			if err := handOver(tx, c, r); err != nil {
				return err
			}
			// The meetings the absence misses now sit with its deputy.
			if err := s.absenceChanged(tx, c, r); err != nil {
				return err
			}
		}
		note, err := tx.StepNote(r.Key())
		if err != nil {
			return err
		}
		return tx.Enqueue(c.Now, decisionMessages(c, r, note)...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	if refused != "" {
		return handlers.Reply(refused), nil
	}
	if r.State == leave.Approved {
		return handlers.Reply(msg.T("leave.you_approved", r.Key(), summary(r))), nil
	}
	return handlers.Reply(msg.T("leave.you_rejected", r.Key(), chat.Escape(comment))), nil
}

func decisionMessages(c *handlers.Call, r leave.Request, note string) []chat.Message {
	who := handlers.PersonName(c.Org, c.Me.SlackID)
	when := c.Now.Format("2006-01-02 15:04")
	var outcome, thread, dm string
	if r.State == leave.Approved {
		outcome = msg.T("leave.outcome_approved", who, when, commentClause(r.DecisionComment))
		thread = msg.T("leave.thread_approved", who, r.Key(), commentClause(r.DecisionComment))
		dm = msg.T("leave.dm_approved", r.Key(), summary(r), who, commentClause(r.DecisionComment))
	} else {
		outcome = msg.T("leave.outcome_rejected", who, when, chat.Escape(r.DecisionComment))
		thread = msg.T("leave.thread_rejected", who, r.Key(), chat.Escape(r.DecisionComment))
		dm = msg.T("leave.dm_rejected", r.Key(), summary(r), who, chat.Escape(r.DecisionComment))
	}
	out := []chat.Message{
		rootUpdate(c.Org, r, note, outcome),
		threadMessage(c.Org, r, thread),
		{Channel: r.Requester, ItemKey: r.Key(), Text: dm},
	}
	if r.State == leave.Approved && r.MeetingAbsence {
		// Art. 57 ¶2: 经批准后，应当委派主持工作的副职领导参加，并将与会人员名单
		// 报送市政府办公室主任. Vice mayors sit in the meeting in their own
		// right and send nobody.
		me, _ := c.Org.Person(r.Requester)
		needsDeputy := !me.Role.IsViceMayor() && me.Role != directory.Mayor
		if od, ok := c.Org.First(directory.OfficeDirector); ok {
			text := msg.T("leave.dm_attendee_change_no_deputy", r.Key(), personLabel(c.Org, r.Requester),
				chat.Escape(r.Meetings), leave.FormatPeriod(r.Period), who)
			switch {
			case r.Deputy != "":
				text = msg.T("leave.dm_attendee_change", r.Key(), personLabel(c.Org, r.Requester),
					chat.Escape(r.Meetings), handlers.PersonName(c.Org, r.Deputy), leave.FormatPeriod(r.Period), who)
			case needsDeputy:
				text = msg.T("leave.dm_attendee_change_deputy_pending", r.Key(), personLabel(c.Org, r.Requester),
					chat.Escape(r.Meetings), leave.FormatPeriod(r.Period), who)
			}
			out = append(out, chat.Message{Channel: od.SlackID, ItemKey: r.Key(), Text: text})
		}
		switch {
		case r.Deputy != "":
			out = append(out, chat.Message{Channel: r.Deputy, ItemKey: r.Key(),
				Text: msg.T("leave.dm_deputy", handlers.PersonName(c.Org, r.Requester), r.Key(), summary(r), chat.Escape(r.Meetings))})
		case needsDeputy:
			out[2].Text += "\n" + deputyHow(r.Key()) // the requester's DM
		}
	}
	return out
}

func commentClause(comment string) string {
	if strings.TrimSpace(comment) == "" {
		return ""
	}
	return msg.T("leave.comment_clause", chat.Escape(comment))
}

// threadReply reads the approver's reply in a request's thread: 同意 / 批准 /
// 准假 approve, 不同意 / 驳回 with a reason reject. Anything else, and
// anything from anyone else, is conversation: no answer.
func (s *Service) threadReply(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	read := s.store.Read(ctx)
	id, err := leave.ParseKey(c.Req.ThreadItem)
	if err != nil {
		return handlers.Response{}, nil
	}
	r, ok, err := read.LeaveByID(id)
	if err != nil || !ok {
		return handlers.Response{}, err
	}
	if r.Requester == c.Me.SlackID {
		// The requester names the deputy in the thread they were asked in
		// (Art. 57 ¶2: 委派主持工作的副职领导参加).
		deputy, ok, err := leave.ParseDeputyReply(chat.Unescape(c.Req.Text), c.Org)
		switch {
		case !ok:
		case err != nil:
			return handlers.Response{}, deputyNameFailure(err)
		default:
			return s.nameDeputy(ctx, c, r.Key(), deputy)
		}
	}
	v, ok := approval.ParseVerdict(chat.Unescape(c.Req.Text), verdicts)
	action, comment := v.Action, v.Comment
	if !ok || r.Requester == c.Me.SlackID {
		return handlers.Response{}, nil
	}
	step, open, err := read.CurrentStep(r.Key())
	if err != nil {
		return handlers.Response{}, err
	}
	if !open || !approval.MayAct(step, c.Me) {
		if r.DecidedBy == c.Me.SlackID && (r.State == leave.Approved || r.State == leave.Rejected) {
			return handlers.Reply(msg.T("approval.err.already_decided")), nil
		}
		return handlers.Response{}, nil
	}
	if action == approval.Reject && comment == "" {
		return handlers.Reply(msg.T("leave.reason_needed", r.Key())), nil
	}
	return s.decide(ctx, c, r.Key(), action, comment)
}

// verdicts are the words that decide a leave request in its thread: the
// whole reply, or the word then punctuation and a comment (approval.ParseVerdict).
var verdicts = []approval.VerdictWord{
	{Word: "同意", Action: approval.Approve}, {Word: "批准", Action: approval.Approve},
	{Word: "准假", Action: approval.Approve}, {Word: "准予", Action: approval.Approve},
	{Word: "不同意", Action: approval.Reject}, {Word: "不批准", Action: approval.Reject},
	{Word: "不准假", Action: approval.Reject}, {Word: "不予批准", Action: approval.Reject},
	{Word: "驳回", Action: approval.Reject},
}
