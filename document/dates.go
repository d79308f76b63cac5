package document

import (
	"strings"
	"time"

	"officebot/dates"
	"officebot/text"
)

// naturalDate reads the other ways officials write a due date (下周五,
// 月底前, 3个工作日内, 春节前, 十二月二十日, 20号) with package dates, in
// today's zone; a holiday's name (元旦) is its festival day. A phrase that
// reads two ways or names several days is not a due date.
func naturalDate(s string, today time.Time) (time.Time, bool) {
	p := dates.Parser{Now: func() time.Time { return today }, Location: today.Location()}
	r, ok, err := p.Day(s)
	if err != nil || !ok || r.Ambiguous {
		return time.Time{}, false
	}
	return r.End, true
}

// DateQuestion reports whether s, not read by ParseDate, is a date phrase
// that reads two ways (周四 said on a Thursday, 十一): then it returns the
// question listing both readings in full and the explicit form to type for
// each, for /doc to ask instead of guessing (docs/dates.md).
func DateQuestion(s string, today time.Time) (string, bool) {
	p := dates.Parser{Now: func() time.Time { return today }, Location: today.Location()}
	r, err := p.Parse(strings.TrimSpace(text.HalfWidth(s)))
	if err != nil || !r.Ambiguous {
		return "", false
	}
	return dates.Question(r), true
}
