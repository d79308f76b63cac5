package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"officebot/msg"
	"officebot/storage"
)

// outboxCommand is the admins' view of the delivery queue: list what waits
// or failed, and put a failed message back in the queue.
func outboxCommand(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, msg.T("cli.outbox_usage"))
		return errUsage
	}
	sub, args := args[0], args[1:]
	fs := newFlags(e, "outbox "+sub, "cli.outbox_usage")
	failed := fs.Bool("failed", false, "only failed messages")
	all := fs.Bool("all", false, "include sent messages")
	limit := fs.Int("limit", 50, "how many")
	pos, err := flags(fs, args)
	if err != nil {
		return err
	}
	if *limit < 0 {
		fmt.Fprintln(e.stderr, msg.T("cli.bad_limit", *limit))
		return errUsage
	}
	switch {
	case sub == "list" && len(pos) == 0:
	case sub == "retry" && len(pos) == 1:
	default:
		fmt.Fprintln(e.stderr, msg.T("cli.outbox_usage"))
		return errUsage
	}
	a, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()
	if sub == "retry" {
		id, err := strconv.ParseUint(strings.TrimPrefix(pos[0], "#"), 10, 64)
		if err != nil || id == 0 {
			fmt.Fprintln(e.stderr, msg.T("outbox.bad_id", pos[0]))
			return errUsage
		}
		err = a.store.RetryOutbox(ctx, id, "cli", a.clock.Now())
		switch {
		case errors.Is(err, storage.ErrOutboxNotFound):
			fmt.Fprintln(e.stderr, msg.T("outbox.not_found", id))
			return errUsage
		case errors.Is(err, storage.ErrOutboxSent):
			fmt.Fprintln(e.stdout, msg.T("outbox.already_sent", id))
			return nil
		case err != nil:
			return err
		}
		fmt.Fprintln(e.stdout, msg.T("outbox.retried", id))
		return nil
	}
	state := storage.OutboxPending
	switch {
	case *failed:
		state = storage.OutboxFailed
	case *all:
		state = ""
	}
	rows, err := a.store.ListOutbox(ctx, state, *limit)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		fmt.Fprintln(e.stdout, msg.T("outbox.empty"))
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ReplaceAll(msg.T("outbox.list_header"), "  ", "\t"))
	for _, r := range rows {
		lastErr := strings.ReplaceAll(r.LastError, "\n", " ")
		if len(lastErr) > 80 {
			lastErr = lastErr[:80] + "…"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\n", r.ID, msg.T("outbox.state."+r.State), r.Conversation,
			r.Attempts, r.CreatedAt.In(a.loc).Format(time.DateTime), lastErr)
	}
	return tw.Flush()
}
