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
)

// Period is a month, a quarter or a year the office counts over (统计期间).
// The zero value is not a period; ParsePeriod or MonthOf make one.
type Period struct {
	Span Span
	Year int
	N    int // month 1-12 or quarter 1-4; 0 for a year
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
	return []any{e.Input}
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
		return Period{}, &PeriodError{Input: in[:min(len(in), 32)] + "…", Key: "office.period.bad"}
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
	return Period{}, &PeriodError{Input: in, Key: "office.period.bad"}
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

// String returns the period as ParsePeriod reads it: 2026-12, 2026-Q4, 2026.
func (p Period) String() string {
	switch p.Span {
	case Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.N)
	}
	return fmt.Sprintf("%04d", p.Year)
}

// Label returns the period in Chinese: 2026年12月, 2026年第四季度, 2026年.
func (p Period) Label() string {
	switch p.Span {
	case Month:
		return msg.T("office.period.month", p.Year, p.N)
	case Quarter:
		return msg.T("office.period.quarter", p.Year, []string{"", "一", "二", "三", "四"}[p.N])
	}
	return msg.T("office.period.year", p.Year)
}
