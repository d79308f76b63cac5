package leave

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
	"officebot/storage"
	"officebot/text"
)

// Input IDs of the leave form.
const (
	inKind        = "kind"
	inDestination = "destination"
	inStart       = "start"
	inStartHalf   = "start_half"
	inEnd         = "end"
	inEndHalf     = "end_half"
	inReason      = "reason"
	inDeputy      = "deputy"
)

// fileText files a request typed after /leave.
func (s *Service) fileText(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	d, err := leave.ParseWith(text, dateParser(c), c.Org)
	if resp, ok := ambiguous(err); ok {
		return resp, nil
	}
	if err != nil {
		var pe *leave.ParseError
		if errors.As(err, &pe) {
			return handlers.Reply(parseProblem(pe)), nil
		}
		return handlers.Response{}, err
	}
	return s.file(ctx, c, d.Application(c.Me), false)
}

// parseProblem says which part of the text was not understood and shows a
// correct example.
func parseProblem(pe *leave.ParseError) string {
	detail := msgKey("leave.parse_", string(pe.Part))
	switch {
	case errors.Is(pe.Err, leave.ErrTextTooLong):
		detail = msg.T("leave.parse_too_long", pe.Len, leave.MaxTextLen)
	case errors.Is(pe.Err, leave.ErrUnknownDeputy) && pe.Fragment != "":
		detail = msg.T("leave.parse_deputy_unknown", chat.Escape(pe.Fragment))
	case pe.Part == leave.PartDates && pe.Fragment != "":
		detail = msg.T("leave.parse_dates_fragment", chat.Escape(pe.Fragment), dateErrText(pe.Err))
	case pe.Part == leave.PartKind && pe.Fragment != "":
		detail = msg.T("leave.parse_kind_fragment", chat.Escape(pe.Fragment))
	}
	return msg.T("leave.parse_failed", detail, chat.Escape(leave.Example))
}

func dateErrText(err error) string {
	switch {
	case errors.Is(err, leave.ErrEndBeforeStart):
		return msg.T("leave.err_end_before_start")
	case errors.Is(err, leave.ErrDaysMismatch):
		return msg.T("leave.err_days_mismatch")
	case errors.Is(err, leave.ErrPeriodTooLong):
		return msg.T("leave.err_too_long")
	case errors.Is(err, leave.ErrBadCount):
		return msg.T("leave.err_bad_count")
	}
	return msg.T("leave.err_bad_date")
}

// form is the modal /leave opens without text.
func form(c *handlers.Call) *chat.Modal {
	var kinds []chat.Option
	for _, k := range leave.Kinds {
		kinds = append(kinds, chat.Option{Label: k.Label(), Value: string(k)})
	}
	halves := []chat.Option{
		{Label: msg.T("leave.half_whole"), Value: "whole"},
		{Label: msg.T("leave.half_morning"), Value: "morning"},
		{Label: msg.T("leave.half_afternoon"), Value: "afternoon"},
	}
	today := leave.Today(c.Now, c.Calendar.Location()).Format(time.DateOnly)
	return &chat.Modal{
		CallbackID: newModal,
		Title:      msg.T("leave.modal_title"),
		Submit:     msg.T("leave.modal_submit"),
		Intro:      msg.T("leave.modal_intro"),
		Inputs: []chat.Input{
			{ID: inKind, Label: msg.T("leave.in_kind"), Kind: chat.InputSelect, Options: kinds},
			{ID: inDestination, Label: msg.T("leave.in_destination"), Kind: chat.InputText, Placeholder: msg.T("leave.in_destination_ph")},
			{ID: inStart, Label: msg.T("leave.in_start"), Kind: chat.InputDate, Initial: today},
			{ID: inStartHalf, Label: msg.T("leave.in_start_half"), Kind: chat.InputSelect, Options: halves, Optional: true, Initial: "whole"},
			{ID: inEnd, Label: msg.T("leave.in_end"), Kind: chat.InputDate, Initial: today},
			{ID: inEndHalf, Label: msg.T("leave.in_end_half"), Kind: chat.InputSelect, Options: halves, Optional: true, Initial: "whole"},
			{ID: inReason, Label: msg.T("leave.in_reason"), Kind: chat.InputText, Multiline: true, Optional: true},
			{ID: inDeputy, Label: msg.T("leave.in_deputy"), Kind: chat.InputUser, Optional: true, Hint: msg.T("leave.in_deputy_hint")},
		},
	}
}

func parseHalf(s string) (leave.Half, bool) {
	switch strings.TrimSpace(s) {
	case "", "whole", "全天":
		return leave.WholeDay, true
	case "morning", "上午":
		return leave.Morning, true
	case "afternoon", "下午":
		return leave.Afternoon, true
	}
	return 0, false
}

// fileForm validates the form field by field, then files it like text.
func (s *Service) fileForm(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	v := c.Req.Submission.Values
	errs := map[string]string{}
	kind, ok := leave.ParseKind(v[inKind])
	if !ok {
		errs[inKind] = msg.T("leave.err_kind")
	}
	dest := strings.TrimSpace(v[inDestination])
	if dest == "" {
		errs[inDestination] = msg.T("leave.err_destination")
	}
	date := func(id string) time.Time {
		t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(v[id]), c.Calendar.Location())
		if err != nil {
			errs[id] = msg.T("leave.err_date_field")
		}
		return t
	}
	start, end := date(inStart), date(inEnd)
	startHalf, ok := parseHalf(v[inStartHalf])
	if !ok {
		errs[inStartHalf] = msg.T("leave.err_half")
	}
	endHalf, ok := parseHalf(v[inEndHalf])
	if !ok {
		errs[inEndHalf] = msg.T("leave.err_half")
	}
	deputy := strings.TrimSpace(v[inDeputy])
	if deputy != "" {
		if _, ok := c.Org.Person(deputy); !ok {
			errs[inDeputy] = msg.T("leave.err_deputy_unknown")
		}
	}
	if len(errs) > 0 {
		return handlers.Response{Errors: errs}, nil
	}
	var p leave.Period
	switch {
	case start.Equal(end) && startHalf == leave.Afternoon && endHalf == leave.Morning:
		errs[inEnd] = msg.T("leave.err_end_before_start")
		return handlers.Response{Errors: errs}, nil
	case start.Equal(end) && startHalf != leave.WholeDay:
		p = leave.SingleDay(start, startHalf)
	case start.Equal(end) && endHalf != leave.WholeDay:
		p = leave.SingleDay(start, endHalf)
	default:
		p = leave.Period{Start: start, End: end}
		if startHalf == leave.Afternoon {
			p.StartHalf = leave.Afternoon
		}
		if endHalf == leave.Morning {
			p.EndHalf = leave.Morning
		}
	}
	a := leave.Application{Requester: c.Me, Kind: kind, Destination: dest, Period: p,
		Reason: strings.TrimSpace(v[inReason]), Deputy: deputy}
	return s.file(ctx, c, a, true)
}

// problem is why a request cannot be filed: the form field it is about and
// the Chinese text.
type problem struct {
	Field, Text string
}

func (p *problem) response(modal bool) handlers.Response {
	if modal {
		return handlers.Response{Errors: map[string]string{p.Field: p.Text}}
	}
	return handlers.Reply(p.Text)
}

// file applies the policy and files the request: recorded for information
// when none is required, otherwise pending with its approval chain and the
// message to the approver, all in one transaction.
func (s *Service) file(ctx context.Context, c *handlers.Call, a leave.Application, modal bool) (handlers.Response, error) {
	d, prob, err := s.check(ctx, c, a, modal)
	if err != nil {
		return handlers.Response{}, err
	}
	if prob != nil {
		return prob.response(modal), nil
	}
	r := leave.File(a, d, c.Now)
	note := approverNote(c.Org, d)
	err = s.store.Tx(ctx, func(tx *storage.Tx) error {
		if r.ReasonCode != leave.ReasonMayor || !r.CountsAway {
			// Nothing here reads back what it appends (handOver reads
			// steps): on PostgreSQL the request, its entry, step and
			// message go with the handled mark, one round trip.
			tx.DeferAppends()
		}
		// Checked again as it is filed: a request filed meanwhile must not
		// slip past the overlap rule.
		overlap, err := tx.FileLeave(&r)
		if err != nil {
			return err
		}
		if overlap != nil {
			prob = overlapProblem(*overlap)
			return errSkip
		}
		action := "leave.file"
		if r.State == leave.Recorded {
			action = "leave.record"
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, action, r.Key(), nil, auditState(r)); err != nil {
			return err
		}
		switch {
		case r.ReasonCode == leave.ReasonMayor:
			if r.CountsAway {
				// The mayor's leave needs no approval: it hands the mayor's
				// open steps to the executive vice mayor when it is recorded.
				if err := handOver(tx, c, r); err != nil {
					return err
				}
			}
			if d.NotifyOfficeDirector && d.OfficeDirector != "" {
				return tx.Enqueue(c.Now, chat.Message{Channel: d.OfficeDirector,
					Text: msg.T("leave.mayor_notice", r.Key(), summary(r), meetingsClause(r))})
			}
			return nil
		case r.State == leave.Recorded:
			return nil
		}
		step := approval.Step{Kind: "approve", Assignee: d.Approver, Actions: []approval.Action{approval.Approve, approval.Reject}, Note: note}
		if d.Approver == "" {
			// Nobody could be named: the office routes it by hand; never approved automatically.
			step.Role = directory.OfficeDirector
		}
		if err := tx.StartApproval(r.Key(), []approval.Step{step}, c.Now); err != nil {
			return err
		}
		return tx.Enqueue(c.Now, root(c.Org, r, note))
	})
	if errors.Is(err, errSkip) && prob != nil {
		return prob.response(modal), nil
	}
	if err != nil {
		return handlers.Response{}, err
	}
	switch {
	case r.ReasonCode == leave.ReasonMayor:
		told := ""
		if d.NotifyOfficeDirector && d.OfficeDirector != "" {
			told = msg.T("leave.mayor_told", handlers.PersonName(c.Org, d.OfficeDirector))
		}
		return handlers.Reply(msg.T("leave.mayor_recorded", d.Article.String(), r.Key(), summary(r), told)), nil
	case r.State == leave.Recorded:
		return handlers.Reply(msg.T("leave.not_required", d.Article.String(), notRequiredWhy(d, r), r.Key(), summary(r))), nil
	}
	approver := msg.T("leave.office_routes")
	if d.Approver != "" {
		approver = handlers.PersonName(c.Org, d.Approver)
	}
	return handlers.Reply(msg.T("leave.filed", r.Key(), summary(r), approver, note, r.Key())), nil
}

// errSkip rolls a transaction back when it found nothing to do (a problem
// for the person, or a request someone else changed first).
var errSkip = errors.New("leave: nothing to do")

// check runs the policy on the application with the meetings and absences
// it depends on, then the overlap rule. A problem is for the person; an
// error is the system's.
func (s *Service) check(ctx context.Context, c *handlers.Call, a leave.Application, modal bool) (leave.Decision, *problem, error) {
	if err := a.CheckLengths(); err != nil {
		var tl *text.TooLongError
		if errors.As(err, &tl) {
			field := inDestination
			if tl.Field == "field.reason" {
				field = inReason
			}
			return leave.Decision{}, &problem{Field: field, Text: handlers.TooLong(tl)}, nil
		}
		return leave.Decision{}, nil, err
	}
	p := a.Period
	in := leave.Input{Org: c.Org, Request: a, Now: c.Now}
	read := s.store.Read(ctx)
	if p.Validate() == nil {
		ms, err := s.meetingsDuring(read, p)
		if err != nil {
			return leave.Decision{}, nil, fmt.Errorf("meetings during the leave: %w", err)
		}
		in.Meetings = ms
		away, err := read.AbsencesDuring(p.Start, p.End)
		if err != nil {
			return leave.Decision{}, nil, err
		}
		for _, ab := range away {
			if ab.SlackID != c.Me.SlackID {
				in.Away = append(in.Away, ab)
			}
		}
	}
	d, err := leave.Policy{}.Decide(in)
	if err != nil && !deputyError(err) {
		prob := policyProblem(c, err)
		if prob == nil {
			return d, nil, err
		}
		return d, prob, nil
	}
	if err == nil && !d.DeputySuggested {
		// Nothing else to say: the overlap rule is checked where the
		// request is filed (storage.Tx.FileLeave, in the filing's
		// transaction), with the same answer; reading it here too was a
		// second query per filing (issue 15).
		return d, nil, nil
	}
	// A deputy question comes after the overlap rule: a person whose dates
	// overlap a standing request hears that first.
	overlap, oerr := read.OverlappingLeave(c.Me.SlackID, p)
	if oerr != nil {
		return d, nil, oerr
	}
	if overlap != nil {
		return d, overlapProblem(*overlap), nil
	}
	if err != nil {
		return d, deputyProblem(c, d, err, modal), nil
	}
	if d.DeputySuggested {
		// The directory's deputy is a suggestion; the requester confirms it.
		return d, deputyProblem(c, d, leave.ErrNoDeputy, modal), nil
	}
	return d, nil, nil
}

// meetingsDuring returns the scheduled meetings that take place during the
// period, shaped as the policy takes them (Art. 57 ¶2: a leave that misses
// a plenary, executive or mayor's office meeting). The policy keeps the
// principal meetings the requester attends.
func (s *Service) meetingsDuring(tx *storage.Tx, p leave.Period) ([]leave.Meeting, error) {
	ms, err := tx.MeetingsBetween(p.From(), p.To())
	if err != nil {
		return nil, err
	}
	out := make([]leave.Meeting, 0, len(ms))
	for _, m := range ms {
		out = append(out, leave.Meeting{ID: m.Key(), Name: m.Name(), Type: leave.MeetingType(m.Type),
			Start: m.Start, End: m.End, Attendees: m.AttendeeIDs(), PresiderID: m.Convener})
	}
	return out, nil
}

func deputyError(err error) bool {
	for _, e := range []error{leave.ErrNoDeputy, leave.ErrUnknownDeputy, leave.ErrDeputyIsRequester,
		leave.ErrDeputyOtherDepartment, leave.ErrDeputyAway} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// policyProblem turns a policy error into the message and the form field it
// is about; nil for errors that are not the person's.
func policyProblem(c *handlers.Call, err error) *problem {
	switch {
	case errors.Is(err, leave.ErrStartInPast):
		return &problem{inStart, msg.T("leave.err_past", leave.Today(c.Now, c.Calendar.Location()).Format(time.DateOnly))}
	case errors.Is(err, leave.ErrUnknownKind):
		return &problem{inKind, msg.T("leave.err_kind")}
	case errors.Is(err, leave.ErrNoDestination):
		return &problem{inDestination, msg.T("leave.err_destination")}
	case errors.Is(err, leave.ErrNoDates), errors.Is(err, leave.ErrBadDate):
		return &problem{inStart, msg.T("leave.err_bad_date")}
	case errors.Is(err, leave.ErrEndBeforeStart):
		return &problem{inEnd, msg.T("leave.err_end_before_start")}
	case errors.Is(err, leave.ErrPeriodTooLong):
		return &problem{inEnd, msg.T("leave.err_too_long")}
	}
	return nil
}

// deputyProblem explains what is wrong with the deputy of a meeting absence.
func deputyProblem(c *handlers.Call, d leave.Decision, err error, modal bool) *problem {
	meetings := meetingList(d.Meetings, c.Calendar.Location())
	switch {
	case errors.Is(err, leave.ErrNoDeputy):
		how := msg.T("leave.deputy_how_text")
		if modal {
			how = msg.T("leave.deputy_how_modal")
		}
		suggest := ""
		if d.Deputy != "" {
			suggest = msg.T("leave.deputy_suggest", handlers.PersonName(c.Org, d.Deputy))
		}
		return &problem{inDeputy, msg.T("leave.need_deputy", meetings, how, suggest)}
	case errors.Is(err, leave.ErrDeputyIsRequester):
		return &problem{inDeputy, msg.T("leave.err_deputy_self")}
	case errors.Is(err, leave.ErrDeputyOtherDepartment):
		return &problem{inDeputy, msg.T("leave.err_deputy_other_dept", handlers.PersonName(c.Org, d.Deputy))}
	case errors.Is(err, leave.ErrDeputyAway):
		return &problem{inDeputy, msg.T("leave.err_deputy_away", handlers.PersonName(c.Org, d.Deputy), meetings)}
	}
	return &problem{inDeputy, msg.T("leave.err_deputy_unknown")}
}

// overlapProblem refuses a period that shares a half day with one of the
// person's requests that still stand.
func overlapProblem(o leave.Request) *problem {
	return &problem{inStart, msg.T("leave.err_overlap", o.Key(), msgKey("leave.state.", string(o.State)),
		leave.FormatPeriod(o.Period), o.Key())}
}

// notRequiredWhy says, citing the facts, why no written request is needed.
func notRequiredWhy(d leave.Decision, r leave.Request) string {
	switch d.Reason {
	case leave.ReasonInsideKunshan:
		return msg.T("leave.why_kunshan", chat.Escape(r.Destination))
	case leave.ReasonInsideSuzhou:
		return msg.T("leave.why_suzhou", chat.Escape(r.Destination))
	case leave.ReasonUnderOneDay:
		return msg.T("leave.why_under_one_day", leave.FormatPeriod(r.Period))
	}
	return msg.T("leave.why_other")
}

// approverNote says in Chinese why the approver is who it is.
func approverNote(org *directory.Org, d leave.Decision) string {
	types := meetingTypes(d.Meetings)
	bypass := ""
	if len(d.Bypassed) > 0 {
		b := d.Bypassed[0]
		bypass = msgKey("leave.bypass_", string(b.Cause), handlers.PersonName(org, b.SlackID))
	}
	switch d.ApproverReason {
	case leave.ApproverMeetingMayor, leave.ApproverMeetingExecutive, leave.ApproverMeetingPresiding:
		return msgKey("leave.approver_", string(d.ApproverReason), types)
	case leave.ApproverStandInMayor, leave.ApproverStandInExecutive:
		return msgKey("leave.approver_", string(d.ApproverReason), bypass)
	}
	return msgKey("leave.approver_", string(d.ApproverReason))
}

func meetingTypes(ms []leave.Meeting) string {
	var out []string
	for _, m := range ms {
		l := m.Type.Label()
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "、")
}

// meetingList shows the meetings with their times in the office's zone loc,
// escaped.
func meetingList(ms []leave.Meeting, loc *time.Location) string {
	var out []string
	for _, m := range ms {
		out = append(out, msg.T("leave.meeting_at", chat.Escape(m.Title()), m.Start.In(loc).Format("2006-01-02 15:04")))
	}
	return strings.Join(out, "、")
}
