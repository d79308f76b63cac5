package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/pprof"
	"net/url"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Handler returns the bot's public HTTP endpoints: the signed Slack
// endpoints when a signing secret is configured, and /healthz.
func (b *Bot) Handler() http.Handler { return b.mux }

// AdminHandler returns the operators' endpoints: /healthz, /readyz,
// /metrics and Go's profiles under /debug/pprof/. They tell what the
// process depends on and how it fares, so they are served on their own
// listener (OFFICEBOT_ADMIN_ADDR, loopback by default), not beside the
// Slack endpoints.
func (b *Bot) AdminHandler() http.Handler { return b.admin }

// routes maps the public routes.
func (b *Bot) routes() http.Handler {
	mux := http.NewServeMux()
	if b.cfg.SigningSecret != "" {
		mux.Handle("POST /slack/commands", b.signed("commands", b.handleCommand()))
		mux.Handle("POST /slack/interactions", b.signed("interactions", b.handleInteraction()))
		mux.Handle("POST /slack/events", b.signed("events", b.handleEvent()))
	}
	mux.Handle("GET /healthz", handleHealthz())
	return mux
}

// adminRoutes maps the operators' routes.
func (b *Bot) adminRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", handleHealthz())
	mux.Handle("GET /readyz", b.handleReadyz())
	mux.Handle("GET /metrics", b.metrics.handler())
	// Profiles of the running process (go tool pprof
	// http://ADMIN/debug/pprof/profile?seconds=10): what a request costs
	// under real load, for the operators only.
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}

// slackHandler answers a verified Slack request and names the outcome for
// the metrics. A handler that acknowledges the request before it returns
// (and works on) tells when; zero: when it returned.
type slackHandler func(w http.ResponseWriter, r *http.Request, body []byte) (outcome string, ackedAt time.Time)

// signed verifies a Slack request (size, timestamp, signature) before h sees
// it, and records its outcome and ack latency. A refused request gets 401
// (413 when too large) and no detail.
func (b *Bot) signed(endpoint string, h slackHandler) http.Handler {
	ack := b.metrics.ack.WithLabelValues(endpoint)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := b.clock.Now()
		body, err := verify(r, b.cfg.SigningSecret)
		var outcome string
		var acked time.Time
		switch {
		case errors.Is(err, errTooLarge):
			outcome = "too_large"
			w.WriteHeader(http.StatusRequestEntityTooLarge)
		case errors.Is(err, errStale):
			outcome = "stale"
			w.WriteHeader(http.StatusUnauthorized)
		case err != nil:
			outcome = "bad_signature"
			w.WriteHeader(http.StatusUnauthorized)
		default:
			outcome, acked = h(w, r, body)
		}
		if acked.IsZero() {
			acked = b.clock.Now()
		}
		ack.Observe(acked.Sub(start).Seconds())
		b.metrics.requests.WithLabelValues(endpoint, outcome).Inc()
		if outcome != outcomeOK && outcome != outcomeDuplicate && outcome != outcomeAnswered {
			b.log.Debug("slack request refused", "endpoint", endpoint, "outcome", outcome)
		}
	})
}

func (b *Bot) handleCommand() slackHandler {
	return func(w http.ResponseWriter, r *http.Request, body []byte) (string, time.Time) {
		cmd, err := parseSlashCommand(string(body))
		if err != nil || cmd.Command == "" || cmd.UserID == "" {
			w.WriteHeader(http.StatusBadRequest)
			return "bad_request", time.Time{}
		}
		// A read-only command is answered in the ack; the others are
		// recorded before the ack and handled after it.
		var outcome string
		var acked time.Time
		if b.answerInline(r.Context(), cmd, func() string { return commandKey(cmd) }, func(body any, o string, more bool) {
			outcome = o
			if !more {
				writeJSON(w, http.StatusOK, body)
				return
			}
			// An empty ack while the read runs on: whole and on the wire
			// now, and the connection not reused behind the read.
			w.Header().Set("Content-Length", "0")
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusOK)
			http.NewResponseController(w).Flush()
			acked = b.clock.Now()
		}) {
			return outcome, acked
		}
		first := b.command(r.Context(), commandKey(cmd), cmd)
		w.WriteHeader(http.StatusOK)
		if !first {
			return "duplicate", time.Time{}
		}
		return "ok", time.Time{}
	}
}

func (b *Bot) handleInteraction() slackHandler {
	return func(w http.ResponseWriter, _ *http.Request, body []byte) (string, time.Time) {
		form, err := url.ParseQuery(string(body))
		var ic slack.InteractionCallback
		if err == nil {
			err = json.Unmarshal([]byte(form.Get("payload")), &ic)
		}
		if err != nil || ic.User.ID == "" {
			w.WriteHeader(http.StatusBadRequest)
			return "bad_request", time.Time{}
		}
		writeJSON(w, http.StatusOK, b.interaction(ic))
		return "ok", time.Time{}
	}
}

// outerEvent is the part of an Events API body read before parsing it whole.
type outerEvent struct {
	Type      string `json:"type"`
	Challenge string `json:"challenge"`
	EventID   string `json:"event_id"`
}

func (b *Bot) handleEvent() slackHandler {
	return func(w http.ResponseWriter, r *http.Request, body []byte) (string, time.Time) {
		var outer outerEvent
		if err := json.Unmarshal(body, &outer); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return "bad_request", time.Time{}
		}
		switch outer.Type {
		case slackevents.URLVerification:
			writeJSON(w, http.StatusOK, map[string]string{"challenge": outer.Challenge})
			return "ok", time.Time{}
		case slackevents.CallbackEvent:
		default:
			w.WriteHeader(http.StatusOK)
			return "ignored", time.Time{}
		}
		ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		if err != nil {
			w.WriteHeader(http.StatusOK) // an event type we do not read: never retry it
			return "ignored", time.Time{}
		}
		// Recorded with the event before the ack: a retry (X-Slack-Retry-Num)
		// of an event taken on here or on another replica is acknowledged and
		// dropped, and an event whose handling a crash cut short is replayed.
		key := "event:" + outer.EventID
		j := eventJob(body, ev.InnerEvent)
		first, err := b.take(r.Context(), key, j)
		if err != nil {
			b.log.Error("record slack event", "event_id", outer.EventID, "err", err)
			w.WriteHeader(http.StatusServiceUnavailable) // Slack retries it
			return "error", time.Time{}
		}
		if !first {
			w.WriteHeader(http.StatusOK)
			return "duplicate", time.Time{}
		}
		b.spawnFor(taken{key: key, recorded: true, job: j},
			func(ctx context.Context) bool { return b.event(ctx, ev.InnerEvent) })
		w.WriteHeader(http.StatusOK)
		return "ok", time.Time{}
	}
}

func handleHealthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

// Readiness is the /readyz body: every check by name ("ok" or which step
// is not done, never an error's text), and the names of those not ready.
type Readiness struct {
	Ready    bool              `json:"ready"`
	NotReady []string          `json:"not_ready,omitempty"`
	Checks   map[string]string `json:"checks"`
}

// Ready checks the database, Slack authentication and, when enabled, the
// Socket Mode connection.
func (b *Bot) Ready(ctx context.Context) Readiness {
	rd := Readiness{Ready: true, Checks: map[string]string{}}
	check := func(name string, problem string) {
		if problem == "" {
			rd.Checks[name] = "ok"
			return
		}
		rd.Checks[name] = problem
		rd.Ready = false
		rd.NotReady = append(rd.NotReady, name)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := b.service.Store.Ping(ctx); err != nil {
		check("database", "unreachable")
	} else {
		check("database", "")
	}
	switch {
	case b.authOK():
		check("slack_auth", "")
	case b.authErr.Load() != nil:
		// The error itself is in the log (KeepCheckingAuth), not here.
		check("slack_auth", "auth.test failed")
	default:
		check("slack_auth", "auth.test not passed yet")
	}
	if b.cfg.AppToken != "" {
		if s := b.socket.get(); s == socketConnected {
			check("socket_mode", "")
		} else {
			check("socket_mode", s)
		}
	}
	return rd
}

func (b *Bot) handleReadyz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rd := b.Ready(r.Context())
		status := http.StatusOK
		if !rd.Ready {
			status = http.StatusServiceUnavailable
		}
		writeJSON(w, status, rd)
	})
}

// answerBufs hold the buffers slash command answers are encoded in.
var answerBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// writeJSON writes v as the JSON answer; a nil v is an empty 200 body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	if v == nil {
		w.WriteHeader(status)
		return
	}
	if a, ok := v.(commandAnswer); ok {
		// Not json.Marshal: it would compact it again, in a buffer of its own.
		buf := answerBufs.Get().(*[]byte)
		defer answerBufs.Put(buf)
		if data, ok := a.appendJSON((*buf)[:0]); ok {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(status)
			w.Write(data)
			*buf = data[:0]
			return
		}
		v = plainAnswer(a)
	}
	data, err := json.Marshal(v)
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(data)
}
