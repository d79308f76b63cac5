package bot_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"officebot/bot"
	"officebot/chat"
	"officebot/scheduler"
	"officebot/storage/storagetest"
)

func TestSenderPostsUpdatesAndClassifiesErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	s := h.bot.Sender()
	ctx := context.Background()
	m := chat.Message{Text: "请审批 &lt;!channel&gt;", Blocks: []chat.Block{chat.Buttons(chat.Button{Label: "批准", ActionID: "leave.approve", Value: "L12", Style: chat.Primary})}}

	ch, ts, err := s.Post(ctx, "U0MAYOR", "", m)
	if err != nil || ch != "D0MAYOR" || ts == "" {
		t.Fatalf("DM post: %q %q %v", ch, ts, err)
	}
	if _, _, err := s.Post(ctx, "C0LEAVE", "1700000000.000001", m); err != nil {
		t.Fatal(err)
	}
	posts := h.slack.CallsTo("chat.postMessage")
	if got := posts[1]; got.Param("thread_ts") != "1700000000.000001" || got.Param("text") != "请审批 &lt;!channel&gt;" {
		t.Fatalf("thread post: %v", got.Form)
	}
	if err := s.Update(ctx, "C0LEAVE", ts, m); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		code      string
		permanent bool
	}{
		{"channel_not_found", true}, {"not_in_channel", true}, {"invalid_auth", true}, {"account_inactive", true},
		{"is_archived", true}, {"invalid_blocks", true}, {"internal_error", false}, {"fatal_error", false},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			h.slack.Fail("chat.postMessage", c.code)
			h.slack.Fail("chat.update", c.code)
			defer h.slack.Fail("chat.postMessage", "")
			defer h.slack.Fail("chat.update", "")
			_, _, perr := s.Post(ctx, "C0LEAVE", "", m)
			uerr := s.Update(ctx, "C0LEAVE", "1.2", m)
			for _, err := range []error{perr, uerr} {
				var pe *scheduler.PermanentError
				if err == nil || errors.As(err, &pe) != c.permanent {
					t.Fatalf("err %v: permanent %v, want %v", err, errors.As(err, &pe), c.permanent)
				}
			}
		})
	}
	// Issue 11 item 13: the delay is slack-go's RetryAfter field, handed to
	// the outbox as a scheduler.RetryAfterError, not read from the text.
	t.Run("rate limited carries Slack's Retry-After", func(t *testing.T) {
		h.slack.RateLimit("chat.postMessage", 7)
		defer h.slack.RateLimit("chat.postMessage", 0)
		_, _, err := s.Post(ctx, "C0LEAVE", "", m)
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
			t.Fatalf("got %T %v", err, err)
		}
		var ra scheduler.RetryAfterError
		if !errors.As(err, &ra) || ra.RetryAfterDuration() != 7*time.Second {
			t.Fatalf("not a scheduler.RetryAfterError of 7s: %T %v", err, err)
		}
	})
}
