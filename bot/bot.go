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
	// BusyNotice is how long a request's handling retries a transient
	// database fault before the person is told it is received and will be
	// done (it keeps trying; see spawnFor). Default 5 s.
	BusyNotice time.Duration
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

	work     sync.WaitGroup
	sem      chan struct{}
	stopping chan struct{} // closed by Stop
	stopOnce sync.Once

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
	if cfg.BusyNotice <= 0 {
		cfg.BusyNotice = 5 * time.Second
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
		stopping: make(chan struct{}),
		worker:   newWorkerName()}
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

// Stop makes requests waiting for the database to come back give up
// their retries: they stay recorded for a replay (by the next process),
// so a shutdown during an outage does not wait for them. Call it before
// Wait when shutting down.
func (b *Bot) Stop() { b.stopOnce.Do(func() { close(b.stopping) }) }

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

// spawnFor runs f, the handling of the request t took on, after the ack,
// tracked so shutdown waits for it, with a context of its own: shutting
// down lets handled requests finish. For a request with a record the claim
// is renewed while it waits and runs, and it is marked handled when f
// returns true (done).
//
// f returns false when the request met a transient database fault before
// changing anything (handlers.ErrBusy): it runs again with backoff (100 ms
// doubling to 2 s) until it is done or workTimeout passes. If it is still
// not done after Config.BusyNotice, the person is told once that it was
// received and will be done (slack.received_busy; a replay tells nothing,
// the first handling did): the outcome that follows is the only one. Not
// done within workTimeout, it stays recorded and its claim is given back
// for a replay. When the record could not be written before the ack, it is
// written first, retried the same way.
func (b *Bot) spawnFor(t taken, f func(ctx context.Context) bool) {
	b.work.Add(1)
	b.metrics.inFlight.Inc()
	go func() {
		defer b.work.Done()
		defer b.metrics.inFlight.Dec()
		ctx, cancel := context.WithTimeout(context.Background(), workTimeout)
		defer cancel()
		busy := b.busyWait(ctx, t)
		defer busy.stop()
		if t.key != "" && !t.recorded {
			if !b.recordLate(ctx, t, busy) {
				return
			}
		}
		// The handler's first transaction also marks the request handled.
		hctx := context.WithValue(storage.Track(storage.WithDelivery(ctx, t.key)), notedKey{}, &busy.noted)
		done := false
		if t.key != "" {
			defer func() { // after f, even when it panicked
				if done {
					b.finish(hctx, t.key)
				} else {
					b.release(t.key)
				}
			}()
			defer b.holdClaim(t.key)()
		}
		b.sem <- struct{}{}
		defer func() { <-b.sem }()
		defer func() {
			if p := recover(); p != nil {
				done = true // never replayed: it would panic again
				b.log.Error("slack request handling panicked", "panic", fmt.Sprint(p))
			}
		}()
		for !done {
			if done = f(hctx); !done && !busy.wait() {
				b.log.Error("slack request not handled: the database stayed unavailable; left for a replay",
					"key", t.key, "user", t.job.User)
				b.metrics.requests.WithLabelValues("handling", "left_for_replay").Inc()
				return
			}
		}
	}()
}

// taken is a request taken on, to handle after the ack.
type taken struct {
	key      string // its record; empty for none
	recorded bool   // the record was written before the ack
	job      job
	replay   bool // taken on before a crash, replayed now
}

// busyWaiter spaces the tries of a request that met a transient database
// fault and tells its person once, after Config.BusyNotice, that it is
// received and will be done.
type busyWaiter struct {
	b      *Bot
	ctx    context.Context
	t      taken
	notice *time.Timer
	told   bool        // the note is not (or no longer) to be sent
	noted  atomic.Bool // the note was sent (notedKey)
	next   time.Duration
}

// notedKey carries a request's busyWaiter.noted to its handling: the
// outcome of a modal submission need not say again that it comes late.
type notedKey struct{}

func busyNoted(ctx context.Context) bool {
	n, _ := ctx.Value(notedKey{}).(*atomic.Bool)
	return n != nil && n.Load()
}

func (b *Bot) busyWait(ctx context.Context, t taken) *busyWaiter {
	return &busyWaiter{b: b, ctx: ctx, t: t, notice: time.NewTimer(b.cfg.BusyNotice), told: t.replay, next: 100 * time.Millisecond}
}

func (w *busyWaiter) stop() { w.notice.Stop() }

// wait sleeps before the next try, telling the person when the notice is
// due; false when the request's time is up.
func (w *busyWaiter) wait() bool {
	d := w.next/2 + rand.N(w.next/2+1)
	w.next = min(2*w.next, 2*time.Second)
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		select {
		case <-w.notice.C:
			if !w.told {
				w.told = true
				w.b.metrics.requests.WithLabelValues("handling", "busy_told").Inc()
				w.b.tellBusy(w.ctx, w.t.job)
				w.noted.Store(true)
			}
		case <-timer.C:
			return true
		case <-w.ctx.Done():
			return false
		case <-w.b.stopping:
			return false
		}
	}
}

// tellBusy tells the person who made the request that it is received and
// will be done: where its answer goes, or in a direct message for a modal
// submission or an event addressed to the bot.
func (b *Bot) tellBusy(ctx context.Context, j job) {
	note := handlers.Reply(msg.T("slack.received_busy"))
	switch {
	case len(j.Event) > 0 || j.Submission:
		if j.User != "" {
			b.deliver(ctx, note, reply{User: j.User})
		}
	default:
		to := j.To
		to.TriggerID = ""
		b.deliver(ctx, note, to)
	}
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

// answer runs req through the handlers and delivers the response. It
// reports false when the request met a transient database fault and
// changed nothing: nothing is delivered, the caller runs it again.
func (b *Bot) answer(ctx context.Context, req handlers.Request, to reply) bool {
	resp, err := b.service.Try(ctx, req)
	if err != nil {
		b.log.Warn("slack request met a database fault; it will run again", "user", req.User, "err", err)
		return false
	}
	b.deliver(ctx, resp, to)
	return true
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
	t, first := b.takeOrKeep(ctx, key, j)
	if first {
		b.spawnFor(t, func(ctx context.Context) bool { return b.runJob(ctx, j, false) })
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
		if t, first := b.takeOrKeep(context.Background(), interactionKey(ic), j); first {
			b.spawnFor(t, func(ctx context.Context) bool { return b.runJob(ctx, j, false) })
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
	t, first := b.takeOrKeep(context.Background(), interactionKey(ic), j)
	if !first {
		return nil
	}
	result := make(chan handlers.Response, 1)
	taken := make(chan bool, 1)
	b.spawnFor(t, func(ctx context.Context) bool {
		resp, err := b.service.Try(ctx, req)
		if err != nil {
			b.log.Warn("modal submission met a database fault; it will run again", "user", req.User, "err", err)
			return false
		}
		result <- resp
		if <-taken {
			b.deliver(ctx, handlers.Response{Messages: resp.Messages}, reply{User: ic.User.ID})
			return true
		}
		b.lateSubmission(ctx, resp, ic.User.ID)
		return true
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
	var ms []chat.Message
	if !busyNoted(ctx) { // else the person was told it is received and will be done
		ms = append(ms, chat.Message{Text: msg.T("slack.busy")})
	}
	for id, e := range resp.Errors {
		ms = append(ms, chat.Message{Text: msg.T("console.field_error", id, e)})
	}
	b.deliver(ctx, handlers.Response{Messages: append(ms, resp.Messages...)}, reply{User: user})
}

// event handles an Events API event after it was recorded and acknowledged.
// It reports false when it met a transient database fault and changed
// nothing (to run again).
func (b *Bot) event(ctx context.Context, inner slackevents.EventsAPIInnerEvent) bool {
	switch ev := inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		if ev.BotID != "" || ev.User == "" {
			return true
		}
		if ev.ThreadTimeStamp != "" {
			_, ok, err := b.threadItem(ctx, ev.Channel, ev.ThreadTimeStamp)
			if err != nil {
				return false
			}
			if ok {
				return true // a reply in an item's thread: the message event takes it
			}
		}
		thread := ev.ThreadTimeStamp
		if thread == "" {
			thread = ev.TimeStamp
		}
		return b.answer(ctx, handlers.Request{User: ev.User, Channel: ev.Channel, Mention: true, Text: b.stripMention(ev.Text)},
			reply{Channel: ev.Channel, ThreadTS: thread})
	case *slackevents.MessageEvent:
		// file_share: a message with an upload (a report's file).
		if ev.BotID != "" || (ev.SubType != "" && ev.SubType != "file_share") || ev.User == "" || ev.User == b.botUserID() {
			return true
		}
		text := b.stripMention(ev.Text)
		files := sharedFiles(ev)
		if ev.ThreadTimeStamp != "" && ev.ThreadTimeStamp != ev.TimeStamp {
			item, ok, err := b.threadItem(ctx, ev.Channel, ev.ThreadTimeStamp)
			if err != nil {
				return false
			}
			if ok {
				return b.answer(ctx, handlers.Request{User: ev.User, Channel: ev.Channel, ThreadItem: item, Text: text, Files: files},
					reply{Channel: ev.Channel, ThreadTS: ev.ThreadTimeStamp})
			}
		}
		if ev.ChannelType != "im" {
			return true // channel chatter; mentions come as app_mention
		}
		return b.answer(ctx, handlers.Request{User: ev.User, Channel: ev.Channel, Text: text, Files: files},
			reply{Channel: ev.Channel, ThreadTS: ev.ThreadTimeStamp})
	case *slackevents.AppHomeOpenedEvent:
		if ev.Tab == "home" {
			b.publishHome(ctx, ev.User)
		}
	}
	return true
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
// may be the root: it waits, bounded, for the delivery to be recorded. The
// error is a transient database fault (the reply is to be taken again);
// other failures are logged and the reply taken for chatter.
func (b *Bot) threadItem(ctx context.Context, channel, ts string) (string, bool, error) {
	deadline := time.Now().Add(threadWait)
	find := func() (string, bool, error) { return b.service.Store.ItemByThread(ctx, channel, ts) }
	failed := func(err error) (string, bool, error) {
		if storage.Transient(err) {
			b.log.Warn("find thread item: database fault; the reply will be taken again", "channel", channel, "ts", ts, "err", err)
			return "", false, err
		}
		b.log.Error("find thread item", "channel", channel, "ts", ts, "err", err)
		return "", false, nil
	}
	for {
		item, ok, err := find()
		if err != nil {
			return failed(err)
		}
		if ok {
			return item, true, nil
		}
		sending, err := b.service.Store.Sending(ctx, channel)
		if err != nil {
			return failed(err)
		}
		if !sending {
			// The delivery may have been recorded between the two reads
			// (thread not yet saved, then no longer sending): look once more.
			item, ok, err := find()
			if err != nil {
				return failed(err)
			}
			return item, ok, nil
		}
		if time.Now().After(deadline) {
			return "", false, nil
		}
		select {
		case <-ctx.Done():
			return "", false, nil
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
