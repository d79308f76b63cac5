package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/bot/slacktest"
	"officebot/clock"
	"officebot/directory"
	"officebot/msg"
	"officebot/storage/storagetest"
)

const testSecret = "test-signing-secret"

// served is `officebot serve` running through run() against a fake Slack.
type served struct {
	base   string // the public endpoints
	admin  string // /readyz, /metrics
	slack  *slacktest.Server
	stop   func() // cancels run and waits for its graceful shutdown
	stderr *slacktest.Buffer
}

// eachDB runs f with a SQLite file and, when OFFICEBOT_TEST_POSTGRES is
// set, a fresh PostgreSQL schema.
func eachDB(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { f(t, "sqlite:"+filepath.Join(t.TempDir(), "officebot.db")) })
	t.Run("postgres", func(t *testing.T) { f(t, storagetest.PostgresDSN(t)) })
}

func startServe(t *testing.T, dsn string, extra map[string]string) *served {
	t.Helper()
	fake := slacktest.New()
	t.Cleanup(fake.Close)
	return startServeOn(t, fake, dsn, extra)
}

// startServeOn is startServe answering to a given fake Slack.
func startServeOn(t *testing.T, fake *slacktest.Server, dsn string, extra map[string]string) *served {
	t.Helper()
	orgPath := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(orgPath, directory.DemoYAML(), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": fake.APIURL(),
		"OFFICEBOT_HTTP_ADDR": "127.0.0.1:0", "OFFICEBOT_ADMIN_ADDR": "127.0.0.1:0", "OFFICEBOT_DB": dsn, "OFFICEBOT_ORG": orgPath,
	}
	for k, v := range extra {
		vars[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	stderr := &slacktest.Buffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return vars[k] }, strings.NewReader(""), outW, stderr)
		outW.Close()
	}()
	// The public address, then the admin one (/readyz, /metrics).
	addr := make(chan string, 2)
	go func() {
		sc := bufio.NewScanner(outR)
		n := 0
		for sc.Scan() {
			if i := strings.Index(sc.Text(), "127.0.0.1:"); i >= 0 && n < 2 {
				addr <- sc.Text()[i:]
				n++
			}
		}
		close(addr)
	}()
	var bases []string
	for len(bases) < 2 {
		select {
		case a, ok := <-addr:
			if !ok {
				cancel()
				t.Fatalf("serve ended: %v\n%s", <-done, stderr.String())
			}
			bases = append(bases, "http://"+a)
		case <-time.After(30 * time.Second):
			cancel()
			t.Fatalf("serve did not start:\n%s", stderr.String())
		}
	}
	s := &served{base: bases[0], admin: bases[1], slack: fake, stderr: stderr}
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v\n%s", err, stderr.String())
			}
		})
	}
	t.Cleanup(s.stop)
	// Tests wait on /healthz rather than sleeping.
	if _, err := fake.WaitFor(10*time.Second, func(c slacktest.Call) bool { return c.Method == "auth.test" }); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		res, err := http.Get(s.admin + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if i == 500 {
			t.Fatalf("never ready:\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond) // polling interval, not a pass/fail timing
	}
	return s
}

func (s *served) post(t *testing.T, path, contentType, body string, at time.Time, header ...string) int {
	t.Helper()
	status, _ := slacktest.Post(t, s.base+path, contentType, body, at, testSecret, header...)
	return status
}

// mustPost posts a signed request and fails the test unless it is
// acknowledged with 200.
func (s *served) mustPost(t *testing.T, path, contentType, body string, at time.Time) {
	t.Helper()
	if status := s.post(t, path, contentType, body, at); status != http.StatusOK {
		t.Fatalf("%s: status %d", path, status)
	}
}

// waitFor waits up to 20 s for a call to the fake Slack that matches,
// failing the test with the server's log when none comes.
func (s *served) waitFor(t *testing.T, what string, match func(slacktest.Call) bool) slacktest.Call {
	t.Helper()
	c, err := s.slack.WaitFor(20*time.Second, match)
	if err != nil {
		t.Fatalf("%s: %v\n%s", what, err, s.stderr.String())
	}
	return c
}

// ack posts a read-only slash command and returns its answer, which is in
// the acknowledgement's body: its text and its blocks as JSON.
func (s *served) ack(t *testing.T, body string, at time.Time) (text string, all string) {
	t.Helper()
	status, got := slacktest.Post(t, s.base+"/slack/commands", formType, body, at, testSecret)
	var answer struct {
		ResponseType string          `json:"response_type"`
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(got), &answer); err != nil || status != http.StatusOK || answer.ResponseType != "ephemeral" {
		t.Fatalf("ack %d %q (%v)", status, got, err)
	}
	var blocks any
	json.Unmarshal(answer.Blocks, &blocks)
	var b strings.Builder
	b.WriteString(answer.Text)
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // compare the characters Slack would render
	enc.Encode(blocks)
	return answer.Text, b.String()
}

func slashBody(user, command, text, responseURL string) string {
	return url.Values{"command": {command}, "text": {text}, "user_id": {user}, "channel_id": {"C0OFFICE"},
		"response_url": {responseURL}, "trigger_id": {"trig"}}.Encode()
}

func eventBody(id string, inner string) string {
	return `{"type":"event_callback","token":"x","team_id":"T1","api_app_id":"A1","event_id":"` + id + `","event_time":1,"event":` + inner + `}`
}

// threadReplyBody is the event of a message typed by user in the thread of
// the channel message rootTS (its own ts derived from the root's).
func threadReplyBody(id, channel, user, text, rootTS string) string {
	return eventBody(id, `{"type":"message","channel":"`+channel+`","channel_type":"channel","user":"`+user+`","text":"`+text+`","ts":"`+
		strings.Replace(rootTS, ".", ".9", 1)+`","thread_ts":"`+rootTS+`"}`)
}

const formType = "application/x-www-form-urlencoded"

func TestServeAnswersReadOnlySlashCommandsInTheAck(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		s := startServe(t, dsn, nil)
		now := clock.System{}.Now()
		cases := []struct {
			name, user, command, want string
		}{
			{"whoami", "U0FGWHEAD", "/whoami", "王主任"},
			{"help", "U0MAYOR", "/help", msg.T("help.title")},
			{"unregistered person", "U0NOBODY", "/whoami", msg.T("common.unregistered")},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if text, _ := s.ack(t, slashBody(c.user, c.command, "", s.slack.ResponseURL(c.name)), now); !strings.Contains(text, c.want) {
					t.Fatalf("got %s, want %q", text, c.want)
				}
			})
		}
		s.stop()
		if calls := s.slack.CallsTo("response_url"); len(calls) != 0 {
			t.Fatalf("answered through response_url too: %+v", calls)
		}
	})
}

func TestServeRefusesUnsignedAndStaleRequests(t *testing.T) {
	s := startServe(t, "sqlite:"+filepath.Join(t.TempDir(), "db"), nil)
	now := clock.System{}.Now()
	body := slashBody("U0MAYOR", "/help", "", s.slack.ResponseURL("refused"))
	if status := s.post(t, "/slack/commands", formType, body, now.Add(-10*time.Minute)); status != http.StatusUnauthorized {
		t.Fatalf("stale: %d", status)
	}
	req, _ := http.NewRequest(http.MethodPost, s.base+"/slack/commands", strings.NewReader(body))
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("X-Slack-Signature", "v0=0000000000000000000000000000000000000000000000000000000000000000")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("bad signature: %d", res.StatusCode)
	}
	s.stop() // graceful: everything acknowledged has been handled
	for _, c := range s.slack.Calls() {
		if c.Method != "auth.test" {
			t.Fatalf("a refused request reached Slack: %+v", c)
		}
	}
}

func TestServeProcessesARetriedEventOnceAndEscapesUserText(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		s := startServe(t, dsn, nil)
		now := clock.System{}.Now()
		dm := eventBody("Ev0001", `{"type":"message","channel":"D0MAYOR","channel_type":"im","user":"U0MAYOR","text":"<!channel>","ts":"1700000000.000001"}`)
		if status := s.post(t, "/slack/events", "application/json", dm, now); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		if status := s.post(t, "/slack/events", "application/json", dm, now, "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"); status != http.StatusOK {
			t.Fatalf("retry status %d", status)
		}
		s.stop()
		posts := s.slack.CallsTo("chat.postMessage")
		if len(posts) != 1 {
			t.Fatalf("answered %d times: %+v", len(posts), posts)
		}
		text := posts[0].Param("text")
		if posts[0].Param("channel") != "D0MAYOR" || !strings.Contains(text, "&lt;!channel&gt;") || strings.Contains(text, "<!channel>") {
			t.Fatalf("got %v", posts[0].Form)
		}
	})
}

func TestServeSocketModeAnswersASlashCommand(t *testing.T) {
	s := startServe(t, "sqlite:"+filepath.Join(t.TempDir(), "db"), map[string]string{
		"SLACK_SIGNING_SECRET": "", "SLACK_APP_TOKEN": "xapp-test"})
	var sock *slacktest.Socket
	select {
	case sock = <-s.slack.Sockets():
	case <-time.After(10 * time.Second):
		t.Fatal("no Socket Mode connection")
	}
	sock.Send(map[string]any{"type": "slash_commands", "envelope_id": "env-1",
		"payload": map[string]any{"command": "/whoami", "user_id": "U0OFFDIR", "channel_id": "C0OFFICE",
			"response_url": s.slack.ResponseURL("socket"), "trigger_id": "t"}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Read-only: answered in the ack's payload.
	got, err := sock.WaitAck(ctx, "env-1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got.Payload), "赵主任") {
		t.Fatalf("got %s", got.Payload)
	}
	// Without a signing secret there are no HTTP Slack endpoints.
	if status := s.post(t, "/slack/commands", formType, "x", clock.System{}.Now()); status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
		t.Fatalf("HTTP endpoint served without a signing secret: %d", status)
	}
}

func TestServeNeedsATokenAndAMode(t *testing.T) {
	cases := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"no bot token", map[string]string{"SLACK_SIGNING_SECRET": "s"}, msg.T("serve.need_token")},
		{"neither app token nor signing secret", map[string]string{"SLACK_BOT_TOKEN": "xoxb-x"}, msg.T("serve.need_mode")},
		{"bad silence", map[string]string{"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_APP_TOKEN": "xapp-x", "OFFICEBOT_SOCKET_SILENCE": "soon"}, "OFFICEBOT_SOCKET_SILENCE"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(context.Background(), []string{"serve"}, func(k string) string { return c.vars[k] }, strings.NewReader(""), io.Discard, &stderr)
			if err == nil || !strings.Contains(stderr.String(), c.want) {
				t.Fatalf("err %v, stderr %q", err, stderr.String())
			}
		})
	}
}

func TestServeAnswersRulesThroughASignedSlashCommand(t *testing.T) {
	s := startServe(t, "sqlite:"+filepath.Join(t.TempDir(), "db"), nil)
	now := clock.System{}.Now()
	cases := []struct{ name, text, want, not string }{
		{"article", "第五十七条", "《昆山市人民政府工作规则》第五十七条", ""},
		{"time limits", "公文办理时限", "第五十四条", ""},
		{"user text escaped", "<!channel> xyzzy", "&lt;!channel&gt;", "<!channel>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Slack sends the typed text HTML-escaped.
			body := slashBody("U0FGWHEAD", "/rules", strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(c.text), s.slack.ResponseURL(c.name))
			_, text := s.ack(t, body, now)
			if !strings.Contains(text, c.want) || (c.not != "" && strings.Contains(text, c.not)) {
				t.Fatalf("answer %s: want %q, not %q", text, c.want, c.not)
			}
		})
	}
}
