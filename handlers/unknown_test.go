package handlers

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"officebot/msg"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestStaleButtonsAndFormsGetAClearMessageNotAnInternalError(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, store *storage.Store) {
		s, _ := newService(t, store)
		var logs bytes.Buffer
		s.Log = slog.New(slog.NewTextHandler(&logs, nil))
		tests := []struct {
			name string
			req  Request
		}{
			{"button of no capability", Request{User: "U0MAYOR", Action: &Action{ID: "nope.approve", Value: "1"}}},
			{"button without an ID", Request{User: "U0MAYOR", Action: &Action{}}},
			{"form of no capability", Request{User: "U0MAYOR", Submission: &Submission{CallbackID: "nope"}}},
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
