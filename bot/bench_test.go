package bot_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"officebot/bot"
	"officebot/clock"
	"officebot/storage/storagetest"
)

// BenchmarkSlashCommandAck measures a signed /rules 第五十七条 from the
// client's send to the bot's ack over loopback HTTP, the answer included: a
// read-only command is answered in the ack (a response without the article
// fails the benchmark).
func BenchmarkSlashCommandAck(b *testing.B) {
	h := newHarnessRules(b, storagetest.SQLite(b), bot.Config{}, true)
	h.slack.Record.Store(false)
	body := slash("U0MAYOR", "/rules", "第五十七条", h.slack.ResponseURL("bench"))
	want := []byte("第五十七条")
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
			answer, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || !bytes.Contains(answer, want) {
				b.Fatalf("status %d, body %.200s", res.StatusCode, answer)
			}
		}
	})
	b.StopTimer()
	h.bot.Wait()
}
