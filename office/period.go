package office

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"officebot/msg"
	"officebot/text"
)

// Span is the length of a statistics period.
type Span int

// The spans /office stats and the export take.
const (
	Month   Span = iota + 1 // 2026-12
	Quarter                 // 2026-Q4
	Year                    // 2026
	Range                   // any run of days: 上周, 近30天, 2026-10-01至2026-11-30
)

// Period is a month, a quarter, a year or a run of days the office counts
// over (统计期间). The zero value is not a period; ParsePeriod, ReadPeriod,
// MonthOf or Days make one.
type Period struct {
	Span Span
	Year int
	N    int // month 1-12 or quarter 1-4; 0 for a year or a range
	// First and Last are a Range's first and last days, as dates at
	// midnight UTC (only the date counts: Start and End put it in a zone).
	First, Last time.Time
}

// Days returns the period from the date of first to the date of last
// (each read in its own location), or a month, quarter or year when the
// days are exactly one: 2026-12-01 to 2026-12-31 is 2026年12月.
func Days(first, last time.Time) Period {
	f := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)
	l := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, time.UTC)
	for _, p := range []Period{
		{Span: Month, Year: f.Year(), N: int(f.Month())},
		{Span: Quarter, Year: f.Year(), N: (int(f.Month())-1)/3 + 1},
		{Span: Year, Year: f.Year()},
	} {
		if p.Start(time.UTC).Equal(f) && p.End(time.UTC).Equal(l.AddDate(0, 0, 1)) {
			return p
		}
	}
	return Period{Span: Range, Year: f.Year(), First: f, Last: l}
}

// MonthOf returns the month t falls in, in t's location.
func MonthOf(t time.Time) Period { return Period{Span: Month, Year: t.Year(), N: int(t.Month())} }

// The years a period may name: a typo like 20266 or 1026 is refused.
const (
	minYear = 2000
	maxYear = 2099
)

// PeriodError is input that is not a period. Key is its catalogue entry,
// formatted with Input; Message gives the Chinese text.
type PeriodError struct {
	Input string
	Key   string
	More  []any // the entry's arguments after Input
}

func (e *PeriodError) Error() string {
	return fmt.Sprintf("office: bad period %q (%s)", e.Input, e.Key)
}

// Message returns what the person reads, in Chinese.
func (e *PeriodError) Message() string { return msg.T(e.Key, e.Args()...) }

// Args are the catalogue arguments of Message, for handlers.Fail.
func (e *PeriodError) Args() []any {
	if e.Key == "office.period.empty" {
		return nil
	}
	return append([]any{e.Input}, e.More...)
}

var (
	monthRe   = regexp.MustCompile(`^(\d{4})(?:-|/|\.|年)(\d{1,2})月?$`)
	quarterRe = regexp.MustCompile(`^(\d{4})(?:-|年|年第)?(?:[qQ](\d+)|([一二三四五六七八九十\d]+)季度?)$`)
	yearRe    = regexp.MustCompile(`^(\d{4})年?(?:全年|度)?$`)
)

var chineseQuarter = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4}

// ParsePeriod reads a period as the office writes it: 2026-12 (also
// 2026年12月), 2026-Q4 (2026Q4, 2026年第四季度) or 2026 (2026年), in half- or
// full-width characters. Anything else is a *PeriodError.
func ParsePeriod(s string) (Period, error) {
	in := strings.TrimSpace(s)
	t := strings.ReplaceAll(text.HalfWidth(in), " ", "")
	if t == "" {
		return Period{}, &PeriodError{Input: in, Key: "office.period.empty"}
	}
	if len(t) > 32 {
		return Period{}, &PeriodError{Input: in[:min(len(in), 32)] + "…", Key: "office.period.bad_form"}
	}
	if m := monthRe.FindStringSubmatch(t); m != nil {
		y, err := year(m[1], in)
		if err != nil {
			return Period{}, err
		}
		n, _ := strconv.Atoi(m[2])
		if n < 1 || n > 12 {
			return Period{}, &PeriodError{Input: in, Key: "office.period.bad_month"}
		}
		return Period{Span: Month, Year: y, N: n}, nil
	}
	if m := quarterRe.FindStringSubmatch(t); m != nil {
		y, err := year(m[1], in)
		if err != nil {
			return Period{}, err
		}
		q := m[2] + m[3]
		n, ok := chineseQuarter[q]
		if !ok {
			n, _ = strconv.Atoi(q)
		}
		if n < 1 || n > 4 {
			return Period{}, &PeriodError{Input: in, Key: "office.period.bad_quarter"}
		}
		return Period{Span: Quarter, Year: y, N: n}, nil
	}
	if m := yearRe.FindStringSubmatch(t); m != nil {
		y, err := year(m[1], in)
		if err != nil {
			return Period{}, err
		}
		return Period{Span: Year, Year: y}, nil
	}
	return Period{}, &PeriodError{Input: in, Key: "office.period.bad_form"}
}

func year(s, in string) (int, error) {
	y, _ := strconv.Atoi(s)
	if y < minYear || y > maxYear {
		return 0, &PeriodError{Input: in, Key: "office.period.bad_year"}
	}
	return y, nil
}

// Valid reports whether p is a period ParsePeriod could return.
func (p Period) Valid() bool {
	switch p.Span {
	case Month:
		return p.N >= 1 && p.N <= 12
	case Quarter:
		return p.N >= 1 && p.N <= 4
	case Year:
		return p.N == 0
	case Range:
		return !p.First.IsZero() && !p.Last.Before(p.First)
	}
	return false
}

// Start returns the first day of the period at midnight in loc.
func (p Period) Start(loc *time.Location) time.Time {
	switch p.Span {
	case Month:
		return time.Date(p.Year, time.Month(p.N), 1, 0, 0, 0, 0, loc)
	case Quarter:
		return time.Date(p.Year, time.Month(3*p.N-2), 1, 0, 0, 0, 0, loc)
	case Range:
		return time.Date(p.First.Year(), p.First.Month(), p.First.Day(), 0, 0, 0, 0, loc)
	}
	return time.Date(p.Year, 1, 1, 0, 0, 0, 0, loc)
}

// End returns the first day after the period at midnight in loc.
func (p Period) End(loc *time.Location) time.Time {
	s := p.Start(loc)
	switch p.Span {
	case Month:
		return s.AddDate(0, 1, 0)
	case Quarter:
		return s.AddDate(0, 3, 0)
	case Range:
		return time.Date(p.Last.Year(), p.Last.Month(), p.Last.Day()+1, 0, 0, 0, 0, loc)
	}
	return s.AddDate(1, 0, 0)
}

// Contains reports whether the instant t falls in the period, as a date in
// loc. The zero time is in no period.
func (p Period) Contains(t time.Time, loc *time.Location) bool {
	if t.IsZero() {
		return false
	}
	t = t.In(loc)
	return !t.Before(p.Start(loc)) && t.Before(p.End(loc))
}

// String returns the period as ParsePeriod reads it: 2026-12, 2026-Q4,
// 2026; a range as 2026-10-01_2026-11-30 (a file name's part: ReadPeriod
// reads 2026-10-01至2026-11-30).
func (p Period) String() string {
	switch p.Span {
	case Range:
		return p.First.Format(time.DateOnly) + "_" + p.Last.Format(time.DateOnly)
	case Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.N)
	}
	return fmt.Sprintf("%04d", p.Year)
}

// Label returns the period in Chinese: 2026年12月, 2026年第四季度, 2026年,
// 2026年11月30日至12月6日 (the year once when both days share it).
func (p Period) Label() string {
	switch p.Span {
	case Range:
		from := msg.T("office.period.day", p.First.Year(), int(p.First.Month()), p.First.Day())
		if p.First.Equal(p.Last) {
			return from
		}
		to := msg.T("office.period.day", p.Last.Year(), int(p.Last.Month()), p.Last.Day())
		if p.Last.Year() == p.First.Year() {
			to = msg.T("office.period.month_day", int(p.Last.Month()), p.Last.Day())
		}
		return msg.T("office.period.range", from, to)
	case Month:
		return msg.T("office.period.month", p.Year, p.N)
	case Quarter:
		return msg.T("office.period.quarter", p.Year, []string{"", "一", "二", "三", "四"}[p.N])
	}
	return msg.T("office.period.year", p.Year)
}
