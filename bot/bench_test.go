package bot_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"officebot/bot"
	"officebot/clock"
	"officebot/storage/storagetest"
)

// BenchmarkSlashCommandAck measures a signed /help from the client's send to
// the bot's ack over loopback HTTP; the handling after the ack (and its
// response_url post to a fake Slack) runs concurrently, as in production.
func BenchmarkSlashCommandAck(b *testing.B) {
	h := newHarness(b, storagetest.SQLite(b), bot.Config{})
	h.slack.Record.Store(false)
	body := slash("U0MAYOR", "/help", "", h.slack.ResponseURL("bench"))
	ts := strconv.FormatInt(clock.System{}.Now().Unix(), 10)
	sig := bot.Sign(secret, ts, []byte(body))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/slack/commands", strings.NewReader(body))
			req.Header.Set("Content-Type", form)
			req.Header.Set("X-Slack-Request-Timestamp", ts)
			req.Header.Set("X-Slack-Signature", sig)
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Fatalf("status %d", res.StatusCode)
			}
		}
	})
	b.StopTimer()
	h.bot.Wait()
}
