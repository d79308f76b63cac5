package office

import "officebot/handlers"

// readOnly declares the /office commands that change nothing (answered in
// Slack's acknowledgement): the desk's view ("" or its words). Stats and
// export upload a chart or a file through the outbox, urge sends: they
// change state.
var readOnly = handlers.FirstWordIn("", "list", "列表", "督查")
