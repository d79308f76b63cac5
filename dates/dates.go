// Package dates reads dates as officials write them — 2026-12-09, 12月9日,
// 十二月九日, 9号, 下周三, 周三到周五, 月底, 国庆节后第一个工作日, 3个工作日内 — and
// writes them back in full: 2026-12-09（星期三）至 2026-12-11（星期五），共3天.
//
// A Parser resolves relative phrases against a clock in the office's zone;
// weeks start on Monday (本周三 is the Wednesday of the Monday–Sunday week
// that holds today). Working days and holidays come from the working-day
// calendar, so 调休 Saturdays count as working days. A phrase with two
// plausible readings is not guessed: the Result says Ambiguous and carries
// both readings, for the caller to ask. docs/dates.md lists every form.
//
// The package is pure: no storage, no Slack.
package dates

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"officebot/calendar"
)

// Half says which half of a day a span starts or ends in. The zero value
// is the whole day.
type Half int

// The halves of a day.
const (
	WholeDay  Half = iota // 全天
	Morning               // 上午
	Afternoon             // 下午
)

// Span is a run of days, possibly starting in an afternoon or ending in a
// morning. Start and End are dates at midnight in the parser's zone. A
// single morning is Start == End, EndHalf Morning; a single afternoon is
// Start == End, StartHalf Afternoon.
type Span struct {
	Start     time.Time
	StartHalf Half
	End       time.Time
	EndHalf   Half
}

// Day returns the span of the whole date d.
func Day(d time.Time) Span { return Span{Start: d, End: d} }

// HalfDays is the span's length in half days (0 when the end is before the start).
func (s Span) HalfDays() int {
	n := halfIndex(s.End, s.EndHalf != Morning) - halfIndex(s.Start, s.StartHalf == Afternoon) + 1
	return max(n, 0)
}

// Days is the span's length in calendar days, 0.5 for half a day.
func (s Span) Days() float64 { return float64(s.HalfDays()) / 2 }

// IsDay reports whether the span is exactly one whole date.
func (s Span) IsDay() bool {
	return s.Start.Equal(s.End) && s.StartHalf == WholeDay && s.EndHalf == WholeDay
}

func halfIndex(d time.Time, afternoon bool) int {
	y, m, dd := d.Date()
	n := int(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	if afternoon {
		return n*2 + 1
	}
	return n * 2
}

// Result is a phrase read from text.
type Result struct {
	Span
	// Ambiguous is set when the phrase reads two ways; Readings holds both
	// and Span is the zero value: the caller asks which one is meant.
	Ambiguous bool
	Readings  []Span
	// Deadline is set for phrases that name a limit rather than a period
	// (3个工作日内, 春节前, 月底前): Span is the single last day.
	Deadline bool
	// Provisional is set when a working day was counted in a year without
	// holiday data (weekends only).
	Provisional bool
	// From and To are the byte offsets of the phrase in the text given.
	From, To int
	// Phrase is the text read, as typed.
	Phrase string
}

// Errors, each wrapped in a *Error naming the phrase.
var (
	ErrNoDate      = errors.New("dates: no date")
	ErrBadDate     = errors.New("dates: date does not exist")
	ErrEndBefore   = errors.New("dates: end before start")
	ErrTooLong     = errors.New("dates: span longer than a year")
	ErrDaysDiffer  = errors.New("dates: day count differs from the dates")
	ErrTrailing    = errors.New("dates: text after the date")
	ErrNoHoliday   = errors.New("dates: holiday not in the calendar")
	ErrYearRange   = errors.New("dates: year out of range")
	ErrHalfInRange = errors.New("dates: 半天 with a range")
)

// Error is a phrase that could not be read.
type Error struct {
	Phrase string
	Err    error
}

func (e *Error) Error() string { return fmt.Sprintf("%v: %q", e.Err, e.Phrase) }

// Unwrap returns the reason.
func (e *Error) Unwrap() error { return e.Err }

// MaxSpanDays bounds a span: anything longer is a typo.
const MaxSpanDays = 366

// Parser reads phrases relative to its clock. The zero value reads in
// Asia/Shanghai at the real time of day with the library's holiday data.
type Parser struct {
	// Now tells the current instant; nil means time.Now (only main should
	// leave it nil).
	Now func() time.Time
	// Calendar decides working days and holidays; nil means the library's
	// schedule without admin overrides.
	Calendar *calendar.Calendar
	// Location is the office's zone; nil means the calendar's, else
	// Asia/Shanghai.
	Location *time.Location
}

// Shanghai is UTC+8 without daylight saving, the office's zone by default.
var Shanghai = time.FixedZone("Asia/Shanghai", 8*60*60)

// At returns a parser whose clock reads now, in the calendar's zone.
func At(now time.Time, cal *calendar.Calendar) Parser {
	return Parser{Now: func() time.Time { return now }, Calendar: cal}
}

func (p Parser) loc() *time.Location {
	switch {
	case p.Location != nil:
		return p.Location
	case p.Calendar != nil:
		return p.Calendar.Location()
	}
	return Shanghai
}

func (p Parser) cal() *calendar.Calendar {
	if p.Calendar != nil {
		return p.Calendar
	}
	return defaultCalendar(p.loc())
}

// Today is the current date in the parser's zone.
func (p Parser) Today() time.Time {
	now := time.Now()
	if p.Now != nil {
		now = p.Now()
	}
	now = now.In(p.loc())
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, p.loc())
}

// Parse reads text that is one date phrase and nothing else (surrounding
// spaces and punctuation aside).
func (p Parser) Parse(text string) (Result, error) {
	r, ok, err := p.Find(text)
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return Result{}, &Error{Phrase: text, Err: ErrNoDate}
	}
	if rest := trimNoise(text[:r.From] + text[r.To:]); rest != "" {
		return Result{}, &Error{Phrase: text, Err: ErrTrailing}
	}
	return r, nil
}

// Find reads the first date phrase in text, which may hold other words
// (a place, a reason). ok is false when there is none; err is set when the
// first phrase is malformed (12月32日, 周五到周三 of the same week written
// backwards with years).
func (p Parser) Find(text string) (Result, bool, error) {
	if len(text) > maxText {
		text = text[:maxText]
	}
	s := newScan(text)
	for i := 0; i < len(s.r); i++ {
		if !s.canStart(i) {
			continue
		}
		g := &grammar{p: p, s: s, today: p.Today(), cal: p.cal(), loc: p.loc()}
		res, end, err := g.phrase(i)
		if err != nil {
			return Result{}, false, &Error{Phrase: s.text(i, max(end, i+1)), Err: err}
		}
		if end > i {
			res.From, res.To = s.off[i], s.off[end]
			res.Phrase = text[res.From:res.To]
			return res, true, nil
		}
	}
	return Result{}, false, nil
}

// DatePrefix reads one date (no half day, no range, no count) at the start
// of text and returns the rest: meetings read their clock time after it
// (明天下午3点, 下周三 9:30). A date that reads two ways (周四 on a
// Thursday) is returned with ok set and Ambiguous, for the caller to ask.
func (p Parser) DatePrefix(text string) (Result, string, bool, error) {
	s := newScan(text)
	i := s.space(0)
	g := &grammar{p: p, s: s, today: p.Today(), cal: p.cal(), loc: p.loc(), pointOnly: true}
	res, end, err := g.phrase(i)
	if err != nil {
		return Result{}, text, false, &Error{Phrase: s.text(i, max(end, i+1)), Err: err}
	}
	if end <= i || !res.Ambiguous && !res.Start.Equal(res.End) {
		return Result{}, text, false, nil
	}
	res.From, res.To = s.off[i], s.off[end]
	res.Phrase = text[res.From:res.To]
	return res, text[s.off[end]:], true, nil
}

// Day reads text as one day, for a due date or an until date: ok is false
// when it names a run of days (下周, 12月20日至22日). A deadline phrase
// (月底前, 3个工作日内) gives its last day in End; a holiday's name (元旦,
// 春节) its festival day, the next to come, as DatePrefix reads it. A
// phrase that reads two ways is returned with ok set and Ambiguous, for
// the caller to ask.
func (p Parser) Day(text string) (Result, bool, error) {
	r, err := p.Parse(text)
	if err == nil && (r.Ambiguous || r.Deadline || r.Start.Equal(r.End)) {
		return r, true, nil
	}
	if d, rest, ok, perr := p.DatePrefix(text); perr == nil && ok && strings.TrimSpace(rest) == "" {
		if !d.Ambiguous {
			d.End = d.Start
		}
		return d, true, nil
	}
	return r, false, err
}

// maxText bounds the text Find reads, in bytes.
const maxText = 4000
