package document

import (
	"strings"

	"officebot/document"
	"officebot/handlers"
)

// readOnly declares the /doc commands that change nothing (answered in
// Slack's acknowledgement): a document's status (also asked by naming the
// document alone), the lists, the usage. The words are verbs' spellings of
// them.
var readOnly = func() func(string) bool {
	words := handlers.FirstWordIn("status", "查看", "详情", "list", "列表", "help", "帮助")
	return func(t string) bool { return words(t) || aloneRef(t) }
}()

// aloneRef reports whether text names a document and nothing else (D12, 12,
// 昆政办收〔2026〕17号), as the manifest's usage hint offers: its status.
func aloneRef(text string) bool {
	text = strings.TrimSpace(text)
	if _, ok := document.ParseKey(text); ok {
		return true
	}
	_, ok := document.ParseNumber(text)
	return ok
}
