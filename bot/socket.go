package bot

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// Socket Mode connection states, as /readyz shows them.
const (
	socketDisabled    = "disabled"
	socketConnecting  = "connecting"
	socketConnected   = "connected"
	socketInvalidAuth = "invalid_auth"
	socketStopped     = "stopped"
)

// socketState is the Socket Mode connection's state and the time anything
// (envelope, ping, any byte) last arrived on it.
type socketState struct {
	state atomic.Pointer[string]
	last  atomic.Int64 // Unix nanoseconds
}

func (s *socketState) set(v string) { s.state.Store(&v) }
func (s *socketState) get() string {
	if p := s.state.Load(); p != nil {
		return *p
	}
	return socketDisabled
}
func (s *socketState) touch(t time.Time) { s.last.Store(t.UnixNano()) }
func (s *socketState) silence(now time.Time) time.Duration {
	return now.Sub(time.Unix(0, s.last.Load()))
}

// RunSocket runs Socket Mode until ctx ends. slack-go's client only notices
// a dead connection when Slack's pings stop; a half-open socket behind NAT
// or a proxy can stay silent for much longer. So each connection runs under
// a watchdog that sees every byte read from the socket (pings included) and
// replaces the client when nothing arrived for SocketSilence. Envelopes are
// acknowledged only after they are recorded, so a connection replaced or
// refreshed (Slack's disconnect message) loses nothing: Slack redelivers
// what was not acknowledged.
func (b *Bot) RunSocket(ctx context.Context) error {
	if b.cfg.AppToken == "" {
		return nil
	}
	wait := time.Second
	for ctx.Err() == nil {
		started := b.clock.Now()
		err := b.runSocketOnce(ctx)
		if ctx.Err() != nil {
			break
		}
		if b.clock.Now().Sub(started) > time.Minute {
			wait = time.Second
		}
		b.log.Warn("socket mode connection ended; reconnecting", "err", err, "in", wait)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Minute)
	}
	b.socket.set(socketStopped)
	return nil
}

// runSocketOnce runs one slack-go client until it fails, the watchdog
// replaces it, or ctx ends.
func (b *Bot) runSocketOnce(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b.socket.set(socketConnecting)
	b.socket.touch(b.clock.Now())
	client := socketmode.New(b.api,
		socketmode.OptionDialer(b.dialer()),
		// The watchdog decides; slack-go's own ping check is a backstop.
		socketmode.OptionPingInterval(3*b.cfg.SocketSilence),
		socketmode.OptionLog(log.New(io.Discard, "", 0)))
	var acks sync.WaitGroup
	var wg sync.WaitGroup
	wg.Go(func() { b.consume(ctx, client, &acks) })
	wg.Go(func() { b.watchdog(ctx, cancel) })
	err := client.RunContext(ctx)
	cancel()
	wg.Wait()
	acks.Wait()
	return err
}

// watchdog cancels the connection when it has been silent too long.
func (b *Bot) watchdog(ctx context.Context, cancel context.CancelFunc) {
	bound := b.cfg.SocketSilence
	tick := time.NewTicker(max(bound/4, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if s := b.socket.silence(b.clock.Now()); s > bound {
				b.log.Warn("socket mode connection silent; replacing it", "silent_for", s.Round(time.Millisecond), "bound", bound)
				b.metrics.socket.WithLabelValues("watchdog_reconnect").Inc()
				b.socket.set(socketConnecting)
				cancel()
				return
			}
		}
	}
}

// dialer is slack-go's WebSocket dialer with every connection's reads
// reported to the watchdog.
func (b *Bot) dialer() *websocket.Dialer {
	nd := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 45 * time.Second,
		WriteBufferSize:  32 * 1024,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := nd.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &liveConn{Conn: c, touch: func() { b.socket.touch(b.clock.Now()) }}, nil
		},
	}
}

// liveConn reports every successful read: a ping, an envelope, anything.
type liveConn struct {
	net.Conn
	touch func()
}

func (c *liveConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.touch()
	}
	return n, err
}

// consume reads the client's events until ctx ends.
func (b *Bot) consume(ctx context.Context, client *socketmode.Client, acks *sync.WaitGroup) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-client.Events:
			b.socketEvent(ctx, client, evt, acks)
		}
	}
}

func (b *Bot) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event, acks *sync.WaitGroup) {
	start := b.clock.Now()
	ack := func(endpoint, outcome string, payload any) {
		if evt.Request == nil {
			return
		}
		actx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := client.AckCtx(actx, evt.Request.EnvelopeID, payload); err != nil {
			b.log.Warn("socket mode ack failed", "endpoint", endpoint, "err", err)
			outcome = "ack_failed"
		}
		b.metrics.ack.WithLabelValues(endpoint).Observe(b.clock.Now().Sub(start).Seconds())
		b.metrics.requests.WithLabelValues(endpoint, outcome).Inc()
	}
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.socket.set(socketConnecting)
	case socketmode.EventTypeConnectionError:
		b.socket.set(socketConnecting)
		b.metrics.socket.WithLabelValues("connection_error").Inc()
		if e, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			b.log.Warn("socket mode connection error", "attempt", e.Attempt, "backoff", e.Backoff, "err", e.ErrorObj)
		}
	case socketmode.EventTypeInvalidAuth:
		b.socket.set(socketInvalidAuth)
		b.log.Error("socket mode: the app token was refused")
	case socketmode.EventTypeConnected:
		b.socket.touch(start)
		b.socket.set(socketConnected)
		b.metrics.socket.WithLabelValues("connected").Inc()
		b.log.Info("socket mode connected")
	case socketmode.EventTypeHello:
		b.socket.touch(start)
		b.socket.set(socketConnected)
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			return
		}
		// Keyed by envelope: Slack redelivers an envelope it got no ack for.
		key := commandKey(cmd)
		if evt.Request != nil && evt.Request.EnvelopeID != "" {
			key = "envelope:" + evt.Request.EnvelopeID
		}
		if req, _ := commandRequest(cmd); b.service.ReadOnly(req) {
			// Answered in the ack's payload, off the envelope loop.
			acks.Go(func() {
				b.answerInline(ctx, cmd, func() string { return key }, func(payload any, outcome string, _ bool) {
					ack("socket_commands", outcome, payload)
				})
			})
			return
		}
		if !b.command(ctx, key, cmd) { // recorded before the ack
			ack("socket_commands", "duplicate", nil)
			return
		}
		ack("socket_commands", "ok", nil)
	case socketmode.EventTypeInteractive:
		ic, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			return
		}
		// A modal submission is answered in its ack after its handler ran:
		// do not hold up the envelopes behind it.
		acks.Go(func() { ack("socket_interactions", "ok", b.interaction(ic)) })
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			return
		}
		cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
		if !ok {
			ack("socket_events", "ignored", nil)
			return
		}
		var raw []byte
		if evt.Request != nil {
			raw = evt.Request.Payload
		}
		key := "event:" + cb.EventID
		j := eventJob(raw, ev.InnerEvent)
		first, err := b.take(ctx, key, j)
		if err != nil {
			// Not acknowledged: Slack delivers it again.
			b.log.Error("record slack event", "event_id", cb.EventID, "err", err)
			b.metrics.requests.WithLabelValues("socket_events", "error").Inc()
			return
		}
		if !first {
			ack("socket_events", "duplicate", nil)
			return
		}
		ack("socket_events", "ok", nil)
		b.spawnFor(taken{key: key, recorded: true, job: j}, func(ctx context.Context) bool { return b.event(ctx, ev.InnerEvent) })
	case socketmode.EventTypeErrorBadMessage:
		// An envelope slack-go cannot parse (an event type it does not know):
		// acknowledge it so Slack does not deliver it again and again.
		if e, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(e.Message, &env) == nil && env.EnvelopeID != "" {
				evt.Request = &socketmode.Request{EnvelopeID: env.EnvelopeID}
				ack("socket_events", "ignored", nil)
			}
		}
	}
}
