package handlers

import (
	"strings"

	"officebot/text"
)

// ReadOnly reports whether req changes nothing, as the capability that
// answers it declares (Capability.ReadOnly): no row written, no message
// queued. The transport decides from it whether a request may be answered
// inside Slack's request with no record of it; it routes req as Handle does
// but reads nothing. Buttons, modal submissions, thread replies and
// messages with files may always change state. A command no capability
// answers (unknown, planned) is read-only: it gets a fixed reply.
func (s *Service) ReadOnly(req Request) bool {
	if req.Action != nil || req.Submission != nil || req.ThreadItem != "" || len(req.Files) > 0 {
		return false
	}
	body := strings.TrimSpace(strings.ReplaceAll(req.Text, "\u3000", " "))
	command := req.Command
	switch {
	case req.Mention:
		command = "rules"
	case command == "":
		// Free text: the first word may name a command, else it is a question.
		word, rest, _ := strings.Cut(body, " ")
		word = strings.TrimPrefix(text.HalfWidth(word), "/")
		if word == "" {
			return true
		}
		if cp := find(s.caps, word); cp != nil {
			return declaresRead(cp, strings.TrimSpace(rest))
		}
		if _, ok := planned[strings.ToLower(word)]; ok {
			return true
		}
		command = "rules"
	}
	cp := find(s.caps, command)
	if cp == nil {
		return true
	}
	return declaresRead(cp, body)
}

func declaresRead(cp *Capability, text string) bool {
	return cp.ReadOnly != nil && cp.ReadOnly(text)
}

// Always is a Capability.ReadOnly for capabilities that never change state
// (help, whoami, rules).
func Always(string) bool { return true }

// FirstWordIn returns a Capability.ReadOnly that declares read-only the
// commands whose first word (case-insensitive; "" for no text at all) is
// one of words, with or without more text after it. The word is cut as the
// capabilities cut their verbs (on the first ASCII space of the trimmed
// text) and nothing more: a spelling the capability would read another way
// (full-width letters) is declared as changing state, the safe side.
func FirstWordIn(words ...string) func(text string) bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[strings.ToLower(w)] = true
	}
	return func(t string) bool {
		word, _, _ := strings.Cut(strings.TrimSpace(t), " ")
		return set[strings.ToLower(word)]
	}
}
