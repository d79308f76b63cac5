// Package leave is the leave capability (/leave, Art. 57): filing a request
// in words or by the form, the approver's decision by button or in the
// request's thread, withdrawing and revoking, the requester's list and
// status, the App Home section, and the expiry of requests left undecided.
//
// The domain of leave (officebot/leave, imported here under the same name)
// says what the rules decide and how a request moves from state to state;
// storage keeps it; this package talks to people. Its Service is what both
// the handlers and the scheduler's expiry job call.
//
// Files by sub-flow: leave.go (the capability: verbs, buttons, forms),
// file.go (filing and its problems), decide.go (the approver),
// transition.go (withdraw, revoke, expire), deputy.go (the deputy named
// later, Art. 57 ¶2), recheck.go (Art. 57 ¶2 at decision time and when a
// meeting is scheduled), status.go (list, status, home), ics.go (an
// approved request as a calendar file), render.go (messages and cards),
// jobs.go (the scheduler's jobs).
package leave

import (
	"context"
	"fmt"
	"strings"
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
	"officebot/storage"
)

// Service is the leave capability's operations on a store.
type Service struct {
	store     *storage.Store
	onAbsence []AbsenceHook
}

// AbsenceHook is called in the transaction that approves a request, names
// the deputy of an approved one, or revokes one: another capability's view
// of the absence of requester over [from, to) (the meetings it misses, as
// they now sit: Art. 57 ¶2). An error rolls the change back.
type AbsenceHook func(tx *storage.Tx, c *handlers.Call, requester string, from, to time.Time) error

// OnAbsence adds a hook run when an approved absence changes.
func (s *Service) OnAbsence(h AbsenceHook) { s.onAbsence = append(s.onAbsence, h) }

func (s *Service) absenceChanged(tx *storage.Tx, c *handlers.Call, r leave.Request) error {
	for _, h := range s.onAbsence {
		if err := h(tx, c, r.Requester, r.Period.From(), r.Period.To()); err != nil {
			return err
		}
	}
	return nil
}

// New returns the leave service of the store.
func New(store *storage.Store) *Service { return &Service{store: store} }

// Action IDs and modal callbacks.
const (
	approveID  = "leave.approve"
	rejectID   = "leave.reject"
	withdrawID = "leave.withdraw"
	newModal   = "leave.new"
	rejectCB   = "leave.reject"
)

// Capability is the leave capability, for handlers.New.
func (s *Service) Capability() *handlers.Capability {
	return &handlers.Capability{
		Name:        "leave",
		Commands:    []string{"leave", "请假"},
		Help:        []string{"help.leave", "help.leave_list", "help.leave_status", "help.leave_withdraw", "help.leave_cancel", "help.leave_back", "help.leave_deputy"},
		Command:     s.command,
		ActionIDs:   "leave.",
		Action:      s.action,
		Callback:    "leave.",
		Submit:      s.submit,
		ItemPrefix:  "L",
		ThreadReply: s.threadReply,
		Home:        s.home,
		ReadOnly:    readOnly,
	}
}

// command handles /leave: no text opens the form; list, status, withdraw
// and cancel manage requests; anything else is a request in words.
func (s *Service) command(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	// Slack sends typed text HTML-escaped; the parser reads what was typed.
	text := strings.TrimSpace(chat.Unescape(c.Req.Text))
	if text == "" {
		return handlers.Response{Modal: form(c)}, nil
	}
	if aloneKey(text) {
		return s.status(ctx, c, text) // /leave L12: its status
	}
	word, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "list", "列表", "我的":
		if rest != "" {
			return handlers.Reply(msg.T("leave.list_no_args", chat.Fragment(rest))), nil
		}
		return s.list(ctx, c)
	case "status", "查看", "详情":
		return s.status(ctx, c, rest)
	case "ics", "日历", "加入日历":
		return s.calendarFile(ctx, c, rest)
	case "withdraw", "撤回":
		return s.withdraw(ctx, c, rest)
	case "cancel", "revoke", "撤销":
		key, reason, _ := strings.Cut(rest, " ")
		return s.revoke(ctx, c, key, strings.TrimSpace(reason))
	case "back", "销假":
		return s.reportBack(ctx, c, rest)
	case "deputy", "代会", "代为参会", "委派":
		return s.deputyCommand(ctx, c, rest)
	case "help", "帮助":
		return handlers.Reply(msg.T("leave.usage", leave.Example)), nil
	}
	return s.fileText(ctx, c, text)
}

// action handles the buttons of a request's root message.
func (s *Service) action(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	key := c.Req.Action.Value
	switch c.Req.Action.ID {
	case approveID:
		return s.decide(ctx, c, key, approval.Approve, "")
	case rejectID:
		return s.askReason(ctx, c, key)
	case withdrawID:
		return s.withdraw(ctx, c, key)
	case pickDatesID:
		return s.pickDates(ctx, c)
	case icsID:
		return s.calendarFile(ctx, c, key)
	}
	return handlers.Response{}, fmt.Errorf("leave action %q: %w", c.Req.Action.ID, handlers.ErrStaleControl)
}

// submit handles the leave modals: a new request, or a rejection reason.
func (s *Service) submit(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	switch c.Req.Submission.CallbackID {
	case newModal:
		return s.fileForm(ctx, c)
	case rejectCB:
		reason := strings.TrimSpace(c.Req.Submission.Values[inReason])
		if reason == "" {
			return handlers.Response{Errors: map[string]string{inReason: msg.T("leave.err_reason_required")}}, nil
		}
		return s.decide(ctx, c, c.Req.Submission.Private, approval.Reject, reason)
	}
	return handlers.Response{}, fmt.Errorf("unknown leave modal %q", c.Req.Submission.CallbackID)
}

// load reads a short ID and loads the request.
func load(tx *storage.Tx, key string) (leave.Request, error) {
	id, err := leave.ParseKey(key)
	if err != nil {
		return leave.Request{}, handlers.Fail("leave.err_bad_key", chat.Fragment(key))
	}
	r, ok, err := tx.LeaveByID(id)
	if err != nil {
		return r, err
	}
	if !ok {
		return r, handlers.Fail("leave.err_not_found", leave.Key(id))
	}
	return r, nil
}

// settled refuses a change of a request that is no longer where the change
// starts from, naming where it is.
func settled(r leave.Request) error {
	return handlers.Fail("leave.err_settled", r.Key(), msgKey("leave.state.", string(r.State)))
}

// msgKey looks up the catalogue entry of a key made of a prefix and a
// domain value (a state, a reason code); the tests check that every such
// key exists.
func msgKey(prefix, name string, args ...any) string { return msg.T(prefix+name, args...) }
