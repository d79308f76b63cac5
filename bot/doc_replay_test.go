package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"officebot/bot"
	"officebot/clock"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// docJob is a /doc submit as the ack path stores it.
func docJob(t *testing.T, text, responseURL string) string {
	t.Helper()
	b, err := json.Marshal(text)
	if err != nil {
		t.Fatal(err)
	}
	return `{"requests":[{"User":"U0FGWHEAD","Command":"doc","Text":` + string(b) + `,"Channel":"C0OFFICE"}],` +
		`"user":"U0FGWHEAD","to":{"response_url":"` + responseURL + `","trigger_id":"trig","user":"U0FGWHEAD"}}`
}

const docText = "submit 标题：关于申请2027年老旧小区改造资金的请示 类型：请示 类别：in_remit 签发人：@王主任"

// A process killed between acknowledging a /doc submit and handling it:
// the replay registers the document once (one number, one root message),
// and a process killed after the registration committed leaves nothing
// for the replay to repeat. The registration and its messages commit
// together, so there is no point between them to lose.
func TestADocumentSubmissionSurvivesACrashOnceOnly(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, bot.Config{})
		ctx := context.Background()
		real := clock.System{}.Now()
		if _, err := s.TakeDelivery(ctx, "command:doc-crashed", docJob(t, docText, h.slack.ResponseURL("crashed")),
			"dead-worker", real.Add(-time.Minute), 30*time.Second); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := h.bot.ReplayOnce(ctx); err != nil {
				t.Fatal(err)
			}
			h.bot.Wait()
		}
		var n int64
		s.DB.Model(&storage.Document{}).Count(&n)
		if n != 1 {
			t.Fatalf("%d documents after the replay, want 1", n)
		}
		answers := 0
		for _, c := range h.slack.Calls() {
			if c.Method == "response_url" && c.Path == "crashed" {
				answers++
				if text, _ := c.JSON["text"].(string); !strings.Contains(text, "昆政办收〔2026〕1号") {
					t.Fatalf("answer: %s", c.Body)
				}
			}
		}
		if answers != 1 {
			t.Fatalf("answered %d times", answers)
		}

		// The second process got as far as committing its registration.
		if _, err := s.TakeDelivery(ctx, "command:doc-committed", docJob(t, docText, h.slack.ResponseURL("committed")),
			"dead-worker", real.Add(-time.Minute), 30*time.Second); err != nil {
			t.Fatal(err)
		}
		svc := handlerstest.New(t, s, handlerstest.Options{Clock: h.clock}).Service
		other := "submit 标题：关于另一件事的请示 类型：请示 类别：in_remit 签发人：@王主任"
		resp := svc.Handle(storage.WithDelivery(ctx, "command:doc-committed"), handlers.Request{User: "U0FGWHEAD", Command: "doc", Text: other})
		if !strings.Contains(resp.Text(), "D2") {
			t.Fatalf("registration: %s", resp.Text())
		}
		if n, err := h.bot.ReplayOnce(ctx); err != nil || n != 0 {
			t.Fatalf("replayed %d (%v), want nothing", n, err)
		}
		again := svc.Handle(storage.WithDelivery(ctx, "command:doc-committed"), handlers.Request{User: "U0FGWHEAD", Command: "doc",
			Text: "submit 标题：关于第三件事的请示 类型：请示 类别：in_remit 签发人：@王主任"})
		s.DB.Model(&storage.Document{}).Count(&n)
		if n != 2 || len(again.Messages) != 0 {
			t.Fatalf("a second handling registered again (%d documents) or answered %q", n, again.Text())
		}
		var roots int64
		s.DB.Model(&storage.OutboxMessage{}).Where("item_key IN ? AND payload LIKE ?", []string{"D1", "D2"}, `%"root":true%`).Count(&roots)
		if roots != 2 {
			t.Fatalf("%d root messages, want one per document", roots)
		}
	})
}
