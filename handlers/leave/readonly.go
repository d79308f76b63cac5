package leave

import "officebot/handlers"

// readOnly declares the /leave commands that change nothing (answered in
// Slack's acknowledgement): the list, a request's status, the usage. The
// words are command's: a new one there that only reads belongs here too.
var readOnly = handlers.FirstWordIn("list", "列表", "我的", "status", "查看", "详情", "help", "帮助")
