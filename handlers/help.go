package handlers

import (
	"context"
	"strings"

	"officebot/msg"
)

func init() {
	Register(&Capability{
		Name:     "help",
		Commands: []string{"help", "帮助", "?", "？"},
		Help:     []string{"help.help"},
		Order:    -100,
		Command:  help,
	})
}

// help lists every command with one line each.
func help(_ context.Context, _ *Call) (Response, error) {
	lines := []string{msg.T("help.title")}
	for _, cp := range registered() {
		for _, k := range cp.Help {
			lines = append(lines, "• "+msg.T(k))
		}
	}
	lines = append(lines, "", msg.T("help.footer"))
	return Reply(strings.Join(lines, "\n")), nil
}
