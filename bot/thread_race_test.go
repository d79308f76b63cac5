package bot_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/chat"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// A reply typed in a thread whose root message Slack has shown but whose
// delivery the worker has not recorded yet still reaches the item: the bot
// waits for the in-flight delivery instead of dropping the reply.
func TestThreadReplyWaitsForItsRootsDeliveryToBeRecorded(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, bot.Config{})
		ctx := context.Background()
		if err := h.bot.CheckAuth(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Tx(ctx, func(tx *storage.Tx) error {
			return tx.Enqueue(now, chat.Message{Channel: "C0LEAVE", ItemKey: "T9", Text: "root"})
		}); err != nil {
			t.Fatal(err)
		}
		rows, err := s.ClaimOutbox(ctx, "w1", now, time.Minute, 0, 1)
		if err != nil || len(rows) != 1 {
			t.Fatalf("claim: %v %v", rows, err)
		}
		const rootTS = "1700000000.000100"
		status, _ := h.post(t, "/slack/events", "application/json", event(t, "EvRace1", map[string]any{
			"type": "message", "channel": "C0LEAVE", "channel_type": "channel", "user": "U0VMLI",
			"text": "同意", "ts": "1700000050.000200", "thread_ts": rootTS}))
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		time.Sleep(300 * time.Millisecond) // the reply is being held, not dropped
		if calls := h.slack.Calls(); len(calls) != 1 || calls[0].Method != "auth.test" {
			t.Fatalf("answered before the root was recorded: %v", calls)
		}
		if _, err := s.MarkOutboxSent(ctx, rows[0].ID, "w1", now, &storage.SlackThread{ItemKey: "T9", Channel: "C0LEAVE", TS: rootTS}); err != nil {
			t.Fatal(err)
		}
		c, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "chat.postMessage" })
		if err != nil {
			t.Fatal(err)
		}
		if c.Param("thread_ts") != rootTS || c.Param("text") != "收到 T9" {
			t.Fatalf("got %v", c.Form)
		}
	})
}

func TestStoreSendingSeesOnlyClaimedPendingMessages(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		check := func(want bool) {
			t.Helper()
			got, err := s.Sending(ctx, "C1")
			if err != nil || got != want {
				t.Fatalf("Sending = %v, %v; want %v", got, err, want)
			}
		}
		check(false)
		if err := s.Tx(ctx, func(tx *storage.Tx) error {
			return tx.Enqueue(now, chat.Message{Channel: "C1", Text: "a"})
		}); err != nil {
			t.Fatal(err)
		}
		check(false) // queued, nobody sending
		rows, err := s.ClaimOutbox(ctx, "w1", now, time.Minute, 0, 1)
		if err != nil || len(rows) != 1 {
			t.Fatalf("claim: %v %v", rows, err)
		}
		check(true)
		if _, err := s.MarkOutboxSent(ctx, rows[0].ID, "w1", now, nil); err != nil {
			t.Fatal(err)
		}
		check(false)
	})
}
