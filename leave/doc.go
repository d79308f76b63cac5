// Package leave is the domain of leave requests under Art. 57 of the Kunshan
// Municipal People's Government Working Rules (2017): which absences need a
// written request (请假), who approves them, when an absence is also a
// meeting absence that needs a deputy (Art. 57 ¶2), the free-text form
// officials type after /leave, and the filed request (Request) with its
// states and transitions (request.go).
//
// It is pure: no Slack, no database, no clock. Callers pass the directory
// snapshot, the meetings and approved absences that matter, and "now".
// Messages shown to people are the handler's job; this package returns typed
// reasons and error values, plus a few display helpers (kind labels,
// FormatPeriod).
//
// Time: dates are calendar days at midnight in the office's zone
// (OFFICEBOT_TZ, default Asia/Shanghai), which callers pass in: the date
// parser's zone, the store's, Today's loc (see Day); meetings and absences
// are instants.
package leave
