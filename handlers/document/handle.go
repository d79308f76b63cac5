package document

import (
	"context"
	"errors"
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
	"officebot/storage"
)

// handlerErr turns the domain's refusals of a handling step into the
// person's message, naming the document.
func handlerErr(c *handlers.Call, d document.Incoming, err error) error {
	switch {
	case errors.Is(err, document.ErrNotHandler):
		if d.HandlingDept == "" {
			return handlers.Fail("document.err.state", d.Key(), stateName(d.State))
		}
		return handlers.Fail("document.err.not_handler", d.Key(), deptName(c.Org, d.HandlingDept))
	case errors.Is(err, document.ErrNotInState):
		return handlers.Fail("document.err.state", d.Key(), stateName(d.State))
	case errors.Is(err, document.ErrOpinionRequired):
		return handlers.Fail("document.err.opinion_required", d.Key(), d.Key())
	case errors.Is(err, document.ErrNoOpinionNeeded):
		return handlers.Fail("document.err.no_opinion_needed", d.Key(), categoryName(d.Category))
	case errors.Is(err, document.ErrExtensionPending):
		return handlers.Fail("document.err.extension_pending", d.Key(), d.ExtDue)
	case errors.Is(err, document.ErrPastDue):
		return handlers.Fail("document.err.past_due", d.Key(), d.Due)
	case errors.Is(err, document.ErrNotLater):
		return handlers.Fail("document.err.not_later", d.Due)
	case errors.Is(err, document.ErrUrgedToday):
		return handlers.Fail("document.err.urged_today", d.Key(), d.UrgedAt.In(c.Calendar.Location()).Format("15:04"), handlers.PersonName(c.Org, d.UrgedBy))
	}
	return err
}

// mayAct refuses a handling step (办结, 书面意见, 延期) to someone who may
// not even read the document, before anything of it is said: its state,
// title and handling unit are for those CanSee admits. Those who may read
// it get the domain's precise reason from the step itself.
func mayAct(tx *storage.Tx, c *handlers.Call, d document.Incoming) error {
	if d.MayHandle(c.Me, c.Org) {
		return nil
	}
	steps, err := tx.Steps(d.Key())
	if err != nil {
		return err
	}
	if !d.CanSee(c.Me, path(steps)) {
		return handlers.Fail("document.err.not_yours", d.Key())
	}
	return nil
}

// closeExtension ends an extension request still waiting when the
// document leaves handling.
func closeExtension(tx *storage.Tx, c *handlers.Call, d document.Incoming) (document.Incoming, error) {
	if d.ExtDue == "" {
		return d, nil
	}
	if err := tx.CancelApproval(d.Key()); err != nil && !errors.Is(err, approval.ErrAlreadyDecided) {
		return d, err
	}
	if _, _, err := tx.DecideExtension(d.ID, false, c.Me.SlackID, msg.T("document.ext_withdrawn"), c.Now); err != nil {
		return d, err
	}
	d.ExtDue, d.ExtReason = "", ""
	return d, nil
}

// done closes a document (办结, Art. 54) with the result: the handling
// department's head or the deputy standing in; files shared with the
// command are kept with it and copied into the thread.
func (s *Service) done(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	ref, result := cutRef(text)
	if ref == "" {
		return handlers.Reply(msg.T("document.usage.done")), nil
	}
	c.FilesUsed = true
	if len(c.Req.Files) > maxFiles {
		return handlers.Response{}, handlers.Fail("document.err.too_many_files", maxFiles)
	}
	if result == "" && len(c.Req.Files) > 0 {
		result = msg.T("document.result_see_files")
	}
	var d document.Incoming
	late := false
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if d, err = load(tx, ref); err != nil {
			return err
		}
		if err := mayAct(tx, c, d); err != nil {
			return err
		}
		before := auditState(d)
		if result == "" {
			if d.MayHandle(c.Me, c.Org) {
				return handlers.Fail("document.usage.done")
			}
		}
		closed, err := d.Close(c.Me, c.Org, result, c.Now)
		if err != nil {
			return handlerErr(c, d, err)
		}
		if closed, err = closeExtension(tx, c, closed); err != nil {
			return err
		}
		closed.Files = append(closed.Files, c.Req.Files...)
		if ok, err := tx.MoveIncoming(closed); err != nil {
			return err
		} else if !ok {
			return handlers.Fail("document.err.changed", d.Key())
		}
		d = closed
		late = c.Calendar.Date(c.Now).Format(time.DateOnly) > d.Due
		if err := tx.Audit(c.Now, c.Me.SlackID, "document.done", d.Key(), before, map[string]any{"result": result, "late": late}); err != nil {
			return err
		}
		when := msg.T("document.on_time")
		if late {
			when = msg.T("document.late")
		}
		text := msg.T("document.closed", deptName(c.Org, d.HandlingDept), handlers.PersonName(c.Org, c.Me.SlackID), label(d), when,
			dueText(c.Calendar, d, time.Time{}), chat.Escape(result))
		out := []chat.Message{thread(c, d, text)}
		for _, f := range c.Req.Files {
			m := thread(c, d, msg.T("document.file", d.Key(), chat.Escape(f.Name)))
			m.File = &f
			out = append(out, m)
		}
		out = append(out, dm(d.AssignedBy, d, text))
		if d.Submitter != d.AssignedBy && d.Submitter != c.Me.SlackID {
			out = append(out, dm(d.Submitter, d, text))
		}
		return tx.Enqueue(c.Now, append(out, rootUpdate(c, d))...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	if late {
		return handlers.Reply(msg.T("document.you_closed_late", d.Key(), d.Due)), nil
	}
	return handlers.Reply(msg.T("document.you_closed", d.Key())), nil
}

// opinion files the unit's written opinion on a needs_approval document
// (Art. 54: 提出本部门书面意见，在6个工作日内回复); it goes back to the
// leader who assigned it for 批示.
func (s *Service) opinion(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	ref, body := cutRef(text)
	if ref == "" || body == "" {
		return handlers.Reply(msg.T("document.usage.opinion")), nil
	}
	var d document.Incoming
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if d, err = load(tx, ref); err != nil {
			return err
		}
		if err := mayAct(tx, c, d); err != nil {
			return err
		}
		before := auditState(d)
		filed, err := d.FileOpinion(c.Me, c.Org, body)
		if err != nil {
			return handlerErr(c, d, err)
		}
		if filed, err = closeExtension(tx, c, filed); err != nil {
			return err
		}
		if ok, err := tx.MoveIncoming(filed); err != nil {
			return err
		} else if !ok {
			return handlers.Fail("document.err.changed", d.Key())
		}
		if _, err := tx.AppendStep(filed.Key(), document.OpinionStep(filed.AssignedBy), c.Now); err != nil {
			return err
		}
		d = filed
		if err := tx.Audit(c.Now, c.Me.SlackID, "document.opinion", d.Key(), before, map[string]any{"opinion": body}); err != nil {
			return err
		}
		text := msg.T("document.opinion_filed", deptName(c.Org, d.HandlingDept), label(d), dueText(c.Calendar, d, time.Time{}),
			chat.Escape(body), chat.Mention(d.AssignedBy))
		return tx.Enqueue(c.Now, thread(c, d, text), dm(d.AssignedBy, d, text+"\n"+msg.T("document.opinion_hint")), rootUpdate(c, d))
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("document.you_filed_opinion", d.Key(), handlers.PersonName(c.Org, d.AssignedBy))), nil
}

// extend asks the leader who assigned the document for a later due date
// (延期): before the due date has passed, with a reason.
func (s *Service) extend(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	ref, rest := cutRef(text)
	date, reason := cutRef(rest)
	if ref == "" || date == "" {
		return handlers.Reply(msg.T("document.usage.extend")), nil
	}
	to, ok := document.ParseDate(date, c.Now)
	if q, ambiguous := document.DateQuestion(date, c.Now); !ok && ambiguous {
		return handlers.Response{}, handlers.Fail("document.parse.ambiguous_date", chat.Escape(q))
	}
	if !ok {
		return handlers.Response{}, handlers.Fail("document.parse.bad_date", chat.Fragment(date))
	}
	if reason == "" {
		return handlers.Response{}, handlers.Fail("document.err.ext_reason")
	}
	var d document.Incoming
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if d, err = load(tx, ref); err != nil {
			return err
		}
		if err := mayAct(tx, c, d); err != nil {
			return err
		}
		before := auditState(d)
		asked, err := d.RequestExtension(c.Me, c.Org, to, reason, c.Calendar.Date(c.Now))
		if err != nil {
			return handlerErr(c, d, err)
		}
		if ok, err := tx.MoveIncoming(asked); err != nil {
			return err
		} else if !ok {
			return handlers.Fail("document.err.changed", d.Key())
		}
		n, err := tx.AddExtension(asked, c.Me.SlackID, c.Now)
		if err != nil {
			return err
		}
		if _, err := tx.AppendStep(asked.Key(), document.ExtensionStep(asked.AssignedBy), c.Now); err != nil {
			return err
		}
		d = asked
		if err := tx.Audit(c.Now, c.Me.SlackID, "document.extend", d.Key(), before, map[string]any{"to": d.ExtDue, "reason": reason, "n": n}); err != nil {
			return err
		}
		text := msg.T("document.ext_asked", deptName(c.Org, d.HandlingDept), label(d), d.Due, d.ExtDue, chat.Escape(reason),
			chat.Mention(d.AssignedBy), d.Extensions)
		bs := chat.Buttons(
			chat.Button{Label: msg.T("document.btn.ext_grant"), ActionID: actExtGrant, Value: d.Key(), Style: chat.Primary},
			chat.Button{Label: msg.T("document.btn.ext_refuse"), ActionID: actExtRefuse, Value: d.Key(), Style: chat.Danger},
		)
		return tx.Enqueue(c.Now, thread(c, d, text, chat.Text(text), bs), dm(d.AssignedBy, d, text+"\n"+msg.T("document.ext_hint")))
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("document.you_asked_ext", d.Key(), d.ExtDue, handlers.PersonName(c.Org, d.AssignedBy))), nil
}

func (s *Service) urgeButton(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	return s.urge(ctx, c, key)
}

// urge reminds the handling department of a document (催办): the office
// only, once a day per document, recorded with who and when.
func (s *Service) urge(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	if !c.Me.Role.IsOffice() {
		return handlers.Response{}, handlers.Fail("document.err.office_only")
	}
	ref, _ := cutRef(text)
	if ref == "" {
		return handlers.Reply(msg.T("document.usage.urge")), nil
	}
	var d document.Incoming
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if d, err = load(tx, ref); err != nil {
			return err
		}
		urged, err := d.Urge(c.Me.SlackID, c.Now, c.Calendar.Location())
		if err != nil {
			return handlerErr(c, d, err)
		}
		if ok, err := tx.MoveIncoming(urged); err != nil {
			return err
		} else if !ok {
			// Urged (or changed) by someone else a moment ago.
			return handlers.Fail("document.err.changed", d.Key())
		}
		d = urged
		if err := tx.Audit(c.Now, c.Me.SlackID, "document.urge", d.Key(), nil, map[string]any{"urges": d.Urges}); err != nil {
			return err
		}
		text := msg.T("document.urged", handlers.PersonName(c.Org, c.Me.SlackID), label(d), deptName(c.Org, d.HandlingDept), dueText(c.Calendar, d, c.Now), d.Urges)
		out := []chat.Message{thread(c, d, text)}
		if h, ok := c.Org.Head(d.HandlingDept); ok {
			out = append(out, dm(h.SlackID, d, text))
		}
		return tx.Enqueue(c.Now, out...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("document.you_urged", d.Key())), nil
}
