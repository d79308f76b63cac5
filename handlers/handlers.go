// Package handlers runs the bot's capabilities, transport-agnostic: a
// Request comes in, a Response and outbox messages go out. Service routes
// each request to the Capability that answers it; the large capabilities
// are packages of their own (handlers/leave, handlers/meeting), the small
// ones (help, whoami, rules) files here. bot/ adapts Slack and the console
// to it; handlers never import slack-go or GORM.
package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"officebot/approval"
	"officebot/calendar"
	"officebot/chat"
	"officebot/clock"
	"officebot/directory"
	"officebot/msg"
	"officebot/storage"
	"officebot/text"
)

// Request is one thing a person did: typed a command, pressed a button,
// submitted a modal, or replied in an item's thread.
type Request struct {
	User       string      // Slack ID of the person
	Command    string      // capability command without the slash ("rules"); empty for free text
	Text       string      // the command's text, or the free text
	Channel    string      // where it happened, if anywhere
	ThreadItem string      // item key (L12) whose thread the text was typed in
	Mention    bool        // the bot was mentioned in a channel: answered like /rules
	Action     *Action     // a button press
	Submission *Submission // a modal submission
	Files      []chat.File // files the person shared with the message (a Slack upload)
}

// Action is a button press.
type Action struct {
	ID    string // the button's ActionID, "capability.verb"
	Value string // the button's Value, usually the item key
}

// Submission is a submitted modal.
type Submission struct {
	CallbackID string
	Private    string
	Values     map[string]string
}

// Response is what the person who made the request sees at once: messages
// (ephemeral in Slack, printed in the console), a modal to open, or field
// errors for a submitted modal. Messages to others go through the outbox.
type Response struct {
	Messages []chat.Message
	Modal    *chat.Modal
	Errors   map[string]string // by input ID
}

// Reply returns a response of one text message.
func Reply(text string, blocks ...chat.Block) Response {
	return Response{Messages: []chat.Message{{Text: text, Blocks: blocks}}}
}

// Text returns the text of all messages, joined; for logs and tests.
func (r Response) Text() string {
	var b strings.Builder
	for i, m := range r.Messages {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(m.Lead())
		for _, bl := range m.Blocks {
			if bl.Header != nil {
				b.WriteString("\n" + bl.Header.Text)
			}
			if bl.Section != nil && bl.Section.Text != "" {
				b.WriteString("\n" + bl.Section.Text)
			}
			if bl.Section != nil {
				for _, f := range bl.Section.Fields {
					b.WriteString("\n" + f)
				}
			}
			if bl.Context != nil {
				b.WriteString("\n" + bl.Context.Text)
			}
		}
	}
	return b.String()
}

// Call is one request being handled, with everything a handler needs.
type Call struct {
	*Service
	Req Request
	Org *directory.Org
	Me  directory.Person
	Now time.Time
	// FilesUsed is set by a handler that kept Req.Files (a report's file).
	FilesUsed bool
}

// Func handles one request.
type Func func(ctx context.Context, c *Call) (Response, error)

// HomeFunc returns a capability's section of a person's App Home.
type HomeFunc func(ctx context.Context, c *Call) ([]chat.Block, error)

// Capability is one thing the bot can do: its words, its buttons, forms
// and items, and the functions that answer them. A capability package
// returns one from its constructor; cmd/officebot passes them all to New.
type Capability struct {
	Name     string   // "leave"
	Commands []string // words that start it: slash command and console words ("leave", "请假")
	Help     []string // catalogue keys of its help lines

	Command     Func   // a command with text (or none: open a modal)
	ActionIDs   string // prefix of its buttons' action IDs, "leave."
	Action      Func   // a button press
	Callback    string // prefix of its modals' callback IDs
	Submit      Func   // a modal submission
	ItemPrefix  string // letter of its items' short IDs ("L"): thread replies come here
	ThreadReply Func   // text typed in one of its items' threads
	Home        HomeFunc
	// ReadOnly declares which commands change nothing: given the command's
	// text (the words after the command word), it reports whether running
	// it writes no row and queues no message, and answers at once. A
	// transport may run such a request inside Slack's request and answer in
	// its acknowledgement, with no record (see Service.ReadOnly). Nil:
	// every command of the capability may change state. A read that uploads
	// (a chart, an export: through the outbox) is not read-only.
	ReadOnly func(text string) bool
	// Errors are the capability's domain errors a person may meet, with
	// the catalogue key of what they read.
	Errors []ErrorText
}

// Deps are the dependencies every handler may use; a nil optional field
// disables what needs it.
type Deps struct {
	Store    *storage.Store
	Clock    clock.Clock
	Calendar *calendar.Calendar
	Log      *slog.Logger
	// Errors are domain errors that any capability may return (the
	// approval mechanism's refusals, ApprovalErrors), with their texts.
	Errors []ErrorText
	// Queued, when set, is called after every request: the outbox worker
	// looks for new messages at once instead of at its next poll.
	Queued func()
	// PublicURL is where people reach the program from outside
	// (OFFICEBOT_PUBLIC_URL, https://officebot.example.gov.cn): the base of
	// calendar subscription addresses. Empty: addresses are shown as paths
	// with a note that the administrator has not set it.
	PublicURL string
}

// Service runs requests through its capabilities, in the order they were
// given to New: that order is also the order of help and the App Home.
type Service struct {
	Deps
	caps []*Capability
	errs []ErrorText
}

// New returns the service of the capabilities.
func New(d Deps, caps ...*Capability) *Service {
	s := &Service{Deps: d, caps: slices.Clone(caps)}
	s.errs = append(s.errs, ErrorText{ErrStaleControl, "common.stale_action"})
	s.errs = append(s.errs, d.Errors...)
	for _, cp := range caps {
		s.errs = append(s.errs, cp.Errors...)
	}
	return s
}

// Capabilities lists the service's capabilities in order, e.g. for checking
// that the Slack app manifest declares every command.
func (s *Service) Capabilities() []*Capability { return slices.Clone(s.caps) }

// Has reports whether a capability of the service answers the command word
// ("leave", "/leave").
func (s *Service) Has(command string) bool {
	return find(s.caps, strings.TrimPrefix(command, "/")) != nil
}

// Handle runs one request. It never returns an error: every failure becomes a
// Chinese message for the person, and unexpected ones are logged. A
// transient database fault (storage.Transient) met before the request
// changed anything is retried with backoff for a couple of seconds (within
// ctx); still failing, the person reads that nothing was done (common.busy).
// A transport that records requests for a later replay uses Try instead.
func (s *Service) Handle(ctx context.Context, req Request) Response {
	ctx = storage.Track(ctx)
	var budget *time.Timer // armed at the first fault: most requests meet none
	for wait := 50 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		resp, err := s.Try(ctx, req)
		if err == nil {
			return resp
		}
		if budget == nil {
			budget = time.NewTimer(handleRetry)
			defer budget.Stop()
		}
		select {
		case <-time.After(wait):
			continue
		case <-budget.C:
		case <-ctx.Done():
		}
		s.log().Error("request not handled: the database is unavailable", "user", req.User, "command", req.Command, "err", err)
		return Reply(msg.T("common.busy"))
	}
}

// handleRetry bounds Handle's retries of a transient database fault, from
// the first one.
const handleRetry = 2 * time.Second

// ErrBusy is Try's error when the request met a transient database fault
// before any of its changes committed: nothing was done, and running it
// again is safe.
var ErrBusy = errors.New("handlers: database unavailable; the request changed nothing")

// Try runs one request once. A transient database fault (storage.Transient:
// the connection cut or refused, the server restarting, a deadlock, a busy
// SQLite file) met before any of the request's changes committed is
// returned as an error wrapping ErrBusy, with no response: the transport
// decides when to run it again (bot retries it with backoff, and leaves it
// recorded for a replay). Every other failure becomes the person's message
// as in Handle. ctx should be tracked (storage.Track or
// storage.WithDelivery) across the tries of one request, so that a request
// whose change committed is never run twice; without it a fault is no
// ErrBusy.
func (s *Service) Try(ctx context.Context, req Request) (Response, error) {
	if storage.CommitInDoubt(ctx) {
		// The last try's COMMIT was cut off: if it went through, its
		// change is made and only its answer was lost.
		done, err := s.Store.SettleDoubt(ctx)
		switch {
		case err != nil && storage.Transient(err):
			return Response{}, fmt.Errorf("%w: %w", ErrBusy, err)
		case err != nil:
			return s.failure(ctx, req, err), nil
		case done:
			return Reply(msg.T("common.done_unconfirmed")), nil
		}
	}
	resp, err := s.handle(ctx, req)
	if err != nil && storage.Transient(err) && storage.Rerunnable(ctx) {
		return Response{}, fmt.Errorf("%w: %w", ErrBusy, err)
	}
	if s.Queued != nil && !s.ReadOnly(req) {
		s.Queued()
	}
	if err != nil {
		return s.failure(ctx, req, err), nil
	}
	return resp, nil
}

func (s *Service) handle(ctx context.Context, req Request) (Response, error) {
	var c *Call
	resp, err := s.route(ctx, req, &c)
	if err == nil && len(req.Files) > 0 && c != nil && !c.FilesUsed && (len(resp.Messages) > 0 || req.ThreadItem == "") {
		// A file shared with words no capability files it with: say so
		// rather than drop it without a word.
		resp.Messages = append(resp.Messages, chat.Message{Text: msg.T("common.files_unused")})
	}
	return resp, err
}

// route finds the capability for req and runs it; *out is the Call it ran
// with (nil for an unregistered person).
func (s *Service) route(ctx context.Context, req Request, out **Call) (Response, error) {
	org, err := s.Store.Org(ctx)
	if err != nil {
		return Response{}, err
	}
	me, ok := org.Person(req.User)
	if !ok {
		if req.ThreadItem != "" {
			// Words in an item's thread are answered in the thread, for
			// everyone to read: someone outside the directory typing there
			// gets no answer rather than a public one.
			s.log().Debug("thread reply by someone not in the directory", "user", req.User, "item", req.ThreadItem)
			return Response{}, nil
		}
		return Reply(msg.T("common.unregistered")), nil
	}
	// A Chinese input method in full-width mode types the ideographic space
	// between words: commands split words on the ASCII one.
	req.Text = strings.ReplaceAll(req.Text, "\u3000", " ")
	c := &Call{Service: s, Req: req, Org: org, Me: me, Now: s.Clock.Now().In(s.Calendar.Location())}
	*out = c
	caps := s.caps
	switch {
	case req.Action != nil:
		for _, cp := range caps {
			if cp.Action != nil && cp.ActionIDs != "" && strings.HasPrefix(req.Action.ID, cp.ActionIDs) {
				return cp.Action(ctx, c)
			}
		}
		// A button of an old message or another version: nothing to retry.
		s.log().Warn("no capability for action", "action", req.Action.ID, "user", req.User)
		return Reply(msg.T("common.stale_action")), nil
	case req.Submission != nil:
		for _, cp := range caps {
			if cp.Submit != nil && cp.Callback != "" && strings.HasPrefix(req.Submission.CallbackID, cp.Callback) {
				return cp.Submit(ctx, c)
			}
		}
		s.log().Warn("no capability for modal", "callback", req.Submission.CallbackID, "user", req.User)
		return Reply(msg.T("common.stale_action")), nil
	case req.ThreadItem != "":
		for _, cp := range caps {
			if cp.ThreadReply != nil && cp.ItemPrefix != "" && strings.HasPrefix(req.ThreadItem, cp.ItemPrefix) {
				return cp.ThreadReply(ctx, c)
			}
		}
		return Response{}, nil // chatter in a thread that is not ours to read
	}
	if req.Command == "" && !req.Mention {
		// Free text (console, direct message): the first word may name a command.
		word, rest, _ := strings.Cut(strings.TrimSpace(req.Text), " ")
		word = strings.TrimPrefix(text.HalfWidth(word), "/") // ｈｅｌｐ as a full-width IME types it
		if word == "" {
			return Reply(msg.T("common.empty_command")), nil
		}
		if cp := find(caps, word); cp != nil {
			c.Req.Command, c.Req.Text = word, strings.TrimSpace(rest)
			return cp.Command(ctx, c)
		}
		if key, ok := planned[strings.ToLower(word)]; ok {
			return Reply(msg.T("common.planned", "/"+strings.ToLower(word), msg.T(key))), nil
		}
		if cp := find(caps, "rules"); cp != nil {
			// Officials ask questions in plain words: answer them from the rules.
			c.Req.Command = "rules"
			return cp.Command(ctx, c)
		}
		return Reply(msg.T("common.unknown", chat.Fragment(word))), nil
	}
	if req.Mention {
		c.Req.Command = "rules"
	}
	if cp := find(caps, c.Req.Command); cp != nil {
		return cp.Command(ctx, c)
	}
	if key, ok := planned[c.Req.Command]; ok {
		return Reply(msg.T("common.planned", "/"+c.Req.Command, msg.T(key))), nil
	}
	return Reply(msg.T("common.unknown", chat.Fragment(c.Req.Command))), nil
}

// planned are the slash commands the Slack app declares (manifest.yaml) whose
// capability this build does not have yet: they say so instead of failing.
var planned = map[string]string{}

func find(caps []*Capability, word string) *Capability {
	for _, cp := range caps {
		if cp.Command == nil {
			continue
		}
		for _, w := range cp.Commands {
			if strings.EqualFold(w, word) {
				return cp
			}
		}
	}
	return nil
}

// Home returns the App Home blocks of a person: every capability's section.
func (s *Service) Home(ctx context.Context, user string) ([]chat.Block, error) {
	org, err := s.Store.Org(ctx)
	if err != nil {
		return nil, err
	}
	me, ok := org.Person(user)
	if !ok {
		return []chat.Block{chat.Text(msg.T("common.unregistered"))}, nil
	}
	c := &Call{Service: s, Req: Request{User: user}, Org: org, Me: me, Now: s.Clock.Now().In(s.Calendar.Location())}
	var out []chat.Block
	for _, cp := range s.caps {
		if cp.Home == nil {
			continue
		}
		bs, err := cp.Home(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("home section %s: %w", cp.Name, err)
		}
		out = append(out, bs...)
	}
	return out, nil
}

// ErrStaleControl is a button or form this build does not know: left from an
// older version, or forged. The person is told it no longer works.
var ErrStaleControl = errors.New("handlers: unknown button or form")

// UserError is an error whose text is meant for the person: a catalogue key
// and its arguments.
type UserError struct {
	Key  string
	Args []any
}

func (e *UserError) Error() string { return msg.T(e.Key, e.Args...) }

// Fail returns a UserError.
func Fail(key string, args ...any) error { return &UserError{Key: key, Args: args} }

// TooLong is the Chinese text of a field that is too long: which field,
// how long it is and its limit.
func TooLong(e *text.TooLongError) string {
	return msg.T("common.too_long", msg.T(e.Field), e.Len, e.Max)
}

// ErrorText maps a domain error value to a catalogue key, so a handler can
// return the domain's error and the person reads Chinese.
type ErrorText struct {
	Err error
	Key string
}

// ApprovalErrors are the approval mechanism's refusals, which read the same
// in every flow.
func ApprovalErrors() []ErrorText {
	return []ErrorText{
		{Err: approval.ErrAlreadyDecided, Key: "approval.err.already_decided"},
		{Err: approval.ErrNotYours, Key: "approval.err.not_yours"},
		{Err: approval.ErrOwnRequest, Key: "approval.err.own_request"},
		{Err: approval.ErrReasonRequired, Key: "approval.err.reason_required"},
		{Err: approval.ErrNoPendingStep, Key: "approval.err.no_pending"},
		{Err: approval.ErrActionNotAllowed, Key: "approval.err.action_not_allowed"},
	}
}

// ErrorText returns the Chinese text of err, and whether err was meant for
// the person (a UserError or a domain error the service has a text for).
func (s *Service) ErrorText(err error) (string, bool) {
	var ue *UserError
	if errors.As(err, &ue) {
		return ue.Error(), true
	}
	var tl *text.TooLongError
	if errors.As(err, &tl) {
		return TooLong(tl), true
	}
	for _, et := range s.errs {
		if errors.Is(err, et.Err) {
			return msg.T(et.Key), true
		}
	}
	return msg.T("common.internal"), false
}

// failure is the person's answer to a request that failed with err. An
// unexpected failure after one of the request's saves committed (a flow of
// several transactions) is not the internal-error text, which says to try
// again: part of the change is made, and the person is told to look before
// doing anything twice (common.partial).
func (s *Service) failure(ctx context.Context, req Request, err error) Response {
	if errors.Is(err, storage.ErrAlreadyHandled) {
		return Response{} // another handling of this same request answered it
	}
	text, meant := s.ErrorText(err)
	if !meant && s.Log != nil {
		s.Log.Error("request failed", "user", req.User, "command", req.Command, "err", err,
			"partly_saved", storage.Committed(ctx))
	}
	if !meant && storage.Committed(ctx) {
		text = msg.T("common.partial")
	}
	return Reply(text)
}

// log is the service's logger, or one that discards.
func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.New(slog.DiscardHandler)
}
