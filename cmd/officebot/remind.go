package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"officebot/bot"
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
func remindCommand(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "remind", "cli.remind_usage")
	once := fs.Bool("once", false, "run one pass and exit")
	nowFlag := fs.String("now", "", "RFC3339 instant of the pass")
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
	var (
		sender scheduler.Sender = &bot.Console{Out: e.stdout}
		limits scheduler.Limits
	)
	slackSender, slackLimits, err := remindSender(e)
	if err != nil {
		return err
	}
	if slackSender != nil {
		sender, limits = slackSender, slackLimits
	}
	before, err := a.store.OutboxStats(ctx)
	if err != nil {
		return err
	}
	s := scheduler.New(scheduler.Deps{Store: a.store, Clock: a.clock, Location: a.loc, Calendar: a.cal, Log: e.log}, a.jobs...)
	passErr := s.RunPass(ctx, at)
	after, err := a.store.OutboxStats(ctx)
	if err != nil {
		return err
	}
	// Deliver at the pass's instant, so messages queued "at" it are due.
	o := &scheduler.Outbox{Store: a.store, Sender: sender, Clock: fixedClock{at, a.clock}, Log: e.log, Limits: limits}
	sent, drainErr := o.DrainOnce(ctx)
	fmt.Fprintln(e.stdout, msg.T("remind.done", at.In(a.loc).Format(time.RFC3339), max(after.Pending-before.Pending, 0), sent))
	left, err := a.store.ListOutbox(ctx, storage.OutboxPending, 0)
	if err == nil && len(left) > 0 {
		fmt.Fprintln(e.stdout, msg.T("remind.pending_left", len(left)))
	}
	if passErr != nil {
		return passErr
	}
	if drainErr != nil {
		e.log.Warn("remind: delivery incomplete", "err", drainErr)
	}
	return nil
}

// fixedClock reads at, or the real clock once it is later: a pass "at" a
// past instant still delivers what it queued.
type fixedClock struct {
	at   time.Time
	real interface{ Now() time.Time }
}

func (c fixedClock) Now() time.Time {
	if n := c.real.Now(); n.After(c.at) {
		return n
	}
	return c.at
}
