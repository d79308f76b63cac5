package bot_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/storage/storagetest"
)

// runSocket runs Socket Mode until the test ends.
func runSocket(t *testing.T, h *harness) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { h.bot.RunSocket(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
}

func nextSocket(t *testing.T, h *harness) *slacktest.Socket {
	t.Helper()
	select {
	case s := <-h.slack.Sockets():
		return s
	case <-time.After(wait):
		t.Fatal("no Socket Mode connection")
		return nil
	}
}

func TestSocketModeAnswersSlashCommandsAndEventsOnce(t *testing.T) {
	h := newHarness(t, storagetest.SQLite(t), bot.Config{AppToken: "xapp-test"})
	runSocket(t, h)
	sock := nextSocket(t, h)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()

	sock.Send(map[string]any{"type": "slash_commands", "envelope_id": "env-1", "accepts_response_payload": true,
		"payload": map[string]any{"command": "/whoami", "text": "", "user_id": "U0FGWHEAD", "channel_id": "C0LEAVE",
			"response_url": h.slack.ResponseURL("sock"), "trigger_id": "tr1"}})
	// A read-only command: answered in the ack's payload.
	a, err := sock.WaitAck(ctx, "env-1")
	if err != nil {
		t.Fatal(err)
	}
	var answer struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
	}
	if err := json.Unmarshal(a.Payload, &answer); err != nil || answer.ResponseType != "ephemeral" || !strings.Contains(answer.Text, "王主任") {
		t.Fatalf("ack payload %s (%v)", a.Payload, err)
	}
	// One that may change state: recorded, acknowledged, answered through response_url.
	sock.Send(map[string]any{"type": "slash_commands", "envelope_id": "env-1b", "accepts_response_payload": true,
		"payload": map[string]any{"command": "/testform", "text": "hello", "user_id": "U0FGWHEAD", "channel_id": "C0LEAVE",
			"response_url": h.slack.ResponseURL("sock"), "trigger_id": "tr1b"}})
	if a, err := sock.WaitAck(ctx, "env-1b"); err != nil || len(a.Payload) != 0 && string(a.Payload) != "null" {
		t.Fatalf("ack %s (%v)", a.Payload, err)
	}
	c, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "response_url" })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.JSON["text"].(string), "testform hello") || c.Path != "sock" {
		t.Fatalf("got %s", c.Body)
	}
	if n := len(h.slack.CallsTo("response_url")); n != 1 {
		t.Fatalf("%d response_url posts, want 1 (the read-only command is answered in its ack)", n)
	}

	dm := map[string]any{"type": "events_api", "envelope_id": "env-2", "retry_attempt": 0,
		"payload": json.RawMessage(event(t, "EvSock1", map[string]any{"type": "message", "channel": "D0FGW",
			"channel_type": "im", "user": "U0FGWHEAD", "text": "whoami", "ts": "1700000002.000001"}))}
	sock.Send(dm)
	if _, err := sock.WaitAck(ctx, "env-2"); err != nil {
		t.Fatal(err)
	}
	dm["envelope_id"], dm["retry_attempt"] = "env-3", 1 // Slack's retry of the same event
	sock.Send(dm)
	if _, err := sock.WaitAck(ctx, "env-3"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "chat.postMessage" }); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(h.admin.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	var rd bot.Readiness
	json.NewDecoder(res.Body).Decode(&rd)
	res.Body.Close()
	if rd.Checks["socket_mode"] != "ok" {
		t.Fatalf("readyz: %+v", rd)
	}
	h.srv.Close()
	h.bot.Wait()
	if n := len(h.slack.CallsTo("chat.postMessage")); n != 1 {
		t.Fatalf("the event was answered %d times", n)
	}
}

func TestWatchdogReplacesASilentSocket(t *testing.T) {
	h := newHarness(t, storagetest.SQLite(t), bot.Config{AppToken: "xapp-test", SocketSilence: 300 * time.Millisecond})
	runSocket(t, h)
	first := nextSocket(t, h)
	// The fake sends hello and then nothing: no envelope, no ping, and the
	// TCP connection stays open, like a half-open socket behind a NAT.
	second := nextSocket(t, h)
	select {
	case <-first.Closed():
	case <-time.After(wait):
		t.Fatal("the silent connection was not closed")
	}
	// The new connection works.
	second.Send(map[string]any{"type": "slash_commands", "envelope_id": "env-after",
		"payload": map[string]any{"command": "/help", "user_id": "U0MAYOR", "response_url": h.slack.ResponseURL("after")}})
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if _, err := second.WaitAck(ctx, "env-after"); err != nil {
		t.Fatal(err)
	}
	if n := len(h.slack.CallsTo("apps.connections.open")); n < 2 {
		t.Fatalf("apps.connections.open called %d times", n)
	}
	res, err := http.Get(h.admin.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 1<<16)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if !strings.Contains(b.String(), `officebot_slack_socket_events_total{event="watchdog_reconnect"}`) {
		t.Fatalf("the reconnect was not the watchdog's:\n%s", b.String())
	}
}

func TestPingsKeepTheSocket(t *testing.T) {
	h := newHarness(t, storagetest.SQLite(t), bot.Config{AppToken: "xapp-test", SocketSilence: 300 * time.Millisecond})
	runSocket(t, h)
	sock := nextSocket(t, h)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if sock.Ping() != nil {
					return
				}
			}
		}
	})
	// Twenty pings later, across several silence bounds, it is the same
	// connection.
	for i := 0; i < 20; i++ {
		select {
		case <-sock.Closed():
			t.Fatal("a connection with pings was replaced")
		case <-h.slack.Sockets():
			t.Fatal("a second connection was opened")
		case <-time.After(50 * time.Millisecond):
		}
	}
	close(stop)
	wg.Wait()
}

func TestSlacksDisconnectMessageRefreshesTheConnection(t *testing.T) {
	h := newHarness(t, storagetest.SQLite(t), bot.Config{AppToken: "xapp-test"})
	runSocket(t, h)
	first := nextSocket(t, h)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	// An envelope, then Slack asks the client to refresh its connection.
	first.Send(map[string]any{"type": "slash_commands", "envelope_id": "env-before",
		"payload": map[string]any{"command": "/testform", "text": "before", "user_id": "U0FGWHEAD", "response_url": h.slack.ResponseURL("before")}})
	if _, err := first.WaitAck(ctx, "env-before"); err != nil {
		t.Fatal(err)
	}
	first.Send(map[string]any{"type": "disconnect", "reason": "refresh_requested",
		"debug_info": map[string]any{"host": "fake"}})
	second := nextSocket(t, h)
	second.Send(map[string]any{"type": "slash_commands", "envelope_id": "env-after",
		"payload": map[string]any{"command": "/help", "user_id": "U0MAYOR", "response_url": h.slack.ResponseURL("after")}})
	a, err := second.WaitAck(ctx, "env-after")
	if err != nil || !strings.Contains(string(a.Payload), "ephemeral") {
		t.Fatalf("the after command was not answered in its ack: %s (%v)", a.Payload, err)
	}
	for _, name := range []string{"before"} {
		if _, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == name }); err != nil {
			t.Fatalf("the %s command was not answered: %v", name, err)
		}
	}
}
