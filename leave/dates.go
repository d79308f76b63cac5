package leave

import (
	"errors"
	"strings"

	"officebot/dates"
)

// AmbiguousError is a /leave text whose dates read two ways (周四 said on
// a Thursday, 明天半天, 下周): nothing is filed; the person picks one.
type AmbiguousError struct {
	Phrase   string
	Readings []Period
	// Texts are the /leave texts with each reading written out, ready to
	// be filed as they are.
	Texts []string
	// Question lists both readings in full, for the reply.
	Question string

	explicit []string
}

// offers writes the whole text once per reading, the phrase replaced by
// the reading's explicit form.
func (e *AmbiguousError) offers(text string) []string {
	out := make([]string, len(e.explicit))
	for k, x := range e.explicit {
		out[k] = strings.Join(strings.Fields(strings.Replace(text, e.Phrase, " "+x+" ", 1)), " ")
	}
	return out
}

func (e *AmbiguousError) Error() string { return "leave: ambiguous dates " + e.Phrase }

// explicitDates replaces the first date phrase of s with its explicit form
// (2026-12-09 至 2026-12-11), which the tokenizer reads exactly.
func explicitDates(s string, dp dates.Parser) (string, error) {
	r, ok, err := dp.Find(s)
	if err != nil {
		var de *dates.Error
		frag := s
		if errors.As(err, &de) {
			frag = de.Phrase
		}
		return "", &ParseError{Part: PartDates, Fragment: frag, Err: datesErr(err)}
	}
	if !ok {
		return s, nil
	}
	if m := countRe.FindString(strings.TrimLeft(s[r.To:], " ，,")); m != "" {
		// A second count after the dates (明天 2天 3天) is a mistake.
		return "", &ParseError{Part: PartDates, Fragment: m, Err: ErrBadCount}
	}
	with := func(sp dates.Span) string {
		if r.Deadline {
			sp = dates.Day(sp.End)
		}
		return strings.TrimSpace(s[:r.From] + " " + dates.Explicit(sp) + " " + s[r.To:])
	}
	if r.Ambiguous {
		e := &AmbiguousError{Phrase: r.Phrase, Question: dates.Question(r)}
		for _, sp := range r.Readings {
			e.Readings = append(e.Readings, periodOf(sp))
			e.explicit = append(e.explicit, dates.Explicit(sp))
		}
		return "", e
	}
	return with(r.Span), nil
}

// datesErr maps the dates package's reasons to this package's.
func datesErr(err error) error {
	switch {
	case errors.Is(err, dates.ErrEndBefore):
		return ErrEndBeforeStart
	case errors.Is(err, dates.ErrDaysDiffer):
		return ErrDaysMismatch
	case errors.Is(err, dates.ErrTooLong):
		return ErrPeriodTooLong
	}
	return ErrBadDate
}

// periodOf is the span as a Period, a single half day as SingleDay makes it.
func periodOf(sp dates.Span) Period {
	if sp.Start.Equal(sp.End) && sp.HalfDays() == 1 {
		if sp.StartHalf == dates.Afternoon {
			return SingleDay(sp.Start, Afternoon)
		}
		return SingleDay(sp.Start, Morning)
	}
	return Period{Start: Day(sp.Start), StartHalf: Half(sp.StartHalf), End: Day(sp.End), EndHalf: Half(sp.EndHalf)}
}
