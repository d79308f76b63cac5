package bot_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/bot"
	"officebot/chat"
	"officebot/clock"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// flakySlack is a Slack Web API over real HTTP that answers the second post
// to each channel with 429 Retry-After: 2 and every fifth request with a
// 500, and records the messages it accepted.
type flakySlack struct {
	mu       sync.Mutex
	requests int
	limited  map[string]bool
	perChan  map[string]int
	accepted map[string][]string // channel → texts, in arrival order
	status   map[int]int         // HTTP status → count
}

func (f *flakySlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || !strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
		http.Error(w, "unexpected", http.StatusBadRequest)
		return
	}
	ch, text := r.Form.Get("channel"), r.Form.Get("text")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	f.perChan[ch]++
	switch {
	case f.perChan[ch] == 2 && !f.limited[ch]:
		f.limited[ch] = true
		f.status[429]++
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(http.StatusTooManyRequests)
		return
	case f.requests%5 == 0:
		f.status[500]++
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	f.status[200]++
	f.accepted[ch] = append(f.accepted[ch], text)
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"%d.000100"}`, ch, 1700000000+f.requests)
}

func (f *flakySlack) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, ts := range f.accepted {
		n += len(ts)
	}
	return n
}

func TestOutboxOverHTTPSurvives429And500AndLosesNothing(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		fake := &flakySlack{limited: map[string]bool{}, perChan: map[string]int{}, accepted: map[string][]string{}, status: map[int]int{}}
		srv := httptest.NewServer(fake)
		defer srv.Close()

		channels := []string{"C0LEAVE", "C0MEET", "C0OFFICE"}
		const perChannel = 8
		now := clock.System{}.Now()
		err := s.Tx(context.Background(), func(tx *storage.Tx) error {
			for i := 0; i < perChannel; i++ {
				for _, ch := range channels {
					if err := tx.Enqueue(now, chat.Message{Channel: ch, Text: fmt.Sprintf("%s #%d", ch, i)}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		o := &scheduler.Outbox{Store: s, Sender: bot.NewWebSender("xoxb-test", srv.URL+"/api/"), Clock: clock.System{},
			Limits: scheduler.Limits{PerConversation: 50 * time.Millisecond}, BackoffBase: 100 * time.Millisecond,
			BackoffMax: time.Second, PollInterval: 50 * time.Millisecond}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); o.Run(ctx) }()
		deadline := time.Now().Add(60 * time.Second) // a bound on waiting, not a timing assertion
		for fake.total() < perChannel*len(channels) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		<-done

		fake.mu.Lock()
		defer fake.mu.Unlock()
		if fake.status[429] != len(channels) || fake.status[500] == 0 {
			t.Fatalf("the fake did not push back as planned: %v", fake.status)
		}
		for _, ch := range channels {
			got := fake.accepted[ch]
			if len(got) != perChannel {
				t.Fatalf("%s received %d messages, want %d: %v", ch, len(got), perChannel, got)
			}
			for i, text := range got {
				if want := fmt.Sprintf("%s #%d", ch, i); text != want {
					t.Fatalf("%s message %d is %q, want %q (order or duplicates broken): %v", ch, i, text, want, got)
				}
			}
		}
		var pending int64
		s.DB.Model(&storage.OutboxMessage{}).Where("state <> ?", storage.OutboxSent).Count(&pending)
		if pending != 0 {
			t.Fatalf("%d rows not marked sent", pending)
		}
	})
}
