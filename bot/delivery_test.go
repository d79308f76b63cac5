package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"testing"
	"time"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/chat"
	"officebot/clock"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// dyingSender posts through the Slack sender and then dies: the worker's
// goroutine ends the instant Slack has answered, before the outbox can mark
// the row sent, as when the process is killed there. The claim stays.
type dyingSender struct{ *bot.Sender }

func (d dyingSender) Post(ctx context.Context, channel, threadTS string, m chat.Message) (string, string, error) {
	d.Sender.Post(ctx, channel, threadTS, m)
	runtime.Goexit()
	return "", "", nil
}

// deliveryHarness is a bot's Slack sender against the fake Slack, whose
// timestamps follow real time as Slack's do (the database stamps first
// claims in real time), and an outbox clock the test moves.
func deliveryHarness(t *testing.T, s *storage.Store) (*harness, *bot.Sender) {
	h := newHarness(t, s, bot.Config{})
	h.slack.SetClock(clock.System{}.Now)
	return h, h.bot.Sender()
}

func enqueueMsgs(t *testing.T, h *harness, msgs ...chat.Message) {
	t.Helper()
	if err := h.store.Tx(context.Background(), func(tx *storage.Tx) error { return tx.Enqueue(h.clock.Now(), msgs...) }); err != nil {
		t.Fatal(err)
	}
}

// drain runs one worker over the outbox with sender.
func drain(t *testing.T, h *harness, sender scheduler.Sender) (int, error) {
	t.Helper()
	n, _, err := drainLogged(t, h, sender)
	return n, err
}

// drainLogged is drain, returning the worker's log too.
func drainLogged(t *testing.T, h *harness, sender scheduler.Sender) (int, string, error) {
	t.Helper()
	var log slacktest.Buffer
	o := &scheduler.Outbox{Store: h.store, Sender: sender, Clock: h.clock, Log: slog.New(slog.NewTextHandler(&log, nil))}
	n, err := o.DrainOnce(context.Background())
	return n, log.String(), err
}

// dieMidSend runs a worker that claims the due messages, posts the first to
// Slack and dies before marking it sent.
func dieMidSend(t *testing.T, h *harness, sender *bot.Sender) {
	t.Helper()
	o := &scheduler.Outbox{Store: h.store, Sender: dyingSender{sender}, Clock: h.clock, Worker: "dead-worker"}
	done := make(chan struct{})
	go func() {
		defer close(done)
		o.DrainOnce(context.Background())
	}()
	<-done
}

// postsOf returns the chat.postMessage calls carrying text.
func postsOf(h *harness, text string) int {
	n := 0
	for _, c := range h.slack.CallsTo("chat.postMessage") {
		if c.Param("text") == text {
			n++
		}
	}
	return n
}

// rowOf returns the outbox row whose payload is m's.
func rowOf(t *testing.T, h *harness, text string) storage.OutboxMessage {
	t.Helper()
	rows, err := h.store.ListOutbox(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if m, _ := r.Message(); m.Text == text {
			return r
		}
	}
	t.Fatalf("no outbox row with text %q", text)
	return storage.OutboxMessage{}
}

func TestAMessageSlackAcceptedBeforeItsWorkerDiedIsNotPostedAgain(t *testing.T) {
	t.Parallel()
	root := chat.Message{Channel: "C0LEAVE", ItemKey: "L1", Root: true, Text: "请假申请 L1"}
	cases := []struct {
		name        string
		before      []chat.Message // delivered normally first
		m           chat.Message
		later       int    // other messages posted to the conversation after it
		landed      string // the conversation it landed in
		opened      bool   // the check opened the person's IM
		inReplies   bool   // the check had to read the thread
		rootsThread bool   // the item's thread is recorded at the found ts
	}{
		{name: "channel", m: chat.Message{Channel: "C0OFFICE", Text: "办公室通知"}, landed: "C0OFFICE"},
		{name: "direct message", m: chat.Message{Channel: "U0MAYOR", Text: "请您审批 L1"}, landed: "D0MAYOR", opened: true},
		{name: "an item's root message", m: root, landed: "C0LEAVE", rootsThread: true},
		{name: "thread reply", before: []chat.Message{root},
			m: chat.Message{Channel: "C0LEAVE", ItemKey: "L1", InThread: true, Text: "已批准"}, landed: "C0LEAVE", inReplies: true},
		{name: "behind 250 later messages (second history page)", m: chat.Message{Channel: "C0MEET", Text: "会议通知"},
			later: 250, landed: "C0MEET"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storagetest.Each(t, func(t *testing.T, s *storage.Store) {
				ctx := context.Background()
				h, sender := deliveryHarness(t, s)
				if len(c.before) > 0 {
					enqueueMsgs(t, h, c.before...)
					if n, err := drain(t, h, sender); n != len(c.before) || err != nil {
						t.Fatalf("before: sent %d, %v", n, err)
					}
				}
				enqueueMsgs(t, h, c.m)
				dieMidSend(t, h, sender)
				row := rowOf(t, h, c.m.Text)
				if postsOf(h, c.m.Text) != 1 || row.State != storage.OutboxPending || row.ClaimedBy != "dead-worker" {
					t.Fatalf("the dying worker: %d posts, row %s claimed by %q", postsOf(h, c.m.Text), row.State, row.ClaimedBy)
				}
				msgs := h.slack.Messages(c.landed)
				first := msgs[len(msgs)-1]
				if first.Metadata["event_type"] != "officebot_outbox" ||
					first.Metadata["event_payload"].(map[string]any)["outbox_id"] != float64(row.ID) {
					t.Fatalf("the post carries metadata %v, want outbox_id %d", first.Metadata, row.ID)
				}
				for i := range c.later {
					if _, _, err := sender.Post(ctx, c.landed, "", chat.Message{Text: fmt.Sprintf("其他消息 %d", i)}); err != nil {
						t.Fatal(err)
					}
				}

				h.clock.Advance(2*time.Minute + time.Second) // the dead worker's lease expires
				if n, err := drain(t, h, sender); n != 1 || err != nil {
					t.Fatalf("after the lease: sent %d, %v", n, err)
				}
				if n := postsOf(h, c.m.Text); n != 1 {
					t.Fatalf("posted %d times, want once", n)
				}
				if row := rowOf(t, h, c.m.Text); row.State != storage.OutboxSent {
					t.Fatalf("row %s, want sent", row.State)
				}
				if got := len(h.slack.CallsTo("conversations.open")) > 0; got != c.opened {
					t.Fatalf("conversations.open called: %v, want %v", got, c.opened)
				}
				if got := len(h.slack.CallsTo("conversations.replies")) > 0; got != c.inReplies {
					t.Fatalf("conversations.replies called: %v, want %v", got, c.inReplies)
				}
				for _, call := range h.slack.CallsTo("conversations.history") {
					if call.Param("channel") != c.landed || call.Param("oldest") == "" || call.Param("include_all_metadata") != "1" {
						t.Fatalf("history asked %v", call.Form)
					}
				}
				if c.later > 200 && len(h.slack.CallsTo("conversations.history")) != 2 {
					t.Fatalf("history read in %d pages, want 2", len(h.slack.CallsTo("conversations.history")))
				}
				if c.rootsThread {
					th, ok, err := s.Thread(ctx, c.m.ItemKey)
					if err != nil || !ok || th.Channel != c.landed || th.TS != first.TS {
						t.Fatalf("thread of %s: %+v %v %v, want %s at %s", c.m.ItemKey, th, ok, err, c.landed, first.TS)
					}
				}
				// Nothing is left for a later worker.
				h.clock.Advance(time.Hour)
				if n, err := drain(t, h, sender); n != 0 || err != nil || postsOf(h, c.m.Text) != 1 {
					t.Fatalf("a later worker sent %d (%v); posts %d", n, err, postsOf(h, c.m.Text))
				}
			})
		})
	}
}

func TestAMessageInDoubtThatTheCheckDoesNotFindIsPostedOnce(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		reached   bool // the dead worker's post reached Slack
		setup     func(h *harness, sender *bot.Sender)
		wantPosts int
		wantLog   string
	}{
		{name: "the first attempt never reached Slack", wantPosts: 1, wantLog: "was not delivered; sending it"},
		{name: "history fails: re-sent as before", reached: true, wantPosts: 2,
			setup: func(h *harness, _ *bot.Sender) { h.slack.Fail("conversations.history", "internal_error") }},
		{name: "history rate limited: re-sent as before", reached: true, wantPosts: 2,
			setup: func(h *harness, _ *bot.Sender) { h.slack.RateLimit("conversations.history", 30) }},
		{name: "opening the DM fails: re-sent as before", reached: true, wantPosts: 2,
			setup: func(h *harness, _ *bot.Sender) { h.slack.Fail("conversations.open", "ratelimited") }},
		{name: "more later messages than the check reads: re-sent", reached: true, wantPosts: 2,
			setup: func(h *harness, sender *bot.Sender) {
				sender.CheckLimit = 20
				for i := range 30 {
					sender.Post(context.Background(), "U0MAYOR", "", chat.Message{Text: fmt.Sprintf("其他消息 %d", i)})
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storagetest.Each(t, func(t *testing.T, s *storage.Store) {
				ctx := context.Background()
				h, sender := deliveryHarness(t, s)
				m := chat.Message{Channel: "U0MAYOR", Text: "请您审批 L7"}
				enqueueMsgs(t, h, m)
				if c.reached {
					dieMidSend(t, h, sender)
				} else if rows, err := s.ClaimOutbox(ctx, "dead-worker", h.clock.Now(), 2*time.Minute, 0, 10); err != nil || len(rows) != 1 {
					t.Fatalf("claim: %v, %d rows", err, len(rows))
				}
				if c.setup != nil {
					c.setup(h, sender)
				}
				h.clock.Advance(2*time.Minute + time.Second)
				n, log, err := drainLogged(t, h, sender)
				if n != 1 || err != nil {
					t.Fatalf("after the lease: sent %d, %v", n, err)
				}
				want := c.wantLog
				if want == "" {
					want = "the check failed, it may arrive twice"
				}
				if !strings.Contains(log, want) {
					t.Fatalf("the worker's log lacks %q:\n%s", want, log)
				}
				if n := postsOf(h, m.Text); n != c.wantPosts {
					t.Fatalf("posted %d times, want %d", n, c.wantPosts)
				}
				if len(h.slack.CallsTo("conversations.open")) == 0 {
					t.Fatal("no delivery check was made")
				}
				if row := rowOf(t, h, m.Text); row.State != storage.OutboxSent {
					t.Fatalf("row %s, want sent", row.State)
				}
			})
		})
	}
}

func TestSenderChecksOnlyWhatItCanReadCompletely(t *testing.T) {
	t.Parallel()
	h, sender := deliveryHarness(t, storagetest.SQLite(t))
	ctx := context.Background()
	// No window (a row claimed before first claims were recorded): it
	// cannot tell that a message was never sent.
	if _, _, ok, err := sender.Delivered(ctx, "C0LEAVE", 42); ok || err == nil {
		t.Fatalf("without a window: ok %v, err %v; want an error", ok, err)
	}
	if len(h.slack.CallsTo("conversations.history")) != 1 {
		t.Fatalf("history calls: %d", len(h.slack.CallsTo("conversations.history")))
	}
}
