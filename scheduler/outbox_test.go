package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"officebot/chat"
	"officebot/clock"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func enqueue(t testing.TB, s *storage.Store, now time.Time, msgs ...chat.Message) {
	t.Helper()
	if err := s.Tx(context.Background(), func(tx *storage.Tx) error { return tx.Enqueue(now, msgs...) }); err != nil {
		t.Fatal(err)
	}
}

func TestAMessageWhoseWorkerDiedIsSentOnceAfterTheLeaseExpires(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		clk := clock.NewFake(at(t, "2026-11-23 10:00"))
		enqueue(t, s, clk.Now(), chat.Message{Channel: "U0MAYOR", Text: "一"})
		// Worker A claims the message and dies before reporting back.
		rows, err := s.ClaimOutbox(ctx, "dead-worker", clk.Now(), 2*time.Minute, 0, 10)
		if err != nil || len(rows) != 1 {
			t.Fatalf("claim: %v, %d rows", err, len(rows))
		}
		slack := &fakeSlack{}
		b := &scheduler.Outbox{Store: s, Sender: slack, Clock: clk}
		if n, err := b.DrainOnce(ctx); n != 0 || err != nil {
			t.Fatalf("while the lease holds: sent %d, %v", n, err)
		}
		clk.Advance(2*time.Minute + time.Second)
		if n, err := b.DrainOnce(ctx); n != 1 || err != nil {
			t.Fatalf("after the lease: sent %d, %v", n, err)
		}
		c := &scheduler.Outbox{Store: s, Sender: slack, Clock: clk} // and yet another restart
		clk.Advance(time.Hour)
		if n, _ := c.DrainOnce(ctx); n != 0 {
			t.Fatalf("sent again after restart: %d", n)
		}
		if got := slack.messages(); len(got) != 1 {
			t.Fatalf("received %d messages, want 1", len(got))
		}
	})
}

func TestAMessageQueuedBeforeARestartIsSentOnce(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		clk := clock.NewFake(at(t, "2026-11-23 10:00"))
		enqueue(t, s, clk.Now(), chat.Message{Channel: "C0LEAVE", Text: "请假申请", ItemKey: "L1", Root: true},
			chat.Message{Channel: "C0LEAVE", Text: "已批准", ItemKey: "L1", InThread: true})
		slack := &fakeSlack{}
		for range 3 { // three process lifetimes
			o := &scheduler.Outbox{Store: s, Sender: slack, Clock: clk}
			if _, err := o.DrainOnce(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		got := slack.messages()
		if len(got) != 2 || got[0].Text != "请假申请" || got[1].ThreadTS == "" {
			t.Fatalf("got %+v: want the root, then the reply in its thread", got)
		}
	})
}

// slackRateLimited looks like slack-go's *slack.RateLimitedError as it would
// arrive unwrapped: a Retryable() method, the delay only in a field and the
// text. The outbox does not read the text; it retries with backoff (bot
// hands Slack's delay over as RateLimited).
type slackRateLimited struct{ RetryAfter time.Duration }

func (e *slackRateLimited) Error() string {
	return fmt.Sprintf("slack rate limit exceeded, retry after %s", e.RetryAfter)
}
func (e *slackRateLimited) Retryable() bool { return true }

// slackStatus looks like slack-go's StatusCodeError.
type slackStatus struct{ Code int }

func (e slackStatus) Error() string   { return fmt.Sprintf("slack server error: %d", e.Code) }
func (e slackStatus) Retryable() bool { return e.Code >= 500 || e.Code == 429 }

func TestRateLimitsAndServerErrorsAreRetriedAndEveryMessageArrivesOnceInOrder(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		clk := clock.System{}
		const channels, per = 4, 6
		var msgs []chat.Message
		for i := range per {
			for c := range channels {
				msgs = append(msgs, chat.Message{Channel: fmt.Sprintf("C%d", c), Text: fmt.Sprint(i)})
			}
		}
		enqueue(t, s, clk.Now(), msgs...)
		slack := &fakeSlack{fail: func(call int, channel string, m chat.Message) error {
			switch {
			case call == 2:
				return scheduler.RateLimited(2*time.Second, errors.New("HTTP 429"))
			case call == 5:
				return &slackRateLimited{RetryAfter: time.Second}
			case call%7 == 0:
				return slackStatus{Code: 503}
			case call == 9:
				return &net500{}
			}
			return nil
		}}
		o := &scheduler.Outbox{Store: s, Sender: slack, Clock: clk, BackoffBase: 20 * time.Millisecond,
			PollInterval: 50 * time.Millisecond, Limits: scheduler.Limits{PerConversation: 10 * time.Millisecond}}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- o.Run(ctx) }()
		waitFor(t, func() bool { return len(slack.messages()) >= channels*per }, 60*time.Second)
		cancel()
		<-done
		for c := range channels {
			got := slack.to(fmt.Sprintf("C%d", c))
			want := []string{"0", "1", "2", "3", "4", "5"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("C%d received %v, want %v (once each, in order)", c, got, want)
			}
		}
		st, _ := s.OutboxStats(context.Background())
		if st.Pending != 0 || st.Failed != 0 {
			t.Errorf("left: %+v", st)
		}
	})
}

type net500 struct{}

func (*net500) Error() string   { return "connection reset by peer" }
func (*net500) Timeout() bool   { return false }
func (*net500) Temporary() bool { return true }

func waitFor(t *testing.T, cond func() bool, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %s", limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestAPermanentErrorMovesTheMessageToFailedWithoutBlockingTheConversation(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		clk := clock.NewFake(at(t, "2026-11-23 10:00"))
		enqueue(t, s, clk.Now(), chat.Message{Channel: "C0GONE", Text: "一"}, chat.Message{Channel: "C0GONE", Text: "二"})
		slack := &fakeSlack{fail: func(call int, _ string, _ chat.Message) error {
			if call == 1 {
				return &scheduler.PermanentError{Err: errors.New("channel_not_found")}
			}
			return nil
		}}
		o := &scheduler.Outbox{Store: s, Sender: slack, Clock: clk}
		if n, err := o.DrainOnce(ctx); n != 1 || err == nil {
			t.Fatalf("sent %d, err %v: want 1 and the failure reported", n, err)
		}
		failed, err := s.ListOutbox(ctx, storage.OutboxFailed, 0)
		if err != nil || len(failed) != 1 || failed[0].LastError != "channel_not_found" {
			t.Fatalf("failed rows %+v, %v", failed, err)
		}
		if err := s.RetryOutbox(ctx, failed[0].ID, "admin", clk.Now()); err != nil {
			t.Fatal(err)
		}
		if n, err := o.DrainOnce(ctx); n != 1 || err != nil {
			t.Fatalf("after retry: sent %d, %v", n, err)
		}
		if err := s.RetryOutbox(ctx, failed[0].ID, "admin", clk.Now()); !errors.Is(err, storage.ErrOutboxSent) {
			t.Fatalf("retrying a sent message: %v", err)
		}
	})
}

func TestAWaitingRetryHoldsUpItsConversationOnly(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		clk := clock.NewFake(at(t, "2026-11-23 10:00"))
		enqueue(t, s, clk.Now(), chat.Message{Channel: "C1", Text: "a1"}, chat.Message{Channel: "C2", Text: "b1"},
			chat.Message{Channel: "C1", Text: "a2"}, chat.Message{Channel: "C2", Text: "b2"})
		slack := &fakeSlack{fail: func(call int, ch string, m chat.Message) error {
			if m.Text == "a1" && call == 1 {
				return slackStatus{Code: 500}
			}
			return nil
		}}
		o := &scheduler.Outbox{Store: s, Sender: slack, Clock: clk}
		o.DrainOnce(ctx)
		if got := fmt.Sprint(slack.to("C1"), slack.to("C2")); got != "[] [b1 b2]" {
			t.Fatalf("while a1 waits: %s", got)
		}
		clk.Advance(10 * time.Minute)
		o.DrainOnce(ctx)
		if got := fmt.Sprint(slack.to("C1")); got != "[a1 a2]" {
			t.Fatalf("after the retry: %s", got)
		}
	})
}

// TestTwoWorkersOnOnePostgresDatabaseDeliverEveryMessageOnce runs two
// replicas (two Stores, two Schedulers, two Outboxes) on one database with
// 200 due reminders.
func TestTwoWorkersOnOnePostgresDatabaseDeliverEveryMessageOnce(t *testing.T) {
	dsn := storagetest.PostgresDSN(t)
	ctx := context.Background()
	var stores []*storage.Store
	for range 2 {
		s, err := storage.Open(ctx, dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores = append(stores, s)
	}
	importDemo(t, stores[0])
	people := []string{"U0MAYOR", "U0EXEC", "U0VMLI", "U0VMWANG", "U0VMZHANG", "U0FGWHEAD", "U0CZJHEAD", "U0ZJJHEAD", "U0JYJHEAD", "U0WJWHEAD"}
	activated := at(t, "2026-11-20 10:00")
	for i := range 200 {
		startApproval(t, stores[0], fmt.Sprintf("L%d", i+1), people[i%len(people)], activated)
	}
	now := at(t, "2026-11-24 09:30") // Tuesday: 2 working days, reminders only
	slack := &fakeSlack{}
	var wg sync.WaitGroup
	for _, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sch := scheduler.New(scheduler.Deps{Store: s, Clock: clock.NewFake(now), Location: shanghai, Calendar: newCalendar()},
				approvalsJob(s))
			if err := sch.RunPass(ctx, now); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	runCtx, cancel := context.WithCancel(ctx)
	var runs sync.WaitGroup
	for i, s := range stores {
		o := &scheduler.Outbox{Store: s, Sender: slack, Clock: clock.NewFake(now.Add(time.Minute)), Worker: fmt.Sprint("replica-", i),
			Concurrency: 4, PollInterval: 20 * time.Millisecond}
		runs.Add(1)
		go func() { defer runs.Done(); o.Run(runCtx) }()
	}
	waitFor(t, func() bool {
		st, err := stores[0].OutboxStats(ctx)
		return err == nil && st.Pending == 0
	}, 60*time.Second)
	cancel()
	runs.Wait()
	got := slack.messages()
	seen := map[string]int{}
	for _, m := range got {
		seen[m.ItemKey]++
	}
	if len(got) != 200 || len(seen) != 200 {
		t.Fatalf("received %d messages about %d items, want 200 about 200", len(got), len(seen))
	}
	// In order per person: items were enqueued in ID order.
	last := map[string]int{}
	for _, m := range got {
		var n int
		fmt.Sscanf(m.ItemKey, "L%d", &n)
		if n < last[m.Channel] {
			t.Fatalf("%s received L%d after L%d", m.Channel, n, last[m.Channel])
		}
		last[m.Channel] = n
	}
}

// checkingSlack is a fakeSlack that is also a DeliveryChecker answering
// found, and records the windows it was asked about.
type checkingSlack struct {
	fakeSlack
	found   bool
	windows []scheduler.DeliveryWindow
}

func (c *checkingSlack) Delivered(ctx context.Context, channel string, id uint64) (string, string, bool, error) {
	w, _ := scheduler.CheckWindow(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.windows = append(c.windows, w)
	return channel, "1700000999.000001", c.found, nil
}

func TestAnInDoubtMessageIsCheckedInItsThreadSinceItsFirstClaimAndAnUpdateIsNot(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		clk := clock.NewFake(at(t, "2026-11-23 10:00"))
		slack := &checkingSlack{found: true}
		o := &scheduler.Outbox{Store: s, Sender: slack, Clock: clk}
		dieAndRecover := func(m chat.Message) {
			t.Helper()
			enqueue(t, s, clk.Now(), m)
			if rows, err := s.ClaimOutbox(ctx, "dead-worker", clk.Now(), 2*time.Minute, 0, 10); err != nil || len(rows) != 1 {
				t.Fatalf("claim: %v, %d rows", err, len(rows))
			}
			clk.Advance(2*time.Minute + time.Second)
			if n, err := o.DrainOnce(ctx); n != 1 || err != nil {
				t.Fatalf("after the lease: sent %d, %v", n, err)
			}
		}
		enqueue(t, s, clk.Now(), chat.Message{Channel: "C0LEAVE", ItemKey: "L1", Root: true, Text: "请假申请"})
		if n, err := o.DrainOnce(ctx); n != 1 || err != nil {
			t.Fatalf("root: sent %d, %v", n, err)
		}
		root, _, _ := s.Thread(ctx, "L1")
		before := clock.System{}.Now().Add(-time.Second) // the database stamps the first claim in real time

		dieAndRecover(chat.Message{Channel: "C0LEAVE", ItemKey: "L1", InThread: true, Text: "已批准"})
		if len(slack.windows) != 1 {
			t.Fatalf("checked %d times, want 1", len(slack.windows))
		}
		w := slack.windows[0]
		if w.ThreadTS != root.TS || w.Since.Before(before) || w.Since.After(clock.System{}.Now().Add(time.Second)) {
			t.Fatalf("window %+v, want thread %s since about %s", w, root.TS, before)
		}
		if got := slack.messages(); len(got) != 1 {
			t.Fatalf("found delivered, yet posted: %v", got)
		}

		dieAndRecover(chat.Message{Channel: "C0LEAVE", ItemKey: "L1", Update: true, Text: "请假申请（已批准）"})
		if len(slack.windows) != 1 {
			t.Fatalf("an update was checked: %d checks", len(slack.windows))
		}
		if got := slack.messages(); len(got) != 2 || got[1].ThreadTS != root.TS {
			t.Fatalf("the update was not applied to the root: %v", got)
		}
	})
}

// timeoutErr is a network timeout: the request may or may not have reached Slack.
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "read tcp: i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// A send that times out after Slack took the message is checked before the
// retry, so it is not posted twice; a 429 (Slack refused it) is not checked.
func TestARetryAfterAnAmbiguousErrorChecksFirst(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		clk := clock.NewFake(at(t, "2026-11-23 10:00"))
		slack := &checkingSlack{}
		accepted := 0
		slack.fail = func(call int, channel string, m chat.Message) error {
			if call == 1 {
				accepted++ // Slack took it, but the answer never came back
				slack.found = true
				return timeoutErr{}
			}
			return nil
		}
		o := &scheduler.Outbox{Store: s, Sender: slack, Clock: clk, BackoffBase: time.Second, BackoffMax: time.Second}
		enqueue(t, s, clk.Now(), chat.Message{Channel: "C0LEAVE", Text: "会议通知"})
		if n, _ := o.DrainOnce(ctx); n != 0 {
			t.Fatalf("the timed-out send counted as sent")
		}
		clk.Advance(2 * time.Second)
		if n, err := o.DrainOnce(ctx); n != 1 || err != nil {
			t.Fatalf("retry: sent %d, %v", n, err)
		}
		if len(slack.windows) != 1 || len(slack.messages()) != 0 || accepted != 1 {
			t.Fatalf("checks %d, posts after the timeout %d: want the check to find it and no second post",
				len(slack.windows), len(slack.messages()))
		}

		// A 429 is Slack saying no: the retry posts without asking.
		slack2 := &checkingSlack{}
		slack2.fail = func(call int, channel string, m chat.Message) error {
			if call == 1 {
				return scheduler.RateLimited(time.Second, errors.New("ratelimited"))
			}
			return nil
		}
		o2 := &scheduler.Outbox{Store: s, Sender: slack2, Clock: clk}
		enqueue(t, s, clk.Now(), chat.Message{Channel: "C0MEET", Text: "纪要待审核"})
		o2.DrainOnce(ctx)
		clk.Advance(2 * time.Second)
		if n, err := o2.DrainOnce(ctx); n != 1 || err != nil {
			t.Fatalf("after the 429: sent %d, %v", n, err)
		}
		if len(slack2.windows) != 0 || len(slack2.messages()) != 1 {
			t.Fatalf("a refused send was checked (%d) or not posted once (%d)", len(slack2.windows), len(slack2.messages()))
		}
	})
}

// A worker whose "sent" update fails (the database restarting) retries it
// with backoff: the message is marked sent once the database answers, and
// the conversation's next message follows within a second or two instead of
// waiting for the lease (issue 11 item 22).
func TestAWorkerRetriesMarkingWhatItSentInsteadOfWaitingForTheLease(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		clk := clock.System{}
		enqueue(t, s, clk.Now(), chat.Message{Channel: "C0LEAVE", Text: "一", ItemKey: "L1", Root: true},
			chat.Message{Channel: "C0LEAVE", Text: "二"})
		slack := &fakeSlack{}
		o := &scheduler.Outbox{Store: s, Sender: slack, Clock: clk, Lease: 2 * time.Minute, PollInterval: 20 * time.Millisecond}
		var mu sync.Mutex
		refused := 0
		scheduler.SetMarkSent(o, func(ctx context.Context, id uint64, worker string, at time.Time, thread *storage.SlackThread) (bool, error) {
			mu.Lock()
			defer mu.Unlock()
			if refused < 4 {
				refused++
				return false, errors.New("FATAL: terminating connection due to administrator command (SQLSTATE 57P01)")
			}
			return s.MarkOutboxSent(ctx, id, worker, at, thread)
		})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- o.Run(ctx) }()
		start := time.Now()
		waitFor(t, func() bool { return len(slack.messages()) == 2 }, 10*time.Second)
		took := time.Since(start)
		cancel()
		<-done
		got := slack.messages()
		if got[0].Text != "一" || got[1].Text != "二" {
			t.Fatalf("received %+v", got)
		}
		if st, _ := s.OutboxStats(context.Background()); st.Pending != 0 {
			t.Fatalf("left pending: %+v", st)
		}
		if _, ok, _ := s.Thread(context.Background(), "L1"); !ok {
			t.Fatal("the root's thread was not recorded with the retried mark")
		}
		t.Logf("both messages delivered %s after the start, 4 refused marks", took)
	})
}

// A claim whose COMMIT went through although the connection was lost before
// its answer (the worker sees an error) leaves rows claimed by a worker that
// does not know it holds them: it gives them back once the database answers
// instead of holding their conversation for the 2-minute lease (issue 11
// item 23, found by the drill in bot/).
func TestAClaimCommittedUnseenDoesNotHoldItsConversationForTheLease(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		clk := clock.System{}
		enqueue(t, s, clk.Now(), chat.Message{Channel: "C0LEAVE", Text: "一"}, chat.Message{Channel: "C0LEAVE", Text: "二"})
		slack := &fakeSlack{}
		o := &scheduler.Outbox{Store: s, Sender: slack, Clock: clk, Lease: 2 * time.Minute, PollInterval: 20 * time.Millisecond}
		var mu sync.Mutex
		lost := false
		scheduler.SetClaim(o, func(ctx context.Context, worker string, now time.Time, lease, pace time.Duration, limit int) ([]storage.OutboxMessage, error) {
			rows, err := s.ClaimOutbox(ctx, worker, now, lease, pace, limit)
			mu.Lock()
			defer mu.Unlock()
			if err == nil && len(rows) > 0 && !lost {
				lost = true
				return nil, fmt.Errorf("claim outbox: %w", io.ErrUnexpectedEOF) // committed, answer lost
			}
			return rows, err
		})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- o.Run(ctx) }()
		waitFor(t, func() bool { return len(slack.messages()) == 2 }, 30*time.Second) // a bound, well below the lease
		cancel()
		<-done
		if got := slack.messages(); got[0].Text != "一" || got[1].Text != "二" {
			t.Fatalf("received %+v", got)
		}
		if st, _ := s.OutboxStats(context.Background()); st.Pending != 0 {
			t.Fatalf("left pending: %+v", st)
		}
	})
}
