package bot_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/clock"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestSignedRequestsAreRefusedWithoutDetail(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	body := slash("U0MAYOR", "/help", "", h.slack.ResponseURL("r"))
	now := clock.System{}.Now()
	cases := []struct {
		name   string
		at     time.Time
		key    string
		body   string
		status int
	}{
		{"wrong secret", now, "not-the-secret", body, http.StatusUnauthorized},
		{"timestamp six minutes old", now.Add(-6 * time.Minute), secret, body, http.StatusUnauthorized},
		{"timestamp six minutes ahead", now.Add(6 * time.Minute), secret, body, http.StatusUnauthorized},
		{"body over 1 MiB", now, secret, body + "&pad=" + strings.Repeat("x", bot.MaxBody), http.StatusRequestEntityTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, got := slacktest.Post(t, h.srv.URL+"/slack/commands", form, c.body, c.at, c.key)
			if status != c.status || got != "" {
				t.Fatalf("got %d %q, want %d and no body", status, got, c.status)
			}
		})
	}
	// A fresh timestamp, so the body is what is compared (issue 11 item
	// 18): without the signature comparison this request is answered 200.
	t.Run("tampered body", func(t *testing.T) {
		ts := strconv.FormatInt(clock.System{}.Now().Unix(), 10)
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/slack/events", strings.NewReader(`{"type":"url_verification","challenge":"x"}`))
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", bot.Sign(secret, ts, []byte(`{"type":"url_verification","challenge":"y"}`)))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("got %d", res.StatusCode)
		}
	})
	h.srv.Close()
	h.bot.Wait()
	if calls := h.slack.Calls(); len(calls) != 0 {
		t.Fatalf("refused requests reached Slack: %v", calls)
	}
}

func TestSignMatchesSlacksDocumentedExample(t *testing.T) {
	t.Parallel()
	// Slack's documented example.
	body := "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	got := bot.Sign(secret, "1531420618", []byte(body))
	if want := "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"; got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

func TestURLVerificationIsAnswered(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	status, body := h.post(t, "/slack/events", "application/json", `{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	var got map[string]string
	json.Unmarshal([]byte(body), &got)
	if status != http.StatusOK || got["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("got %d %s", status, body)
	}
}

func TestEmptySlashCommandOpensTheModal(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	if status, _ := h.post(t, "/slack/commands", form, slash("U0FGWHEAD", "/testform", "", h.slack.ResponseURL("r"))); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	c, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "views.open" })
	if err != nil {
		t.Fatal(err)
	}
	if c.Param("trigger_id") != "trig-/testform-U0FGWHEAD" {
		t.Fatalf("trigger_id %q", c.Param("trigger_id"))
	}
	view, _ := json.Marshal(c.JSON["view"])
	for _, want := range []string{`"callback_id":"testform.submit"`, `"private_metadata":"ctx-42"`, `"type":"datepicker"`,
		`"type":"static_select"`, `"type":"users_select"`, `"multiline":true`, `"block_id":"date"`, `"action_id":"date"`,
		`请填写 \u003c不会提醒任何人\u003e`} {
		if !strings.Contains(string(view), want) {
			t.Errorf("view lacks %s:\n%s", want, view)
		}
	}
}

func TestModalSubmission(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, bot.Config{})
		submit := func(trigger, date string) (int, string) {
			return h.post(t, "/slack/interactions", form, interaction(t, map[string]any{
				"type": "view_submission", "trigger_id": trigger, "user": map[string]any{"id": "U0FGWHEAD"},
				"view": map[string]any{"id": "V1", "callback_id": "testform.submit", "private_metadata": "ctx-42",
					"state": map[string]any{"values": map[string]any{
						"date":   map[string]any{"date": map[string]any{"type": "datepicker", "selected_date": date}},
						"kind":   map[string]any{"kind": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "trip"}}},
						"reason": map[string]any{"reason": map[string]any{"type": "plain_text_input", "value": "<!here> 开会"}},
					}}}}))
		}
		t.Run("a bad field is answered with response_action errors", func(t *testing.T) {
			status, body := submit("t1", "2026-13-40")
			var got struct {
				ResponseAction string            `json:"response_action"`
				Errors         map[string]string `json:"errors"`
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil || status != http.StatusOK {
				t.Fatalf("got %d %q: %v", status, body, err)
			}
			if got.ResponseAction != "errors" || got.Errors["date"] != "日期无效，请选择 2026-12-03" {
				t.Fatalf("got %+v", got)
			}
		})
		t.Run("a good submission closes the modal and answers by DM", func(t *testing.T) {
			status, body := submit("t2", "2026-12-03")
			if status != http.StatusOK || body != "" {
				t.Fatalf("got %d %q, want an empty 200", status, body)
			}
			c, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "chat.postMessage" })
			if err != nil {
				t.Fatal(err)
			}
			if c.Param("channel") != "U0FGWHEAD" || c.Param("text") != "已提交 trip &lt;!here&gt; 开会 ctx-42" {
				t.Fatalf("got %v", c.Form)
			}
		})
		t.Run("the same submission delivered twice decides once", func(t *testing.T) {
			submit("t3", "2026-12-03")
			submit("t3", "2026-12-03")
			h.srv.Close()
			h.bot.Wait()
			if n := len(h.slack.CallsTo("chat.postMessage")); n != 2 { // t2 and t3
				t.Fatalf("%d messages, want 2", n)
			}
		})
	})
}

func TestButtonPressAnswersEphemerallyOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	press := interaction(t, map[string]any{"type": "block_actions", "trigger_id": "tb1",
		"user": map[string]any{"id": "U0MAYOR"}, "channel": map[string]any{"id": "C0LEAVE"},
		"response_url": h.slack.ResponseURL("press"),
		"actions":      []map[string]any{{"action_id": "testform.approve", "value": "T7", "type": "button", "block_id": "b"}}})
	for range 2 {
		if status, _ := h.post(t, "/slack/interactions", form, press); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
	}
	h.srv.Close()
	h.bot.Wait()
	calls := h.slack.CallsTo("response_url")
	if len(calls) != 1 {
		t.Fatalf("%d answers, want 1: %v", len(calls), calls)
	}
	if calls[0].JSON["text"] != "按下 testform.approve T7" || calls[0].JSON["response_type"] != "ephemeral" {
		t.Fatalf("got %s", calls[0].Body)
	}
}

func TestThreadReplyReachesTheItemsCapability(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, bot.Config{})
		ctx := context.Background()
		if err := s.SaveThread(ctx, "T9", "C0LEAVE", "1700000000.000100", now); err != nil {
			t.Fatal(err)
		}
		if err := h.bot.CheckAuth(ctx); err != nil {
			t.Fatal(err)
		}
		status, _ := h.post(t, "/slack/events", "application/json", event(t, "EvThread1", map[string]any{
			"type": "message", "channel": "C0LEAVE", "channel_type": "channel", "user": "U0VMLI",
			"text": "<@" + slacktest.BotUserID + "> 同意", "ts": "1700000050.000200", "thread_ts": "1700000000.000100"}))
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		c, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "chat.postMessage" })
		if err != nil {
			t.Fatal(err)
		}
		if c.Param("channel") != "C0LEAVE" || c.Param("thread_ts") != "1700000000.000100" || c.Param("text") != "收到 T9" {
			t.Fatalf("got %v", c.Form)
		}
		h.replies.mu.Lock()
		defer h.replies.mu.Unlock()
		found := false
		for _, g := range h.replies.got {
			found = found || g == "T9:同意"
		}
		if !found {
			t.Fatalf("thread replies seen: %v", h.replies.got)
		}
	})
}

func TestIgnoredMessages(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	for i, inner := range []map[string]any{
		{"type": "message", "channel": "C0LEAVE", "channel_type": "channel", "user": "U0MAYOR", "text": "大家好", "ts": "1.1"},
		{"type": "message", "channel": "D1", "channel_type": "im", "bot_id": "B1", "user": "UBOT", "text": "bot echo", "ts": "1.2"},
		{"type": "message", "subtype": "message_changed", "channel": "D1", "channel_type": "im", "ts": "1.3"},
		{"type": "message", "channel": "C0LEAVE", "channel_type": "channel", "user": "U0MAYOR", "text": "x", "ts": "1.4", "thread_ts": "9.9"},
		{"type": "reaction_added", "user": "U0MAYOR", "reaction": "ok"},
	} {
		if status, _ := h.post(t, "/slack/events", "application/json", event(t, "EvIgnored"+string(rune('a'+i)), inner)); status != http.StatusOK {
			t.Fatalf("event %d: status %d", i, status)
		}
	}
	h.srv.Close()
	h.bot.Wait()
	if calls := h.slack.Calls(); len(calls) != 0 {
		t.Fatalf("got %v", calls)
	}
}

func TestAppHomeIsPublished(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	h.post(t, "/slack/events", "application/json", event(t, "EvHome", map[string]any{
		"type": "app_home_opened", "user": "U0MAYOR", "channel": "D1", "tab": "home"}))
	c, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "views.publish" })
	if err != nil {
		t.Fatal(err)
	}
	view, _ := json.Marshal(c.JSON["view"])
	if c.Param("user_id") != "U0MAYOR" || !strings.Contains(string(view), `"type":"home"`) || !strings.Contains(string(view), "您好 周市长") {
		t.Fatalf("got %s", c.Body)
	}
}

func TestMentionIsAnsweredInTheThread(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	if err := h.bot.CheckAuth(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.post(t, "/slack/events", "application/json", event(t, "EvMention", map[string]any{
		"type": "app_mention", "user": "U0MAYOR", "channel": "C0OFFICE", "text": "<@UBOT> whoami", "ts": "1700000001.000001"}))
	c, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "chat.postMessage" })
	if err != nil {
		t.Fatal(err)
	}
	// Mentions are answered like /rules; with no rules capability the
	// handlers name the command they did not understand.
	if c.Param("channel") != "C0OFFICE" || c.Param("thread_ts") != "1700000001.000001" || strings.Contains(c.Param("text"), "UBOT") {
		t.Fatalf("got %v", c.Form)
	}
}

// /readyz names what is not ready and keeps the error itself for the log
// (issue 11 item 17).
func TestReadyzNamesWhatIsNotReady(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	var raw string
	get := func() (int, bot.Readiness) {
		res, err := http.Get(h.admin.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		raw = string(data)
		var rd bot.Readiness
		json.Unmarshal(data, &rd)
		return res.StatusCode, rd
	}
	h.slack.Fail("auth.test", "invalid_auth")
	h.bot.CheckAuth(context.Background())
	if status, rd := get(); status != http.StatusServiceUnavailable || len(rd.NotReady) != 1 || rd.NotReady[0] != "slack_auth" ||
		rd.Checks["slack_auth"] != "auth.test failed" || rd.Checks["database"] != "ok" {
		t.Fatalf("got %d %+v", status, rd)
	}
	if strings.Contains(raw, "invalid_auth") {
		t.Fatalf("/readyz shows the error: %s", raw)
	}
	h.slack.Fail("auth.test", "")
	if err := h.bot.CheckAuth(context.Background()); err != nil {
		t.Fatal(err)
	}
	if status, rd := get(); status != http.StatusOK || !rd.Ready {
		t.Fatalf("got %d %+v", status, rd)
	}
}

// The public listener serves the Slack endpoints and /healthz only;
// readiness and metrics are on the admin listener (issue 11 item 17).
func TestReadyzMetricsAndProfilesAreNotOnThePublicListener(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	for _, c := range []struct {
		base, path string
		want       int
	}{
		{h.srv.URL, "/readyz", http.StatusNotFound},
		{h.srv.URL, "/metrics", http.StatusNotFound},
		{h.srv.URL, "/healthz", http.StatusOK},
		{h.admin.URL, "/readyz", http.StatusServiceUnavailable}, // auth.test not called yet
		{h.admin.URL, "/metrics", http.StatusOK},
		{h.admin.URL, "/healthz", http.StatusOK},
		{h.srv.URL, "/debug/pprof/heap", http.StatusNotFound},
		{h.admin.URL, "/debug/pprof/heap", http.StatusOK},
		{h.admin.URL, "/debug/pprof/cmdline", http.StatusOK},
	} {
		res, err := http.Get(c.base + c.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.want {
			t.Errorf("%s on the %s listener: %d, want %d", c.path, map[bool]string{true: "public", false: "admin"}[c.base == h.srv.URL], res.StatusCode, c.want)
		}
	}
}
