// Command slackload sends signed Slack slash commands at a fixed rate (or,
// with -workers, as fast as that many clients can, each waiting for its
// answer) and reports throughput and latency (p50, p99, max). It targets a
// running bot (-url) or starts one in-process on loopback, as serve runs it
// (the outbox worker included), with a database holding the demo
// organisation (SQLite in a temporary directory, or a fresh schema of the
// PostgreSQL server -db names) and a fake Slack taking the response_url
// posts and the Web API calls.
//
// With -leave every request is a different /leave filing that needs
// approval (handlerstest.Filing), and a request counts when its answer,
// posted to its response_url after the handling committed, says it was
// filed: the latency is the filing's, end to end, not only the ack's.
//
//	go run ./bench/slackload -rate 200 -duration 20s
//	go run ./bench/slackload -rate 1000 -duration 20s -text "第五十七条" -command /rules
//	go run ./bench/slackload -leave -rate 200 -duration 10s
//	go run ./bench/slackload -leave -workers 32 -duration 10s -db postgres://postgres@127.0.0.1:5432/test?sslmode=disable
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/clock"
	"officebot/handlers/handlerstest"
	"officebot/msg"
	"officebot/scheduler"
	"officebot/storage"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "slackload:", err)
		os.Exit(1)
	}
}

func run() error {
	target := flag.String("url", "", "base URL of a running bot (empty: start one in-process)")
	secret := flag.String("secret", "slackload-secret", "signing secret (must match the bot's)")
	rate := flag.Int("rate", 200, "requests per second (open loop)")
	workers := flag.Int("workers", 0, "closed loop: this many clients, each sending its next request when the last one's answer came (0: open loop at -rate)")
	duration := flag.Duration("duration", 20*time.Second, "how long to send")
	maxN := flag.Int("max", 100000, "at most this many requests")
	command := flag.String("command", "/help", "slash command")
	text := flag.String("text", "", "command text")
	user := flag.String("user", "U0MAYOR", "Slack user ID sending the command")
	leave := flag.Bool("leave", false, "send /leave filings (each different, each needing approval) and wait for each one's answer")
	dsn := flag.String("db", "", "in-process bot's database: empty for SQLite in a temporary directory, or a PostgreSQL URL (a fresh schema is made in it and dropped)")
	flag.Parse()
	if *rate <= 0 || *duration <= 0 || *maxN <= 0 || *workers < 0 {
		return errors.New("rate, duration and max must be positive, workers not negative")
	}

	sink := slacktest.New() // response_url posts and Web API calls land here
	defer sink.Close()
	sink.Record.Store(false)
	var waiting sync.Map // response path → chan []byte, for -leave
	sink.OnResponse(func(path string, body []byte) {
		if ch, ok := waiting.LoadAndDelete(path); ok {
			ch.(chan []byte) <- body
		}
	})
	base := *target
	if base == "" {
		b, stop, err := startBot(*secret, sink, *dsn)
		if err != nil {
			return err
		}
		defer stop()
		base = b
	}
	filedWords, _, _ := strings.Cut(msg.T("leave.filed"), "*") // 已提交请假申请
	filed := []byte(filedWords)

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1024, MaxIdleConns: 1024}}
	// send sends request i and reports its latency: to the ack, or with
	// -leave to the answer saying it was filed.
	send := func(i int) (time.Duration, bool) {
		cmd, txt, who := *command, *text, *user
		name := strconv.Itoa(i)
		var answer chan []byte
		if *leave {
			cmd = "/leave"
			who, txt = handlerstest.Filing(i)
			answer = make(chan []byte, 1)
			waiting.Store(name, answer)
			defer waiting.Delete(name)
		}
		body := url.Values{"command": {cmd}, "text": {txt}, "user_id": {who}, "channel_id": {"C0OFFICE"},
			"team_id": {"T1"}, "response_url": {sink.ResponseURL(name)}, "trigger_id": {"t" + name}}.Encode()
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req, _ := http.NewRequest(http.MethodPost, base+"/slack/commands", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", bot.Sign(*secret, ts, []byte(body)))
		sent := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return 0, false
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return 0, false
		}
		if answer != nil {
			select {
			case got := <-answer:
				if !bytes.Contains(got, filed) {
					return 0, false
				}
			case <-time.After(30 * time.Second):
				return 0, false
			}
		}
		return time.Since(sent), true
	}

	var (
		mu        sync.Mutex
		latencies []time.Duration
		failed    int
		wg        sync.WaitGroup
	)
	record := func(lat time.Duration, ok bool) {
		mu.Lock()
		defer mu.Unlock()
		if !ok {
			failed++
			return
		}
		latencies = append(latencies, lat)
	}
	start, cpu0 := time.Now(), cpuTime()
	// cpu prints this process's CPU per request (with -url: the load
	// client's only; in-process: the bot's, the client's and the fake
	// Slack's, not the PostgreSQL server's), steadier than the rates on a
	// shared machine.
	cpu := func(err error) error {
		if n := len(latencies) + failed; err == nil && n > 0 {
			fmt.Printf("CPU of this process: %d µs per request\n", (cpuTime()-cpu0).Microseconds()/int64(n))
		}
		return err
	}
	if *workers > 0 {
		var next atomic.Int64
		stop := start.Add(*duration)
		for range *workers {
			wg.Go(func() {
				for time.Now().Before(stop) {
					i := int(next.Add(1))
					if i > *maxN {
						return
					}
					record(send(i))
				}
			})
		}
		wg.Wait()
		return cpu(report(os.Stdout, fmt.Sprintf("closed loop, %d workers, for %s", *workers, *duration), latencies, failed, time.Since(start)))
	}
	n := min(*maxN, int(float64(*rate)*duration.Seconds()))
	interval := time.Second / time.Duration(*rate)
	deadline := start.Add(*duration + 30*time.Second)
	for i := 0; i < n; i++ {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		if time.Now().After(deadline) {
			break
		}
		wg.Go(func() { record(send(i)) })
	}
	wg.Wait()
	return cpu(report(os.Stdout, fmt.Sprintf("target %d req/s for %s", *rate, *duration), latencies, failed, time.Since(start)))
}

// report prints throughput and ack latency percentiles. When no request
// was acknowledged it says so and returns an error (there is no latency to
// report, and a run where everything failed is not a measurement).
func report(w io.Writer, what string, latencies []time.Duration, failed int, elapsed time.Duration) error {
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
	fmt.Fprintf(w, "%s: sent %d, ok %d, failed %d in %.2fs = %.0f req/s\n",
		what, len(latencies)+failed, len(latencies), failed, elapsed.Seconds(), float64(len(latencies))/max(elapsed.Seconds(), 1e-9))
	if len(latencies) == 0 {
		return fmt.Errorf("all %d requests failed: is the bot at -url running, and is -secret its signing secret?", failed)
	}
	fmt.Fprintf(w, "latency: p50 %s  p90 %s  p99 %s  max %s\n", pct(0.50), pct(0.90), pct(0.99), latencies[len(latencies)-1])
	return nil
}

// startBot serves the bot on a loopback port, with the outbox worker as
// serve runs it, and returns its base URL.
func startBot(secret string, slack *slacktest.Server, dsn string) (string, func(), error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "slackload")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	if dsn == "" {
		dsn = "sqlite:" + filepath.Join(dir, "officebot.db")
	} else {
		fresh, drop, err := freshSchema(ctx, dsn)
		if err != nil {
			cleanup()
			return "", nil, err
		}
		dsn, cleanup = fresh, func() { drop(); os.RemoveAll(dir) }
	}
	store, err := storage.Open(ctx, dsn, nil)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	tb, err := handlerstest.Open(ctx, store, handlerstest.Options{Start: time.Now(), Clock: clock.System{}, Log: log})
	if err != nil {
		store.Close()
		cleanup()
		return "", nil, err
	}
	b := bot.New(bot.Config{BotToken: "xoxb-bench", SigningSecret: secret, APIURL: slack.APIURL()}, tb.Service, log, clock.System{})
	outbox := &scheduler.Outbox{Store: store, Sender: b.Sender(), Clock: clock.System{}, Log: log, Limits: scheduler.SlackLimits}
	tb.Service.Queued = outbox.Notify
	workCtx, stopWork := context.WithCancel(context.Background())
	workDone := make(chan struct{})
	go func() { defer close(workDone); outbox.Run(workCtx) }()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		stopWork()
		store.Close()
		cleanup()
		return "", nil, err
	}
	srv := &http.Server{Handler: b.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	stop := func() {
		srv.Close()
		b.Wait()
		stopWork()
		<-workDone
		store.Close()
		cleanup()
	}
	return "http://" + ln.Addr().String(), stop, nil
}

// freshSchema makes an empty schema in the PostgreSQL database of dsn and
// returns the DSN that uses it and a function dropping it.
func freshSchema(ctx context.Context, dsn string) (string, func(), error) {
	admin, err := gorm.Open(postgres.Open(dsn), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return "", nil, fmt.Errorf("connect to %s: %w", dsn, err)
	}
	closeAdmin := func() {
		if db, err := admin.DB(); err == nil {
			db.Close()
		}
	}
	schema := fmt.Sprintf("slackload_%d", rand.Uint64())
	if err := admin.WithContext(ctx).Exec("CREATE SCHEMA " + schema).Error; err != nil {
		closeAdmin()
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		closeAdmin()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE"); closeAdmin() }, nil
}

// cpuTime is the CPU time (user and system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
