package main

import (
	"context"
	"fmt"

	"officebot/bot"
	"officebot/directory"
	"officebot/msg"
	"officebot/scheduler"
)

func init() {
	commands["console"] = command{usage: "cli.console_usage", run: consoleCommand}
}

func consoleCommand(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "console", "cli.console_usage")
	as := fs.String("as", "", "Slack ID to act as")
	if _, err := flags(fs, args); err != nil {
		return err
	}
	a, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()
	if _, err := a.ensureDemo(ctx); err != nil {
		return err
	}
	org, err := a.store.Org(ctx)
	if err != nil {
		return err
	}
	user := *as
	if user == "" {
		if m, ok := org.First(directory.Mayor); ok {
			user = m.SlackID
		}
		fmt.Fprintln(e.stdout, msg.T("console.connect"))
	}
	con := &bot.Console{Service: a.service, User: user, Out: e.stdout}
	con.Outbox = &scheduler.Outbox{Store: a.store, Sender: con, Clock: a.clock, Log: e.log}
	return con.Run(ctx, e.stdin)
}
