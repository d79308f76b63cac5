package dates_test

import (
	"errors"
	"strings"
	"time"

	"officebot/dates"
)

// notation writes a result compactly for the tables: 2026-12-09,
// 2026-12-09..2026-12-11, 2026-12-09pm..2026-12-10am, D2026-12-31 for a
// deadline, ?A|B when ambiguous, !reason for an error, - for no date.
func notation(r dates.Result, ok bool, err error) string {
	switch {
	case err != nil:
		for name, e := range map[string]error{"bad": dates.ErrBadDate, "before": dates.ErrEndBefore, "long": dates.ErrTooLong,
			"differ": dates.ErrDaysDiffer, "holiday": dates.ErrNoHoliday, "year": dates.ErrYearRange, "trailing": dates.ErrTrailing, "none": dates.ErrNoDate} {
			if errors.Is(err, e) {
				return "!" + name
			}
		}
		return "!" + err.Error()
	case !ok:
		return "-"
	case r.Ambiguous:
		parts := make([]string, len(r.Readings))
		for k, s := range r.Readings {
			parts[k] = span(s)
		}
		return "?" + strings.Join(parts, "|")
	case r.Deadline:
		return "D" + span(r.Span)
	}
	return span(r.Span)
}

func span(s dates.Span) string {
	d := func(t time.Time) string { return t.Format(time.DateOnly) }
	from, to := d(s.Start), d(s.End)
	if s.StartHalf == dates.Afternoon {
		from += "pm"
	}
	if s.EndHalf == dates.Morning {
		to += "am"
	}
	if s.Start.Equal(s.End) {
		switch {
		case s.StartHalf == dates.Afternoon:
			return d(s.Start) + "pm"
		case s.EndHalf == dates.Morning:
			return d(s.Start) + "am"
		}
		return from
	}
	return from + ".." + to
}
