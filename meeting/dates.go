package meeting

import (
	"errors"
	"time"

	"officebot/dates"
)

// naturalDate reads the dates officials write (下周三, 周五, 国庆节后第一个
// 工作日, 十二月九日) with package dates, in now's zone; a date that reads two
// ways is a CodeAmbiguousDate error whose Arg asks which one is meant.
func naturalDate(s string, now time.Time) (time.Time, string, error) {
	p := dates.Parser{Now: func() time.Time { return now }, Location: now.Location()}
	r, rest, ok, err := p.DatePrefix(s)
	var de *dates.Error
	switch {
	case errors.As(err, &de):
		return time.Time{}, s, &ParseError{Code: CodeBadDate, Arg: de.Phrase}
	case err != nil:
		return time.Time{}, s, err
	case !ok:
		return time.Time{}, s, &ParseError{Code: CodeNoDate, Arg: firstWord(s)}
	case r.Ambiguous:
		return time.Time{}, s, &ParseError{Code: CodeAmbiguousDate, Arg: dates.Question(r)}
	}
	return r.Start, rest, nil
}
