package main

import (
	"context"
	"fmt"
	"strings"

	"officebot/bot"
	"officebot/directory"
	"officebot/msg"
	"officebot/scheduler"
)

func consoleCommand(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "console", "cli.console_usage")
	as := fs.String("as", "", "Slack ID to act as")
	pos, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fmt.Fprintln(e.stderr, msg.T("cli.unexpected_args", strings.Join(pos, " ")))
		fmt.Fprintln(e.stderr, msg.T("cli.console_usage"))
		return errUsage
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
	if p, ok := org.FindPerson(user); user != "" && ok {
		user = p.SlackID // a name or a full-width ID works too
	} else if user != "" {
		// Allowed on purpose (to see what an unregistered person gets), but said.
		fmt.Fprintln(e.stdout, msg.T("console.as_unregistered", user))
	}
	if user == "" {
		if m, ok := org.First(directory.Mayor); ok {
			user = m.SlackID
		}
		fmt.Fprintln(e.stdout, msg.T("console.connect"))
	}
	con := &bot.Console{Service: a.service, User: user, Out: e.stdout}
	if !org.IsDemo() {
		con.Org = msg.T("console.org_imported", activePeople(org), len(org.Departments))
	}
	con.Outbox = &scheduler.Outbox{Store: a.store, Sender: con, Clock: a.clock, Log: e.log}
	return con.Run(ctx, e.stdin)
}

// activePeople counts the people of org still in office.
func activePeople(org *directory.Org) int {
	n := 0
	for _, p := range org.People {
		if p.Active {
			n++
		}
	}
	return n
}
