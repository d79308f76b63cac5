package meeting

import (
	"strings"

	"officebot/handlers"
	"officebot/meeting"
)

// readOnly declares the /meeting commands that change nothing (answered in
// Slack's acknowledgement): the list, a meeting's status (also asked by
// naming the meeting alone) and the help, in every spelling verbs has for
// them.
var readOnly = func() func(string) bool {
	var words []string
	for w, v := range verbs {
		if v == "list" || v == "status" || v == "help" {
			words = append(words, w)
		}
	}
	first := handlers.FirstWordIn(words...)
	return func(t string) bool { return first(t) || aloneKey(t) }
}()

// aloneKey reports whether text names a meeting or a city-wide meeting
// application and nothing else (M3, 3, 2026年第12次常务会议, P4), as the
// manifest's usage hint offers: its status.
func aloneKey(text string) bool {
	text = strings.TrimSpace(text)
	if _, ok := meeting.ParseKey("M", text); ok {
		return true
	}
	if r := []rune(text); len(r) > 1 && strings.ContainsRune("PpＰｐ", r[0]) {
		if _, ok := meeting.ParseKey("P", text); ok {
			return true
		}
	}
	_, _, _, ok := meeting.ParseName(text)
	return ok
}
