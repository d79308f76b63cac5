package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/chat"
	"officebot/msg"
	"officebot/storage"
)

// remindSetup files a leave in the console on 2026-11-30 (the vice mayor's
// approval then waits) and queues one message behind it as a backlog that
// Slack has not taken yet. It returns the environment.
func remindSetup(t *testing.T) map[string]string {
	t.Helper()
	env := testEnv(t)
	env["OFFICEBOT_CLOCK"] = "2026-11-30T10:00:00+08:00"
	if _, _, err := runCmd(t, env, "leave 出差 上海 2026-12-10 至 2026-12-12 招商\n", "console", "--as", "U0FGWHEAD"); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, env)
	defer s.Close()
	at := time.Date(2026, 11, 30, 2, 5, 0, 0, time.UTC)
	if err := s.Tx(context.Background(), func(tx *storage.Tx) error {
		return tx.Enqueue(at, chat.Message{Channel: "C0LEAVE", Text: "积压消息：Slack 故障期间排队"})
	}); err != nil {
		t.Fatal(err)
	}
	return env
}

func openStore(t *testing.T, env map[string]string) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), env["OFFICEBOT_DB"], slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func pendingTexts(t *testing.T, env map[string]string) []string {
	t.Helper()
	s := openStore(t, env)
	defer s.Close()
	rows, err := s.ListOutbox(context.Background(), storage.OutboxPending, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		m, _ := r.Message()
		out = append(out, m.Text)
	}
	return out
}

// Without a Slack token remind --once prints what its own pass queued and
// leaves the backlog for Slack (issue 11 item 9).
func TestRemindOnceWithoutATokenPrintsItsPassAndKeepsTheBacklog(t *testing.T) {
	t.Parallel()
	env := remindSetup(t)
	out, _, err := runCmd(t, env, "", "remind", "--once", "--now", "2026-12-02T09:00:00+08:00")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "待您审批 1 件（L1 ") {
		t.Errorf("the pass's reminder is not printed:\n%s", out)
	}
	if strings.Contains(out, "积压消息") {
		t.Errorf("the backlog was printed (and so marked sent):\n%s", out)
	}
	if !strings.Contains(out, msg.T("remind.backlog_kept", 1)) {
		t.Errorf("the kept backlog is not reported:\n%s", out)
	}
	if left := pendingTexts(t, env); len(left) != 1 || !strings.Contains(left[0], "积压消息") {
		t.Errorf("pending after the pass: %q, want only the backlog", left)
	}
}

// slackAPI is a Web API whose chat.postMessage answers with fail(call) for
// call 1, 2, …: an HTTP status with a Retry-After, or 0 for success.
func slackAPI(t *testing.T, fail func(call int) (status, retryAfter int)) (*httptest.Server, func() []apiCall) {
	var mu sync.Mutex
	var calls []apiCall
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
			http.Error(w, "unexpected", http.StatusNotFound)
			return
		}
		r.ParseForm()
		mu.Lock()
		calls = append(calls, apiCall{at: time.Now(), channel: r.Form.Get("channel")})
		n := len(calls)
		mu.Unlock()
		if status, after := fail(n); status != 0 {
			if after > 0 {
				w.Header().Set("Retry-After", fmt.Sprint(after))
			}
			w.WriteHeader(status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.%06d"}`, r.Form.Get("channel"), n)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []apiCall {
		mu.Lock()
		defer mu.Unlock()
		return append([]apiCall(nil), calls...)
	}
}

type apiCall struct {
	at      time.Time
	channel string
}

// A 429 with Retry-After: 1 delays the message a second; the pass waits and
// delivers everything, backlog included, before it exits (issue 11 items
// 10 and 13).
func TestRemindOnceHonoursRetryAfterAndDeliversEverything(t *testing.T) {
	t.Parallel()
	env := remindSetup(t)
	srv, calls := slackAPI(t, func(call int) (int, int) {
		if call == 1 {
			return http.StatusTooManyRequests, 1
		}
		return 0, 0
	})
	env["SLACK_BOT_TOKEN"], env["SLACK_API_URL"] = "xoxb-test", srv.URL+"/api/"
	out, errOut, err := runCmd(t, env, "", "remind", "--once", "--now", "2026-12-02T09:00:00+08:00")
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, errOut)
	}
	if left := pendingTexts(t, env); len(left) != 0 {
		t.Fatalf("still pending after the pass: %q\n%s", left, out)
	}
	c := calls()
	if len(c) < 3 {
		t.Fatalf("%d calls, want the backlog and the pass's reminders", len(c))
	}
	for _, next := range c[1:] {
		if next.channel == c[0].channel {
			if gap := next.at.Sub(c[0].at); gap < 900*time.Millisecond {
				t.Errorf("retried %s after a 429 with Retry-After: 1", gap)
			}
			break
		}
	}
}

// Slack failing with 5xx throughout: the pass retries with backoff within
// --wait, then says what is still pending and exits non-zero (issue 11
// item 10).
func TestRemindOnceReportsWhatSlackDidNotTakeAndFails(t *testing.T) {
	t.Parallel()
	env := remindSetup(t)
	srv, calls := slackAPI(t, func(int) (int, int) { return http.StatusServiceUnavailable, 0 })
	env["SLACK_BOT_TOKEN"], env["SLACK_API_URL"] = "xoxb-test", srv.URL+"/api/"
	start := time.Now()
	out, errOut, err := runCmd(t, env, "", "remind", "--once", "--now", "2026-12-02T09:00:00+08:00", "--wait", "3s")
	if err == nil {
		t.Fatalf("exit 0 with Slack down:\n%s", out)
	}
	left := pendingTexts(t, env)
	if len(left) < 2 {
		t.Fatalf("pending %q, want the backlog and the pass's messages kept", left)
	}
	if !strings.Contains(out, msg.T("remind.pending_left", len(left))) || !strings.Contains(errOut, "未能发送到 Slack") {
		t.Errorf("the pending messages are not reported:\n%s\n%s", out, errOut)
	}
	if n := len(calls()); n < 2 {
		t.Errorf("%d calls: a 503 was not retried within --wait", n)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the pass took %s with --wait 3s", d)
	}
}
