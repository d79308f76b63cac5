package bot_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"officebot/bot"
	"officebot/clock"
	"officebot/handlers/handlerstest"
	"officebot/msg"
	"officebot/storage"
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

// BenchmarkLeaveFiling measures a signed /leave filing end to end over
// loopback HTTP, 32 at a time: the request recorded before the ack, the
// ack, the handling after it (the request, its approval step, the message
// to the approver in the outbox and the handled mark, one transaction) and
// the answer posted to the request's response_url. An operation ends when
// that answer arrived and says the request was filed; on PostgreSQL when
// OFFICEBOT_TEST_POSTGRES is set.
func BenchmarkLeaveFiling(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			var s *storage.Store
			if db == "sqlite" {
				s = storagetest.SQLite(b)
			} else {
				s = storagetest.Postgres(b)
			}
			benchFilings(b, s)
		})
	}
}

func benchFilings(b *testing.B, s *storage.Store) {
	h := newHarness(b, s, bot.Config{})
	h.slack.Record.Store(false)
	var waiting sync.Map // response path → chan []byte
	h.slack.OnResponse(func(path string, body []byte) {
		if ch, ok := waiting.LoadAndDelete(path); ok {
			ch.(chan []byte) <- body
		}
	})
	filedWords, _, _ := strings.Cut(msg.T("leave.filed"), "*") // 已提交请假申请
	filed := []byte(filedWords)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	var next atomic.Int64
	b.SetParallelism(16) // 32 filers on 2 cores: enough to share commits
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1))
			user, text := handlerstest.Filing(i)
			name := "f" + strconv.Itoa(i)
			answer := make(chan []byte, 1)
			waiting.Store(name, answer)
			body := slash(user, "/leave", text, h.slack.ResponseURL(name))
			ts := strconv.FormatInt(clock.System{}.Now().Unix(), 10)
			req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/slack/commands", strings.NewReader(body))
			req.Header.Set("Content-Type", form)
			req.Header.Set("X-Slack-Request-Timestamp", ts)
			req.Header.Set("X-Slack-Signature", bot.Sign(secret, ts, []byte(body)))
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Fatalf("ack status %d", res.StatusCode)
			}
			select {
			case got := <-answer:
				if !bytes.Contains(got, filed) {
					b.Fatalf("filing %d (%s %s) answered %.300s", i, user, text, got)
				}
			case <-time.After(30 * time.Second):
				b.Fatalf("filing %d not answered in 30 s", i)
			}
		}
	})
	b.StopTimer()
	cpu := cpuTime() - cpu0
	h.bot.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "filings/s")
	// The process's CPU (bot, load client and fake Slack; the database
	// server's is not in it) per filing: what the run costs on a machine
	// whose other users make the wall-clock rate noisy.
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/filing")
}

// cpuTime is the CPU time (user and system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
