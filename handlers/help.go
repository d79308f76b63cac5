package handlers

import (
	"context"
	"strings"

	"officebot/msg"
)

// Help is the capability that lists every command of the service with one
// line each.
func Help() *Capability {
	return &Capability{
		Name:     "help",
		Commands: []string{"help", "帮助", "?", "？"},
		Help:     []string{"help.help"},
		Command:  help,
		ReadOnly: Always,
	}
}

func help(_ context.Context, c *Call) (Response, error) {
	lines := []string{msg.T("help.title")}
	for _, cp := range c.caps {
		for _, k := range cp.Help {
			lines = append(lines, "• "+msg.T(k))
		}
	}
	lines = append(lines, "", msg.T("help.footer"))
	return Reply(strings.Join(lines, "\n")), nil
}
