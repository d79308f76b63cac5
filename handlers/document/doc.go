// Package document is the documents capability (/doc, Art. 48-56). For
// incoming documents (收文): a unit submits a document in words or by the
// form; the office's Art. 48 checks return it at once (退文) or it is
// registered under 昆政办收〔YEAR〕N号 (Art. 49) and posted as the root of
// its thread in the documents channel; the leader in charge decides by
// button or thread reply (批示同意, 退回, 报市长, 交办; the office 改派);
// 交办 starts the Art. 54 clock; the handling unit asks for extensions,
// files its written opinion or closes it (办结); the office urges (催办).
//
// The domain (officebot/document, imported here under the same name) says
// what the rules decide and how a document moves from state to state;
// storage keeps it; this package talks to people.
//
// Files by sub-flow: doc.go (the capability and its verb, button and form
// tables: a new verb is one line here), submit.go (submission, checks,
// registration), decide.go (the leader's decisions, 改派), handle.go (办结,
// opinion, extension, 催办), status.go (status, list, App Home), ics.go (the
// due date as a calendar file), render.go
// (messages and blocks), jobs.go (the scheduler's jobs, reminders' names,
// digest lines).
package document

import (
	"context"
	"fmt"
	"strings"

	"officebot/chat"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
	"officebot/storage"
)

// Service is the documents capability's operations on a store.
type Service struct {
	store *storage.Store
}

// New returns the documents service of the store.
func New(store *storage.Store) *Service { return &Service{store: store} }

// verbFunc answers /doc VERB rest.
type verbFunc func(s *Service, ctx context.Context, c *handlers.Call, rest string) (handlers.Response, error)

// verbs maps the words after /doc to what they do. Outgoing documents add
// their verbs here (one line each).
var verbs = map[string]verbFunc{
	"help": (*Service).usage, "帮助": (*Service).usage,
	"submit": (*Service).submitText, "报送": (*Service).submitText, "收文": (*Service).submitText,
	"status": (*Service).status, "查看": (*Service).status, "详情": (*Service).status,
	"ics": (*Service).calendarFile, "日历": (*Service).calendarFile, "加入日历": (*Service).calendarFile,
	"list": (*Service).list, "列表": (*Service).list,
	"done": (*Service).done, "办结": (*Service).done,
	"opinion": (*Service).opinion, "意见": (*Service).opinion,
	"extend": (*Service).extend, "延期": (*Service).extend,
	"urge": (*Service).urge, "催办": (*Service).urge,
	"draft": (*Service).draft, "拟稿": (*Service).draft, "发文": (*Service).draft,
	"revise": (*Service).revise, "修改稿": (*Service).revise,
}

// actionFunc answers a button press; value is the button's value (D12).
type actionFunc func(s *Service, ctx context.Context, c *handlers.Call, value string) (handlers.Response, error)

// Button action IDs.
const (
	actApprove   = "doc.approve"
	actReturn    = "doc.return"
	actForward   = "doc.forward"
	actAssign    = "doc.assign"
	actReroute   = "doc.reroute"
	actExtGrant  = "doc.ext_grant"
	actExtRefuse = "doc.ext_refuse"
	actUrge      = "doc.urge"
)

// actions maps button action IDs to what they do. Outgoing documents add
// theirs here.
var actions = map[string]actionFunc{
	actApprove:   (*Service).askApprove,
	actReturn:    (*Service).askReturn,
	actForward:   (*Service).forwardButton,
	actAssign:    (*Service).askAssign,
	actReroute:   (*Service).askReroute,
	actExtGrant:  (*Service).grantButton,
	actExtRefuse: (*Service).refuseButton,
	actUrge:      (*Service).urgeButton,
	actICS:       (*Service).calendarFile,
	actOutPass:   (*Service).outPassButton,
	actOutSign:   (*Service).outSignButton,
	actOutReturn: (*Service).outAskReturn,
}

// Modal callbacks.
const (
	cbSubmit  = "doc.submit"
	cbApprove = "doc.approve"
	cbReturn  = "doc.return"
	cbAssign  = "doc.assign"
	cbReroute = "doc.reroute"
)

// submitFunc answers a submitted form.
type submitFunc func(s *Service, ctx context.Context, c *handlers.Call, sub *handlers.Submission) (handlers.Response, error)

// forms maps modal callbacks to what they do. Outgoing documents add
// theirs here.
var forms = map[string]submitFunc{
	cbSubmit:    (*Service).submitForm,
	cbApprove:   (*Service).approveForm,
	cbReturn:    (*Service).returnForm,
	cbAssign:    (*Service).assignForm,
	cbReroute:   (*Service).rerouteForm,
	cbOutReturn: (*Service).outReturnForm,
	cbOutDraft:  (*Service).outDraftForm,
}

// Capability is the /doc capability, for handlers.New.
func (s *Service) Capability() *handlers.Capability {
	return &handlers.Capability{
		Name:     "doc",
		Commands: []string{"doc", "公文"},
		Help: []string{"help.doc", "help.doc_decide", "help.doc_handle", "help.doc_extend", "help.doc_status",
			"help.doc_office", "help.doc_draft", "help.doc_revise"},
		Command:     s.command,
		ActionIDs:   "doc.",
		Action:      s.action,
		Callback:    "doc.",
		Submit:      s.submit,
		ItemPrefix:  "D",
		ThreadReply: s.threadReply,
		ReadOnly:    readOnly,
		Errors: []handlers.ErrorText{
			{Err: document.ErrNoLeader, Key: "document.err.no_leader"},
			{Err: document.ErrTextRequired, Key: "document.err.text_required"},
		},
	}
}

// command handles /doc: no text opens the submission form; a verb does
// what the verb table says; anything else is a submission in words.
func (s *Service) command(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	text := strings.TrimSpace(chat.Unescape(c.Req.Text)) // Slack sends &amp; &lt; &gt;
	if text == "" {
		return handlers.Response{Modal: submitModal(c)}, nil
	}
	if aloneRef(text) {
		return s.status(ctx, c, text) // /doc D12, /doc 昆政办收〔2026〕17号: its status
	}
	word, rest, _ := strings.Cut(text, " ")
	if f, ok := verbs[strings.ToLower(word)]; ok {
		return f(s, ctx, c, strings.TrimSpace(rest))
	}
	if isLatinWord(word) {
		// A command word we do not have (sheet, approve): the usage, not
		// "缺少文种" for a submission nobody meant.
		return handlers.Reply(msg.T("document.err.unknown_verb", chat.Fragment(word)) + "\n" + msg.T("document.usage")), nil
	}
	return s.submitText(ctx, c, text)
}

// isLatinWord tells a word of ASCII letters only: a command word, never
// the start of a submission in words (标题：…).
func isLatinWord(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) < 0
}

func (s *Service) usage(_ context.Context, _ *handlers.Call, _ string) (handlers.Response, error) {
	return handlers.Reply(msg.T("document.usage")), nil
}

func (s *Service) action(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	a := c.Req.Action
	if f, ok := actions[a.ID]; ok {
		return f(s, ctx, c, a.Value)
	}
	return handlers.Response{}, fmt.Errorf("doc action %q: %w", a.ID, handlers.ErrStaleControl)
}

func (s *Service) submit(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	sub := c.Req.Submission
	if f, ok := forms[sub.CallbackID]; ok {
		return f(s, ctx, c, sub)
	}
	return handlers.Response{}, fmt.Errorf("doc modal %q: %w", sub.CallbackID, handlers.ErrStaleControl)
}
