package handlers

import (
	"context"
	"strings"

	"officebot/chat"
	"officebot/msg"
	"officebot/text"
)

// Help is the capability that lists every command of the service with one
// line each; help followed by a command's word (help leave, 帮助 会议)
// lists that command's lines only.
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
	word, _, _ := strings.Cut(strings.TrimSpace(c.Req.Text), " ")
	word = strings.TrimPrefix(text.HalfWidth(word), "/")
	lines := []string{msg.T("help.title")}
	if cp := find(c.caps, word); word != "" && (cp == nil || cp.Name != "help") {
		if cp != nil && len(cp.Help) > 0 {
			for _, k := range cp.Help {
				lines = append(lines, "• "+msg.T(k))
			}
			lines = append(lines, "", msg.T("help.footer_one"))
			return Reply(strings.Join(lines, "\n")), nil
		}
		lines = []string{msg.T("help.unknown_word", chat.Fragment(word)), msg.T("help.title")}
	}
	for _, cp := range c.caps {
		for _, k := range cp.Help {
			lines = append(lines, "• "+msg.T(k))
		}
	}
	lines = append(lines, "", msg.T("help.footer"))
	return Reply(strings.Join(lines, "\n")), nil
}
