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
