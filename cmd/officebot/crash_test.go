package main

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/directory"
	"officebot/handlers/handlerstest"
	"officebot/storage"
)

// TestFilingsAcknowledgedBeforeASIGKILLAreEachFiledOnce kills a real
// `officebot serve` (SIGKILL: no shutdown, no deferred work) while /leave
// filings stream in, some recorded in a group commit not yet handled, some
// being handled, some done; a second process on the same database then
// replays what the first left (its claims are expired by hand rather than
// waited out). Every filing Slack got an ack for is filed exactly once, its
// message to the approver queued once, and no request is left unhandled.
func TestFilingsAcknowledgedBeforeASIGKILLAreEachFiledOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills officebot processes")
	}
	eachDB(t, func(t *testing.T, dsn string) {
		fake := slacktest.New()
		t.Cleanup(fake.Close)
		fake.Record.Store(false)
		orgPath := filepath.Join(t.TempDir(), "org.yaml")
		if err := os.WriteFile(orgPath, directory.DemoYAML(), 0o600); err != nil {
			t.Fatal(err)
		}
		vars := map[string]string{
			"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": fake.APIURL(),
			"OFFICEBOT_HTTP_ADDR": "127.0.0.1:0", "OFFICEBOT_ADMIN_ADDR": "127.0.0.1:0", "OFFICEBOT_DB": dsn, "OFFICEBOT_ORG": orgPath,
		}
		a := startReplica(t, "replica a", vars)

		const filings, senders, killAfter = 120, 16, 40
		var (
			mu     sync.Mutex
			acked  = map[int]bool{}
			killed = make(chan struct{})
			once   sync.Once
			wg     sync.WaitGroup
		)
		client := &http.Client{Timeout: 5 * time.Second}
		next := make(chan int, filings)
		for i := range filings {
			next <- i
		}
		close(next)
		for range senders {
			wg.Go(func() {
				for i := range next {
					user, text := handlerstest.Filing(i)
					body := url.Values{"command": {"/leave"}, "text": {text}, "user_id": {user}, "channel_id": {"C0OFFICE"},
						"response_url": {fake.ResponseURL(strconv.Itoa(i))}, "trigger_id": {"t" + strconv.Itoa(i)}}.Encode()
					if signedPost(client, a.base+"/slack/commands", body) != http.StatusOK {
						continue // refused or the process is gone: Slack shows the person an error
					}
					mu.Lock()
					acked[i] = true
					n := len(acked)
					mu.Unlock()
					if n == killAfter {
						once.Do(func() {
							a.cmd.Process.Kill() // SIGKILL
							close(killed)
						})
					}
				}
			})
		}
		wg.Wait()
		<-killed
		if err := <-a.done; err == nil {
			t.Fatal("replica a exited cleanly; it was to be killed")
		}
		a.done = nil // nothing left to stop
		if len(acked) < killAfter {
			t.Fatalf("only %d filings acknowledged", len(acked))
		}

		// The claims of the killed process would expire within 30 s; expire
		// them now instead of waiting.
		ctx := context.Background()
		store, err := storage.Open(ctx, dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		if err := store.DB.Model(&storage.SlackDelivery{}).Where("handled_at IS NULL").
			Update("claimed_until", time.Now().Add(-time.Minute).UTC()).Error; err != nil {
			t.Fatal(err)
		}
		var left int64
		store.DB.Model(&storage.SlackDelivery{}).Where("handled_at IS NULL").Count(&left)

		b := startReplica(t, "replica b", vars)
		deadline := time.Now().Add(60 * time.Second)
		for {
			var n int64
			if err := store.DB.Model(&storage.SlackDelivery{}).Where("handled_at IS NULL").Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d requests still unhandled a minute after the restart\n%s", n, b.stderr.String())
			}
			time.Sleep(100 * time.Millisecond) // polling interval; the bound is the deadline
		}
		b.stop(t)

		var rows []storage.LeaveRequest
		if err := store.DB.Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		filed := map[string]int{}
		for _, r := range rows {
			filed[r.Requester+" "+r.StartDate]++
		}
		for i := range filings {
			user, text := handlerstest.Filing(i)
			day := strings.Fields(text)[2]
			switch n := filed[user+" "+day]; {
			case n > 1:
				t.Errorf("filing %d (%s %s) filed %d times", i, user, day, n)
			case n == 0 && acked[i]:
				t.Errorf("filing %d (%s %s) acknowledged but never filed", i, user, day)
			}
		}
		var queued, items int64
		store.DB.Model(&storage.OutboxMessage{}).Where("item_key LIKE ?", "L%").Count(&queued)
		store.DB.Model(&storage.OutboxMessage{}).Where("item_key LIKE ?", "L%").Distinct("item_key").Count(&items)
		if queued != int64(len(rows)) || items != queued {
			t.Errorf("%d messages to approvers (%d requests named) for %d requests filed", queued, items, len(rows))
		}
		t.Logf("%d of %d filings acknowledged before the kill, %d filed, %d requests left unhandled by the kill and replayed",
			len(acked), filings, len(rows), left)
	})
}

// signedPost posts a signed slash command and returns the status, 0 when
// the request failed (the process was killed).
func signedPost(c *http.Client, u, body string) int {
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		return 0
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", formType)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", bot.Sign(testSecret, ts, []byte(body)))
	res, err := c.Do(req)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}
