package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/chat"
	"officebot/clock"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/msg"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// commandJob is a slash command as the ack path stores it (the stored
// format: changing it strands what a crashed process left).
func commandJob(user, command, responseURL string) string {
	return `{"requests":[{"User":"` + user + `","Command":"` + command + `","Text":"","Channel":"C0OFFICE"}],` +
		`"user":"` + user + `","to":{"response_url":"` + responseURL + `","trigger_id":"trig","user":"` + user + `"}}`
}

// replica is another bot process on the harness's store and fake Slack,
// whose clock may run ahead.
func replica(t *testing.T, h *harness, clk clock.Clock) *bot.Bot {
	t.Helper()
	svc := handlerstest.New(t, h.store, handlerstest.Options{Clock: h.clock, Extra: []*handlers.Capability{testform(nil)}}).Service
	b := bot.New(bot.Config{BotToken: "xoxb-test", APIURL: h.slack.APIURL(), SigningSecret: secret}, svc, nil, clk)
	t.Cleanup(b.Wait)
	return b
}

func delivery(t *testing.T, s *storage.Store, key string) storage.SlackDelivery {
	t.Helper()
	var d storage.SlackDelivery
	if err := s.DB.Where(`"key" = ?`, key).Take(&d).Error; err != nil {
		t.Fatal(err)
	}
	return d
}

func TestARequestAcknowledgedBeforeACrashIsAnsweredOnceAfterwards(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, bot.Config{})
		ctx := context.Background()
		real := clock.System{}.Now()
		// The process that acknowledged it died a minute ago, before handling it.
		if _, err := s.TakeDelivery(ctx, "command:crashed", commandJob("U0FGWHEAD", "whoami", h.slack.ResponseURL("crashed")),
			"dead-worker", real.Add(-time.Minute), 30*time.Second); err != nil {
			t.Fatal(err)
		}
		// Another process is handling this one right now: its claim is live.
		if _, err := s.TakeDelivery(ctx, "command:live", commandJob("U0MAYOR", "whoami", h.slack.ResponseURL("live")),
			"live-worker", real, 30*time.Second); err != nil {
			t.Fatal(err)
		}
		// Two replicas replay at once: one of them takes it.
		replicas := []*bot.Bot{h.bot, replica(t, h, clock.System{})}
		var mu sync.Mutex
		replayed := 0
		var wg sync.WaitGroup
		for _, b := range replicas {
			wg.Go(func() {
				n, err := b.ReplayOnce(ctx)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				replayed += n
				mu.Unlock()
			})
		}
		wg.Wait()
		for _, b := range replicas {
			b.Wait()
		}
		if replayed != 1 {
			t.Fatalf("replayed %d times, want 1", replayed)
		}
		// And never again.
		if n, err := replicas[1].ReplayOnce(ctx); err != nil || n != 0 {
			t.Fatalf("second pass replayed %d (%v)", n, err)
		}
		replicas[1].Wait()
		var answers []slacktest.Call
		for _, c := range h.slack.Calls() {
			if c.Method == "response_url" {
				answers = append(answers, c)
			}
		}
		if len(answers) != 1 || answers[0].Path != "crashed" {
			t.Fatalf("answers: %+v", answers)
		}
		if text, _ := answers[0].JSON["text"].(string); !strings.Contains(text, "王主任") {
			t.Fatalf("answer %s", answers[0].Body)
		}
		if d := delivery(t, s, "command:crashed"); d.HandledAt == nil || d.Outcome != storage.DeliveryHandled || d.Payload != "" {
			t.Fatalf("after the replay: %+v", d)
		}
		if d := delivery(t, s, "command:live"); d.HandledAt != nil || d.ClaimedBy != "live-worker" {
			t.Fatalf("a live claim was taken: %+v", d)
		}
	})
}

func TestAHandledRequestIsNeverReplayed(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, bot.Config{})
		ctx := context.Background()
		if status, _ := h.post(t, "/slack/commands", form, slash("U0MAYOR", "/testform", "hello", h.slack.ResponseURL("normal"))); status != 200 {
			t.Fatalf("status %d", status)
		}
		if status, _ := h.post(t, "/slack/events", "application/json", event(t, "EvNormal", map[string]any{"type": "message",
			"channel": "D0MAYOR", "channel_type": "im", "user": "U0MAYOR", "text": "help", "ts": "1.1"})); status != 200 {
			t.Fatalf("status %d", status)
		}
		h.bot.Wait()
		// A replica whose clock is two minutes ahead: every claim has expired for it.
		later := replica(t, h, clock.NewFake(clock.System{}.Now().Add(2*time.Minute)))
		if n, err := later.ReplayOnce(ctx); err != nil || n != 0 {
			t.Fatalf("replayed %d handled requests (%v)", n, err)
		}
		later.Wait()
		if d := commandRecord(t, s); d.HandledAt == nil || d.Outcome != storage.DeliveryHandled {
			t.Fatalf("command record: %+v", d)
		}
		if d := delivery(t, s, "event:EvNormal"); d.HandledAt == nil || d.Outcome != storage.DeliveryHandled {
			t.Fatalf("event record: %+v", d)
		}
		if n := len(h.slack.CallsTo("response_url")); n != 1 {
			t.Fatalf("%d answers to the command, want 1", n)
		}
		if n := len(h.slack.CallsTo("chat.postMessage")); n != 1 {
			t.Fatalf("%d answers to the direct message, want 1", n)
		}
	})
}

func TestAnEventAcknowledgedBeforeACrashIsAnsweredOnceAndItsRetryDropped(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, bot.Config{})
		ctx := context.Background()
		body := event(t, "EvCrash", map[string]any{"type": "message", "channel": "D0MAYOR", "channel_type": "im",
			"user": "U0MAYOR", "text": "<!channel> help", "ts": "1700000000.000001"})
		payload, _ := json.Marshal(map[string]any{"event": json.RawMessage(body), "user": "U0MAYOR"})
		if _, err := s.TakeDelivery(ctx, "event:EvCrash", string(payload), "dead-worker", clock.System{}.Now().Add(-time.Minute), 30*time.Second); err != nil {
			t.Fatal(err)
		}
		if n, err := h.bot.ReplayOnce(ctx); err != nil || n != 1 {
			t.Fatalf("replayed %d (%v)", n, err)
		}
		// Slack retries the event meanwhile: acknowledged, not handled again.
		if status, _ := h.post(t, "/slack/events", "application/json", body, "X-Slack-Retry-Num", "1"); status != 200 {
			t.Fatalf("retry: %d", status)
		}
		h.bot.Wait()
		posts := h.slack.CallsTo("chat.postMessage")
		if len(posts) != 1 || posts[0].Param("channel") != "D0MAYOR" || strings.Contains(posts[0].Param("text"), "<!channel>") {
			t.Fatalf("posts: %+v", posts)
		}
	})
}

func TestARequestTooOldToAnswerIsAbandonedAndThePersonTold(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, bot.Config{})
		ctx := context.Background()
		if _, err := s.TakeDelivery(ctx, "command:old", commandJob("U0FGWHEAD", "whoami", h.slack.ResponseURL("old")),
			"dead-worker", clock.System{}.Now().Add(-31*time.Minute), 30*time.Second); err != nil {
			t.Fatal(err)
		}
		if n, err := h.bot.ReplayOnce(ctx); err != nil || n != 0 {
			t.Fatalf("replayed %d (%v)", n, err)
		}
		h.bot.Wait()
		if calls := h.slack.CallsTo("response_url"); len(calls) != 0 {
			t.Fatalf("answered through an expired response_url: %+v", calls)
		}
		if d := delivery(t, s, "command:old"); d.HandledAt == nil || d.Outcome != storage.DeliveryAbandoned {
			t.Fatalf("record: %+v", d)
		}
		queued, err := s.ListOutbox(ctx, storage.OutboxPending, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(queued) != 1 || queued[0].Conversation != "U0FGWHEAD" {
			t.Fatalf("outbox: %+v", queued)
		}
		var m chat.Message
		if err := json.Unmarshal([]byte(queued[0].Payload), &m); err != nil {
			t.Fatal(err)
		}
		if want := strings.SplitN(msg.T("slack.abandoned", "X"), "X", 2)[1]; !strings.Contains(m.Text, want) {
			t.Fatalf("notice %q", m.Text)
		}
	})
}

// commandRecord is the one slash command record.
func commandRecord(t *testing.T, s *storage.Store) storage.SlackDelivery {
	t.Helper()
	var ds []storage.SlackDelivery
	if err := s.DB.Where(`"key" LIKE ?`, "command:%").Find(&ds).Error; err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 {
		t.Fatalf("%d command records", len(ds))
	}
	return ds[0]
}

// A crash after a request's change committed but before the process noted
// the request handled must not make the replay repeat the change: the change
// and the "handled" mark commit in one transaction.
func TestAReplayDoesNotRepeatAChangeThatCommittedBeforeTheCrash(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, bot.Config{})
		ctx := context.Background()
		real := clock.System{}.Now()
		job := `{"requests":[{"User":"U0FGWHEAD","Command":"leave","Text":"出差 上海 2027-03-03 至 2027-03-05 参加招商推介会","Channel":"C0OFFICE"}],` +
			`"user":"U0FGWHEAD","to":{"response_url":"` + h.slack.ResponseURL("filed") + `","user":"U0FGWHEAD"}}`
		if _, err := s.TakeDelivery(ctx, "command:filed", job, "dead-worker", real.Add(-time.Minute), 30*time.Second); err != nil {
			t.Fatal(err)
		}
		// The dead process got as far as committing the leave request...
		resp := h.bot.Service().Handle(storage.WithDelivery(ctx, "command:filed"), handlers.Request{User: "U0FGWHEAD",
			Command: "leave", Text: "出差 上海 2027-03-03 至 2027-03-05 参加招商推介会"})
		if !strings.Contains(resp.Text(), "L1") {
			t.Fatalf("filing: %s", resp.Text())
		}
		// ...and died before anything else. Replays find nothing to do.
		if n, err := h.bot.ReplayOnce(ctx); err != nil || n != 0 {
			t.Fatalf("replayed %d (%v), want nothing", n, err)
		}
		var n int64
		s.DB.Model(&storage.LeaveRequest{}).Count(&n)
		if n != 1 {
			t.Fatalf("%d leave requests, want exactly 1", n)
		}
		if d := delivery(t, s, "command:filed"); d.HandledAt == nil || d.Payload != "" {
			t.Fatalf("delivery after the committed change: %+v", d)
		}
		// A second handling of the same request (a replay racing the original)
		// changes nothing and says nothing.
		again := h.bot.Service().Handle(storage.WithDelivery(ctx, "command:filed"), handlers.Request{User: "U0FGWHEAD",
			Command: "leave", Text: "出差 上海 2027-04-03 至 2027-04-05 另一次"})
		s.DB.Model(&storage.LeaveRequest{}).Count(&n)
		if n != 1 || len(again.Messages) != 0 {
			t.Fatalf("a second handling filed again (%d requests) or answered %q", n, again.Text())
		}
	})
}
