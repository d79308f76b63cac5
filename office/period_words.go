package office

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"officebot/dates"
	"officebot/msg"
	"officebot/numeral"
	"officebot/text"
)

// PeriodReading is what ReadPeriod understood of a period phrase.
type PeriodReading struct {
	Period Period
	// Ambiguous is set when the phrase reads as two periods that have both
	// begun: Readings holds them, Period is the zero value, and the caller
	// asks (Question) rather than guess.
	Ambiguous bool
	Readings  []Period
	Phrase    string
}

// Question asks which reading of an ambiguous phrase is meant: each in
// full, with what to type for it (typing it back is never ambiguous).
func (r PeriodReading) Question() string {
	lines := make([]string, 0, 2*len(r.Readings))
	for k, p := range r.Readings {
		lines = append(lines, msg.T("dates.reading", k+1, p.Echo()), msg.T("office.period.type_as", p.Explicit()))
	}
	return msg.T("office.period.ambiguous", r.Phrase, strings.Join(lines, "\n"))
}

// Echo writes the period in full: its name and its days, 2026年第四季度
// （2026-10-01（星期四）至 2026-12-31（星期四），共92天）.
func (p Period) Echo() string {
	days := dates.Echo(dates.Span{Start: p.Start(time.UTC), End: p.End(time.UTC).AddDate(0, 0, -1)})
	if p.Span == Range {
		return days
	}
	return msg.T("office.period.echo", p.Label(), days)
}

// Explicit is what to type for the period: 2026-12, 2026-Q4, 2026,
// 2026-10-01至2026-11-30.
func (p Period) Explicit() string {
	if p.Span == Range {
		if p.First.Equal(p.Last) {
			return p.First.Format(time.DateOnly)
		}
		return p.First.Format(time.DateOnly) + "至" + p.Last.Format(time.DateOnly)
	}
	return p.String()
}

// ReadPeriod reads a statistics period as officials write it, against the
// parser's clock, zone and working-day calendar (docs/dates.md):
//
//   - the forms of ParsePeriod: 2026-12, 2026年11月, 2026-Q4, 2026年第四季度, 2026;
//   - named periods: 本月, 上月, 本季度, 上季度, 今年, 去年, 上半年, 2026年下半年;
//     a month or quarter without its year (11月, 十一月, 四季度, Q4) is the
//     latest one that has begun: in January 2027, 11月 is November 2026;
//   - the last days: 近30天, 最近一周, 近三个月, 近一年 (ending today);
//   - any phrase of package dates that names days: 上周, 本周, 12月上旬,
//     2026-10-01至2026-11-30, 10月1日至11月30日, 国庆. Statistics count what
//     has happened, so a date or holiday written without its year that dates
//     reads as next year's (10月1日至11月30日 said in December) is read as the
//     last one that has begun, provided the phrase names the calendar and not
//     today (its reading does not move when today does).
//
// A period may lie partly or wholly ahead (本月 so far, 下周: the leave
// filed for it, the items due in it). A phrase that reads two ways (上周:
// Monday to Friday or to Sunday; 周一到周三 on a Monday) is returned
// Ambiguous with both. A run of days that is exactly a month, quarter or
// year becomes one. Errors are a *PeriodError, or a *dates.Error for a malformed
// date (12月32日, an end before its start).
func ReadPeriod(in string, p dates.Parser) (PeriodReading, error) {
	in = strings.TrimSpace(in)
	if in == "" {
		return PeriodReading{}, &PeriodError{Input: in, Key: "office.period.empty"}
	}
	today := p.Today()
	if per, err := ParsePeriod(in); err == nil {
		return PeriodReading{Period: per, Phrase: in}, nil
	} else if pe := (*PeriodError)(nil); errors.As(err, &pe) && pe.Key != "office.period.bad_form" {
		return PeriodReading{}, err // 2026-13, 2026-Q5, 1999: the form is right, the value is not
	}
	if len(in) > 64 {
		return PeriodReading{}, &PeriodError{Input: in[:min(len(in), 32)] + "…", Key: "office.period.bad"}
	}
	t := strings.ReplaceAll(text.HalfWidth(in), " ", "")
	if per, ok, err := namedPeriod(t, today, in); err != nil {
		return PeriodReading{}, err
	} else if ok {
		return PeriodReading{Period: per, Phrase: in}, nil
	}
	r, err := p.Parse(in)
	if err != nil {
		var de *dates.Error
		if errors.As(err, &de) && !errors.Is(err, dates.ErrNoDate) && !errors.Is(err, dates.ErrTrailing) {
			return PeriodReading{}, err
		}
		return PeriodReading{}, &PeriodError{Input: in, Key: "office.period.bad"}
	}
	switch {
	case r.Deadline:
		// 月底前, 3个工作日内: a limit, not a run of days to count over.
		return PeriodReading{}, &PeriodError{Input: in, Key: "office.period.bad"}
	case r.Ambiguous:
		var readings []Period // half days apart, two readings may be one period
		for _, s := range r.Readings {
			if per := Days(s.Start, s.End); !slices.Contains(readings, per) {
				readings = append(readings, per)
			}
		}
		if len(readings) == 1 {
			return PeriodReading{Period: readings[0], Phrase: in}, nil
		}
		return PeriodReading{Ambiguous: true, Readings: readings, Phrase: in}, nil
	case r.Start.After(today):
		if s, ok := lastBegun(in, p, today, r.Span); ok {
			return PeriodReading{Period: Days(s.Start, s.End), Phrase: in}, nil
		}
	}
	return PeriodReading{Period: Days(r.Start, r.End), Phrase: in}, nil
}

// lastBegun reads a phrase that dates put in the future against a clock a
// year earlier, when the phrase names the calendar rather than today: its
// reading does not move when today moves a week or five weeks on (10月1日至
// 11月30日, 国庆, 春节, 12月下旬 do not; 下周, 明天, 下个月, 月底 do), and a
// year earlier it reads the same from those three days. That reading, if it
// has begun, is the last one.
func lastBegun(in string, p dates.Parser, today time.Time, orig dates.Span) (dates.Span, bool) {
	read := func(at time.Time) (dates.Span, bool) {
		q := p
		q.Now = func() time.Time { return at.Add(12 * time.Hour) }
		r, err := q.Parse(in)
		return r.Span, err == nil && !r.Ambiguous && !r.Deadline
	}
	same := func(a, b dates.Span) bool { return a.Start.Equal(b.Start) && a.End.Equal(b.End) }
	var past dates.Span
	for k, back := range []int{0, 7, 35} {
		if back > 0 {
			if s, ok := read(today.AddDate(0, 0, back)); !ok || !same(s, orig) {
				return dates.Span{}, false
			}
		}
		s, ok := read(today.AddDate(-1, 0, back))
		if !ok || k > 0 && !same(s, past) {
			return dates.Span{}, false
		}
		past = s
	}
	return past, !past.Start.After(today)
}

// The named periods' patterns, on half-width text without spaces.
var (
	yearPart    = `(今年|本年|去年|上年|前年|(\d{4})年)`
	wholeYearRe = regexp.MustCompile(`^` + yearPart + `(?:度|全年|以来)?$`)
	halfYearRe  = regexp.MustCompile(`^` + yearPart + `?(上|下)半年$`)
	quarterW    = regexp.MustCompile(`^` + yearPart + `?(?:第)?([一二三四1-4])季度?$|^` + yearPart + `?[qQ]([1-4])$`)
	thisQRe     = regexp.MustCompile(`^(?:本|这个?|当)季度?$`)
	lastQRe     = regexp.MustCompile(`^(?:上|上个|上一)季度?$`)
	monthW      = regexp.MustCompile(`^` + yearPart + `?(\d{1,2}|[一二三四五六七八九十]{1,3})月份?$`)
	thisMRe     = regexp.MustCompile(`^(?:本|这个?|当)月份?$`)
	lastMRe     = regexp.MustCompile(`^(?:上|上个|上一)月份?$`)
	recentRe    = regexp.MustCompile(`^(?:近|最近|过去)(\d+|[一二两三四五六七八九十百]+|半)(?:个)?(天|日|周|星期|月|年)$`)
)

// namedPeriod reads the periods package dates does not name: years,
// halves, quarters, months without a day, and the last days.
func namedPeriod(t string, today time.Time, in string) (Period, bool, error) {
	y := today.Year()
	yearOf := func(word, digits string) (int, error) {
		switch word {
		case "", "今年", "本年":
			return y, nil
		case "去年", "上年":
			return y - 1, nil
		case "前年":
			return y - 2, nil
		}
		return year(digits, in)
	}
	bad := func(key string) (Period, bool, error) { return Period{}, true, &PeriodError{Input: in, Key: key} }
	switch {
	case wholeYearRe.MatchString(t):
		m := wholeYearRe.FindStringSubmatch(t)
		yy, err := yearOf(m[1], m[2])
		return Period{Span: Year, Year: yy}, true, err
	case halfYearRe.MatchString(t):
		m := halfYearRe.FindStringSubmatch(t)
		yy, err := yearOf(m[1], m[2])
		if err != nil {
			return Period{}, true, err
		}
		if m[3] == "上" {
			return Days(time.Date(yy, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(yy, 6, 30, 0, 0, 0, 0, time.UTC)), true, nil
		}
		return Days(time.Date(yy, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(yy, 12, 31, 0, 0, 0, 0, time.UTC)), true, nil
	case thisQRe.MatchString(t):
		return Period{Span: Quarter, Year: y, N: (int(today.Month())-1)/3 + 1}, true, nil
	case lastQRe.MatchString(t):
		q := (int(today.Month())-1)/3 + 1
		if q == 1 {
			return Period{Span: Quarter, Year: y - 1, N: 4}, true, nil
		}
		return Period{Span: Quarter, Year: y, N: q - 1}, true, nil
	case quarterW.MatchString(t):
		m := quarterW.FindStringSubmatch(t)
		word, digits, q := m[1], m[2], m[3]
		if q == "" {
			word, digits, q = m[4], m[5], m[6]
		}
		n, ok := chineseQuarter[q]
		if !ok {
			n, _ = strconv.Atoi(q)
		}
		yy, err := yearOf(word, digits)
		if err != nil {
			return Period{}, true, err
		}
		per := Period{Span: Quarter, Year: yy, N: n}
		if word == "" && per.Start(today.Location()).After(today) {
			per.Year-- // the latest such quarter that has begun
		}
		return per, true, nil
	case thisMRe.MatchString(t):
		return Period{Span: Month, Year: y, N: int(today.Month())}, true, nil
	case lastMRe.MatchString(t):
		first := time.Date(y, today.Month()-1, 1, 0, 0, 0, 0, time.UTC)
		return Period{Span: Month, Year: first.Year(), N: int(first.Month())}, true, nil
	case monthW.MatchString(t):
		m := monthW.FindStringSubmatch(t)
		n, err := numeral.Parse(m[3])
		if err != nil || n < 1 || n > 12 {
			return bad("office.period.bad_month")
		}
		yy, err := yearOf(m[1], m[2])
		if err != nil {
			return Period{}, true, err
		}
		per := Period{Span: Month, Year: yy, N: n}
		if m[1] == "" && per.Start(today.Location()).After(today) {
			per.Year-- // the latest such month that has begun
		}
		return per, true, nil
	case recentRe.MatchString(t):
		m := recentRe.FindStringSubmatch(t)
		n := 0
		if m[1] == "半" {
			if m[2] != "月" && m[2] != "年" {
				return bad("office.period.bad")
			}
		} else {
			var err error
			if n, err = numeral.Parse(strings.ReplaceAll(m[1], "两", "二")); err != nil || n < 1 {
				return bad("office.period.bad")
			}
		}
		var first time.Time
		switch m[2] {
		case "天", "日":
			first = today.AddDate(0, 0, 1-n)
		case "周", "星期":
			first = today.AddDate(0, 0, 1-7*n)
		case "月":
			if m[1] == "半" {
				first = today.AddDate(0, 0, -14)
			} else {
				first = today.AddDate(0, -n, 1)
			}
		case "年":
			if m[1] == "半" {
				first = today.AddDate(0, -6, 1)
			} else {
				first = today.AddDate(-n, 0, 1)
			}
		}
		if today.Sub(first) > dates.MaxSpanDays*24*time.Hour {
			return bad("office.period.too_long")
		}
		return Days(first, today), true, nil
	}
	return Period{}, false, nil
}
