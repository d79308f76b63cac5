package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"officebot/bot"
	"officebot/clock"
	"officebot/msg"
	"officebot/scheduler"
	"officebot/storage"
)

// remindSender returns the Sender `remind --once` delivers with, and its
// limits: Slack when SLACK_BOT_TOKEN is set, otherwise nil so messages
// print to stdout like the console.
var remindSender = func(e *env) (scheduler.Sender, scheduler.Limits, error) {
	token := e.getenv("SLACK_BOT_TOKEN")
	if token == "" {
		return nil, scheduler.Limits{}, nil
	}
	return bot.NewWebSender(token, e.getenv("SLACK_API_URL")), scheduler.SlackLimits, nil
}

// remindCommand runs one pass of every job at an instant and delivers what
// it queued (SPEC §3: officebot remind --once [--now RFC3339]).
//
// With Slack (SLACK_BOT_TOKEN) it delivers the whole outbox, honouring
// Retry-After and retrying server errors with backoff for up to --wait
// (default 60 s); what is still pending then is reported and the command
// exits non-zero, so an external cron notices. Without a token it prints
// only the messages its own pass queued and leaves everything queued
// before it for the worker that serves Slack.
func remindCommand(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "remind", "cli.remind_usage")
	once := fs.Bool("once", false, "run one pass and exit")
	nowFlag := fs.String("now", "", "RFC3339 instant of the pass")
	wait := fs.Duration("wait", time.Minute, "how long to keep retrying deliveries Slack refused or failed")
	pos, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fmt.Fprintln(e.stderr, msg.T("cli.unexpected_args", strings.Join(pos, " ")))
		fmt.Fprintln(e.stderr, msg.T("cli.remind_usage"))
		return errUsage
	}
	if !*once {
		fmt.Fprintln(e.stderr, msg.T("remind.need_once"))
		return errUsage
	}
	if *wait < 0 {
		fmt.Fprintln(e.stderr, msg.T("remind.bad_wait", wait.String()))
		return errUsage
	}
	var at time.Time
	if *nowFlag != "" {
		if at, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
			fmt.Fprintln(e.stderr, msg.T("remind.bad_now", *nowFlag))
			return errUsage
		}
	}
	a, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()
	if at.IsZero() {
		at = a.clock.Now()
	}
	slackSender, slackLimits, err := remindSender(e)
	if err != nil {
		return err
	}
	last, err := a.store.LastOutboxID(ctx)
	if err != nil {
		return err
	}
	s := scheduler.New(scheduler.Deps{Store: a.store, Clock: a.clock, Location: a.loc, Calendar: a.cal, Log: e.log}, a.jobs...)
	passErr := s.RunPass(ctx, at)
	queued, _, err := a.store.PendingOutbox(ctx, last)
	if err != nil {
		return err
	}
	// Deliver at the pass's instant, so messages queued "at" it are due,
	// with time going on from there so that retries fall due.
	clk := passClock{at: at, start: a.clock.Now(), real: a.clock}
	o := &scheduler.Outbox{Store: a.store, Clock: clk, Log: e.log, BackoffBase: time.Second, BackoffMax: 15 * time.Second}
	if slackSender == nil {
		o.Sender, o.After = &bot.Console{Out: e.stdout}, last
		sent, drainErr := o.DrainOnce(ctx)
		fmt.Fprintln(e.stdout, msg.T("remind.done", at.In(a.loc).Format(time.RFC3339), queued, sent))
		if backlog, _, err := a.store.PendingOutbox(ctx, 0); err == nil && backlog > 0 {
			fmt.Fprintln(e.stdout, msg.T("remind.backlog_kept", backlog))
		}
		if drainErr != nil {
			e.log.Warn("remind: printing incomplete", "err", drainErr)
		}
		return passErr
	}
	o.Sender, o.Limits = slackSender, slackLimits
	sent, left, drainErr := drainWithin(ctx, o, a.store, clk, *wait)
	fmt.Fprintln(e.stdout, msg.T("remind.done", at.In(a.loc).Format(time.RFC3339), queued, sent))
	if passErr != nil {
		return passErr
	}
	if left > 0 {
		fmt.Fprintln(e.stdout, msg.T("remind.pending_left", left))
		return reported(e, fmt.Errorf("remind: %d messages not delivered: %w", left, drainErr), "remind.undelivered", left, wait.String())
	}
	return nil
}

// drainWithin delivers the outbox, and again whenever a message waiting for
// a retry (Retry-After, backoff after a 5xx) falls due within wait; it
// returns how many it sent and how many are still pending.
func drainWithin(ctx context.Context, o *scheduler.Outbox, store *storage.Store, clk clock.Clock, wait time.Duration) (sent int, left int64, err error) {
	deadline := clk.Now().Add(wait)
	for {
		n, drainErr := o.DrainOnce(ctx)
		sent += n
		if drainErr != nil {
			err = drainErr
		}
		pending, next, perr := store.PendingOutbox(ctx, 0)
		if perr != nil {
			return sent, pending, perr
		}
		if pending == 0 || next.After(deadline) || ctx.Err() != nil {
			return sent, pending, err
		}
		if d := next.Sub(clk.Now()); d > 0 {
			t := time.NewTimer(d + 10*time.Millisecond)
			select {
			case <-ctx.Done():
			case <-t.C:
			}
			t.Stop()
		}
	}
}

// passClock reads at when the command started and goes on from there (or
// reads the real clock once it is later): a pass "at" a past or future
// instant delivers what it queued, and a retry a few seconds later falls
// due a few seconds later.
type passClock struct {
	at, start time.Time
	real      clock.Clock
}

func (c passClock) Now() time.Time {
	n := c.real.Now()
	if shifted := c.at.Add(n.Sub(c.start)); shifted.After(n) {
		return shifted
	}
	return n
}
