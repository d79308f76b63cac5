package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/leave"
	"officebot/msg"
	"officebot/storage"
)

// LeaveMeetings returns the scheduled meetings that take place between from
// and to, for Art. 57 ¶2 (a leave that misses a plenary, executive or mayor's
// office meeting). The policy keeps only the principal meetings the
// requester attends, so it may return more. It reads the meetings tables;
// tests may replace it, and nil means no meetings are known.
var LeaveMeetings = scheduledMeetings

// scheduledMeetings reads the meetings that are not cancelled from storage,
// shaped as the leave policy takes them.
func scheduledMeetings(_ context.Context, db *gorm.DB, from, to time.Time) ([]leave.Meeting, error) {
	ms, err := storage.MeetingsBetween(db, from, to)
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

// Action IDs and modal callbacks of the leave capability.
const (
	leaveApproveID  = "leave.approve"
	leaveRejectID   = "leave.reject"
	leaveWithdrawID = "leave.withdraw"
	leaveNewModal   = "leave.new"
	leaveRejectCB   = "leave.reject"
)

// Input IDs of the leave modal.
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

// leaveFilingLock is the first key of the PostgreSQL advisory lock that
// serialises one person's filings.
const leaveFilingLock = 7215057

// errLeaveSkip rolls a transaction back when someone else changed the
// request first; the caller treats it as "nothing to do".
var errLeaveSkip = errors.New("leave: changed concurrently")

// Leave is the leave capability (/leave, Art. 57).
func Leave() *Capability {
	return &Capability{
		Name:        "leave",
		Commands:    []string{"leave", "请假"},
		Help:        []string{"help.leave", "help.leave_list", "help.leave_status", "help.leave_withdraw", "help.leave_cancel"},
		Command:     leaveCommand,
		ActionIDs:   "leave.",
		Action:      leaveAction,
		Callback:    "leave.",
		Submit:      leaveSubmit,
		ItemPrefix:  "L",
		ThreadReply: leaveThreadReply,
		Home:        leaveHome,
	}
}

// leaveCommand handles /leave: no text opens the form; list, status,
// withdraw and cancel manage requests; anything else is a request in words.
func leaveCommand(ctx context.Context, c *Call) (Response, error) {
	// Slack sends typed text HTML-escaped; the parser reads what was typed.
	text := strings.TrimSpace(chat.Unescape(c.Req.Text))
	if text == "" {
		return Response{Modal: leaveModal(c)}, nil
	}
	word, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "list", "列表", "我的":
		return leaveList(ctx, c)
	case "status", "查看", "详情":
		return leaveStatus(ctx, c, rest)
	case "withdraw", "撤回":
		return leaveWithdraw(ctx, c, rest)
	case "cancel", "revoke", "撤销":
		key, reason, _ := strings.Cut(rest, " ")
		return leaveRevoke(ctx, c, key, strings.TrimSpace(reason))
	case "help", "帮助":
		return Reply(msg.T("leave.usage", leave.Example)), nil
	}
	d, err := leave.Parse(text, c.Now, c.Org)
	if err != nil {
		var pe *leave.ParseError
		if errors.As(err, &pe) {
			return Reply(parseProblem(pe)), nil
		}
		return Response{}, err
	}
	return fileLeave(ctx, c, d.Request(c.Me), false)
}

// parseProblem says which part of the text was not understood and shows a
// correct example.
func parseProblem(pe *leave.ParseError) string {
	detail := msgKey("leave.parse_", string(pe.Part))
	switch {
	case errors.Is(pe.Err, leave.ErrTextTooLong):
		detail = msg.T("leave.parse_too_long", leave.MaxTextLen/3) // a Chinese character is 3 bytes in UTF-8
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

// leaveModal is the form /leave opens without text.
func leaveModal(c *Call) *chat.Modal {
	var kinds []chat.Option
	for _, k := range leave.Kinds {
		kinds = append(kinds, chat.Option{Label: k.Label(), Value: string(k)})
	}
	halves := []chat.Option{
		{Label: msg.T("leave.half_whole"), Value: "whole"},
		{Label: msg.T("leave.half_morning"), Value: "morning"},
		{Label: msg.T("leave.half_afternoon"), Value: "afternoon"},
	}
	today := leave.Today(c.Now).Format(time.DateOnly)
	return &chat.Modal{
		CallbackID: leaveNewModal,
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

// leaveSubmit handles the leave modals: a new request, or a rejection reason.
func leaveSubmit(ctx context.Context, c *Call) (Response, error) {
	switch c.Req.Submission.CallbackID {
	case leaveNewModal:
		return submitLeave(ctx, c)
	case leaveRejectCB:
		reason := strings.TrimSpace(c.Req.Submission.Values[inReason])
		if reason == "" {
			return Response{Errors: map[string]string{inReason: msg.T("leave.err_reason_required")}}, nil
		}
		return decideLeave(ctx, c, c.Req.Submission.Private, approval.Reject, reason)
	}
	return Response{}, fmt.Errorf("unknown leave modal %q", c.Req.Submission.CallbackID)
}

// submitLeave validates the form field by field, then files it like text.
func submitLeave(ctx context.Context, c *Call) (Response, error) {
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
		t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(v[id]), leave.Shanghai)
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
		return Response{Errors: errs}, nil
	}
	var p leave.Period
	switch {
	case start.Equal(end) && startHalf == leave.Afternoon && endHalf == leave.Morning:
		errs[inEnd] = msg.T("leave.err_end_before_start")
		return Response{Errors: errs}, nil
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
	req := leave.Request{Requester: c.Me, Kind: kind, Destination: dest, Period: p,
		Reason: strings.TrimSpace(v[inReason]), Deputy: deputy}
	return fileLeave(ctx, c, req, true)
}

// leaveProblem is why a request cannot be filed: the form field it is about
// and the Chinese text.
type leaveProblem struct {
	Field, Text string
}

func problemResponse(p *leaveProblem, modal bool) Response {
	if modal {
		return Response{Errors: map[string]string{p.Field: p.Text}}
	}
	return Reply(p.Text)
}

// fileLeave applies the policy and files the request: recorded for
// information when none is required, otherwise pending with its approval
// chain and the message to the approver, all in one transaction.
func fileLeave(ctx context.Context, c *Call, req leave.Request, modal bool) (Response, error) {
	db := c.Store.DB.WithContext(ctx)
	d, prob, err := checkLeave(ctx, c, db, req, modal)
	if err != nil {
		return Response{}, err
	}
	if prob != nil {
		return problemResponse(prob, modal), nil
	}
	row := storage.LeaveRequest{
		Requester: c.Me.SlackID, Kind: string(req.Kind), Destination: req.Destination, Reason: req.Reason,
		Deputy: d.Deputy, Required: d.Required, ReasonCode: string(d.Reason),
		Article: d.Article.Number, Paragraph: d.Article.Paragraph,
		Approver: d.Approver, ApproverReason: string(d.ApproverReason),
		MeetingAbsence: d.MeetingAbsence, Meetings: meetingNames(d.Meetings),
		CreatedAt: c.Now.UTC(),
	}
	row.SetPeriod(req.Period)
	mayor := d.Reason == leave.ReasonMayor
	switch {
	case mayor:
		row.State, row.CountsAway = storage.LeaveRecorded, d.NotifyOfficeDirector
	case !d.Required:
		row.State = storage.LeaveRecorded
	default:
		row.State = storage.LeavePending
	}
	note := approverNote(c.Org, d)
	err = c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		// Checked again inside the transaction: a request filed meanwhile
		// must not slip past the overlap rule. PostgreSQL reads committed
		// data only, so two filings of one person take turns on a lock;
		// SQLite's writers are serialised already.
		if c.Store.Dialect == "postgres" {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?, hashtext(?))", leaveFilingLock, c.Me.SlackID).Error; err != nil {
				return fmt.Errorf("lock filings of %s: %w", c.Me.SlackID, err)
			}
		}
		if p, err := overlapProblem(tx, c, req.Period); err != nil || p != nil {
			if p != nil {
				prob = p
				return errLeaveSkip
			}
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("file leave: %w", err)
		}
		action := "leave.file"
		if row.State == storage.LeaveRecorded {
			action = "leave.record"
		}
		if err := stx.Audit(c.Now, c.Me.SlackID, action, row.Key(), nil, auditState(row)); err != nil {
			return err
		}
		switch {
		case mayor:
			if d.NotifyOfficeDirector && d.OfficeDirector != "" {
				return stx.Enqueue(c.Now, chat.Message{Channel: d.OfficeDirector,
					Text: msg.T("leave.mayor_notice", row.Key(), leaveSummary(row), meetingsClause(row))})
			}
			return nil
		case row.State == storage.LeaveRecorded:
			return nil
		}
		step := approval.Step{Kind: "approve", Assignee: d.Approver, Actions: []approval.Action{approval.Approve, approval.Reject}, Note: note}
		if d.Approver == "" {
			// Nobody could be named: the office routes it by hand; never approved automatically.
			step.Role = directory.OfficeDirector
		}
		if err := stx.StartApproval(row.Key(), []approval.Step{step}, c.Now); err != nil {
			return err
		}
		return stx.Enqueue(c.Now, leaveRoot(c.Org, row, note))
	})
	if errors.Is(err, errLeaveSkip) && prob != nil {
		return problemResponse(prob, modal), nil
	}
	if err != nil {
		return Response{}, err
	}
	switch {
	case mayor:
		told := ""
		if d.NotifyOfficeDirector && d.OfficeDirector != "" {
			told = msg.T("leave.mayor_told", personName(c.Org, d.OfficeDirector))
		}
		return Reply(msg.T("leave.mayor_recorded", d.Article.String(), row.Key(), leaveSummary(row), told)), nil
	case row.State == storage.LeaveRecorded:
		return Reply(msg.T("leave.not_required", d.Article.String(), notRequiredWhy(d, row), row.Key(), leaveSummary(row))), nil
	}
	approver := msg.T("leave.office_routes")
	if d.Approver != "" {
		approver = personName(c.Org, d.Approver)
	}
	return Reply(msg.T("leave.filed", row.Key(), leaveSummary(row), approver, note, row.Key())), nil
}

// checkLeave runs the policy on the request with the meetings and absences
// it depends on, then the overlap rule. A problem is for the person; an
// error is the system's.
func checkLeave(ctx context.Context, c *Call, db *gorm.DB, req leave.Request, modal bool) (leave.Decision, *leaveProblem, error) {
	p := req.Period
	in := leave.Input{Org: c.Org, Request: req, Now: c.Now}
	if p.Validate() == nil {
		if LeaveMeetings != nil {
			ms, err := LeaveMeetings(ctx, db, p.From(), p.To())
			if err != nil {
				return leave.Decision{}, nil, fmt.Errorf("meetings during the leave: %w", err)
			}
			in.Meetings = ms
		}
		away, err := storage.AbsencesDuring(db, leave.Day(p.Start).Format(time.DateOnly), leave.Day(p.End).Format(time.DateOnly))
		if err != nil {
			return leave.Decision{}, nil, err
		}
		for _, a := range away {
			if a.SlackID != c.Me.SlackID {
				in.Away = append(in.Away, a)
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
	if prob, oerr := overlapProblem(db, c, p); oerr != nil || prob != nil {
		return d, prob, oerr
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
func policyProblem(c *Call, err error) *leaveProblem {
	switch {
	case errors.Is(err, leave.ErrStartInPast):
		return &leaveProblem{inStart, msg.T("leave.err_past", leave.Today(c.Now).Format(time.DateOnly))}
	case errors.Is(err, leave.ErrUnknownKind):
		return &leaveProblem{inKind, msg.T("leave.err_kind")}
	case errors.Is(err, leave.ErrNoDestination):
		return &leaveProblem{inDestination, msg.T("leave.err_destination")}
	case errors.Is(err, leave.ErrNoDates), errors.Is(err, leave.ErrBadDate):
		return &leaveProblem{inStart, msg.T("leave.err_bad_date")}
	case errors.Is(err, leave.ErrEndBeforeStart):
		return &leaveProblem{inEnd, msg.T("leave.err_end_before_start")}
	case errors.Is(err, leave.ErrPeriodTooLong):
		return &leaveProblem{inEnd, msg.T("leave.err_too_long")}
	}
	return nil
}

// deputyProblem explains what is wrong with the deputy of a meeting absence.
func deputyProblem(c *Call, d leave.Decision, err error, modal bool) *leaveProblem {
	meetings := meetingList(d.Meetings)
	switch {
	case errors.Is(err, leave.ErrNoDeputy):
		how := msg.T("leave.deputy_how_text")
		if modal {
			how = msg.T("leave.deputy_how_modal")
		}
		suggest := ""
		if d.Deputy != "" {
			suggest = msg.T("leave.deputy_suggest", personName(c.Org, d.Deputy))
		}
		return &leaveProblem{inDeputy, msg.T("leave.need_deputy", meetings, how, suggest)}
	case errors.Is(err, leave.ErrDeputyIsRequester):
		return &leaveProblem{inDeputy, msg.T("leave.err_deputy_self")}
	case errors.Is(err, leave.ErrDeputyOtherDepartment):
		return &leaveProblem{inDeputy, msg.T("leave.err_deputy_other_dept", personName(c.Org, d.Deputy))}
	case errors.Is(err, leave.ErrDeputyAway):
		return &leaveProblem{inDeputy, msg.T("leave.err_deputy_away", personName(c.Org, d.Deputy), meetings)}
	}
	return &leaveProblem{inDeputy, msg.T("leave.err_deputy_unknown")}
}

// overlapProblem refuses a period that shares a half day with one of the
// person's requests that still stand.
func overlapProblem(db *gorm.DB, c *Call, p leave.Period) (*leaveProblem, error) {
	if p.Validate() != nil {
		return nil, nil
	}
	open, err := storage.OpenLeaveOf(db, c.Me.SlackID, leave.Day(p.Start).Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	for _, o := range open {
		if leave.Overlaps(o.Period(), p) {
			return &leaveProblem{inStart, msg.T("leave.err_overlap", o.Key(), msgKey("leave.state.", o.State),
				leave.FormatPeriod(o.Period()), o.Key())}, nil
		}
	}
	return nil, nil
}

// notRequiredWhy says, citing the facts, why no written request is needed.
func notRequiredWhy(d leave.Decision, r storage.LeaveRequest) string {
	switch d.Reason {
	case leave.ReasonInsideKunshan:
		return msg.T("leave.why_kunshan", chat.Escape(r.Destination))
	case leave.ReasonInsideSuzhou:
		return msg.T("leave.why_suzhou", chat.Escape(r.Destination))
	case leave.ReasonUnderOneDay:
		return msg.T("leave.why_under_one_day", leave.FormatPeriod(r.Period()))
	}
	return msg.T("leave.why_other")
}

// approverNote says in Chinese why the approver is who it is.
func approverNote(org *directory.Org, d leave.Decision) string {
	types := meetingTypes(d.Meetings)
	bypass := ""
	if len(d.Bypassed) > 0 {
		b := d.Bypassed[0]
		bypass = msgKey("leave.bypass_", string(b.Cause), personName(org, b.SlackID))
	}
	switch d.ApproverReason {
	case leave.ApproverMeetingMayor, leave.ApproverMeetingExecutive:
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

// meetingName is a meeting's name, or its type when it has none.
func meetingName(m leave.Meeting) string {
	if m.Name == "" {
		return m.Type.Label()
	}
	return m.Name
}

// meetingNames joins the names of the meetings, as stored (unescaped).
func meetingNames(ms []leave.Meeting) string {
	var out []string
	for _, m := range ms {
		out = append(out, meetingName(m))
	}
	return strings.Join(out, "、")
}

// meetingList shows the meetings with their times, escaped.
func meetingList(ms []leave.Meeting) string {
	var out []string
	for _, m := range ms {
		out = append(out, msg.T("leave.meeting_at", chat.Escape(meetingName(m)), m.Start.In(leave.Shanghai).Format("2006-01-02 15:04")))
	}
	return strings.Join(out, "、")
}

// personName is the escaped name of a person, or the ID when unknown.
func personName(org *directory.Org, id string) string {
	for _, p := range org.People {
		if p.SlackID == id {
			return chat.Escape(p.Name)
		}
	}
	return chat.Escape(id)
}

// personLabel is "name（department）".
func personLabel(org *directory.Org, id string) string {
	name := personName(org, id)
	p, ok := org.Person(id)
	if !ok {
		return name
	}
	if d, ok := org.Department(p.Department); ok {
		return msg.T("leave.person_in_dept", name, chat.Escape(d.Name))
	}
	if p.Title != "" {
		return msg.T("leave.person_in_dept", name, chat.Escape(p.Title))
	}
	return name
}

// leaveSummary is "出差 上海，2026-12-03 至 2026-12-05（3天）".
func leaveSummary(r storage.LeaveRequest) string {
	return msg.T("leave.summary", leave.Kind(r.Kind).String(), chat.Escape(r.Destination), leave.FormatPeriod(r.Period()))
}

func meetingsClause(r storage.LeaveRequest) string {
	if r.Meetings == "" {
		return ""
	}
	return msg.T("leave.misses_meetings", chat.Escape(r.Meetings))
}

// leaveChannel is where leave requests are posted: the leave channel, the
// office channel, or the approver's DM when the directory names neither.
func leaveChannel(org *directory.Org, r storage.LeaveRequest) string {
	switch {
	case org.Channels.Leave != "":
		return org.Channels.Leave
	case org.Channels.Office != "":
		return org.Channels.Office
	}
	return r.Approver
}

// leaveCard is the request's details, shown in its root message and status.
func leaveCard(org *directory.Org, r storage.LeaveRequest, note string) []chat.Block {
	fields := []string{
		msg.T("leave.field_requester", personLabel(org, r.Requester)),
		msg.T("leave.field_kind", leave.Kind(r.Kind).String()),
		msg.T("leave.field_destination", chat.Escape(r.Destination)),
		msg.T("leave.field_period", leave.FormatPeriod(r.Period())),
	}
	if r.Reason != "" {
		fields = append(fields, msg.T("leave.field_reason", chat.Escape(r.Reason)))
	}
	if r.Meetings != "" {
		fields = append(fields, msg.T("leave.field_meetings", chat.Escape(r.Meetings)))
	}
	if r.Deputy != "" {
		fields = append(fields, msg.T("leave.field_deputy", personName(org, r.Deputy)))
	}
	approver := msg.T("leave.office_routes")
	if r.Approver != "" {
		approver = personName(org, r.Approver)
	}
	art := leave.Article{Number: r.Article, Paragraph: r.Paragraph}.String()
	return []chat.Block{
		chat.Fields(fields...),
		chat.Note(msg.T("leave.card_note", approver, note, art, r.Key())),
	}
}

// leaveRoot is the root message in the leave channel, with the buttons.
func leaveRoot(org *directory.Org, r storage.LeaveRequest, note string) chat.Message {
	who := msg.T("leave.office_routes")
	if r.Approver != "" {
		who = chat.Mention(r.Approver)
	}
	text := msg.T("leave.root_text", who, personName(org, r.Requester), r.Key(), leaveSummary(r))
	blocks := append([]chat.Block{chat.Text(text)}, leaveCard(org, r, note)...)
	blocks = append(blocks, chat.Buttons(
		chat.Button{Label: msg.T("leave.btn_approve"), ActionID: leaveApproveID, Value: r.Key(), Style: chat.Primary},
		chat.Button{Label: msg.T("leave.btn_reject"), ActionID: leaveRejectID, Value: r.Key(), Style: chat.Danger},
		chat.Button{Label: msg.T("leave.btn_withdraw"), ActionID: leaveWithdrawID, Value: r.Key()},
	))
	return chat.Message{Channel: leaveChannel(org, r), ItemKey: r.Key(), Root: true, Text: text, Blocks: blocks}
}

// leaveRootUpdate replaces the root message once the request is settled:
// the details and the outcome, no buttons.
func leaveRootUpdate(org *directory.Org, r storage.LeaveRequest, note, outcome string) chat.Message {
	text := msg.T("leave.root_settled", personName(org, r.Requester), r.Key(), leaveSummary(r))
	blocks := append([]chat.Block{chat.Text(text)}, leaveCard(org, r, note)...)
	blocks = append(blocks, chat.Text(outcome))
	return chat.Message{Channel: leaveChannel(org, r), ItemKey: r.Key(), Update: true, Text: text, Blocks: blocks}
}

func leaveThread(org *directory.Org, r storage.LeaveRequest, text string) chat.Message {
	return chat.Message{Channel: leaveChannel(org, r), ItemKey: r.Key(), InThread: true, Text: text}
}

func auditState(r storage.LeaveRequest) map[string]any {
	return map[string]any{"state": r.State, "approver": r.Approver, "start": r.StartDate, "end": r.EndDate,
		"decided_by": r.DecidedBy, "comment": r.DecisionComment}
}

// stepNote returns the routing note of the request's approval step.
func stepNote(db *gorm.DB, key string) (string, error) {
	steps, err := storage.Wrap(db).Steps(key)
	if err != nil || len(steps) == 0 {
		return "", err
	}
	return steps[0].Note, nil
}

// loadLeave reads a short ID and loads the request.
func loadLeave(db *gorm.DB, key string) (storage.LeaveRequest, error) {
	id, err := storage.ParseLeaveKey(key)
	if err != nil {
		return storage.LeaveRequest{}, Fail("leave.err_bad_key", chat.Escape(key))
	}
	r, ok, err := storage.LeaveByID(db, id)
	if err != nil {
		return r, err
	}
	if !ok {
		return r, Fail("leave.err_not_found", fmt.Sprintf("L%d", id))
	}
	return r, nil
}

// leaveAction handles the buttons of a request's root message.
func leaveAction(ctx context.Context, c *Call) (Response, error) {
	key := c.Req.Action.Value
	switch c.Req.Action.ID {
	case leaveApproveID:
		return decideLeave(ctx, c, key, approval.Approve, "")
	case leaveRejectID:
		// A rejection needs a reason: check who presses first, then ask.
		r, err := loadLeave(c.Store.DB.WithContext(ctx), key)
		if err != nil {
			return Response{}, err
		}
		if err := mayDecide(c.Store.DB.WithContext(ctx), c, r); err != nil {
			return Response{}, err
		}
		return Response{Modal: &chat.Modal{
			CallbackID: leaveRejectCB, Private: r.Key(),
			Title: msg.T("leave.reject_title"), Submit: msg.T("leave.reject_submit"),
			Intro:  msg.T("leave.reject_intro", r.Key(), leaveSummary(r)),
			Inputs: []chat.Input{{ID: inReason, Label: msg.T("leave.reject_reason"), Kind: chat.InputText, Multiline: true}},
		}}, nil
	case leaveWithdrawID:
		return leaveWithdraw(ctx, c, key)
	}
	return Response{}, fmt.Errorf("leave action %q: %w", c.Req.Action.ID, ErrStaleControl)
}

// mayDecide reports whether the caller may decide the request now.
func mayDecide(db *gorm.DB, c *Call, r storage.LeaveRequest) error {
	if r.State != storage.LeavePending {
		return Fail("leave.err_settled", r.Key(), msgKey("leave.state.", r.State))
	}
	if r.Requester == c.Me.SlackID {
		return approval.ErrOwnRequest
	}
	return storage.Wrap(db).CheckMayDecide(r.Key(), c.Me)
}

// decideLeave applies the approver's decision: the step, the request's
// state, the audit row and every message it causes, in one transaction.
func decideLeave(ctx context.Context, c *Call, key string, action approval.Action, comment string) (Response, error) {
	var r storage.LeaveRequest
	err := c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		var err error
		if r, err = loadLeave(tx, key); err != nil {
			return err
		}
		if r.State != storage.LeavePending {
			if r.State == storage.LeaveApproved || r.State == storage.LeaveRejected {
				return approval.ErrAlreadyDecided
			}
			return Fail("leave.err_settled", r.Key(), msgKey("leave.state.", r.State))
		}
		before := auditState(r)
		state := storage.LeaveApproved
		if action == approval.Reject {
			state = storage.LeaveRejected
		}
		// The request's row first, then its step, as withdraw and expiry do:
		// one lock order, so concurrent changes wait instead of deadlocking.
		// A refused decision rolls the whole transaction back.
		at := c.Now.UTC()
		ok, err := storage.SetLeaveState(tx, r.ID, storage.LeavePending, state,
			map[string]any{"decided_by": c.Me.SlackID, "decision_comment": comment, "decided_at": at})
		if err != nil {
			return err
		}
		if !ok {
			return approval.ErrAlreadyDecided
		}
		if _, err := stx.Decide(approval.Decision{Subject: r.Key(), Actor: c.Me, Requester: r.Requester,
			Action: action, Comment: comment}, c.Now); err != nil {
			return err
		}
		r.State, r.DecidedBy, r.DecisionComment, r.DecidedAt = state, c.Me.SlackID, comment, &at
		if err := stx.Audit(c.Now, c.Me.SlackID, "leave."+string(action), r.Key(), before, auditState(r)); err != nil {
			return err
		}
		note, err := stepNote(tx, r.Key())
		if err != nil {
			return err
		}
		return stx.Enqueue(c.Now, decisionMessages(c, r, note)...)
	})
	if err != nil {
		return Response{}, err
	}
	if r.State == storage.LeaveApproved {
		return Reply(msg.T("leave.you_approved", r.Key(), leaveSummary(r))), nil
	}
	return Reply(msg.T("leave.you_rejected", r.Key(), chat.Escape(comment))), nil
}

func decisionMessages(c *Call, r storage.LeaveRequest, note string) []chat.Message {
	who := personName(c.Org, c.Me.SlackID)
	when := c.Now.Format("2006-01-02 15:04")
	var outcome, thread, dm string
	if r.State == storage.LeaveApproved {
		outcome = msg.T("leave.outcome_approved", who, when, commentClause(r.DecisionComment))
		thread = msg.T("leave.thread_approved", who, r.Key(), commentClause(r.DecisionComment))
		dm = msg.T("leave.dm_approved", r.Key(), leaveSummary(r), who, commentClause(r.DecisionComment))
	} else {
		outcome = msg.T("leave.outcome_rejected", who, when, chat.Escape(r.DecisionComment))
		thread = msg.T("leave.thread_rejected", who, r.Key(), chat.Escape(r.DecisionComment))
		dm = msg.T("leave.dm_rejected", r.Key(), leaveSummary(r), who, chat.Escape(r.DecisionComment))
	}
	out := []chat.Message{
		leaveRootUpdate(c.Org, r, note, outcome),
		leaveThread(c.Org, r, thread),
		{Channel: r.Requester, ItemKey: r.Key(), Text: dm},
	}
	if r.State == storage.LeaveApproved && r.MeetingAbsence {
		if od, ok := c.Org.First(directory.OfficeDirector); ok {
			text := msg.T("leave.dm_attendee_change_no_deputy", r.Key(), personLabel(c.Org, r.Requester),
				chat.Escape(r.Meetings), leave.FormatPeriod(r.Period()), who)
			if r.Deputy != "" {
				text = msg.T("leave.dm_attendee_change", r.Key(), personLabel(c.Org, r.Requester),
					chat.Escape(r.Meetings), personName(c.Org, r.Deputy), leave.FormatPeriod(r.Period()), who)
			}
			out = append(out, chat.Message{Channel: od.SlackID, ItemKey: r.Key(), Text: text})
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

// leaveWithdraw lets the requester take back a request before the decision.
func leaveWithdraw(ctx context.Context, c *Call, key string) (Response, error) {
	if strings.TrimSpace(key) == "" {
		return Reply(msg.T("leave.usage_withdraw")), nil
	}
	var r storage.LeaveRequest
	err := c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		var err error
		if r, err = loadLeave(tx, key); err != nil {
			return err
		}
		if r.Requester != c.Me.SlackID {
			return Fail("leave.err_only_requester_withdraw")
		}
		if r.State != storage.LeavePending {
			if r.State == storage.LeaveApproved {
				return Fail("leave.err_withdraw_approved", r.Key(), r.Key())
			}
			return Fail("leave.err_settled", r.Key(), msgKey("leave.state.", r.State))
		}
		before := auditState(r)
		ok, err := storage.SetLeaveState(tx, r.ID, storage.LeavePending, storage.LeaveWithdrawn,
			map[string]any{"decided_by": c.Me.SlackID, "decided_at": c.Now.UTC()})
		if err != nil {
			return err
		}
		if !ok {
			return approval.ErrAlreadyDecided
		}
		if err := stx.CancelApproval(r.Key()); err != nil {
			return err
		}
		r.State, r.DecidedBy = storage.LeaveWithdrawn, c.Me.SlackID
		if err := stx.Audit(c.Now, c.Me.SlackID, "leave.withdraw", r.Key(), before, auditState(r)); err != nil {
			return err
		}
		note, err := stepNote(tx, r.Key())
		if err != nil {
			return err
		}
		who := personName(c.Org, c.Me.SlackID)
		mention := ""
		if r.Approver != "" {
			mention = chat.Mention(r.Approver) + " "
		}
		return stx.Enqueue(c.Now,
			leaveRootUpdate(c.Org, r, note, msg.T("leave.outcome_withdrawn", who, c.Now.Format("2006-01-02 15:04"))),
			leaveThread(c.Org, r, msg.T("leave.thread_withdrawn", mention, who, r.Key())))
	})
	if err != nil {
		return Response{}, err
	}
	return Reply(msg.T("leave.you_withdrew", r.Key())), nil
}

// leaveRevoke lets the requester cancel an approved leave before it ends
// (通过后撤销); the approver and the office are told.
func leaveRevoke(ctx context.Context, c *Call, key, reason string) (Response, error) {
	if strings.TrimSpace(key) == "" {
		return Reply(msg.T("leave.usage_cancel")), nil
	}
	var r storage.LeaveRequest
	err := c.Store.Tx(ctx, func(stx *storage.Tx) error {
		tx := stx.Gorm()
		var err error
		if r, err = loadLeave(tx, key); err != nil {
			return err
		}
		if r.Requester != c.Me.SlackID {
			return Fail("leave.err_only_requester_cancel")
		}
		switch {
		case r.State == storage.LeavePending:
			return Fail("leave.err_cancel_pending", r.Key(), r.Key())
		case r.State != storage.LeaveApproved:
			return Fail("leave.err_settled", r.Key(), msgKey("leave.state.", r.State))
		case !c.Now.Before(r.Period().To()):
			return Fail("leave.err_cancel_ended", r.Key())
		}
		before := auditState(r)
		ok, err := storage.SetLeaveState(tx, r.ID, storage.LeaveApproved, storage.LeaveRevoked,
			map[string]any{"decision_comment": reason})
		if err != nil {
			return err
		}
		if !ok {
			return Fail("leave.err_settled", r.Key(), msg.T("leave.state.revoked"))
		}
		r.State, r.DecisionComment = storage.LeaveRevoked, reason
		if err := stx.Audit(c.Now, c.Me.SlackID, "leave.revoke", r.Key(), before, auditState(r)); err != nil {
			return err
		}
		note, err := stepNote(tx, r.Key())
		if err != nil {
			return err
		}
		who := personName(c.Org, c.Me.SlackID)
		why := ""
		if reason != "" {
			why = msg.T("leave.reason_clause", chat.Escape(reason))
		}
		mention := ""
		if r.Approver != "" {
			mention = chat.Mention(r.Approver) + " "
		}
		msgs := []chat.Message{
			leaveRootUpdate(c.Org, r, note, msg.T("leave.outcome_revoked", who, c.Now.Format("2006-01-02 15:04"), why)),
			leaveThread(c.Org, r, msg.T("leave.thread_revoked", mention, who, r.Key(), why)),
		}
		if ch := c.Org.Channels.Office; ch != "" {
			msgs = append(msgs, chat.Message{Channel: ch, ItemKey: r.Key(),
				Text: msg.T("leave.office_revoked", r.Key(), personLabel(c.Org, r.Requester), leaveSummary(r), why, meetingsClause(r))})
		}
		return stx.Enqueue(c.Now, msgs...)
	})
	if err != nil {
		return Response{}, err
	}
	return Reply(msg.T("leave.you_revoked", r.Key())), nil
}

// leaveThreadReply reads the approver's reply in a request's thread: 同意 /
// 批准 / 准假 approve, 不同意 / 驳回 with a reason reject. Anything else, and
// anything from anyone else, is conversation: no answer.
func leaveThreadReply(ctx context.Context, c *Call) (Response, error) {
	db := c.Store.DB.WithContext(ctx)
	id, err := storage.ParseLeaveKey(c.Req.ThreadItem)
	if err != nil {
		return Response{}, nil
	}
	r, ok, err := storage.LeaveByID(db, id)
	if err != nil || !ok {
		return Response{}, err
	}
	action, comment, ok := parseVerdict(chat.Unescape(c.Req.Text))
	if !ok || r.Requester == c.Me.SlackID {
		return Response{}, nil
	}
	step, open, err := storage.Wrap(db).CurrentStep(r.Key())
	if err != nil {
		return Response{}, err
	}
	if !open || !approval.MayAct(step, c.Me) {
		if r.DecidedBy == c.Me.SlackID && (r.State == storage.LeaveApproved || r.State == storage.LeaveRejected) {
			return Reply(msg.T("approval.err.already_decided")), nil
		}
		return Response{}, nil
	}
	if action == approval.Reject && comment == "" {
		return Reply(msg.T("leave.reason_needed", r.Key())), nil
	}
	return decideLeave(ctx, c, r.Key(), action, comment)
}

var (
	rejectWords  = []string{"不同意", "不批准", "不准假", "不予批准", "驳回"}
	approveWords = []string{"同意", "批准", "准假", "准予"}
)

// parseVerdict reads a decision typed in a thread; the rest of the text is
// the comment (the reason for a rejection).
func parseVerdict(text string) (approval.Action, string, bool) {
	t := strings.TrimSpace(text)
	rest := func(w string) string {
		return strings.TrimFunc(strings.TrimPrefix(t, w), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
	}
	for _, w := range rejectWords {
		if strings.HasPrefix(t, w) {
			return approval.Reject, rest(w), true
		}
	}
	for _, w := range approveWords {
		if strings.HasPrefix(t, w) {
			return approval.Approve, rest(w), true
		}
	}
	return "", "", false
}

// ExpireLeave closes the pending requests whose start has passed without a
// decision: state expired, approval step cancelled, audited, and the
// requester (DM) and the office (office channel) told; the root message
// loses its buttons. A request expires once its absence has begun, or, when
// it was filed on its first day, once that day is over. Each request is its
// own transaction, so a failure leaves the others done. It returns how many
// it expired. The scheduler calls it; calling it again at once does nothing.
func ExpireLeave(ctx context.Context, store *storage.Store, now time.Time) (int, error) {
	org, err := store.Org(ctx)
	if err != nil {
		return 0, err
	}
	today := leave.Today(now)
	due, err := storage.PendingLeaveStartingBy(store.DB.WithContext(ctx), today.Format(time.DateOnly))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range due {
		p := r.Period()
		begun := now.After(p.From()) && r.CreatedAt.Before(p.From())
		if !begun && !leave.Day(p.Start).Before(today) {
			continue
		}
		err := store.Tx(ctx, func(stx *storage.Tx) error {
			tx := stx.Gorm()
			before := auditState(r)
			ok, err := storage.SetLeaveState(tx, r.ID, storage.LeavePending, storage.LeaveExpired,
				map[string]any{"decided_at": now.UTC()})
			if err != nil {
				return err
			}
			if !ok {
				return errLeaveSkip
			}
			if err := stx.CancelApproval(r.Key()); err != nil {
				if errors.Is(err, approval.ErrAlreadyDecided) {
					return errLeaveSkip
				}
				return err
			}
			r.State = storage.LeaveExpired
			if err := stx.Audit(now, "system", "leave.expire", r.Key(), before, auditState(r)); err != nil {
				return err
			}
			note, err := stepNote(tx, r.Key())
			if err != nil {
				return err
			}
			approver := msg.T("leave.office_routes")
			if r.Approver != "" {
				approver = personName(org, r.Approver)
			}
			msgs := []chat.Message{
				leaveRootUpdate(org, r, note, msg.T("leave.outcome_expired", approver)),
				{Channel: r.Requester, ItemKey: r.Key(), Text: msg.T("leave.dm_expired", r.Key(), leaveSummary(r), approver)},
			}
			if ch := org.Channels.Office; ch != "" {
				msgs = append(msgs, chat.Message{Channel: ch, ItemKey: r.Key(),
					Text: msg.T("leave.office_expired", r.Key(), personLabel(org, r.Requester), leaveSummary(r), approver)})
			}
			return stx.Enqueue(now, msgs...)
		})
		switch {
		case errors.Is(err, errLeaveSkip):
		case err != nil:
			return n, fmt.Errorf("expire %s: %w", r.Key(), err)
		default:
			n++
		}
	}
	return n, nil
}

// leaveList shows the person's requests, newest first.
func leaveList(ctx context.Context, c *Call) (Response, error) {
	rs, err := storage.LeaveOf(c.Store.DB.WithContext(ctx), c.Me.SlackID, 20)
	if err != nil {
		return Response{}, err
	}
	if len(rs) == 0 {
		return Reply(msg.T("leave.list_empty")), nil
	}
	lines := []string{msg.T("leave.list_title")}
	for _, r := range rs {
		lines = append(lines, leaveLine(c.Org, r))
	}
	return Reply(strings.Join(lines, "\n")), nil
}

func leaveLine(org *directory.Org, r storage.LeaveRequest) string {
	return msg.T("leave.list_line", r.Key(), leaveSummary(r), msgKey("leave.state.", r.State))
}

// leaveStatus shows a request's details and history to the requester, the
// people on its approval chain, and the office.
func leaveStatus(ctx context.Context, c *Call, key string) (Response, error) {
	if strings.TrimSpace(key) == "" {
		return Reply(msg.T("leave.usage_status")), nil
	}
	db := c.Store.DB.WithContext(ctx)
	r, err := loadLeave(db, key)
	if err != nil {
		return Response{}, err
	}
	steps, err := storage.Wrap(db).Steps(r.Key())
	if err != nil {
		return Response{}, err
	}
	allowed := r.Requester == c.Me.SlackID || c.Me.Role.IsOffice() || c.Me.Admin || c.Me.Role == directory.Mayor
	for _, s := range steps {
		if approval.MayAct(s, c.Me) || s.DecidedBy == c.Me.SlackID {
			allowed = true
		}
	}
	if !allowed {
		return Response{}, Fail("common.forbidden")
	}
	trail, err := storage.Wrap(db).AuditTrail(r.Key())
	if err != nil {
		return Response{}, err
	}
	loc := c.Calendar.Location()
	note := ""
	if len(steps) > 0 {
		note = steps[0].Note
	}
	text := msg.T("leave.status_title", r.Key(), msgKey("leave.state.", r.State))
	blocks := append([]chat.Block{chat.Text(text)}, leaveCard(c.Org, r, note)...)
	var hist []string
	for _, s := range steps {
		who := msg.T("leave.office_routes")
		if s.Assignee != "" {
			who = personName(c.Org, s.Assignee)
		}
		line := msg.T("leave.step_line", s.Seq, who, msgKey("leave.step_state.", s.State))
		if s.DecidedAt != nil {
			line += msg.T("leave.step_decided", personName(c.Org, s.DecidedBy), msgKey("leave.step_action.", string(s.Action)),
				s.DecidedAt.In(loc).Format("2006-01-02 15:04"), commentClause(s.Comment))
		}
		hist = append(hist, line)
	}
	for _, e := range trail {
		actor := msg.T("leave.system")
		if e.Actor != "system" {
			actor = personName(c.Org, e.Actor)
		}
		hist = append(hist, msg.T("leave.audit_line", e.At.In(loc).Format("2006-01-02 15:04"), actor, msgKey("leave.audit.", strings.TrimPrefix(e.Action, "leave."))))
	}
	if len(hist) > 0 {
		blocks = append(blocks, chat.Text(msg.T("leave.history_title")+"\n"+strings.Join(hist, "\n")))
	}
	if r.DecisionComment != "" {
		blocks = append(blocks, chat.Note(msg.T("leave.status_comment", chat.Escape(r.DecisionComment))))
	}
	return Response{Messages: []chat.Message{{Text: text, Blocks: blocks}}}, nil
}

// leaveHome is the person's App Home section: own open and upcoming
// requests, and the leave requests waiting for their decision.
func leaveHome(ctx context.Context, c *Call) ([]chat.Block, error) {
	db := c.Store.DB.WithContext(ctx)
	mine, err := storage.OpenLeaveOf(db, c.Me.SlackID, leave.Today(c.Now).Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	out := []chat.Block{chat.Title(msg.T("leave.home_mine"))}
	if len(mine) == 0 {
		out = append(out, chat.Note(msg.T("leave.home_none")))
	}
	for _, r := range mine {
		out = append(out, chat.Text(leaveLine(c.Org, r)))
	}
	steps, err := storage.Wrap(db).PendingFor(c.Me)
	if err != nil {
		return nil, err
	}
	out = append(out, chat.Title(msg.T("leave.home_todo")))
	shown := 0
	for _, s := range steps {
		id, err := storage.ParseLeaveKey(s.Subject)
		if err != nil || !strings.HasPrefix(s.Subject, "L") {
			continue
		}
		r, ok, err := storage.LeaveByID(db, id)
		if err != nil {
			return nil, err
		}
		if !ok || r.State != storage.LeavePending || r.Requester == c.Me.SlackID {
			continue
		}
		shown++
		out = append(out, chat.Text(msg.T("leave.home_todo_line", r.Key(), personName(c.Org, r.Requester), leaveSummary(r))),
			chat.Buttons(
				chat.Button{Label: msg.T("leave.btn_approve"), ActionID: leaveApproveID, Value: r.Key(), Style: chat.Primary},
				chat.Button{Label: msg.T("leave.btn_reject"), ActionID: leaveRejectID, Value: r.Key(), Style: chat.Danger},
			))
	}
	if shown == 0 {
		out = append(out, chat.Note(msg.T("leave.home_none")))
	}
	return out, nil
}

// msgKey looks up the catalogue entry of a key made of a prefix and a
// domain value (a state, a reason code); the handlers tests check that
// every such key exists.
func msgKey(prefix, name string, args ...any) string { return msg.T(prefix+name, args...) }
