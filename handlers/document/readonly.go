package document

import "officebot/handlers"

// readOnly declares the /doc commands that change nothing (answered in
// Slack's acknowledgement): a document's status, the lists, the usage. The
// words are verbs' spellings of them.
var readOnly = handlers.FirstWordIn("status", "查看", "详情", "list", "列表", "help", "帮助")
