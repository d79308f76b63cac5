package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"officebot/calendar"
	"officebot/chat"
	"officebot/clock"
	"officebot/directory"
	"officebot/storage"
)

// Job is a timed task. A capability that needs one returns it from a maker
// (ApprovalsJob, DigestJob, DeadlineJob, a capability's Jobs), and
// cmd/officebot passes them all to New.
//
// A job decides from jc.Now what is due and queues reminders with
// jc.Remind; it may run more than once a day (at start, on two replicas,
// from `officebot remind --once`): the reminder keys make that harmless.
type Job struct {
	Name string
	// Spec is a cron spec (minute hour dom month dow, or @every 5m) in the
	// office's zone.
	Spec string
	Run  func(ctx context.Context, jc *JobContext) error
	// Changes marks a job that changes state (expiring requests) rather
	// than reminding: in a pass of several jobs (at start, `remind --once`)
	// it runs first, so reminders and the digest see the outcome and do not
	// chase an item that has just expired.
	Changes bool
}

// ordered checks the jobs and returns them in the order a pass runs them:
// those that change state first, then by name. A duplicate name or a bad
// spec is a programming error found at start: it panics.
func ordered(jobs []Job) []Job {
	seen := map[string]bool{}
	for _, j := range jobs {
		if _, err := cron.ParseStandard(j.Spec); err != nil {
			panic(fmt.Sprintf("scheduler: job %s: bad spec %q: %v", j.Name, j.Spec, err))
		}
		if seen[j.Name] {
			panic("scheduler: duplicate job " + j.Name)
		}
		seen[j.Name] = true
	}
	out := slices.Clone(jobs)
	slices.SortStableFunc(out, func(a, b Job) int {
		if a.Changes != b.Changes {
			if a.Changes {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// JobContext is what a job runs with.
type JobContext struct {
	Store    *storage.Store
	Calendar *calendar.Calendar
	Org      *directory.Org
	Now      time.Time // the instant of this run, in the office's zone
	Today    time.Time // Now's date, midnight in the office's zone
	Log      *slog.Logger
}

// Workday reports whether today is a working day: reminders other than
// urgent ones are sent only then (SPEC §1.5).
func (jc *JobContext) Workday() bool { return jc.Calendar.IsWorkday(jc.Today) }

// Day is today as YYYY-MM-DD, the day part of reminder keys.
func (jc *JobContext) Day() string { return jc.Today.Format(time.DateOnly) }

// WorkdaysAgo returns the start of the n-th working day before today
// (n = 0: the first working day on or before today). An item activated
// before WorkdaysAgo(k-1) has waited at least k working days by today.
func (jc *JobContext) WorkdaysAgo(n int) time.Time {
	d := jc.Today
	for !jc.Calendar.IsWorkday(d) {
		d = d.AddDate(0, 0, -1)
	}
	for ; n > 0; n-- {
		d = d.AddDate(0, 0, -1)
		for !jc.Calendar.IsWorkday(d) {
			d = d.AddDate(0, 0, -1)
		}
	}
	return d
}

// Reminder is one reminder: sent once per Item, Kind and Day (default
// today), whatever the number of passes, restarts or replicas.
type Reminder struct {
	Item string // the item's key (L12, M3, ...), or a person's ID for a digest
	Kind string // e.g. "approval.remind"
	Day  string // YYYY-MM-DD; default today. A "3 days before due" reminder may use the due date, to send it once
	// At is the instant the reminder is about (a meeting's start), when it
	// has one: part of the key, so a meeting moved to another hour of the
	// same day is reminded of its new time.
	At       time.Time
	Messages []chat.Message
}

// remindTxSize is how many reminders Remind writes in one transaction: a
// pass's reminders of one job (500 at 1 % of 100,000 items due) commit
// once, rather than once per 200 (issue 15: a commit per batch was a
// round trip on PostgreSQL and an fsync and a write-lock turn on SQLite),
// while a very large pass (10 % due) still lets a /leave filing take the
// SQLite write lock between its transactions.
const remindTxSize = 1000

// Remind queues the reminders not sent before: for each, the reminder key
// and its messages are written in one transaction (up to remindTxSize
// reminders: their keys in multi-row INSERT … ON CONFLICT DO NOTHING, the
// messages of the new ones in multi-row INSERTs), so a crash in between
// leaves neither. It reports how many were new.
func (jc *JobContext) Remind(ctx context.Context, rs ...Reminder) (int, error) {
	queued := 0
	const batch = remindTxSize
	for start := 0; start < len(rs); start += batch {
		part := rs[start:min(start+batch, len(rs))]
		keys := make([]storage.Reminder, len(part))
		for i, r := range part {
			day := r.Day
			if day == "" {
				day = jc.Day()
			}
			key := storage.ReminderKey(r.Item, r.Kind, day)
			if !r.At.IsZero() {
				key += "|" + r.At.UTC().Format("20060102T150405Z")
			}
			keys[i] = storage.Reminder{ReminderKey: key,
				Item: r.Item, Kind: r.Kind, Day: day, QueuedAt: jc.Now}
		}
		n := 0
		err := jc.Store.Tx(ctx, func(stx *storage.Tx) error {
			fresh, err := stx.ClaimReminders(keys)
			if err != nil {
				return err
			}
			var msgs []chat.Message
			for i, r := range part {
				if fresh[keys[i].ReminderKey] {
					msgs = append(msgs, r.Messages...)
					n++
				}
			}
			return stx.Enqueue(jc.Now, msgs...)
		})
		if err != nil {
			return queued, fmt.Errorf("queue reminders: %w", err)
		}
		queued += n
	}
	return queued, nil
}

// Deps are what the scheduler runs with.
type Deps struct {
	Store    *storage.Store
	Clock    clock.Clock
	Location *time.Location     // the office's zone; default Asia/Shanghai
	Calendar *calendar.Calendar // default: built from the database's overrides at each run
	Log      *slog.Logger
	Outbox   *Outbox // told when a job queued something; optional
}

// Scheduler runs its jobs: on their cron schedule (Start), or once at a
// given instant (RunPass).
type Scheduler struct {
	Deps
	jobs []Job
}

// New returns the scheduler of the jobs. A duplicate name or a bad spec is
// a programming error: New panics.
func New(d Deps, jobs ...Job) *Scheduler {
	return &Scheduler{Deps: d, jobs: ordered(jobs)}
}

// Jobs returns the scheduler's jobs in the order a pass runs them.
func (s *Scheduler) Jobs() []Job { return slices.Clone(s.jobs) }

func (s *Scheduler) loc() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

func (s *Scheduler) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (s *Scheduler) jobContext(ctx context.Context, now time.Time) (*JobContext, error) {
	loc := s.loc()
	cal := s.Calendar
	if cal == nil {
		// Reloaded at each run: admins add days while the bot runs.
		c, err := s.Store.Calendar(ctx, loc)
		if err != nil {
			return nil, err
		}
		cal = c
	}
	org, err := s.Store.Org(ctx)
	if err != nil {
		return nil, err
	}
	now = now.In(loc)
	return &JobContext{Store: s.Store, Calendar: cal, Org: org, Now: now, Today: cal.Date(now), Log: s.log()}, nil
}

// RunJob runs one job at the instant now.
func (s *Scheduler) RunJob(ctx context.Context, j Job, now time.Time) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job %s panicked: %v", j.Name, r)
		}
		if err != nil {
			s.log().Error("scheduler job failed", "job", j.Name, "err", err)
		}
	}()
	jc, err := s.jobContext(ctx, now)
	if err != nil {
		return fmt.Errorf("job %s: %w", j.Name, err)
	}
	if err := j.Run(ctx, jc); err != nil {
		return fmt.Errorf("job %s: %w", j.Name, err)
	}
	if s.Outbox != nil {
		s.Outbox.Notify()
	}
	return nil
}

// passConcurrency is how many jobs of a pass run at once.
const passConcurrency = 4

// RunPass runs, at the instant now, every job that was due to run earlier
// the same day (its first scheduled time today is at or before now): a
// process that was down at 09:00 catches up when it starts again that day,
// and `officebot remind --once --now T` runs what the schedule would have.
// It runs all of them and returns their errors joined, in the order of the
// jobs.
//
// The jobs that change state run first, one after the other; the others
// then run together (passConcurrency at a time), as cron already runs the
// jobs that fire at the same minute (the 09:00 digest and deadlines). They
// only read and queue reminders under keys of their own kinds, each job's
// in its own transactions, so they do not depend on one another; a pass
// then lasts about as long as its longest job rather than their sum, as
// each job spends much of its time waiting on the database (issue 15).
func (s *Scheduler) RunPass(ctx context.Context, now time.Time) error {
	now = now.In(s.loc())
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.loc())
	errs := make([]error, len(s.jobs))
	var wg sync.WaitGroup
	slots := make(chan struct{}, passConcurrency)
	for i, j := range s.jobs {
		sched, err := cron.ParseStandard(j.Spec)
		if err != nil {
			errs[i] = fmt.Errorf("job %s: %w", j.Name, err)
			continue
		}
		if first := sched.Next(midnight.Add(-time.Nanosecond)); first.After(now) {
			continue
		}
		if j.Changes { // ordered puts them first: they end before the others start
			errs[i] = s.RunJob(ctx, j, now)
			continue
		}
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			errs[i] = s.RunJob(ctx, j, now)
		}()
	}
	wg.Wait()
	var failed []error
	for _, err := range errs {
		if err != nil {
			failed = append(failed, err)
		}
	}
	return joinErrors(failed)
}

func joinErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return fmt.Errorf("%w (and %d more errors)", errs[0], len(errs)-1)
}

// Start schedules the jobs on cron in the office's zone and returns a
// function that stops them and waits for runs in progress. Cron fires on
// the machine's real time; each run reads the process clock.
func (s *Scheduler) Start(ctx context.Context) (stop func()) {
	c := cron.New(cron.WithLocation(s.loc()), cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	// cron fires on real time; a clock started elsewhere in time
	// (OFFICEBOT_CLOCK) says how far, and the jobs fire at its instants.
	var delta time.Duration
	if o, ok := s.Clock.(interface{ Offset() time.Duration }); ok {
		delta = o.Offset()
	}
	for _, j := range s.jobs {
		sched, err := cron.ParseStandard(j.Spec)
		if err != nil {
			s.log().Error("scheduler job not scheduled", "job", j.Name, "err", err)
			continue
		}
		c.Schedule(shifted{sched, delta}, cron.FuncJob(func() { s.RunJob(ctx, j, s.Clock.Now()) }))
	}
	c.Start()
	return func() { <-c.Stop().Done() }
}

// shifted is a cron schedule read on a clock delta ahead of real time: it
// takes and returns real instants.
type shifted struct {
	cron.Schedule
	delta time.Duration
}

func (s shifted) Next(real time.Time) time.Time {
	return s.Schedule.Next(real.Add(s.delta)).Add(-s.delta)
}

// Run is what `officebot serve` runs: it delivers the outbox (o may be
// nil when another process delivers), catches up the jobs due earlier
// today, runs the jobs on their schedule, and returns when ctx ends, after
// the job runs and sends in flight finished.
func Run(ctx context.Context, s *Scheduler, o *Outbox) error {
	if o != nil && s.Outbox == nil {
		s.Outbox = o
	}
	var wg sync.WaitGroup
	if o != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o.Run(ctx)
		}()
	}
	stop := s.Start(ctx)
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := s.RunPass(ctx, s.Clock.Now()); err != nil {
			s.log().Error("scheduler catch-up pass", "err", err)
		}
	}()
	<-ctx.Done()
	stop()
	wg.Wait()
	return nil
}
