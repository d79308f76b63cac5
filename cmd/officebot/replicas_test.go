package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"officebot/approval"
	"officebot/bot/slacktest"
	"officebot/directory"
	"officebot/handlers/handlerstest"
	"officebot/msg"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// replica is one `officebot serve` running as its own OS process.
type replica struct {
	name   string
	cmd    *exec.Cmd
	base   string
	stderr *slacktest.Buffer
	done   chan error
}

// startReplica runs the test binary as `officebot serve` with vars added to
// a clean environment, and waits until it listens.
func startReplica(t *testing.T, name string, vars map[string]string) *replica {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SLACK_") && !strings.HasPrefix(kv, "OFFICEBOT_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, runMainEnv+"=1")
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	r := &replica{name: name, cmd: cmd, stderr: &slacktest.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = r.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			if i := strings.Index(sc.Text(), "127.0.0.1:"); i >= 0 && !sent {
				addr <- sc.Text()[i:]
				sent = true
			}
		}
		io.Copy(io.Discard, stdout)
		r.done <- cmd.Wait()
	}()
	t.Cleanup(func() { r.stop(t) })
	select {
	case a := <-addr:
		r.base = "http://" + a
	case err := <-r.done:
		r.done <- err
		t.Fatalf("%s ended before listening: %v\n%s", name, err, r.stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("%s did not listen:\n%s", name, r.stderr.String())
	}
	return r
}

// healthy reports whether the process answers /healthz.
func (r *replica) healthy() bool {
	res, err := http.Get(r.base + "/healthz")
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

// stop sends SIGTERM and waits for the graceful shutdown (killing the
// process if it hangs); it fails the test if the process did not exit 0.
func (r *replica) stop(t *testing.T) {
	t.Helper()
	if r.cmd.ProcessState != nil || r.done == nil {
		return
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	var err error
	select {
	case err = <-r.done:
	case <-time.After(60 * time.Second):
		r.cmd.Process.Kill()
		err = fmt.Errorf("no exit within 60 s of SIGTERM: %w", <-r.done)
	}
	r.done = nil
	if err != nil {
		t.Errorf("%s: %v\n%s", r.name, err, r.stderr.String())
	}
}

// TestTwoServeProcessesOnOnePostgresSendEachReminderOnce is issue 6's
// acceptance test: two real `officebot serve` processes share one
// PostgreSQL database and one (fake) Slack; 200 approval steps have waited
// two working days, so each process's catch-up pass queues their reminders
// at start. Slack must receive each reminder exactly once.
func TestTwoServeProcessesOnOnePostgresSendEachReminderOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two officebot processes")
	}
	dsn := storagetest.PostgresDSN(t)
	const n = 200
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	clockAt := time.Date(2026, 12, 9, 10, 0, 0, 0, loc)   // a Wednesday, not the month's first working day
	activated := time.Date(2026, 12, 7, 10, 0, 0, 0, loc) // Monday: two working days waited, not yet escalated

	// Seed: the demo directory (so neither process's import writes) and n
	// pending steps, each assigned to a distinct person so the per-conversation
	// pace (1 message/s) does not serialise the deliveries.
	ctx := context.Background()
	store, err := storage.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	handlerstest.Demo(t, store, activated)
	want := map[string]bool{} // channel + "\x00" + text
	err = store.Tx(ctx, func(tx *storage.Tx) error {
		for i := 1; i <= n; i++ {
			subject, assignee := fmt.Sprintf("X%d", i), fmt.Sprintf("U9%04d", i)
			if err := tx.StartApproval(subject, []approval.Step{{Kind: "approve", Assignee: assignee,
				Actions: []approval.Action{approval.Approve, approval.Reject}}}, activated); err != nil {
				return err
			}
			want[assignee+"\x00"+msg.T("scheduler.approval_remind", subject, msg.T("scheduler.step_kind"), 2)] = true
		}
		return nil
	})
	store.Close()
	if err != nil {
		t.Fatal(err)
	}

	fake := slacktest.New()
	t.Cleanup(fake.Close)
	orgPath := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(orgPath, directory.DemoYAML(), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := func(token string) map[string]string {
		return map[string]string{
			"SLACK_BOT_TOKEN": token, "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": fake.APIURL(),
			"OFFICEBOT_HTTP_ADDR": "127.0.0.1:0", "OFFICEBOT_ADMIN_ADDR": "127.0.0.1:0", "OFFICEBOT_DB": dsn, "OFFICEBOT_ORG": orgPath,
			"OFFICEBOT_CLOCK": clockAt.Format(time.RFC3339),
		}
	}
	started := time.Now()
	a := startReplica(t, "replica a", vars("xoxb-replica-a"))
	b := startReplica(t, "replica b", vars("xoxb-replica-b"))
	for _, r := range []*replica{a, b} {
		if !r.healthy() {
			t.Fatalf("%s does not answer /healthz:\n%s", r.name, r.stderr.String())
		}
	}

	isReminder := func(c slacktest.Call) bool {
		return c.Method == "chat.postMessage" && want[c.Param("channel")+"\x00"+c.Param("text")]
	}
	count := func() int {
		k := 0
		for _, c := range fake.Calls() {
			if isReminder(c) {
				k++
			}
		}
		return k
	}
	deadline := time.Now().Add(90 * time.Second)
	for count() < n && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond) // polling interval; the bound is the deadline
	}
	delivered := time.Since(started)
	// Both still running: they both answered /healthz at start and do now.
	for _, r := range []*replica{a, b} {
		if !r.healthy() {
			t.Errorf("%s stopped answering /healthz:\n%s", r.name, r.stderr.String())
		}
	}
	stopping := time.Now()
	a.stop(t)
	b.stop(t)
	stopped := time.Since(stopping)

	seen := map[string]int{}
	byToken := map[string]int{}
	for _, c := range fake.Calls() {
		if isReminder(c) {
			seen[c.Param("channel")+"\x00"+c.Param("text")]++
			byToken[c.Token]++
		}
	}
	total := 0
	for k, v := range seen {
		total += v
		if v != 1 {
			t.Errorf("sent %d times: %q", v, k)
		}
	}
	if total != n || len(seen) != n {
		t.Fatalf("Slack got %d reminder messages (%d distinct), want %d once each\nreplica a:\n%s\nreplica b:\n%s",
			total, len(seen), n, a.stderr.String(), b.stderr.String())
	}
	for _, r := range []*replica{a, b} {
		if strings.Contains(r.stderr.String(), "level=ERROR") {
			t.Errorf("%s logged an error:\n%s", r.name, r.stderr.String())
		}
	}
	t.Logf("%d reminders delivered once each %s after the processes started (both stopped in %s); sent by replica a: %d, replica b: %d",
		n, delivered.Round(10*time.Millisecond), stopped.Round(10*time.Millisecond), byToken["xoxb-replica-a"], byToken["xoxb-replica-b"])
}

// TestServeRefusesASecondProcessOnOneSQLiteFile: SQLite is for one process.
func TestServeRefusesASecondProcessOnOneSQLiteFile(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "officebot.db")
	first := startServe(t, dsn, nil)
	fake := slacktest.New()
	t.Cleanup(fake.Close)
	vars := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": fake.APIURL(),
		"OFFICEBOT_HTTP_ADDR": "127.0.0.1:0", "OFFICEBOT_ADMIN_ADDR": "127.0.0.1:0", "OFFICEBOT_DB": dsn,
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"serve"}, func(k string) string { return vars[k] }, strings.NewReader(""), &stdout, &stderr)
	if !errors.Is(err, errUsage) || !strings.Contains(stderr.String(), msg.T("serve.sqlite_locked")) {
		t.Fatalf("second serve: err %v, stderr %q", err, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Fatalf("the second process listened: %q", stdout.String())
	}
	// The first one is unaffected.
	res, err := http.Get(first.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("first process: /healthz %d", res.StatusCode)
	}
}

// TestServeAnswersOnceARequestAcknowledgedBeforeACrash: a process took a
// slash command on (recorded, acknowledged) and was killed before handling
// it; the next `serve` answers it at start, once.
func TestServeAnswersOnceARequestAcknowledgedBeforeACrash(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		fake := slacktest.New()
		t.Cleanup(fake.Close)
		ctx := context.Background()
		store, err := storage.Open(ctx, dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		// What the ack path of the killed process wrote, a minute ago (its
		// 30-second claim has expired).
		job := `{"requests":[{"User":"U0FGWHEAD","Command":"whoami","Text":"","Channel":"C0OFFICE"}],"user":"U0FGWHEAD",` +
			`"to":{"response_url":"` + fake.ResponseURL("crashed") + `","trigger_id":"trig","user":"U0FGWHEAD"}}`
		_, err = store.TakeDelivery(ctx, "command:crashed", job, "killed-worker", time.Now().Add(-time.Minute), 30*time.Second)
		store.Close()
		if err != nil {
			t.Fatal(err)
		}
		s := startServeOn(t, fake, dsn, nil)
		got, err := fake.WaitFor(30*time.Second, func(c slacktest.Call) bool { return c.Method == "response_url" })
		if err != nil {
			t.Fatalf("%v\n%s", err, s.stderr.String())
		}
		if text, _ := got.JSON["text"].(string); got.Path != "crashed" || !strings.Contains(text, "王主任") {
			t.Fatalf("got %s %s", got.Path, got.Body)
		}
		s.stop()
		if n := len(fake.CallsTo("response_url")); n != 1 {
			t.Fatalf("answered %d times, want once", n)
		}
		if !strings.Contains(s.stderr.String(), "replaying a slack request") {
			t.Fatalf("the replay was not logged:\n%s", s.stderr.String())
		}
	})
}
