package handlers_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/msg"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestStaleButtonsAndFormsGetAClearMessageNotAnInternalError(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, store *storage.Store) {
		var logs bytes.Buffer
		s := handlerstest.New(t, store, handlerstest.Options{Log: slog.New(slog.NewTextHandler(&logs, nil))}).Service
		tests := []struct {
			name string
			req  handlers.Request
		}{
			{"button of no capability", handlers.Request{User: "U0MAYOR", Action: &handlers.Action{ID: "nope.approve", Value: "1"}}},
			{"button without an ID", handlers.Request{User: "U0MAYOR", Action: &handlers.Action{}}},
			{"form of no capability", handlers.Request{User: "U0MAYOR", Submission: &handlers.Submission{CallbackID: "nope"}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				logs.Reset()
				text := s.Handle(context.Background(), tt.req).Text()
				if text != msg.T("common.stale_action") {
					t.Errorf("answer %q, want %q", text, msg.T("common.stale_action"))
				}
				if strings.Contains(logs.String(), "level=ERROR") {
					t.Errorf("a stale button is no internal error:\n%s", logs.String())
				}
			})
		}
	})
}

// Someone outside the directory typing in an item's thread gets no answer:
// it would be posted in the thread for everyone; a command or a direct
// message still gets the private "please register" (issue 11 item 19).
func TestAStrangerInAnItemsThreadIsNotAnsweredPublicly(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, store *storage.Store) {
		b := handlerstest.New(t, store, handlerstest.Options{})
		b.Command("U0FGWHEAD", "leave", "出差 上海 2026-12-03 至 2026-12-05")
		before := len(b.Outbox())
		for _, text := range []string{"同意", "这是什么？"} {
			if r := b.Reply("U0STRANGER", "L1", text); len(r.Messages) != 0 || r.Modal != nil {
				t.Fatalf("a stranger's %q in L1's thread was answered: %q", text, r.Text())
			}
		}
		if n := len(b.Outbox()); n != before {
			t.Fatalf("the stranger's replies queued %d messages", n-before)
		}
		if r := b.Command("U0STRANGER", "leave", ""); !strings.Contains(r.Text(), "尚未登记") {
			t.Fatalf("a stranger's command: %q", r.Text())
		}
	})
}
