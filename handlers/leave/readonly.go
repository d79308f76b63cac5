package leave

import (
	"strings"

	"officebot/handlers"
	"officebot/leave"
)

// readOnly declares the /leave commands that change nothing (answered in
// Slack's acknowledgement): the list, a request's status (also asked by
// naming the request alone), the usage. The words are command's: a new one
// there that only reads belongs here too.
var readOnly = func() func(string) bool {
	words := handlers.FirstWordIn("list", "列表", "我的", "status", "查看", "详情", "help", "帮助")
	return func(t string) bool { return words(t) || aloneKey(t) }
}()

// aloneKey reports whether text is a request's short ID and nothing else
// (L12, 12): /leave L12 shows its status.
func aloneKey(text string) bool {
	_, err := leave.ParseKey(strings.TrimSpace(text))
	return err == nil
}
