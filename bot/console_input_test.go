package bot_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"officebot/bot"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/msg"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestConsoleAnswersEveryIncompleteLine(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		start := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
		svc := handlerstest.New(t, s, handlerstest.Options{Start: start, Extra: []*handlers.Capability{testform(nil)}}).Service
		tests := []struct{ line, want, not string }{
			{":as", msg.T("console.as_usage"), ""},
			{":as   ", msg.T("console.as_usage"), ""},
			{":reply L999 同意", msg.T("console.reply_unanswered", "L999"), ""},
			// A document's or a meeting's thread is not told leave's words.
			{":reply D999 批示同意", "当前步骤", "L12"},
		}
		for _, tt := range tests {
			t.Run(tt.line, func(t *testing.T) {
				var out bytes.Buffer
				con := &bot.Console{Service: svc, User: "U0MAYOR", Out: &out}
				if err := con.Run(ctx, strings.NewReader(tt.line+"\n")); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(out.String(), tt.want) {
					t.Errorf("%q: output lacks %q:\n%s", tt.line, tt.want, out.String())
				}
				if tt.not != "" && strings.Contains(out.String(), tt.not) {
					t.Errorf("%q: output says %q:\n%s", tt.line, tt.not, out.String())
				}
			})
		}
	})
}
