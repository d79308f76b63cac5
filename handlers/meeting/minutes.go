package meeting

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
)

// fileMinutes files the minutes of a meeting that took place (Art. 45):
// the next revision, in review by the chain the rules give it.
func (s *Service) fileMinutes(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	var (
		m     meeting.Meeting
		mins  meeting.Minutes
		chain []meeting.Signoff
	)
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var rest string
		var err error
		if m, rest, err = loadMeeting(tx, text); err != nil {
			return err
		}
		last, found, err := tx.LatestMinutes(m.ID)
		if err != nil {
			return err
		}
		var latest *meeting.Minutes
		if found {
			latest = &last
		}
		switch err := m.CheckMinutes(c.Me, c.Now, latest); {
		case errors.Is(err, meeting.ErrNotMinutesFiler):
			return handlers.Fail("meeting.err.not_minutes_filer", m.Key())
		case errors.Is(err, meeting.ErrCancelled):
			return handlers.Fail("meeting.err.cancelled", m.Key())
		case errors.Is(err, meeting.ErrTooEarly):
			return handlers.Fail("meeting.err.minutes_too_early", m.Key(), when(c, m.Start, m.End))
		case rest == "":
			return handlers.Fail("meeting.usage.minutes")
		case errors.Is(err, meeting.ErrMinutesInReview):
			return handlers.Fail("meeting.err.minutes_in_review", m.Key())
		case errors.Is(err, meeting.ErrMinutesSigned):
			return handlers.Fail("meeting.err.minutes_signed", m.Key())
		}
		parsed, err := meeting.ParseMinutes(rest, c.Org)
		if err != nil {
			return parseFailure(err)
		}
		if parsed.Delegated && m.Type != meeting.Special {
			// 代签 is the mayor's entrustment, not the filer's choice (Art. 45).
			if err := checkEntrusted(tx, c); err != nil {
				return err
			}
		}
		// The filer's 全市性 only proposes the mayor as signer: whether
		// special-topic minutes concern a city-wide matter is decided at
		// review (Art. 45, decideMinutes), which sets the signer again.
		if chain, err = meeting.MinutesChain(c.Org, m, meeting.MinutesFlags{CityWide: parsed.CityWideProposed,
			Delegated: parsed.Delegated, LeadDepartment: parsed.LeadDepartment(), FiledBy: c.Me.SlackID}); err != nil {
			return err
		}
		mins = m.FileMinutes(parsed, latest, c.Me.SlackID, c.Now)
		if err := tx.FileMinutes(&mins); err != nil {
			return err
		}
		subject := mins.Subject()
		if err := tx.StartApproval(subject, approvalSteps(chain), c.Now); err != nil {
			return err
		}
		// Not cancelled meanwhile: the meeting was held.
		if err := written(m, "meeting.err.minutes_state")(tx.HoldMeeting(m, meeting.MayHold, c.Now)); err != nil {
			return err
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "meeting.minutes.file", m.Key(), nil, mins); err != nil {
			return err
		}
		msgs := []chat.Message{{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), InThread: true,
			Text:   msg.T("meeting.minutes_filed_thread", m.Key(), m.Name(), mins.Revision, name(c, c.Me.SlackID)),
			Blocks: minutesBlocks(c, m, mins, chain[0], subject, 1)}}
		msgs = append(msgs, stepDMs(c, m, chain[0], subject, 1)...)
		return tx.Enqueue(c.Now, msgs...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("meeting.minutes_filed", m.Key(), m.Name(), actors(c, chain[0]))), nil
}

// approvalSteps turns the Art. 45 chain into approval steps: a review may
// pass (审核通过) or be returned (退回修改), a signature may sign (签发) or
// return.
func approvalSteps(chain []meeting.Signoff) []approval.Step {
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

// signoffOf is the Art. 45 step an approval step stands for.
func signoffOf(s approval.Record) meeting.Signoff {
	return meeting.Signoff{Kind: s.Kind, Assignee: s.Assignee, Role: s.Role, AlsoRoles: s.AlsoRoles, Why: s.Note}
}

// holders lists who may act on a step.
func holders(c *handlers.Call, s meeting.Signoff) []directory.Person {
	var out []directory.Person
	for _, p := range c.Org.People {
		if !p.Active {
			continue
		}
		if len(s.Among) > 0 && !slices.Contains(s.Among, p.SlackID) {
			continue
		}
		if (s.Assignee != "" && p.SlackID == s.Assignee) || (s.Assignee == "" && s.Role != "" && p.Role == s.Role) ||
			slices.Contains(s.AlsoRoles, p.Role) {
			out = append(out, p)
		}
	}
	return out
}

// attendedNames names the office's directors who attended m: 林副主任.
func attendedNames(c *handlers.Call, m meeting.Meeting, filer string) string {
	var names []string
	for _, p := range meeting.AttendingReviewers(c.Org, m, filer) {
		names = append(names, chat.Escape(p.Name))
	}
	return strings.Join(names, "、")
}

// reviewStep is the open step as Art. 45 keeps it: the review of
// special-topic minutes among the directors who attended.
func reviewStep(c *handlers.Call, m meeting.Meeting, filer string, s meeting.Signoff) meeting.Signoff {
	if m.Type == meeting.Special && s.Kind == meeting.Review && s.Assignee == "" {
		for _, p := range meeting.AttendingReviewers(c.Org, m, filer) {
			s.Among = append(s.Among, p.SlackID)
		}
	}
	return s
}

// actors names who may act on a step: 赵主任 or 赵主任/林副主任.
func actors(c *handlers.Call, s meeting.Signoff) string {
	var names []string
	for _, p := range holders(c, s) {
		names = append(names, chat.Escape(p.Name))
	}
	if len(names) == 0 {
		return msg.T("meeting.nobody")
	}
	return strings.Join(names, "/")
}

// stepButtons are the buttons of an open step. Their value names the step
// (subject#seq), so a click on the buttons of a step already decided is
// refused instead of deciding the next one. The review of special-topic
// minutes passes with one of two buttons, the reviewer's decision whether
// they concern a city-wide matter (Art. 45: 涉及全局性事项的，须经市长签发).
func stepButtons(m meeting.Meeting, s meeting.Signoff, subject string, seq int) chat.Block {
	subject = fmt.Sprintf("%s#%d", subject, seq)
	ret := chat.Button{Label: msg.T("meeting.btn.return"), ActionID: actReturn, Value: subject, Style: chat.Danger}
	switch {
	case s.Kind == meeting.Sign:
		return chat.Buttons(chat.Button{Label: msg.T("meeting.btn.sign"), ActionID: actSign, Value: subject, Style: chat.Primary}, ret)
	case m.Type == meeting.Special:
		return chat.Buttons(
			chat.Button{Label: msg.T("meeting.btn.review_local"), ActionID: actReview, Value: subject, Style: chat.Primary},
			chat.Button{Label: msg.T("meeting.btn.review_citywide"), ActionID: actReviewCityWide, Value: subject},
			ret)
	}
	return chat.Buttons(chat.Button{Label: msg.T("meeting.btn.review"), ActionID: actReview, Value: subject, Style: chat.Primary}, ret)
}

// scopeChoice explains the choice at the review of special-topic minutes:
// who signs either way, and what the filer proposed.
func scopeChoice(c *handlers.Call, m meeting.Meeting, mins meeting.Minutes) string {
	local := msg.T("meeting.scope_no_signer")
	if chain, err := meeting.MinutesChain(c.Org, m, meeting.MinutesFlags{LeadDepartment: mins.LeadDepartment(), FiledBy: mins.FiledBy}); err == nil {
		local = actors(c, chain[len(chain)-1])
	}
	mayor := msg.T("meeting.nobody")
	if p, ok := c.Org.First(directory.Mayor); ok {
		mayor = chat.Escape(p.Name)
	}
	text := msg.T("meeting.scope_choice", local, mayor)
	if mins.CityWideProposed {
		text += msg.T("meeting.scope_proposed")
	}
	return text
}

// minutesBlocks shows minutes with the open step and its buttons.
func minutesBlocks(c *handlers.Call, m meeting.Meeting, mins meeting.Minutes, step meeting.Signoff, subject string, seq int) []chat.Block {
	var bs []chat.Block
	if mins.Text != "" {
		bs = append(bs, chat.Text(chat.Escape(mins.Text)))
	}
	if len(mins.Items) > 0 {
		due := meeting.ReportDue(c.Calendar, m.Start)
		var lines []string
		for i, it := range mins.Items {
			lines = append(lines, fmt.Sprintf("%d. %s：%s", i+1, dept(c, it.Department), chat.Escape(it.Task)))
		}
		bs = append(bs, chat.Text(msg.T("meeting.minutes_items", date(c, due.Date), strings.Join(lines, "\n"))))
	}
	var flags []string
	switch {
	case mins.CityWide:
		flags = append(flags, msg.T("meeting.flag.citywide"))
	case mins.CityWideProposed && m.Type == meeting.Special:
		flags = append(flags, msg.T("meeting.flag.citywide_proposed"))
	}
	if mins.Delegated {
		flags = append(flags, msg.T("meeting.flag.delegated"))
	}
	if len(flags) > 0 {
		bs = append(bs, chat.Note(strings.Join(flags, "；")))
	}
	bs = append(bs, chat.Text(msg.T("meeting.step_waiting", msg.T("meeting.step."+step.Kind), actors(c, step), msg.T("meeting.why."+step.Why))))
	if step.Kind == meeting.Review && m.Type == meeting.Special {
		bs = append(bs, chat.Note(scopeChoice(c, m, mins)))
	}
	return append(bs, stepButtons(m, step, subject, seq))
}

// stepDMs tells whoever may act on the open step that it waits for them.
func stepDMs(c *handlers.Call, m meeting.Meeting, step meeting.Signoff, subject string, seq int) []chat.Message {
	var out []chat.Message
	for _, p := range holders(c, step) {
		out = append(out, chat.Message{Channel: p.SlackID, ItemKey: m.Key(),
			Text:   msg.T("meeting.step_dm", m.Key(), m.Name(), msg.T("meeting.step."+step.Kind)),
			Blocks: []chat.Block{chat.Text(msg.T("meeting.step_dm", m.Key(), m.Name(), msg.T("meeting.step."+step.Kind))), stepButtons(m, step, subject, seq)}})
	}
	return out
}

// decideMinutes applies a review, signature or return to a revision of a
// meeting's minutes. Only the person (or role) the open step names may act.
// scope is the reviewer's decision whether special-topic minutes concern a
// city-wide matter (nil: none given); their review passes only with it.
func (s *Service) decideMinutes(ctx context.Context, c *handlers.Call, subject string, action approval.Action, comment string, scope *bool) (handlers.Response, error) {
	mid, rev, seq, ok := meeting.ParseSubject(subject)
	if !ok {
		// Not a value this build put on a button: refused like a stale one.
		return handlers.Response{}, fmt.Errorf("minutes subject %q: %w", subject, handlers.ErrStaleControl)
	}
	subject = meeting.MinutesSubject(mid, rev)
	var (
		m        meeting.Meeting
		out      approval.Outcome
		items    []meeting.ActionItem
		cityWide *bool // the scope decided at this review
	)
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var found bool
		var err error
		if m, found, err = tx.LoadMeeting(mid); err != nil {
			return err
		}
		if !found {
			return handlers.Fail("meeting.err.no_meeting", meeting.Key(mid))
		}
		mins, found, err := tx.MinutesOf(mid, rev)
		if err != nil {
			return err
		}
		if !found || mins.State != meeting.MinutesInReview {
			return approval.ErrAlreadyDecided
		}
		if seq > 0 {
			cur, ok, err := tx.CurrentStep(subject)
			if err != nil {
				return err
			}
			if !ok || cur.Seq != seq {
				return approval.ErrAlreadyDecided
			}
		}
		cur, ok, err := tx.CurrentStep(subject)
		if err != nil {
			return err
		}
		// Art. 45: special-topic minutes are reviewed by the director or
		// deputy director who attended.
		if ok && cur.Kind == meeting.Review && approval.MayAct(cur, c.Me) && !meeting.MayReview(c.Org, m, mins.FiledBy, c.Me) {
			return handlers.Fail("meeting.err.reviewer_absent", m.Key(), attendedNames(c, m, mins.FiledBy))
		}
		requester := ""
		if filer, known := c.Org.Person(mins.FiledBy); ok && known && cur.Kind == meeting.Review && approval.MayAct(cur, filer) {
			requester = mins.FiledBy // nobody reviews minutes they filed (Art. 45)
		}
		// Art. 45: 专题会议纪要…涉及全局性事项的，须经市长签发 — decided by the
		// office director or deputy director who reviews, not by the filer.
		scoped := m.Type == meeting.Special && cur.Kind == meeting.Review && action == approval.Approve
		if out, err = tx.Decide(approval.Decision{Subject: subject, Actor: c.Me, Requester: requester, Action: action, Comment: comment}, c.Now); err != nil {
			return err
		}
		if scoped {
			if scope == nil {
				// After Decide, which says first whether this person may
				// review at all; the refusal rolls the review back.
				return handlers.Fail("meeting.err.scope_needed")
			}
			if err := scopeMinutes(tx, c, m, mins, *scope, &out); err != nil {
				return err
			}
			cityWide = scope
		}
		thread := func(text string, blocks ...chat.Block) chat.Message {
			return chat.Message{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), InThread: true, Text: text, Blocks: blocks}
		}
		var msgs []chat.Message
		switch {
		case action == approval.Return:
			if err := tx.ReturnMinutes(mins.Return()); err != nil {
				return err
			}
			text := msg.T("meeting.minutes_returned", m.Key(), m.Name(), name(c, c.Me.SlackID), chat.Escape(comment))
			msgs = append(msgs, thread(text), chat.Message{Channel: mins.FiledBy, ItemKey: m.Key(), Text: text + "\n" + msg.T("meeting.minutes_refile", m.Key())})
		case !out.Final && out.Next != nil:
			next := signoffOf(*out.Next)
			text := msg.T("meeting.minutes_passed", m.Key(), m.Name(), name(c, c.Me.SlackID), msg.T("meeting.step."+out.Step.Kind))
			if cityWide != nil {
				text += scopeLine(*cityWide)
			}
			msgs = append(msgs, thread(text, chat.Text(text),
				chat.Text(msg.T("meeting.step_waiting", msg.T("meeting.step."+next.Kind), actors(c, next), msg.T("meeting.why."+next.Why))),
				stepButtons(m, next, subject, out.Next.Seq)))
			msgs = append(msgs, stepDMs(c, m, next, subject, out.Next.Seq)...)
		default: // signed: the decisions become action items due in ten days (Art. 47)
			if items, msgs, err = s.sign(tx, c, m, mins); err != nil {
				return err
			}
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "meeting.minutes."+string(action), m.Key(), nil, out.Step); err != nil {
			return err
		}
		return tx.Enqueue(c.Now, msgs...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	switch {
	case action == approval.Return:
		return handlers.Reply(msg.T("meeting.you_returned", m.Key(), m.Name())), nil
	case out.Next != nil:
		reply := msg.T("meeting.you_passed", m.Key(), m.Name(), actors(c, signoffOf(*out.Next)))
		if cityWide != nil {
			reply += scopeLine(*cityWide)
		}
		return handlers.Reply(reply), nil
	}
	if len(items) == 0 {
		return handlers.Reply(msg.T("meeting.you_signed_no_items", m.Key(), m.Name())), nil
	}
	var lines []string
	for _, it := range items {
		lines = append(lines, msg.T("meeting.item_line", it.Key(), dept(c, it.Department), chat.Escape(it.Task), it.Due))
	}
	return handlers.Reply(msg.T("meeting.you_signed", m.Key(), m.Name(), len(items)) + "\n" + strings.Join(lines, "\n")), nil
}

// sign writes the minutes signed and their action items, and returns the
// items with the messages that tell the thread, each department head and
// who filed the minutes.
func (s *Service) sign(tx *storage.Tx, c *handlers.Call, m meeting.Meeting, mins meeting.Minutes) ([]meeting.ActionItem, []chat.Message, error) {
	mins = mins.Sign(c.Me.SlackID, c.Now)
	if err := tx.SignMinutes(mins); err != nil {
		return nil, nil, err
	}
	items, err := tx.CreateActionItems(mins.ActionItems(m, c.Calendar, c.Now))
	if err != nil {
		return nil, nil, err
	}
	var msgs []chat.Message
	var lines []string
	for _, it := range items {
		lines = append(lines, msg.T("meeting.item_line", it.Key(), dept(c, it.Department), chat.Escape(it.Task), it.Due))
		dm := msg.T("meeting.item_dm", m.Key(), m.Name(), it.Key(), chat.Escape(it.Task), it.Due, it.Key())
		if it.DueProvisional {
			dm += "\n" + msg.T("meeting.due_provisional")
		}
		if h, ok := c.Org.Head(it.Department); ok {
			msgs = append(msgs, chat.Message{Channel: h.SlackID, ItemKey: it.Key(), Text: dm})
		}
	}
	if err := tx.Audit(c.Now, c.Me.SlackID, "meeting.items.create", m.Key(), nil, items); err != nil {
		return nil, nil, err
	}
	text := msg.T("meeting.minutes_signed", m.Key(), m.Name(), name(c, c.Me.SlackID))
	blocks := []chat.Block{chat.Text(text)}
	if len(lines) > 0 {
		blocks = append(blocks, chat.Text(msg.T("meeting.items_title", strings.Join(lines, "\n"))))
	}
	msgs = append(msgs, chat.Message{Channel: c.Org.Channels.Meetings, ItemKey: m.Key(), InThread: true, Text: text, Blocks: blocks})
	if mins.FiledBy != c.Me.SlackID {
		msgs = append(msgs, chat.Message{Channel: mins.FiledBy, ItemKey: m.Key(), Text: text})
	}
	return items, msgs, nil
}

// scopeMinutes records the reviewer's decision on special-topic minutes
// (meeting.Minutes.Scope) and gives the signature step, opened by the
// review in out, to whom Art. 45 then names: the mayor for a city-wide
// matter, the leader in charge otherwise. Without a leader in charge only
// the mayor can sign, and the reviewer is told so.
func scopeMinutes(tx *storage.Tx, c *handlers.Call, m meeting.Meeting, mins meeting.Minutes, cityWide bool, out *approval.Outcome) error {
	chain, err := meeting.MinutesChain(c.Org, m, meeting.MinutesFlags{CityWide: cityWide,
		LeadDepartment: mins.LeadDepartment(), FiledBy: mins.FiledBy})
	if errors.Is(err, meeting.ErrNoSigner) {
		return handlers.Fail("meeting.err.scope_no_signer")
	}
	if err != nil {
		return err
	}
	sign := chain[len(chain)-1]
	if next := out.Next; next != nil && (next.Assignee != sign.Assignee || next.Role != sign.Role || next.Note != sign.Why) {
		if err := tx.ReassignStep(mins.Subject(), sign.Assignee, sign.Why); err != nil {
			return err
		}
		next.Assignee, next.Role, next.AlsoRoles, next.Note = sign.Assignee, "", nil, sign.Why
	}
	scoped := mins.Scope(c.Me.SlackID, cityWide)
	if ok, err := tx.ScopeMinutes(scoped); err != nil {
		return err
	} else if !ok {
		return approval.ErrAlreadyDecided
	}
	return tx.Audit(c.Now, c.Me.SlackID, "meeting.minutes.scope", meeting.Key(m.ID),
		map[string]any{"city_wide_proposed": mins.CityWideProposed}, map[string]any{"city_wide": cityWide, "signer": sign.Assignee})
}

// scopeLine says what the reviewer decided about special-topic minutes.
func scopeLine(cityWide bool) string {
	if cityWide {
		return msg.T("meeting.scope_decided_citywide")
	}
	return msg.T("meeting.scope_decided_local")
}

// openSubject returns the approval subject of the minutes in review of the
// meeting (for replies typed in its thread).
func openSubject(tx *storage.Tx, meetingID uint64) (string, error) {
	mins, found, err := tx.LatestMinutes(meetingID)
	if err != nil {
		return "", err
	}
	if !found || mins.State != meeting.MinutesInReview {
		return "", approval.ErrNoPendingStep
	}
	return mins.Subject(), nil
}

// minutesVerdicts decide a step of minutes in the meeting's thread: the
// whole reply, or the word then punctuation and a comment
// (approval.ParseVerdict).
var minutesVerdicts = []approval.VerdictWord{
	{Word: "审核通过", Action: approval.Approve}, {Word: "通过", Action: approval.Approve}, {Word: "同意", Action: approval.Approve},
	{Word: "签发", Action: approval.Sign},
	{Word: "退回修改", Action: approval.Return}, {Word: "退回", Action: approval.Return},
}

// minutesThreadReply reads 审核通过 / 签发 / 退回 理由 typed in a meeting's
// thread, and a department's report posted there.
func (s *Service) minutesThreadReply(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	id, ok := meeting.ParseKey("M", c.Req.ThreadItem)
	if !ok {
		return handlers.Response{}, nil
	}
	text := strings.TrimSpace(chat.Unescape(c.Req.Text))
	word, rest, _ := strings.Cut(text, " ")
	v, isVerdict := approval.ParseVerdict(text, minutesVerdicts)
	action, comment := v.Action, v.Comment
	switch {
	case isVerdict:
	case verbs[strings.ToLower(word)] == "report":
		// A department's report (perhaps with its file) posted in the
		// meeting's thread, where the office sees it.
		return s.fileReport(ctx, c, strings.TrimSpace(rest))
	default:
		return handlers.Response{}, nil // discussion in the thread
	}
	subject, err := openSubject(s.store.Read(ctx), id)
	if err != nil {
		return handlers.Response{}, err
	}
	if !s.mayActInThread(ctx, c, subject) {
		return handlers.Response{}, nil // like leave: a thread reply by someone else does nothing
	}
	var scope *bool
	if action == approval.Approve {
		// 审核通过 全局性 / 审核通过，不涉及全局性事项: the reviewer's decision
		// on special-topic minutes (Art. 45); without one their review
		// does not pass (decideMinutes).
		if cityWide, rest, ok := meeting.ParseReviewScope(comment); ok {
			scope, comment = &cityWide, rest
		}
	}
	return s.decideMinutes(ctx, c, subject, action, comment, scope)
}
