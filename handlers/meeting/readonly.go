package meeting

import "officebot/handlers"

// readOnly declares the /meeting commands that change nothing (answered in
// Slack's acknowledgement): the list, a meeting's status and the help, in every
// spelling verbs has for them.
var readOnly = func() func(string) bool {
	var words []string
	for w, v := range verbs {
		if v == "list" || v == "status" || v == "help" {
			words = append(words, w)
		}
	}
	return handlers.FirstWordIn(words...)
}()
