package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"officebot/chat"
	"officebot/clock"
	"officebot/handlers"
	"officebot/msg"
	"officebot/storage"
)

// Config configures the Slack transport (SPEC §3 configuration).
type Config struct {
	BotToken      string // xoxb-: Web API
	AppToken      string // xapp-: Socket Mode runs when it is set
	SigningSecret string // the HTTP endpoints are served when it is set
	APIURL        string // Web API base URL ending in /api/; empty: Slack's

	// SocketSilence is how long a Socket Mode connection may stay silent (no
	// envelope, no ping) before the watchdog replaces it. Default 2 minutes.
	SocketSilence time.Duration
	// SubmitTimeout bounds a modal submission's handler: its field errors
	// must be in the HTTP answer, within Slack's 3 seconds. Default 2.5 s.
	SubmitTimeout time.Duration
	// ReadBudget bounds a read-only slash command run inside Slack's
	// request to answer in its ack; a slower one is acknowledged without
	// its answer, which follows through response_url. Default 2 s.
	ReadBudget time.Duration
	// MaxWork bounds the requests handled at once after their ack; more wait
	// their turn (they are acknowledged already). Default 64.
	MaxWork int
	// HTTPClient carries Web API and response_url calls; default: a client
	// with a 15 s timeout.
	HTTPClient *http.Client
}

// workTimeout bounds one request's handling after its ack.
const workTimeout = 2 * time.Minute

// Bot is the Slack transport. It takes Slack's deliveries (HTTP endpoints
// and Socket Mode), acknowledges each at once, runs it through the handlers
// after the ack, and answers through response_url or the Web API.
type Bot struct {
	cfg     Config
	service *handlers.Service
	log     *slog.Logger
	clock   clock.Clock // real time: signatures, latencies, delivery records
	api     *slack.Client
	hooks   *http.Client // response_url
	sender  *Sender
	metrics *metrics

	work sync.WaitGroup
	sem  chan struct{}

	worker string // this process's name in request claims

	botUser atomic.Pointer[string] // the bot's user ID once auth.test passed
	authErr atomic.Pointer[string]
	socket  socketState
	mux     http.Handler
	admin   http.Handler
}

// New returns a Bot answering with service. clk must be the real clock (a
// demo clock set by OFFICEBOT_CLOCK would make every signature stale).
func New(cfg Config, service *handlers.Service, log *slog.Logger, clk clock.Clock) *Bot {
	if cfg.SocketSilence <= 0 {
		cfg.SocketSilence = 2 * time.Minute
	}
	if cfg.SubmitTimeout <= 0 {
		cfg.SubmitTimeout = 2500 * time.Millisecond
	}
	if cfg.ReadBudget <= 0 {
		cfg.ReadBudget = 2 * time.Second
	}
	if cfg.MaxWork <= 0 {
		cfg.MaxWork = 64
	}
	base := cfg.HTTPClient
	if base == nil {
		base = &http.Client{Timeout: 15 * time.Second}
	}
	transport := base.Transport
	if transport == nil {
		// http.DefaultTransport keeps 2 idle connections per host: with
		// more answers than that going to hooks.slack.com at once, every
		// extra one dialled (and TLS-handshook) anew.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = cfg.MaxWork
		transport = t
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	b := &Bot{cfg: cfg, service: service, log: log, clock: clk, metrics: newMetrics(), sem: make(chan struct{}, cfg.MaxWork),
		worker: newWorkerName()}
	apiClient := *base
	apiClient.Transport = countingTransport{next: transport, metrics: b.metrics}
	hookClient := *base
	hookClient.Transport = countingTransport{next: transport, metrics: b.metrics, method: "response_url"}
	b.hooks = &hookClient
	opts := []slack.Option{slack.OptionHTTPClient(&apiClient)}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	b.api = slack.New(cfg.BotToken, opts...)
	b.sender = NewSender(b.api)
	b.socket.set(socketDisabled)
	if cfg.AppToken != "" {
		b.socket.set(socketConnecting)
	}
	b.mux, b.admin = b.routes(), b.adminRoutes()
	return b
}

// Sender returns the Web API sender for the outbox worker.
func (b *Bot) Sender() *Sender { return b.sender }

// Wait blocks until every request acknowledged so far has been handled.
// Call it after the HTTP server and Socket Mode have stopped taking new ones.
func (b *Bot) Wait() { b.work.Wait() }

// CheckAuth calls auth.test and remembers the bot's user ID (mentions of it
// are stripped from texts); /readyz reports its outcome.
func (b *Bot) CheckAuth(ctx context.Context) error {
	res, err := b.api.AuthTestContext(ctx)
	if err != nil {
		s := err.Error() // for the log: /readyz says only that it failed
		b.authErr.Store(&s)
		return fmt.Errorf("slack auth.test: %w", err)
	}
	b.botUser.Store(&res.UserID)
	b.authErr.Store(nil)
	b.log.Info("slack auth ok", "team", res.Team, "bot_user", res.UserID)
	return nil
}

// KeepCheckingAuth calls auth.test until it passes or ctx ends, backing off
// up to five minutes between tries.
func (b *Bot) KeepCheckingAuth(ctx context.Context) {
	wait := time.Second
	for {
		err := b.CheckAuth(ctx)
		if err == nil {
			return
		}
		b.log.Warn("slack auth.test failed", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Minute)
	}
}

func (b *Bot) authOK() bool { return b.botUser.Load() != nil }

// spawnFor runs f after the ack, tracked so shutdown waits for it, with a
// context of its own: shutting down lets handled requests finish. For the
// request recorded under key (none when empty) the claim is renewed while
// it waits and runs, and it is marked handled when f returns.
func (b *Bot) spawnFor(key string, f func(ctx context.Context)) {
	b.work.Add(1)
	b.metrics.inFlight.Inc()
	go func() {
		defer b.work.Done()
		defer b.metrics.inFlight.Dec()
		// The handler's first transaction also marks the request handled.
		ctx := storage.WithDelivery(context.Background(), key)
		if key != "" {
			defer b.finish(ctx, key) // after f, even when it panicked
			defer b.holdClaim(key)()
		}
		b.sem <- struct{}{}
		defer func() { <-b.sem }()
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("slack request handling panicked", "panic", fmt.Sprint(p))
			}
		}()
		ctx, cancel := context.WithTimeout(ctx, workTimeout)
		defer cancel()
		f(ctx)
	}()
}

// commandKey names a slash command's record. Slack does not retry slash
// commands over HTTP, so the key need not find duplicates: it is unique
// (a trigger_id is meant to be, but nothing may be dropped should one repeat).
func commandKey(cmd slack.SlashCommand) string {
	return "command:" + cmd.TriggerID + ":" + strconv.FormatUint(rand.Uint64(), 36)
}

// reply says where a response goes.
type reply struct {
	ResponseURL string `json:"response_url,omitempty"` // ephemeral answer (slash commands, buttons)
	TriggerID   string `json:"trigger_id,omitempty"`   // opens a modal
	Channel     string `json:"channel,omitempty"`      // public answer in a channel or DM...
	ThreadTS    string `json:"thread_ts,omitempty"`    // ...in this thread
	User        string `json:"user,omitempty"`         // else a direct message to the person
}

// answer runs req through the handlers and delivers the response.
func (b *Bot) answer(ctx context.Context, req handlers.Request, to reply) {
	b.deliver(ctx, b.service.Handle(ctx, req), to)
}

func (b *Bot) deliver(ctx context.Context, resp handlers.Response, to reply) {
	if resp.Modal != nil {
		err := errors.New("no trigger_id to open it with")
		if to.TriggerID != "" {
			_, err = b.api.OpenViewContext(ctx, to.TriggerID, renderModal(*resp.Modal))
		}
		if err != nil {
			b.log.Warn("open modal", "callback", resp.Modal.CallbackID, "err", err)
			resp.Messages = append(resp.Messages, chat.Message{Text: msg.T("slack.modal_failed")})
		}
	}
	for _, m := range resp.Messages {
		var err error
		switch {
		case to.ResponseURL != "":
			err = b.respond(ctx, to.ResponseURL, m)
		case to.Channel != "":
			_, _, err = b.sender.Post(ctx, to.Channel, to.ThreadTS, m)
		case to.User != "":
			_, _, err = b.sender.Post(ctx, to.User, "", m)
		default:
			err = errors.New("nowhere to answer")
		}
		if err != nil {
			b.log.Warn("slack answer failed", "err", err)
		}
	}
}

// respond posts m ephemerally to a response_url.
func (b *Bot) respond(ctx context.Context, url string, m chat.Message) error {
	body := struct {
		ResponseType    string        `json:"response_type"`
		ReplaceOriginal bool          `json:"replace_original"`
		Text            string        `json:"text"`
		Blocks          []slack.Block `json:"blocks,omitempty"`
	}{"ephemeral", false, fallbackText(m), renderMessage(m)}
	data, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("response_url: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("response_url: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := b.hooks.Do(req)
	if err != nil {
		return fmt.Errorf("response_url: %w", err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("response_url: HTTP %d", res.StatusCode)
	}
	return nil
}

// command takes a slash command on under key: recorded, then handled after
// the ack. It reports false for a redelivery (to acknowledge only).
func (b *Bot) command(ctx context.Context, key string, cmd slack.SlashCommand) bool {
	_, j := commandRequest(cmd)
	key, first := b.takeOrKeep(ctx, key, j)
	if first {
		b.spawnFor(key, func(ctx context.Context) { b.runJob(ctx, j, false) })
	}
	return first
}

// interaction takes an interaction payload and returns the synchronous
// answer to put in the ack (nil: an empty one). Button presses are recorded
// before the ack and handled after it; modal submissions before it, within
// SubmitTimeout, because their field errors must be in the answer.
func (b *Bot) interaction(ic slack.InteractionCallback) any {
	switch ic.Type {
	case slack.InteractionTypeBlockActions:
		j := job{User: ic.User.ID, To: reply{ResponseURL: ic.ResponseURL, TriggerID: ic.TriggerID, User: ic.User.ID}}
		for _, a := range ic.ActionCallback.BlockActions {
			j.Requests = append(j.Requests, handlers.Request{User: ic.User.ID, Channel: ic.Channel.ID,
				Action: &handlers.Action{ID: a.ActionID, Value: a.Value}})
		}
		if key, first := b.takeOrKeep(context.Background(), interactionKey(ic), j); first {
			b.spawnFor(key, func(ctx context.Context) { b.runJob(ctx, j, false) })
		}
	case slack.InteractionTypeViewSubmission:
		return b.submit(ic)
	}
	return nil
}

// interactionKey identifies one interaction across Slack's redeliveries.
func interactionKey(ic slack.InteractionCallback) string {
	if ic.TriggerID != "" {
		return "interaction:" + ic.TriggerID
	}
	return "interaction:" + ic.User.ID + ":" + ic.View.ID + ":" + ic.View.Hash + ":" + ic.ActionTs
}

func (b *Bot) submit(ic slack.InteractionCallback) any {
	req := handlers.Request{User: ic.User.ID, Submission: &handlers.Submission{
		CallbackID: ic.View.CallbackID, Private: ic.View.PrivateMetadata, Values: submissionValues(ic.View.State)}}
	j := job{Requests: []handlers.Request{req}, Submission: true, User: ic.User.ID, To: reply{User: ic.User.ID}}
	key, first := b.takeOrKeep(context.Background(), interactionKey(ic), j)
	if !first {
		return nil
	}
	result := make(chan handlers.Response, 1)
	taken := make(chan bool, 1)
	b.spawnFor(key, func(ctx context.Context) {
		resp := b.service.Handle(ctx, req)
		result <- resp
		if <-taken {
			b.deliver(ctx, handlers.Response{Messages: resp.Messages}, reply{User: ic.User.ID})
			return
		}
		b.lateSubmission(ctx, resp, ic.User.ID)
	})
	timer := time.NewTimer(b.cfg.SubmitTimeout)
	defer timer.Stop()
	select {
	case resp := <-result:
		taken <- true
		if len(resp.Errors) > 0 {
			return slack.NewErrorsViewSubmissionResponse(resp.Errors)
		}
		if resp.Modal != nil {
			v := renderModal(*resp.Modal)
			return slack.NewUpdateViewSubmissionResponse(&v)
		}
		return nil
	case <-timer.C:
		taken <- false
		return nil
	}
}

// lateSubmission tells the person the outcome of a modal submission that
// was answered too late for the modal: in a direct message.
func (b *Bot) lateSubmission(ctx context.Context, resp handlers.Response, user string) {
	ms := []chat.Message{{Text: msg.T("slack.busy")}}
	for id, e := range resp.Errors {
		ms = append(ms, chat.Message{Text: msg.T("console.field_error", id, e)})
	}
	b.deliver(ctx, handlers.Response{Messages: append(ms, resp.Messages...)}, reply{User: user})
}

// event handles an Events API event after it was recorded and acknowledged.
func (b *Bot) event(ctx context.Context, inner slackevents.EventsAPIInnerEvent) {
	switch ev := inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		if ev.BotID != "" || ev.User == "" {
			return
		}
		if ev.ThreadTimeStamp != "" {
			if _, ok := b.threadItem(ctx, ev.Channel, ev.ThreadTimeStamp); ok {
				return // a reply in an item's thread: the message event takes it
			}
		}
		thread := ev.ThreadTimeStamp
		if thread == "" {
			thread = ev.TimeStamp
		}
		b.answer(ctx, handlers.Request{User: ev.User, Channel: ev.Channel, Mention: true, Text: b.stripMention(ev.Text)},
			reply{Channel: ev.Channel, ThreadTS: thread})
	case *slackevents.MessageEvent:
		// file_share: a message with an upload (a report's file).
		if ev.BotID != "" || (ev.SubType != "" && ev.SubType != "file_share") || ev.User == "" || ev.User == b.botUserID() {
			return
		}
		text := b.stripMention(ev.Text)
		files := sharedFiles(ev)
		if ev.ThreadTimeStamp != "" && ev.ThreadTimeStamp != ev.TimeStamp {
			if item, ok := b.threadItem(ctx, ev.Channel, ev.ThreadTimeStamp); ok {
				b.answer(ctx, handlers.Request{User: ev.User, Channel: ev.Channel, ThreadItem: item, Text: text, Files: files},
					reply{Channel: ev.Channel, ThreadTS: ev.ThreadTimeStamp})
				return
			}
		}
		if ev.ChannelType != "im" {
			return // channel chatter; mentions come as app_mention
		}
		b.answer(ctx, handlers.Request{User: ev.User, Channel: ev.Channel, Text: text, Files: files},
			reply{Channel: ev.Channel, ThreadTS: ev.ThreadTimeStamp})
	case *slackevents.AppHomeOpenedEvent:
		if ev.Tab != "home" {
			return
		}
		b.publishHome(ctx, ev.User)
	}
}

// sharedFiles are the files the message's author uploaded with it.
func sharedFiles(ev *slackevents.MessageEvent) []chat.File {
	if ev.Message == nil {
		return nil
	}
	var fs []chat.File
	for _, f := range ev.Message.Files {
		if f.ID == "" || (f.User != "" && f.User != ev.User) {
			continue // only the author's own uploads
		}
		name := f.Name
		if name == "" {
			name = f.Title
		}
		u := f.URLPrivateDownload
		if u == "" {
			u = f.URLPrivate
		}
		fs = append(fs, chat.File{ID: f.ID, Name: name, URL: u, Size: f.Size})
	}
	return fs
}

// threadWait bounds how long a reply waits for its thread's root message to
// be recorded: the root's ts is stored only after Slack answered the post,
// and a quick reader can reply in the thread before that.
const threadWait = 10 * time.Second

// threadItem finds the item whose root message is at channel and ts. When
// none is known yet but a message to the channel is being sent, that message
// may be the root: it waits, bounded, for the delivery to be recorded.
func (b *Bot) threadItem(ctx context.Context, channel, ts string) (string, bool) {
	deadline := time.Now().Add(threadWait)
	find := func() (string, bool, error) { return b.service.Store.ItemByThread(ctx, channel, ts) }
	for {
		item, ok, err := find()
		if err != nil {
			b.log.Error("find thread item", "channel", channel, "ts", ts, "err", err)
			return "", false
		}
		if ok {
			return item, true
		}
		sending, err := b.service.Store.Sending(ctx, channel)
		if err != nil {
			b.log.Error("find thread item", "channel", channel, "ts", ts, "err", err)
			return "", false
		}
		if !sending {
			// The delivery may have been recorded between the two reads
			// (thread not yet saved, then no longer sending): look once more.
			item, ok, err := find()
			if err != nil {
				b.log.Error("find thread item", "channel", channel, "ts", ts, "err", err)
			}
			return item, ok && err == nil
		}
		if time.Now().After(deadline) {
			return "", false
		}
		select {
		case <-ctx.Done():
			return "", false
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (b *Bot) publishHome(ctx context.Context, user string) {
	blocks, err := b.service.Home(ctx, user)
	if err != nil {
		b.log.Error("app home", "user", user, "err", err)
		blocks = []chat.Block{chat.Text(msg.T("slack.home_failed"))}
	}
	if _, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: renderHome(blocks)}); err != nil {
		b.log.Warn("views.publish", "user", user, "err", err)
	}
}

func (b *Bot) botUserID() string {
	if p := b.botUser.Load(); p != nil {
		return *p
	}
	return ""
}

// stripMention removes mentions of the bot from a text, or a leading mention
// when the bot's ID is not known yet.
func (b *Bot) stripMention(text string) string {
	if id := b.botUserID(); id != "" {
		for {
			i := strings.Index(text, "<@"+id)
			if i < 0 {
				break
			}
			j := strings.IndexByte(text[i:], '>')
			if j < 0 {
				break
			}
			text = text[:i] + text[i+j+1:]
		}
		return strings.TrimSpace(text)
	}
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "<@") {
		if j := strings.IndexByte(t, '>'); j > 0 {
			t = t[j+1:]
		}
	}
	return strings.TrimSpace(t)
}

// Service returns the handlers the bot runs requests through.
func (b *Bot) Service() *handlers.Service { return b.service }
