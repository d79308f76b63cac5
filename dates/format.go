package dates

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"officebot/msg"
)

// EchoDate writes a date in full: 2026-12-09（星期三）.
func EchoDate(d time.Time) string {
	return msg.T("dates.day", d.Format(time.DateOnly), Weekday(d))
}

// Weekday names d's day of the week: 星期三.
func Weekday(d time.Time) string {
	return msg.T(fmt.Sprintf("dates.weekday_%d", (int(d.Weekday())+6)%7+1))
}

// Echo writes a span in full, as it is confirmed before anything is filed:
//
//	2026-12-09（星期三）至 2026-12-11（星期五），共3天
//	2026-12-09（星期三）下午 至 2026-12-10（星期四）上午，共1天
//	2026-12-09（星期三）上午，共0.5天
func Echo(s Span) string {
	var b string
	if s.Start.Equal(s.End) && s.HalfDays() == 1 {
		half := msg.T("dates.morning")
		if s.StartHalf == Afternoon {
			half = msg.T("dates.afternoon")
		}
		b = EchoDate(s.Start) + half
	} else {
		from := EchoDate(s.Start)
		if s.StartHalf == Afternoon {
			from += msg.T("dates.afternoon") + " "
		}
		if s.Start.Equal(s.End) && s.EndHalf != Morning {
			b = strings.TrimSpace(from)
		} else {
			to := EchoDate(s.End)
			if s.EndHalf == Morning {
				to += msg.T("dates.morning")
			}
			b = msg.T("dates.range", from, to)
		}
	}
	return msg.T("dates.total", b, FormatDays(s.Days()))
}

// FormatDays writes 3 as "3" and 1.5 as "1.5".
func FormatDays(d float64) string {
	if d == float64(int(d)) {
		return fmt.Sprintf("%d", int(d))
	}
	return fmt.Sprintf("%.1f", d)
}

// Echo writes the result in full: the deadline's date, or the span. An
// ambiguous result lists its readings one a line.
func (r Result) Echo() string {
	if r.Ambiguous {
		lines := make([]string, len(r.Readings))
		for k, s := range r.Readings {
			lines[k] = msg.T("dates.reading", k+1, Echo(s))
		}
		return strings.Join(lines, "\n")
	}
	if r.Deadline {
		return EchoDate(r.End)
	}
	return Echo(r.Span)
}

// Explicit writes a span in the plain form every command reads back
// unambiguously: 2026-12-09, 2026-12-09 下午, 2026-12-09 至 2026-12-11,
// 2026-12-09 下午 至 2026-12-10 上午. The choices offered for an ambiguous
// phrase are in this form, so typing one is never ambiguous.
func Explicit(s Span) string {
	const layout = time.DateOnly
	if s.Start.Equal(s.End) {
		switch {
		case s.StartHalf == Afternoon:
			return s.Start.Format(layout) + " 下午"
		case s.EndHalf == Morning:
			return s.Start.Format(layout) + " 上午"
		}
		return s.Start.Format(layout)
	}
	from := s.Start.Format(layout)
	if s.StartHalf == Afternoon {
		from += " 下午"
	}
	to := s.End.Format(layout)
	if s.EndHalf == Morning {
		to += " 上午"
	}
	return from + " 至 " + to
}

// Message is the Chinese sentence for an error of this package, or "" for
// other errors.
func Message(err error) string {
	var e *Error
	if !errors.As(err, &e) {
		return ""
	}
	key := map[error]string{
		ErrNoDate: "dates.err_no_date", ErrBadDate: "dates.err_bad_date", ErrEndBefore: "dates.err_end_before",
		ErrTooLong: "dates.err_too_long", ErrDaysDiffer: "dates.err_days_differ", ErrTrailing: "dates.err_trailing",
		ErrNoHoliday: "dates.err_no_holiday", ErrYearRange: "dates.err_year_range", ErrHalfInRange: "dates.err_half_range",
	}[e.Err]
	if key == "" {
		key = "dates.err_bad_date"
	}
	if key == "dates.err_no_date" {
		return msg.T(key)
	}
	return msg.T(key, e.Phrase)
}

// Question asks which reading of an ambiguous phrase is meant, listing both
// in full and, for each, the explicit form to type.
func Question(r Result) string {
	lines := make([]string, 0, 2*len(r.Readings))
	for k, s := range r.Readings {
		lines = append(lines, msg.T("dates.reading", k+1, Echo(s)), msg.T("dates.reading_as", Explicit(s)))
	}
	return msg.T("dates.ambiguous", r.Phrase, strings.Join(lines, "\n"))
}
