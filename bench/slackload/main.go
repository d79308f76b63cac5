// Command slackload sends signed Slack slash commands at a fixed rate and
// reports throughput and ack latency (p50, p99, max). It targets a running
// bot (-url) or starts one in-process on loopback, with a SQLite database
// holding the demo organisation and a fake Slack taking the response_url
// posts.
//
//	go run ./bench/slackload -rate 200 -duration 20s
//	go run ./bench/slackload -rate 1000 -duration 20s -text "第五十七条" -command /rules
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/clock"
	"officebot/handlers/handlerstest"
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
	rate := flag.Int("rate", 200, "requests per second")
	duration := flag.Duration("duration", 20*time.Second, "how long to send")
	maxN := flag.Int("max", 100000, "at most this many requests")
	command := flag.String("command", "/help", "slash command")
	text := flag.String("text", "", "command text")
	user := flag.String("user", "U0MAYOR", "Slack user ID sending the command")
	flag.Parse()
	if *rate <= 0 || *duration <= 0 || *maxN <= 0 {
		return errors.New("rate, duration and max must be positive")
	}

	sink := slacktest.New() // response_url posts land here
	defer sink.Close()
	sink.Record.Store(false)
	base := *target
	if base == "" {
		b, stop, err := startBot(*secret, sink)
		if err != nil {
			return err
		}
		defer stop()
		base = b
	}

	n := min(*maxN, int(float64(*rate)*duration.Seconds()))
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1024, MaxIdleConns: 1024}}
	latencies := make([]time.Duration, 0, n)
	var (
		mu     sync.Mutex
		failed int
		wg     sync.WaitGroup
	)
	interval := time.Second / time.Duration(*rate)
	start := time.Now()
	deadline := start.Add(*duration + 30*time.Second)
	for i := 0; i < n; i++ {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		if time.Now().After(deadline) {
			break
		}
		wg.Go(func() {
			body := url.Values{"command": {*command}, "text": {*text}, "user_id": {*user}, "channel_id": {"C0OFFICE"},
				"team_id": {"T1"}, "response_url": {sink.ResponseURL(strconv.Itoa(i))}, "trigger_id": {"t" + strconv.Itoa(i)}}.Encode()
			ts := strconv.FormatInt(time.Now().Unix(), 10)
			req, _ := http.NewRequest(http.MethodPost, base+"/slack/commands", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Slack-Request-Timestamp", ts)
			req.Header.Set("X-Slack-Signature", bot.Sign(*secret, ts, []byte(body)))
			sent := time.Now()
			res, err := client.Do(req)
			lat := time.Since(sent)
			ok := err == nil && res.StatusCode == http.StatusOK
			if err == nil {
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
			mu.Lock()
			defer mu.Unlock()
			if !ok {
				failed++
				return
			}
			latencies = append(latencies, lat)
		})
	}
	wg.Wait()
	return report(os.Stdout, *rate, *duration, latencies, failed, time.Since(start))
}

// report prints throughput and ack latency percentiles. When no request
// was acknowledged it says so and returns an error (there is no latency to
// report, and a run where everything failed is not a measurement).
func report(w io.Writer, rate int, duration time.Duration, latencies []time.Duration, failed int, elapsed time.Duration) error {
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
	fmt.Fprintf(w, "target %d req/s for %s: sent %d, ok %d, failed %d in %.2fs = %.0f req/s acknowledged\n",
		rate, duration, len(latencies)+failed, len(latencies), failed, elapsed.Seconds(), float64(len(latencies))/max(elapsed.Seconds(), 1e-9))
	if len(latencies) == 0 {
		return fmt.Errorf("all %d requests failed: is the bot at -url running, and is -secret its signing secret?", failed)
	}
	fmt.Fprintf(w, "ack latency: p50 %s  p90 %s  p99 %s  max %s\n", pct(0.50), pct(0.90), pct(0.99), latencies[len(latencies)-1])
	return nil
}

// startBot serves the bot on a loopback port and returns its base URL.
func startBot(secret string, slack *slacktest.Server) (string, func(), error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "slackload")
	if err != nil {
		return "", nil, err
	}
	store, err := storage.Open(ctx, "sqlite:"+filepath.Join(dir, "officebot.db"), nil)
	if err != nil {
		return "", nil, err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	tb, err := handlerstest.Open(ctx, store, handlerstest.Options{Start: time.Now(), Clock: clock.System{}, Log: log})
	if err != nil {
		return "", nil, err
	}
	b := bot.New(bot.Config{BotToken: "xoxb-bench", SigningSecret: secret, APIURL: slack.APIURL()}, tb.Service, log, clock.System{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: b.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	stop := func() {
		srv.Close()
		b.Wait()
		store.Close()
		os.RemoveAll(dir)
	}
	return "http://" + ln.Addr().String(), stop, nil
}
