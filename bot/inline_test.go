package bot_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/clock"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// deliveries counts the rows of the requests' records.
func deliveries(t *testing.T, s *storage.Store) int64 {
	t.Helper()
	var n int64
	if err := s.DB.Model(&storage.SlackDelivery{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// ackAnswer is a slash command's answer in its acknowledgement.
type ackAnswer struct {
	ResponseType string            `json:"response_type"`
	Text         string            `json:"text"`
	Blocks       []json.RawMessage `json:"blocks"`
}

func TestAReadOnlyCommandIsAnsweredInTheAckWithNothingWritten(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarnessRules(t, s, bot.Config{}, true)
		status, body := h.post(t, "/slack/commands", form, slash("U0MAYOR", "/rules", "第五十七条", h.slack.ResponseURL("r")))
		var got ackAnswer
		if err := json.Unmarshal([]byte(body), &got); err != nil || status != http.StatusOK {
			t.Fatalf("got %d %q (%v)", status, body, err)
		}
		all := got.Text
		for _, b := range got.Blocks {
			all += string(b)
		}
		if got.ResponseType != "ephemeral" || !strings.Contains(all, "第五十七条") || len(got.Blocks) == 0 {
			t.Fatalf("ack body %s", body)
		}
		// The other read-only commands too, each in its own ack.
		for _, c := range [][2]string{{"/help", ""}, {"/whoami", ""}, {"/leave", "list"}, {"/meeting", "list"},
			{"/doc", "status D1"}, {"/doc", "list"}, {"/office", ""}} {
			status, body := h.post(t, "/slack/commands", form, slash("U0MAYOR", c[0], c[1], h.slack.ResponseURL("r")))
			if err := json.Unmarshal([]byte(body), &got); err != nil || status != http.StatusOK || got.ResponseType != "ephemeral" || got.Text == "" {
				t.Fatalf("%s %s: got %d %q (%v)", c[0], c[1], status, body, err)
			}
		}
		h.srv.Close()
		h.bot.Wait()
		if n := deliveries(t, s); n != 0 {
			t.Fatalf("%d requests recorded, want none", n)
		}
		if calls := h.slack.CallsTo("response_url"); len(calls) != 0 {
			t.Fatalf("posted to response_url: %+v", calls)
		}
		if pending, err := s.ListOutbox(t.Context(), storage.OutboxPending, 0); err != nil || len(pending) != 0 {
			t.Fatalf("queued %d messages (%v)", len(pending), err)
		}
	})
}

func TestALeaveFilingStillGoesTheDurableWay(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, bot.Config{})
		status, body := h.post(t, "/slack/commands", form, slash("U0FGWHEAD", "/leave",
			"出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会", h.slack.ResponseURL("file")))
		if status != http.StatusOK || body != "" {
			t.Fatalf("got %d %q, want an empty ack", status, body)
		}
		h.bot.Wait()
		d := commandRecord(t, s)
		if d.HandledAt == nil || d.Outcome != storage.DeliveryHandled {
			t.Fatalf("record: %+v", d)
		}
		calls := h.slack.CallsTo("response_url")
		if len(calls) != 1 || calls[0].Path != "file" || !strings.Contains(calls[0].Body, "L1") {
			t.Fatalf("answers: %+v", calls)
		}
	})
}

func TestAReadOverItsBudgetIsRecordedAndAnsweredLater(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, bot.Config{ReadBudget: 50 * time.Millisecond})
		gate := make(chan struct{})
		gates.Store("slow-"+t.Name(), gate)
		status, body := h.post(t, "/slack/commands", form, slash("U0MAYOR", "/testread", "slow-"+t.Name(), h.slack.ResponseURL("late")))
		if status != http.StatusOK || body != "" {
			t.Fatalf("got %d %q, want an empty ack", status, body)
		}
		// Acknowledged without the answer: recorded, so a crash now replays it.
		if d := commandRecord(t, s); d.HandledAt != nil {
			t.Fatalf("record: %+v", d)
		}
		close(gate)
		h.bot.Wait()
		if d := commandRecord(t, s); d.HandledAt == nil || d.Outcome != storage.DeliveryHandled {
			t.Fatalf("record: %+v", d)
		}
		calls := h.slack.CallsTo("response_url")
		if len(calls) != 1 || calls[0].Path != "late" || !strings.Contains(calls[0].Body, "read slow-") {
			t.Fatalf("answers: %+v", calls)
		}
	})
}

func TestAReadOverItsBudgetIsAcknowledgedWhileItRunsAndItsConnectionNotReused(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{ReadBudget: 50 * time.Millisecond})
	text := "slow-" + t.Name()
	gate := make(chan struct{})
	gates.Store(text, gate)
	t.Cleanup(func() { close(gate); h.bot.Wait() })
	done := make(chan struct{})
	var res *http.Response
	var err error
	go func() {
		defer close(done)
		body := slash("U0MAYOR", "/testread", text, h.slack.ResponseURL("late"))
		ts := strconv.FormatInt(clock.System{}.Now().Unix(), 10)
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/slack/commands", strings.NewReader(body))
		req.Header.Set("Content-Type", form)
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", bot.Sign(secret, ts, []byte(body)))
		res, err = http.DefaultClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
	}()
	// The ack arrives whole while the read is still held at its gate.
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatal("no ack while the read runs")
	}
	if err != nil || res.StatusCode != http.StatusOK || res.ContentLength != 0 || !res.Close {
		t.Fatalf("ack %+v (%v), want an empty 200 that closes its connection", res, err)
	}
	if calls := h.slack.CallsTo("response_url"); len(calls) != 0 {
		t.Fatalf("answered before the read ended: %+v", calls)
	}
}

func TestSocketModeAcknowledgesAReadOverItsBudgetAndAnswersItLater(t *testing.T) {
	s := storagetest.SQLite(t)
	h := newHarness(t, s, bot.Config{AppToken: "xapp-test", ReadBudget: 50 * time.Millisecond})
	runSocket(t, h)
	sock := nextSocket(t, h)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	text := "slow-" + t.Name()
	gate := make(chan struct{})
	gates.Store(text, gate)
	open := sync.OnceFunc(func() { close(gate) })
	t.Cleanup(open) // before Socket Mode stops, should the test fail with the read held
	sock.Send(map[string]any{"type": "slash_commands", "envelope_id": "env-late", "accepts_response_payload": true,
		"payload": map[string]any{"command": "/testread", "text": text, "user_id": "U0MAYOR", "channel_id": "C0LEAVE",
			"response_url": h.slack.ResponseURL("late"), "trigger_id": "tr-late"}})
	a, err := sock.WaitAck(ctx, "env-late")
	if err != nil || len(a.Payload) != 0 && string(a.Payload) != "null" {
		t.Fatalf("ack %s (%v), want an empty one", a.Payload, err)
	}
	// Acknowledged without the answer: recorded, so a crash now replays it.
	record := func() storage.SlackDelivery {
		var d storage.SlackDelivery
		if err := s.DB.Where(`"key" = ?`, "envelope:env-late").First(&d).Error; err != nil {
			t.Fatalf("record of the late read: %v", err)
		}
		return d
	}
	if d := record(); d.HandledAt != nil {
		t.Fatalf("record: %+v", d)
	}
	if calls := h.slack.CallsTo("response_url"); len(calls) != 0 {
		t.Fatalf("answered before the read ended: %+v", calls)
	}
	open()
	c, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "response_url" })
	if err != nil || c.Path != "late" || !strings.Contains(c.Body, "read slow-") {
		t.Fatalf("answer %+v (%v)", c, err)
	}
	h.bot.Wait()
	if d := record(); d.HandledAt == nil || d.Outcome != storage.DeliveryHandled {
		t.Fatalf("record: %+v", d)
	}
}
