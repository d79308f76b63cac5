package main

import (
	"fmt"
	"time"

	"officebot/dates"
	"officebot/msg"
)

// fromDate reads deadline --from: YYYY-MM-DD, or any date package dates
// reads (国庆节后第一个工作日, 下周一, 12月9日) against the clock and the
// office calendar. A phrase that reads two ways prints both and fails.
func fromDate(e *env, a *app, s string) (time.Time, error) {
	if d, err := a.cal.ParseDate(s); err == nil {
		return d, nil
	}
	r, ok, err := dates.Parser{Now: a.clock.Now, Calendar: a.cal}.Day(s)
	switch {
	case err == nil && ok && r.Ambiguous:
		fmt.Fprintln(e.stderr, dates.Question(r))
		return time.Time{}, errUsage
	case err == nil && ok:
		return r.End, nil
	}
	fmt.Fprintln(e.stderr, msg.T("calendar.bad_date", s))
	return time.Time{}, errUsage
}
