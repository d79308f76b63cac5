package scheduler_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"officebot/chat"
	"officebot/clock"
	"officebot/handlers/handlerstest"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// seedSteps stores n pending approval steps, due of them waiting since
// Friday (reminded on Tuesday), the rest activated on Tuesday morning.
func seedSteps(b *testing.B, s *storage.Store, n, due int) {
	b.Helper()
	people := []string{"U0MAYOR", "U0EXEC", "U0VMLI", "U0VMWANG", "U0VMZHANG", "U0FGWHEAD", "U0CZJHEAD", "U0ZJJHEAD"}
	old, fresh := at(b, "2026-11-20 10:00").UTC(), at(b, "2026-11-24 08:00").UTC()
	rows := make([]storage.ApprovalStep, 0, 1000)
	flush := func() {
		if err := s.DB.CreateInBatches(rows, 500).Error; err != nil {
			b.Fatal(err)
		}
		rows = rows[:0]
	}
	stride := n / due
	for i := range n {
		act := fresh
		if i%stride == 0 {
			act = old
		}
		rows = append(rows, storage.ApprovalStep{Subject: fmt.Sprintf("L%d", i+1), Seq: 1, Kind: "approve",
			Assignee: people[i%len(people)], Actions: "approve,reject", State: "pending", CreatedAt: act, ActivatedAt: &act})
		if len(rows) == cap(rows) {
			flush()
		}
	}
	if len(rows) > 0 {
		flush()
	}
}

// BenchmarkReminderPass is one approvals reminder pass over 100,000 open
// approval steps with 1 % or 10 % due, and over 10,000 with the same 1,000
// due as the 1 % case: its cost follows the items due, not those stored.
func BenchmarkReminderPass(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		for _, c := range []struct{ open, due int }{{100000, 1000}, {100000, 10000}, {10000, 1000}} {
			b.Run(fmt.Sprintf("%s/open=%d/due=%d", db, c.open, c.due), func(b *testing.B) {
				var s *storage.Store
				if db == "sqlite" {
					s = storagetest.SQLite(b)
				} else {
					s = storagetest.Postgres(b)
				}
				importDemo(b, s)
				due := c.due
				seedSteps(b, s, c.open, due)
				now := at(b, "2026-11-24 09:30")
				sch := scheduler.New(scheduler.Deps{Store: s, Clock: clock.NewFake(now), Location: shanghai, Calendar: newCalendar()},
					handlerstest.Job(s, "approvals"))
				ctx := context.Background()
				b.ResetTimer()
				for b.Loop() {
					b.StopTimer()
					s.DB.Exec("DELETE FROM reminders")
					s.DB.Exec("DELETE FROM outbox_messages")
					b.StartTimer()
					if err := sch.RunPass(ctx, now); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				var n int64
				s.DB.Model(&storage.OutboxMessage{}).Count(&n)
				if n != int64(due) {
					b.Fatalf("queued %d reminders, want %d", n, due)
				}
				b.ReportMetric(float64(due), "due")
			})
		}
	}
}

// rateEnforcingSlack answers like Slack when a channel gets more than one
// message per second: a rate-limit error with retry-after.
type rateEnforcingSlack struct {
	mu       sync.Mutex
	last     map[string]time.Time
	got      map[string][]string
	limited  int
	received int
}

func (f *rateEnforcingSlack) Post(_ context.Context, channel, _ string, m chat.Message) (string, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	if l, ok := f.last[channel]; ok && now.Sub(l) < time.Second {
		f.limited++
		return "", "", scheduler.RateLimited(time.Second-now.Sub(l), fmt.Errorf("ratelimited"))
	}
	f.last[channel] = now
	f.got[channel] = append(f.got[channel], m.Text)
	f.received++
	return channel, fmt.Sprint(f.received), nil
}

func (f *rateEnforcingSlack) Update(context.Context, string, string, chat.Message) error { return nil }

// TestOutboxDrainRateAgainstSlackLimits drains 1,000 messages over 10
// channels against a fake that allows 1 message/s/channel. It takes about
// 100 s, so it runs only with OFFICEBOT_LONG_BENCH=1; it logs the rate as a
// fraction of the allowed rate.
func TestOutboxDrainRateAgainstSlackLimits(t *testing.T) {
	if os.Getenv("OFFICEBOT_LONG_BENCH") == "" {
		t.Skip("set OFFICEBOT_LONG_BENCH=1 to run the 100 s outbox drain benchmark")
	}
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			var s *storage.Store
			if db == "sqlite" {
				s = storagetest.SQLite(t)
			} else {
				s = storagetest.Postgres(t)
			}
			const channels, per = 10, 100
			var msgs []chat.Message
			for i := range per {
				for c := range channels {
					msgs = append(msgs, chat.Message{Channel: fmt.Sprintf("C%02d", c), Text: fmt.Sprint(i)})
				}
			}
			enqueue(t, s, time.Now(), msgs...)
			slack := &rateEnforcingSlack{last: map[string]time.Time{}, got: map[string][]string{}}
			o := &scheduler.Outbox{Store: s, Sender: slack, Clock: clock.System{}, Limits: scheduler.SlackLimits}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error)
			start := time.Now()
			go func() { done <- o.Run(ctx) }()
			waitFor(t, func() bool {
				slack.mu.Lock()
				defer slack.mu.Unlock()
				return slack.received >= channels*per
			}, 10*time.Minute)
			elapsed := time.Since(start)
			cancel()
			<-done
			// The allowed rate is 1/s per channel; a channel's 100 messages need at least 99 s.
			ideal := time.Duration(per-1) * time.Second
			t.Logf("%s: %d messages over %d channels in %s: %.2f msg/s, %.3f of the allowed rate; %d rate-limit answers",
				db, channels*per, channels, elapsed.Round(time.Millisecond), float64(channels*per)/elapsed.Seconds(),
				ideal.Seconds()/elapsed.Seconds(), slack.limited)
			for c := range channels {
				got := slack.got[fmt.Sprintf("C%02d", c)]
				if len(got) != per {
					t.Fatalf("C%02d received %d messages", c, len(got))
				}
				for i, txt := range got {
					if txt != fmt.Sprint(i) {
						t.Fatalf("C%02d out of order at %d: %s", c, i, txt)
					}
				}
			}
			st, _ := s.OutboxStats(context.Background())
			if st.Pending != 0 || st.Failed != 0 {
				t.Fatalf("left in the outbox: %+v", st)
			}
		})
	}
}

// seedOpen stores n open items, half pending approval steps and half
// incoming documents in handling, of which due (spread evenly) are due
// for a reminder on Tuesday 2026-11-24: steps waiting since Friday, and
// documents due on Wednesday; the rest were activated on Tuesday morning
// or are due in June 2027.
func seedOpen(b *testing.B, s *storage.Store, n, due int) {
	b.Helper()
	people := []string{"U0MAYOR", "U0EXEC", "U0VMLI", "U0VMWANG", "U0VMZHANG", "U0FGWHEAD", "U0CZJHEAD", "U0ZJJHEAD"}
	depts := []string{"fgw", "czj", "zjj", "jyj", "wjw", "swj", "zrzy", "rsj", "zhoushi", "zhangpu", "kfq"}
	old, fresh := at(b, "2026-11-20 10:00").UTC(), at(b, "2026-11-24 08:00").UTC()
	steps := make([]storage.ApprovalStep, 0, 1000)
	docs := make([]storage.Document, 0, 1000)
	flush := func() {
		if len(steps) > 0 {
			if err := s.DB.CreateInBatches(steps, 500).Error; err != nil {
				b.Fatal(err)
			}
		}
		if len(docs) > 0 {
			if err := s.DB.CreateInBatches(docs, 200).Error; err != nil {
				b.Fatal(err)
			}
		}
		steps, docs = steps[:0], docs[:0]
	}
	// Half of the due items of each kind: every (n/due)-th of its kind.
	stride := n / due
	for i := range n {
		isDue := (i/2)%stride == 0 && i/2/stride < due/2
		if i%2 == 0 {
			act := fresh
			if isDue {
				act = old
			}
			steps = append(steps, storage.ApprovalStep{Subject: fmt.Sprintf("X%d", i+1), Seq: 1, Kind: "approve",
				Assignee: people[i%len(people)], Actions: "approve,reject", State: "pending", CreatedAt: act, ActivatedAt: &act})
		} else {
			dueDate := "2027-06-01"
			if isDue {
				dueDate = "2026-11-25"
			}
			docs = append(docs, storage.Document{Direction: "in", Title: fmt.Sprintf("关于第%d项工作的请示", i), Department: "fgw",
				Submitter: "U0FGWHEAD", State: "handling", HandlingDept: depts[i%len(depts)], Due: dueDate, CreatedAt: old})
		}
		if len(steps)+len(docs) >= 1000 {
			flush()
		}
	}
	flush()
}

// BenchmarkWholeReminderPass is a whole scheduler pass, every job of the
// program (wire.Program: approval reminders, the 09:00 digest with all its
// sources, document and meeting deadlines, outgoing steps, leave expiry,
// the office's overdue list, housekeeping), at 10:00 on a working day,
// over 100,000 open items (half approval steps, half documents in
// handling) with 0.1 %, 1 % and 10 % of them due: its cost should follow
// the items due, not those open.
func BenchmarkWholeReminderPass(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		for _, c := range []struct{ open, due int }{{100000, 100}, {100000, 1000}, {100000, 10000}} {
			b.Run(fmt.Sprintf("%s/open=%d/due=%d", db, c.open, c.due), func(b *testing.B) {
				var s *storage.Store
				if db == "sqlite" {
					s = storagetest.SQLite(b)
				} else {
					s = storagetest.Postgres(b)
				}
				importDemo(b, s)
				seedOpen(b, s, c.open, c.due)
				if db == "postgres" {
					s.DB.Exec("VACUUM ANALYZE") // as autovacuum does after a bulk load
				}
				now := at(b, "2026-11-24 10:00")
				sch := scheduler.New(scheduler.Deps{Store: s, Clock: clock.NewFake(now), Location: shanghai, Calendar: newCalendar()},
					handlerstest.Jobs(s)...)
				ctx := context.Background()
				var (
					queued int64
					cpu    time.Duration
				)
				b.ResetTimer()
				for b.Loop() {
					b.StopTimer()
					s.DB.Exec("DELETE FROM reminders")
					s.DB.Exec("DELETE FROM outbox_messages")
					cpu0 := cpuTime()
					b.StartTimer()
					if err := sch.RunPass(ctx, now); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					cpu += cpuTime() - cpu0
					s.DB.Model(&storage.OutboxMessage{}).Count(&queued)
					b.StartTimer()
				}
				b.ReportMetric(float64(c.due), "due")
				b.ReportMetric(float64(queued), "messages")
				// This process's CPU per pass (the PostgreSQL server's is not
				// in it): steadier than the wall clock on a shared machine.
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/pass")
			})
		}
	}
}

// cpuTime is the CPU time (user and system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
