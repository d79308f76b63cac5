package bot_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"officebot/bot"
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
