package bot_test

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/clock"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/storage"
)

const secret = "8f742231b10e8888abcd99yyyzzz85a5"

var now = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// harness is a bot serving real HTTP against a fake Slack, on a real store
// holding the demo organisation.
type harness struct {
	bot   *bot.Bot
	srv   *httptest.Server // the public endpoints
	admin *httptest.Server // /readyz, /metrics
	slack *slacktest.Server
	store *storage.Store
	clock *clock.Fake
	// replies are the thread replies the test capability received.
	replies *replies
}

func newHarness(t testing.TB, s *storage.Store, cfg bot.Config) *harness {
	t.Helper()
	return newHarnessRules(t, s, cfg, false)
}

// newHarnessRules is newHarness with, when rules is set, the index of the
// working rules loaded for /rules.
func newHarnessRules(t testing.TB, s *storage.Store, cfg bot.Config, rules bool) *harness {
	t.Helper()
	rec := &replies{}
	tb := handlerstest.New(t, s, handlerstest.Options{Start: now, LoadRules: rules, Extra: []*handlers.Capability{testform(rec), testread()}})
	svc, clk := tb.Service, tb.Clock
	fake := slacktest.New()
	t.Cleanup(fake.Close)
	cfg.BotToken = "xoxb-test"
	cfg.APIURL = fake.APIURL()
	if cfg.SigningSecret == "" {
		cfg.SigningSecret = secret
	}
	b := bot.New(cfg, svc, nil, clock.System{}) // signatures and the watchdog need real time
	srv := httptest.NewServer(b.Handler())
	admin := httptest.NewServer(b.AdminHandler())
	t.Cleanup(func() { srv.Close(); admin.Close(); b.Wait() })
	return &harness{bot: b, srv: srv, admin: admin, slack: fake, store: s, clock: clk, replies: rec}
}

// post sends a request signed now, with extra headers, and returns the
// status and body.
func (h *harness) post(t testing.TB, path, contentType, body string, header ...string) (int, string) {
	t.Helper()
	return slacktest.Post(t, h.srv.URL+path, contentType, body, clock.System{}.Now(), secret, header...)
}

const form = "application/x-www-form-urlencoded"

// slash returns a slash command body.
func slash(user, command, text, responseURL string) string {
	return url.Values{"command": {command}, "text": {text}, "user_id": {user}, "channel_id": {"C0LEAVE"},
		"team_id": {"T1"}, "response_url": {responseURL}, "trigger_id": {"trig-" + command + "-" + user}}.Encode()
}

// interaction returns an interactions body with payload p.
func interaction(t testing.TB, p map[string]any) string {
	t.Helper()
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return url.Values{"payload": {string(data)}}.Encode()
}

// event returns an Events API callback body.
func event(t testing.TB, id string, inner map[string]any) string {
	t.Helper()
	data, err := json.Marshal(map[string]any{"type": "event_callback", "token": "x", "team_id": "T1",
		"api_app_id": "A1", "event_id": id, "event_time": 1, "event": inner})
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

const wait = 10 * time.Second
