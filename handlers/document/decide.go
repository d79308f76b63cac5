package document

import (
	"context"
	"errors"
	"strings"

	"officebot/approval"
	"officebot/calendar"
	"officebot/chat"
	"officebot/directory"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
	"officebot/storage"
)

// load reads a short ID (D12) or a registration number and loads the
// incoming document.
func load(tx *storage.Tx, ref string) (document.Incoming, error) {
	ref = strings.TrimSpace(ref)
	id, ok := document.ParseKey(ref)
	if !ok {
		n, isNum := document.ParseNumber(ref)
		if !isNum {
			return document.Incoming{}, handlers.Fail("document.err.bad_key", chat.Fragment(ref))
		}
		var found bool
		var err error
		if id, found, err = tx.DocumentByNumber(n); err != nil {
			return document.Incoming{}, err
		} else if !found {
			return document.Incoming{}, handlers.Fail("document.err.no_number", n.String())
		}
	}
	d, found, err := tx.IncomingByID(id)
	if err != nil {
		return d, err
	}
	if !found {
		return d, handlers.Fail("document.err.not_found", document.Key(id))
	}
	return d, nil
}

// cutRef splits "D12 rest" or "昆政办收〔2026〕3号 rest" into the reference and
// the rest.
func cutRef(text string) (string, string) {
	ref, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	return ref, strings.TrimSpace(rest)
}

// mayDecide refuses at once, before a form is opened, someone who may not
// take the open step of the document.
func (s *Service) mayDecide(ctx context.Context, c *handlers.Call, key string) (document.Incoming, error) {
	read := s.store.Read(ctx)
	d, err := load(read, key)
	if err != nil {
		return d, err
	}
	if !d.State.Open() || d.State == document.Handling && d.ExtDue == "" {
		return d, approval.ErrAlreadyDecided
	}
	return d, read.CheckMayDecide(d.Key(), c.Me)
}

func reasonModal(callback, key, title, submit, label string, optional bool) *chat.Modal {
	return &chat.Modal{CallbackID: callback, Private: key, Title: title, Submit: submit,
		Inputs: []chat.Input{{ID: "text", Label: label, Kind: chat.InputText, Multiline: true, Optional: optional}}}
}

func (s *Service) askApprove(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	d, err := s.mayDecide(ctx, c, key)
	if err != nil {
		return handlers.Response{}, err
	}
	m := reasonModal(cbApprove, d.Key(), msg.T("document.modal.approve"), msg.T("document.btn.approve"), msg.T("document.modal.comment"), true)
	m.Intro = label(d)
	return handlers.Response{Modal: m}, nil
}

func (s *Service) askReturn(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	d, err := s.mayDecide(ctx, c, key)
	if err != nil {
		return handlers.Response{}, err
	}
	m := reasonModal(cbReturn, d.Key(), msg.T("document.modal.return"), msg.T("document.btn.return"), msg.T("document.modal.reason"), false)
	m.Intro = label(d)
	return handlers.Response{Modal: m}, nil
}

func (s *Service) forwardButton(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	return s.decide(ctx, c, key, document.Reply{Action: approval.Forward})
}

func (s *Service) askAssign(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	d, err := s.mayDecide(ctx, c, key)
	if err != nil {
		return handlers.Response{}, err
	}
	var units []chat.Option
	for _, dp := range c.Org.Departments {
		units = append(units, chat.Option{Label: dp.Name, Value: dp.ID})
	}
	return handlers.Response{Modal: &chat.Modal{CallbackID: cbAssign, Private: d.Key(), Title: msg.T("document.modal.assign"),
		Submit: msg.T("document.btn.assign"), Intro: label(d), Inputs: []chat.Input{
			{ID: "lead", Label: msg.T("document.modal.lead"), Kind: chat.InputSelect, Options: units},
			{ID: "co", Label: msg.T("document.modal.co"), Kind: chat.InputText, Optional: true, Placeholder: "财政局,住建局"},
			{ID: "text", Label: msg.T("document.modal.instruction"), Kind: chat.InputText, Multiline: true, Optional: true},
		}}}, nil
}

func (s *Service) askReroute(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	if !c.Me.Role.IsOffice() {
		return handlers.Response{}, handlers.Fail("document.err.office_only")
	}
	d, err := load(s.store.Read(ctx), key)
	if err != nil {
		return handlers.Response{}, err
	}
	if d.State != document.Pending {
		return handlers.Response{}, handlers.Fail("document.err.state", d.Key(), stateName(d.State))
	}
	var leaders []chat.Option
	for _, p := range c.Org.People {
		if p.Active && (p.Role == directory.Mayor || p.Role.IsViceMayor()) && p.SlackID != d.Leader {
			leaders = append(leaders, chat.Option{Label: p.Name, Value: p.SlackID})
		}
	}
	return handlers.Response{Modal: &chat.Modal{CallbackID: cbReroute, Private: d.Key(), Title: msg.T("document.modal.reroute"),
		Submit: msg.T("document.btn.reroute"), Intro: label(d), Inputs: []chat.Input{
			{ID: "to", Label: msg.T("document.modal.to"), Kind: chat.InputSelect, Options: leaders},
			{ID: "text", Label: msg.T("document.modal.reason"), Kind: chat.InputText, Multiline: true},
		}}}, nil
}

func (s *Service) grantButton(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	return s.decide(ctx, c, key, document.Reply{Action: document.Grant})
}

func (s *Service) refuseButton(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	return s.decide(ctx, c, key, document.Reply{Action: document.Refuse})
}

func (s *Service) approveForm(ctx context.Context, c *handlers.Call, f *handlers.Submission) (handlers.Response, error) {
	return s.decide(ctx, c, f.Private, document.Reply{Action: approval.Approve, Comment: strings.TrimSpace(f.Values["text"])})
}

func (s *Service) returnForm(ctx context.Context, c *handlers.Call, f *handlers.Submission) (handlers.Response, error) {
	reason := strings.TrimSpace(f.Values["text"])
	if reason == "" {
		return handlers.Response{Errors: map[string]string{"text": msg.T("document.err.reason_required")}}, nil
	}
	return s.decide(ctx, c, f.Private, document.Reply{Action: approval.Return, Comment: reason})
}

func (s *Service) assignForm(ctx context.Context, c *handlers.Call, f *handlers.Submission) (handlers.Response, error) {
	r := document.Reply{Action: approval.Assign, Lead: strings.TrimSpace(f.Values["lead"]), Comment: strings.TrimSpace(f.Values["text"])}
	if _, ok := c.Org.Department(r.Lead); !ok {
		return handlers.Response{Errors: map[string]string{"lead": msg.T("document.parse.unknown_dept", chat.Fragment(r.Lead))}}, nil
	}
	if co := strings.TrimSpace(f.Values["co"]); co != "" {
		ids, err := document.ParseDepartments(co, c.Org)
		if err != nil {
			var pe *document.ParseError
			errors.As(err, &pe)
			return handlers.Response{Errors: map[string]string{"co": msg.T("document.parse.unknown_dept", chat.Fragment(pe.Arg))}}, nil
		}
		for _, id := range ids {
			if id != r.Lead {
				r.Co = append(r.Co, id)
			}
		}
	}
	return s.decide(ctx, c, f.Private, r)
}

func (s *Service) rerouteForm(ctx context.Context, c *handlers.Call, f *handlers.Submission) (handlers.Response, error) {
	reason := strings.TrimSpace(f.Values["text"])
	if reason == "" {
		return handlers.Response{Errors: map[string]string{"text": msg.T("document.err.reason_required")}}, nil
	}
	return s.reroute(ctx, c, f.Private, document.Reply{Action: document.Reroute, To: f.Values["to"], Comment: reason})
}

// threadReply reads the words typed in a document's thread. Words that
// decide nothing, and words from anyone the open step does not name, are
// conversation: no answer (an answer would be posted for all to see).
func (s *Service) threadReply(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	id, ok := document.ParseKey(c.Req.ThreadItem)
	if !ok {
		return handlers.Response{}, nil
	}
	read := s.store.Read(ctx)
	if dir, found, err := read.DocumentDirection(id); err != nil || !found || dir != document.In {
		if dir == document.Out {
			return s.outThreadReply(ctx, c, id)
		}
		return handlers.Response{}, err
	}
	key := document.Key(id)
	r, ok, perr := document.ParseReply(chat.Unescape(c.Req.Text), c.Org)
	if !ok {
		return handlers.Response{}, nil
	}
	switch r.Action {
	case document.Reroute, document.UrgeIt:
		if !c.Me.Role.IsOffice() {
			return handlers.Response{}, nil
		}
	default:
		if !read.MayActNow(key, c.Me) {
			return handlers.Response{}, nil
		}
	}
	if perr != nil {
		return handlers.Response{}, replyFailure(perr)
	}
	switch r.Action {
	case document.Reroute:
		return s.reroute(ctx, c, key, r)
	case document.UrgeIt:
		return s.urge(ctx, c, key)
	}
	return s.decide(ctx, c, key, r)
}

// replyFailure names what a decision's words did not say right.
func replyFailure(err error) error {
	var pe *document.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	if pe.Arg == "" {
		return handlers.Fail("document.parse." + pe.Code + "_missing")
	}
	return handlers.Fail("document.parse."+pe.Code, chat.Escape(pe.Arg))
}

// stepAction is the approval action a reply takes on the open step: the
// extension words are the extension step's approve and reject.
func stepAction(a approval.Action) approval.Action {
	switch a {
	case document.Grant:
		return approval.Approve
	case document.Refuse:
		return approval.Reject
	}
	return a
}

// decide applies a leader's decision to the open step of the document: the
// document's change, the step, the audit entry and every message, in one
// transaction. Of two decisions at once, one is applied; the other is
// told it was already decided.
func (s *Service) decide(ctx context.Context, c *handlers.Call, key string, r document.Reply) (handlers.Response, error) {
	var (
		d     document.Incoming
		reply string
	)
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if d, err = load(tx, key); err != nil {
			return err
		}
		before := auditState(d)
		step, open, err := tx.CurrentStep(d.Key())
		if err != nil {
			return err
		}
		if !open {
			return approval.ErrAlreadyDecided
		}
		extension := step.Kind == document.StepExtension
		if extension != (r.Action == document.Grant || r.Action == document.Refuse) {
			if !approval.MayAct(step, c.Me) {
				return approval.ErrNotYours
			}
			if extension {
				return handlers.Fail("document.err.extension_waiting", d.Key())
			}
			return handlers.Fail("document.err.no_extension", d.Key())
		}
		changed, out, err := s.transition(tx, c, d, step, r)
		if err != nil {
			return err
		}
		// The document's row first, then its step: one lock order.
		moved, err := tx.MoveIncoming(changed)
		if err != nil {
			return err
		}
		if !moved {
			return approval.ErrAlreadyDecided
		}
		if _, err := tx.Decide(approval.Decision{Subject: d.Key(), Actor: c.Me, Requester: d.Submitter, Action: stepAction(r.Action),
			Comment: r.Comment, ReasonFor: []approval.Action{approval.Return}}, c.Now); err != nil {
			return err
		}
		if r.Action == approval.Forward {
			mayor, _ := c.Org.First(directory.Mayor)
			if _, err := tx.AppendStep(d.Key(), document.DecideStep(c.Org, mayor.SlackID, msg.T("document.route.forwarded", handlers.PersonName(c.Org, c.Me.SlackID))), c.Now); err != nil {
				return err
			}
		}
		if r.Action == document.Grant || r.Action == document.Refuse {
			if _, ok, err := tx.DecideExtension(d.ID, r.Action == document.Grant, c.Me.SlackID, r.Comment, c.Now); err != nil {
				return err
			} else if !ok {
				return approval.ErrAlreadyDecided
			}
		}
		d = changed
		if err := tx.Audit(c.Now, c.Me.SlackID, "document."+string(r.Action), d.Key(), before, auditState(d)); err != nil {
			return err
		}
		reply = out.reply
		return tx.Enqueue(c.Now, append(out.msgs, rootUpdate(c, d))...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(reply), nil
}

// effect is what a decision says: to the person who made it, and to others.
type effect struct {
	reply string
	msgs  []chat.Message
}

// transition returns the document as the decision changes it, with the
// messages it causes.
func (s *Service) transition(tx *storage.Tx, c *handlers.Call, d document.Incoming, step approval.Record, r document.Reply) (document.Incoming, effect, error) {
	who := handlers.PersonName(c.Org, c.Me.SlackID)
	var (
		out document.Incoming
		err error
		e   effect
	)
	if !approval.MayAct(step, c.Me) {
		return d, e, approval.ErrNotYours
	}
	if !approval.Allows(step, stepAction(r.Action)) {
		if r.Action == approval.Forward && step.Kind == document.StepDecide {
			return d, e, handlers.Fail("document.err.mayor_forward")
		}
		return d, e, handlers.Fail("document.err.action_not_here", d.Key(), stateName(d.State))
	}
	switch r.Action {
	case approval.Approve:
		opinion := d.State == document.Opinion
		if out, err = d.Approve(c.Me.SlackID, r.Comment, c.Now); err != nil {
			return d, e, err
		}
		text := msg.T("document.approved", who, label(out), commentClause(r.Comment))
		if opinion {
			text = msg.T("document.opinion_approved", who, label(out), commentClause(r.Comment))
		}
		e.msgs = append(e.msgs, thread(c, out, text), dm(out.Submitter, out, text))
		if opinion {
			if h, ok := c.Org.Head(out.HandlingDept); ok && h.SlackID != out.Submitter {
				e.msgs = append(e.msgs, dm(h.SlackID, out, text))
			}
		}
		e.reply = msg.T("document.you_approved", out.Key())
	case approval.Return:
		if strings.TrimSpace(r.Comment) == "" {
			return d, e, handlers.Fail("document.err.return_reason")
		}
		opinion := d.State == document.Opinion
		if out, err = d.Return(c.Me.SlackID, r.Comment); err != nil {
			return d, e, err
		}
		if opinion {
			text := msg.T("document.opinion_returned", who, label(out), chat.Escape(r.Comment), dueText(c.Calendar, out, c.Now))
			e.msgs = append(e.msgs, thread(c, out, text))
			if h, ok := c.Org.Head(out.HandlingDept); ok {
				e.msgs = append(e.msgs, dm(h.SlackID, out, text))
			}
		} else {
			text := msg.T("document.returned", who, label(out), chat.Escape(r.Comment))
			e.msgs = append(e.msgs, thread(c, out, text), dm(out.Submitter, out, text+"\n"+msg.T("document.resubmit_hint")))
		}
		e.reply = msg.T("document.you_returned", out.Key())
	case approval.Forward:
		mayor, ok := c.Org.First(directory.Mayor)
		if !ok {
			return d, e, document.ErrNoLeader
		}
		if d.Leader == mayor.SlackID {
			// Re-routed (改派) to the mayor with the vice mayor's actions.
			return d, e, handlers.Fail("document.err.mayor_forward")
		}
		if out, err = d.Forward(mayor.SlackID); err != nil {
			return d, e, err
		}
		text := msg.T("document.forwarded", who, label(out), chat.Mention(mayor.SlackID), commentClause(r.Comment))
		e.msgs = append(e.msgs, thread(c, out, text), dm(mayor.SlackID, out, text), dm(out.Submitter, out, text))
		e.reply = msg.T("document.you_forwarded", out.Key())
	case approval.Assign:
		if r.Lead == "" {
			return d, e, handlers.Fail("document.parse.unknown_dept_missing")
		}
		due, err := document.DueDate(c.Calendar, d.Category, c.Now, d.UrgentDue)
		if err != nil {
			return d, e, err
		}
		if out, err = d.Assign(document.Assignment{Lead: r.Lead, Co: r.Co, Instruction: r.Comment, By: c.Me.SlackID, At: c.Now, Due: due}); err != nil {
			return d, e, err
		}
		handling := deptName(c.Org, out.HandlingDept)
		if len(out.HandlingCo) > 0 {
			handling = msg.T("document.handling_with", handling, deptNames(c.Org, out.HandlingCo))
		}
		urgent := ""
		if out.Category == calendar.Urgent {
			urgent = out.UrgentDue
		}
		limit := tArg("document.limit."+string(out.Category), urgent)
		text := msg.T("document.assigned", who, label(out), handling, commentClause(r.Comment), limit, dueText(c.Calendar, out, c.Now))
		e.msgs = append(e.msgs, thread(c, out, text), dm(out.Submitter, out, text))
		tell := []string{out.HandlingDept}
		tell = append(tell, out.HandlingCo...)
		for _, dept := range tell {
			if h, ok := c.Org.Head(dept); ok && h.SlackID != out.Submitter {
				e.msgs = append(e.msgs, dm(h.SlackID, out, text+"\n"+msg.T("document.handling_hint", out.Key())))
			}
		}
		e.reply = msg.T("document.you_assigned", out.Key(), handling, dueText(c.Calendar, out, c.Now))
	case document.Grant, document.Refuse:
		asked := d.ExtDue
		provisional := false
		if r.Action == document.Grant {
			due, err := document.DateDue(c.Calendar, d.ExtDue)
			if err != nil {
				return d, e, err
			}
			provisional = due.Provisional
		}
		if out, err = d.DecideExtension(r.Action == document.Grant, provisional); err != nil {
			return d, e, err
		}
		text := msg.T("document.ext_refused", who, label(out), asked, commentClause(r.Comment), dueText(c.Calendar, out, c.Now))
		if r.Action == document.Grant {
			text = msg.T("document.ext_granted", who, label(out), dueText(c.Calendar, out, c.Now), out.Extensions)
		}
		e.msgs = append(e.msgs, thread(c, out, text))
		if h, ok := c.Org.Head(out.HandlingDept); ok {
			e.msgs = append(e.msgs, dm(h.SlackID, out, text))
		}
		e.reply = msg.T("document.you_refused_ext", out.Key(), asked, dueText(c.Calendar, out, c.Now))
		if r.Action == document.Grant {
			e.reply = msg.T("document.you_granted_ext", out.Key(), dueText(c.Calendar, out, c.Now))
		}
	default:
		return d, e, handlers.ErrStaleControl
	}
	return out, e, nil
}

// reroute hands a pending document to another leader (改派): the office
// only, with a reason; the old buttons decide nothing afterwards.
func (s *Service) reroute(ctx context.Context, c *handlers.Call, key string, r document.Reply) (handlers.Response, error) {
	if !c.Me.Role.IsOffice() {
		return handlers.Response{}, handlers.Fail("document.err.office_only")
	}
	if strings.TrimSpace(r.Comment) == "" {
		return handlers.Response{}, handlers.Fail("document.err.reroute_reason", handlers.PersonName(c.Org, r.To))
	}
	to, ok := c.Org.Person(r.To)
	if !ok || !(to.Role == directory.Mayor || to.Role.IsViceMayor()) {
		return handlers.Response{}, handlers.Fail("document.err.not_a_leader", handlers.PersonName(c.Org, r.To))
	}
	var d document.Incoming
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if d, err = load(tx, key); err != nil {
			return err
		}
		if d.State != document.Pending {
			return handlers.Fail("document.err.state", d.Key(), stateName(d.State))
		}
		if d.Leader == to.SlackID {
			return handlers.Fail("document.err.same_leader", handlers.PersonName(c.Org, to.SlackID))
		}
		before := auditState(d)
		from := d.Leader
		changed, err := d.Forward(to.SlackID)
		if err != nil {
			return err
		}
		if ok, err := tx.MoveIncoming(changed); err != nil {
			return err
		} else if !ok {
			return approval.ErrAlreadyDecided
		}
		note := msg.T("document.route.rerouted", handlers.PersonName(c.Org, c.Me.SlackID), chat.Escape(r.Comment))
		if err := tx.ReassignStep(d.Key(), to.SlackID, note); err != nil {
			return err
		}
		d = changed
		if err := tx.Audit(c.Now, c.Me.SlackID, "document.reroute", d.Key(), before, map[string]any{"leader": d.Leader, "reason": r.Comment}); err != nil {
			return err
		}
		text := msg.T("document.rerouted", handlers.PersonName(c.Org, c.Me.SlackID), label(d), handlers.PersonName(c.Org, from), chat.Mention(to.SlackID), chat.Escape(r.Comment))
		return tx.Enqueue(c.Now, thread(c, d, text), dm(to.SlackID, d, text), dm(from, d, text), rootUpdate(c, d))
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("document.you_rerouted", d.Key(), handlers.PersonName(c.Org, to.SlackID))), nil
}
