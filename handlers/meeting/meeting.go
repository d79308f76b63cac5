// Package meeting is the meetings capability (Art. 39-47): /meeting
// schedules the four types of meeting, moves and cancels them, files their
// minutes through the Art. 45 sign-off chain, turns signed minutes into
// action items due in ten days (Art. 47) and takes the departments' written
// reports; city-wide meeting applications (Art. 46) are items P4, answered
// in their thread by a second, command-less capability.
//
// The domain (officebot/meeting, imported here under the same name) says
// who may do what and how meetings, minutes, items and applications move
// from state to state; storage keeps them; this package talks to people.
//
// Files by sub-flow: meeting.go (the capabilities: verbs, buttons, forms),
// schedule.go (schedule, move, cancel, list), minutes.go (the sign-off
// chain), reports.go (action items, reports, status), applications.go
// (city-wide meetings), render.go (messages and blocks, App Home),
// jobs.go (the scheduler's jobs and digest lines).
package meeting

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"officebot/approval"
	"officebot/chat"
	"officebot/handlers"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
)

// Service is the meetings capability's operations on a store.
type Service struct {
	store    *storage.Store
	onChange []ChangeHook
}

// ChangeHook is called in the transaction that schedules or moves a
// meeting, with the meeting as stored: another capability's rules about it
// (the leave of its attendees, Art. 57 ¶2). An error rolls the change back.
type ChangeHook func(tx *storage.Tx, c *handlers.Call, m meeting.Meeting) error

// OnChange adds a hook run when a meeting is scheduled or moved.
func (s *Service) OnChange(h ChangeHook) { s.onChange = append(s.onChange, h) }

func (s *Service) changed(tx *storage.Tx, c *handlers.Call, m meeting.Meeting) error {
	for _, h := range s.onChange {
		if err := h(tx, c, m); err != nil {
			return err
		}
	}
	return nil
}

// New returns the meetings service of the store.
func New(store *storage.Store) *Service { return &Service{store: store} }

// Button action IDs and modal callbacks.
const (
	actReview = "meeting.review"
	// actReviewCityWide passes special-topic minutes as concerning a
	// city-wide matter, for the mayor to sign (Art. 45).
	actReviewCityWide = "meeting.review_citywide"
	actSign           = "meeting.sign"
	actReturn         = "meeting.return"
	actAppApprove     = "meeting.app_approve"
	actAppReject      = "meeting.app_reject"
	cbSchedule        = "meeting.schedule"
	cbReturn          = "meeting.return"
	cbAppReject       = "meeting.app_reject"
)

// Capability is the /meeting capability, for handlers.New.
func (s *Service) Capability() *handlers.Capability {
	return &handlers.Capability{
		Name:        "meeting",
		Commands:    []string{"meeting", "会议"},
		Help:        helpKeys,
		Command:     s.command,
		ActionIDs:   "meeting.",
		Action:      s.action,
		Callback:    "meeting.",
		Submit:      s.submit,
		ItemPrefix:  "M",
		ThreadReply: s.minutesThreadReply,
		Home:        s.home,
		ReadOnly:    readOnly,
		Errors: []handlers.ErrorText{
			{Err: meeting.ErrMayNotSchedule, Key: "meeting.err.may_not_schedule"},
			{Err: meeting.ErrNoMayor, Key: "meeting.err.no_mayor"},
			{Err: meeting.ErrNoDirector, Key: "meeting.err.no_director"},
			{Err: meeting.ErrNoExecutive, Key: "meeting.err.no_executive"},
			{Err: meeting.ErrNoSigner, Key: "meeting.err.no_signer"},
			{Err: meeting.ErrDelegatedSpecial, Key: "meeting.err.delegated_special"},
			{Err: meeting.ErrNoReviewer, Key: "meeting.err.no_reviewer"},
		},
	}
}

// ApplicationCapability answers in the threads of city-wide meeting
// applications (items P4); it has no command of its own.
func (s *Service) ApplicationCapability() *handlers.Capability {
	return &handlers.Capability{
		Name:        "meeting-application",
		ItemPrefix:  "P",
		ThreadReply: s.applicationThreadReply,
	}
}

// helpKeys are the catalogue keys of the meeting commands' help lines, for
// help and /meeting help.
var helpKeys = []string{"help.meeting", "help.meeting_move", "help.meeting_minutes", "help.meeting_report",
	"help.meeting_status", "help.meeting_office", "help.meeting_apply", "help.meeting_entrust", "help.meeting_calendar"}

// verbs maps the words after /meeting to what they do.
var verbs = map[string]string{
	"move": "move", "改期": "move", "调整": "move",
	"cancel": "cancel", "取消": "cancel",
	"apply": "apply", "申请": "apply",
	"minutes": "minutes", "纪要": "minutes",
	"report": "report", "报送": "report", "汇报": "report",
	"status": "status", "落实情况": "status", "状态": "status",
	"return": "return", "退回": "return",
	"urge": "urge", "催办": "urge",
	"list": "list", "列表": "list", "近期": "list",
	"calendar": "calendar", "日历": "calendar", "订阅": "calendar",
	"entrust": "entrust", "委托": "entrust",
	"help": "help", "帮助": "help", "用法": "help",
}

func (s *Service) command(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	text := strings.TrimSpace(chat.Unescape(c.Req.Text)) // Slack sends &amp; &lt; &gt;
	if text == "" {
		m := scheduleForm(c)
		if len(m.Inputs[0].Options) == 0 {
			// Nothing this person may schedule: say so rather than open an empty form.
			return handlers.Reply(msg.T("meeting.err.may_schedule_none")), nil
		}
		return handlers.Response{Modal: m}, nil
	}
	if aloneKey(text) {
		return s.status(ctx, c, text) // /meeting M3, /meeting 2026年第12次常务会议: its status
	}
	word, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch verbs[strings.ToLower(word)] {
	case "move":
		return s.move(ctx, c, rest)
	case "cancel":
		return s.cancel(ctx, c, rest)
	case "apply":
		return s.apply(ctx, c, rest)
	case "minutes":
		return s.fileMinutes(ctx, c, rest)
	case "report":
		return s.fileReport(ctx, c, rest)
	case "status":
		return s.status(ctx, c, rest)
	case "return":
		return s.returnReport(ctx, c, rest)
	case "urge":
		return s.urge(ctx, c, rest)
	case "calendar":
		return s.calendarToken(ctx, c, rest)
	case "list":
		if rest != "" {
			return handlers.Reply(msg.T("meeting.list_no_args", chat.Fragment(rest))), nil
		}
		return s.list(ctx, c)
	case "entrust":
		return s.entrust(ctx, c, rest)
	case "help":
		lines := []string{msg.T("meeting.help_title")}
		for _, k := range helpKeys {
			lines = append(lines, "• "+msg.T(k))
		}
		return handlers.Reply(strings.Join(lines, "\n")), nil
	}
	if isCommandWord(word) {
		if _, isType := meeting.ParseType(strings.ToLower(word)); !isType {
			// ics, foo: a command word /meeting does not have, not a type.
			return handlers.Reply(msg.T("meeting.err.unknown_verb", chat.Fragment(word))), nil
		}
	}
	r, err := meeting.Parse(text, c.Org, c.Now)
	if err != nil {
		return handlers.Response{}, parseFailure(err)
	}
	return s.schedule(ctx, c, r)
}

// maxLen is each free-text field's limit in characters, named in the
// message when it is exceeded.
var maxLen = map[string]int{"place": meeting.MaxPlace, "topics": meeting.MaxTopics, "text": meeting.MaxText, "task": meeting.MaxTask}

// parseFailure turns a meeting.ParseError into the person's Chinese message.
func parseFailure(err error) error {
	var pe *meeting.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case meeting.CodeEndBeforeStat, meeting.CodeNoPlace, meeting.CodeEmpty:
		return handlers.Fail("meeting.parse." + pe.Code)
	case meeting.CodeTooLong:
		return handlers.Fail("meeting.parse.too_long", msg.T("meeting.fieldname."+pe.Arg), maxLen[pe.Arg])
	case meeting.CodeNoDate, meeting.CodeNoTime:
		if pe.Arg == "" {
			// Nothing followed: "（收到的是“”）" would say nothing.
			return handlers.Fail("meeting.parse." + pe.Code + "_missing")
		}
	}
	return handlers.Fail("meeting.parse."+pe.Code, chat.Escape(pe.Arg))
}

func (s *Service) action(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	a := c.Req.Action
	switch a.ID {
	case actReview, actReviewCityWide:
		// The two review buttons of special-topic minutes are the
		// reviewer's decision whether they concern a city-wide matter.
		cityWide := a.ID == actReviewCityWide
		return s.decideMinutes(ctx, c, a.Value, approval.Approve, "", &cityWide)
	case actSign:
		return s.decideMinutes(ctx, c, a.Value, approval.Sign, "", nil)
	case actReturn:
		if err := s.mayDecide(ctx, c, a.Value); err != nil {
			return handlers.Response{}, err
		}
		return handlers.Response{Modal: reasonForm(cbReturn, a.Value, msg.T("meeting.modal.return_title"), msg.T("meeting.btn.return"))}, nil
	case actAppApprove:
		return s.decideApplication(ctx, c, a.Value, approval.Approve, "")
	case actAppReject:
		if err := s.mayDecide(ctx, c, a.Value); err != nil {
			return handlers.Response{}, err
		}
		return handlers.Response{Modal: reasonForm(cbAppReject, a.Value, msg.T("meeting.modal.reject_title"), msg.T("meeting.btn.reject"))}, nil
	}
	return handlers.Response{}, fmt.Errorf("meeting action %q: %w", a.ID, handlers.ErrStaleControl)
}

// mayDecide refuses at once, before a reason is asked, someone who may not
// act on the open step of subject.
func (s *Service) mayDecide(ctx context.Context, c *handlers.Call, subject string) error {
	subject, _, _ = strings.Cut(subject, "#")
	return s.store.Read(ctx).CheckMayDecide(subject, c.Me)
}

// mayActInThread reports whether the person may take the open step of
// subject. Words typed in a thread by anyone else are conversation, not a
// decision: they get no answer (a refusal would be posted for all to see);
// a button press still gets its private refusal.
func (s *Service) mayActInThread(ctx context.Context, c *handlers.Call, subject string) bool {
	return s.store.Read(ctx).MayActNow(subject, c.Me)
}

func reasonForm(callback, subject, title, submit string) *chat.Modal {
	return &chat.Modal{CallbackID: callback, Private: subject, Title: title, Submit: submit,
		Inputs: []chat.Input{{ID: "reason", Label: msg.T("meeting.field.reason"), Kind: chat.InputText, Multiline: true}}}
}

func (s *Service) submit(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	sub := c.Req.Submission
	switch sub.CallbackID {
	case cbSchedule:
		return s.submitSchedule(ctx, c)
	case cbReturn, cbAppReject:
		reason := strings.TrimSpace(sub.Values["reason"])
		if reason == "" {
			return handlers.Response{Errors: map[string]string{"reason": msg.T("meeting.err.reason_required")}}, nil
		}
		if sub.CallbackID == cbReturn {
			return s.decideMinutes(ctx, c, sub.Private, approval.Return, reason, nil)
		}
		return s.decideApplication(ctx, c, sub.Private, approval.Reject, reason)
	}
	return handlers.Response{}, fmt.Errorf("unknown meeting modal %q", sub.CallbackID)
}

// isCommandWord reports whether w is written in Latin letters alone, as
// command words are (move, status); a meeting type is Chinese or its key.
func isCommandWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_') {
			return false
		}
	}
	return true
}
