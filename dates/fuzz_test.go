package dates_test

import (
	"testing"
	"time"
	"unicode/utf8"

	"officebot/calendar"
	"officebot/dates"
)

// FuzzFind checks that any text is read without a panic, that the phrase
// found is where Find says, that its spans are well formed and bounded, and
// that the explicit form of what was understood reads back to the same span.
func FuzzFind(f *testing.F) {
	for _, c := range phrases {
		f.Add(c.text)
	}
	for _, s := range []string{"出差 北京 下周三到周五 参加项目对接会", "１２月３２日", "9-11号到", "周三至五号", "下下下周", "十一十一",
		"2026-12-09至", "明天半天半天", "\xff\xfe下周", "十二月三十一日-1.1", "9999-99-99", "自", "出差 从 北京"} {
		f.Add(s)
	}
	cal := calendar.New(dates.Shanghai, nil)
	p := dates.At(time.Date(2026, 12, 3, 10, 0, 0, 0, dates.Shanghai), cal)
	f.Fuzz(func(t *testing.T, text string) {
		r, ok, err := p.Find(text)
		if err != nil {
			if dates.Message(err) == "" {
				t.Fatalf("%q: error without a message: %v", text, err)
			}
			return
		}
		if !ok {
			return
		}
		if r.From < 0 || r.To > len(text) || r.From >= r.To || text[r.From:r.To] != r.Phrase {
			t.Fatalf("%q: phrase %d..%d %q", text, r.From, r.To, r.Phrase)
		}
		if utf8.ValidString(text) && !utf8.ValidString(r.Phrase) {
			t.Fatalf("%q: phrase cuts a rune: %q", text, r.Phrase)
		}
		spans := r.Readings
		if !r.Ambiguous {
			spans = []dates.Span{r.Span}
		}
		for _, s := range spans {
			if n := s.HalfDays(); n < 1 || n > dates.MaxSpanDays*2 {
				t.Fatalf("%q: span of %d half days: %+v", text, n, s)
			}
			if s.Start.Year() < 1901 || s.End.Year() > 2100 {
				t.Fatalf("%q: year out of range: %+v", text, s)
			}
			back, err := p.Parse(dates.Explicit(s))
			if err != nil || back.Ambiguous || back.Span != s {
				t.Fatalf("%q: explicit %q reads back as %+v, %v", text, dates.Explicit(s), back.Span, err)
			}
			_ = dates.Echo(s)
		}
	})
}
