package leave

import (
	"officebot/dates"
	"officebot/msg"
	"time"
)

// Dates in this package are calendar days at midnight in the office's zone
// (OFFICEBOT_TZ, default Asia/Shanghai). The package holds no zone of its
// own: the parser reads dates in its dates.Parser's zone, storage reads them
// in the store's zone, and callers pass the zone to Today.

// Day returns midnight of t's calendar date in t's own location: a date
// read as 2026-12-03T00:00:00+09:00 is 3 December, midnight in Tokyo.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// Today returns the date of the instant now in the office's zone loc.
func Today(now time.Time, loc *time.Location) time.Time { return Day(now.In(loc)) }

// Half says which half of a day an absence starts or ends in. The zero value
// means the whole day: from the morning for a start, to the evening for an
// end.
type Half int

// The halves of a day.
const (
	WholeDay  Half = iota // 全天
	Morning               // 上午
	Afternoon             // 下午
)

// Label returns 上午, 下午 or "" for the whole day.
func (h Half) Label() string {
	switch h {
	case Morning:
		return msg.T("leave.half_morning")
	case Afternoon:
		return msg.T("leave.half_afternoon")
	}
	return ""
}

// Period is the time an absence covers, in half days. Start and End are
// dates (see Day); StartHalf Afternoon means the absence starts at noon,
// EndHalf Morning that it ends at noon. A single afternoon is Start == End,
// StartHalf Afternoon; a single morning is Start == End, EndHalf Morning.
type Period struct {
	Start     time.Time
	StartHalf Half
	End       time.Time
	EndHalf   Half
}

// halfIndex numbers half days: day*2 for a morning, day*2+1 for an afternoon.
func halfIndex(d time.Time, afternoon bool) int {
	y, m, dd := d.Date()
	// Days since the Unix epoch of the civil date, independent of zones.
	n := int(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	if afternoon {
		return n*2 + 1
	}
	return n * 2
}

func (p Period) first() int { return halfIndex(p.Start, p.StartHalf == Afternoon) }
func (p Period) last() int  { return halfIndex(p.End, p.EndHalf != Morning) }

// IsZero reports whether the period has no dates.
func (p Period) IsZero() bool { return p.Start.IsZero() && p.End.IsZero() }

// maxDays bounds a period: anything longer is a typo, not a leave.
const maxDays = 366

// Validate reports ErrNoDates for a period without dates,
// ErrEndBeforeStart when the end comes before the start (also on the same
// day: from the afternoon to the morning) and ErrPeriodTooLong beyond a
// year.
func (p Period) Validate() error {
	if p.Start.IsZero() || p.End.IsZero() {
		return ErrNoDates
	}
	if p.last() < p.first() {
		return ErrEndBeforeStart
	}
	if p.HalfDays() > maxDays*2 {
		return ErrPeriodTooLong
	}
	return nil
}

// HalfDays returns the length of the period in half days (0 when invalid).
func (p Period) HalfDays() int {
	n := p.last() - p.first() + 1
	if n < 0 {
		return 0
	}
	return n
}

// Days returns the length of the period in calendar days: 0.5 for half a
// day. Art. 57 ¶1 counts calendar days ("1天以上"), weekends included.
func (p Period) Days() float64 { return float64(p.HalfDays()) / 2 }

// From returns the instant the absence starts: midnight, or noon for an
// afternoon start.
func (p Period) From() time.Time {
	t := Day(p.Start)
	if p.StartHalf == Afternoon {
		t = t.Add(12 * time.Hour)
	}
	return t
}

// To returns the instant the absence ends (exclusive): the next midnight, or
// noon for a morning end.
func (p Period) To() time.Time {
	t := Day(p.End)
	if p.EndHalf == Morning {
		return t.Add(12 * time.Hour)
	}
	return t.AddDate(0, 0, 1)
}

// Absence returns the period as the approved absence of the person, for the
// Away list of later decisions.
func (p Period) Absence(slackID string) Absence {
	return Absence{SlackID: slackID, From: p.From(), To: p.To()}
}

// Overlaps reports whether two periods share at least one half day. The
// handler uses it to refuse a request that overlaps the person's own open
// requests.
func Overlaps(a, b Period) bool {
	if a.HalfDays() == 0 || b.HalfDays() == 0 {
		return false
	}
	return a.first() <= b.last() && b.first() <= a.last()
}

// SingleDay returns the period covering one date, or half of it when half is
// Morning or Afternoon.
func SingleDay(date time.Time, half Half) Period {
	d := Day(date)
	return Period{Start: d, StartHalf: half, End: d, EndHalf: half}
}

// FormatPeriod renders a period for people exactly as the filing echo
// confirms it (dates.Echo), so a request reads the same everywhere it is
// shown: "2026-12-03（星期四）至 2026-12-05（星期六），共3天",
// "2026-12-04（星期五）下午，共0.5天",
// "2026-12-03（星期四）下午 至 2026-12-05（星期六）上午，共2天".
func FormatPeriod(p Period) string {
	return dates.Echo(p.Span())
}

// Span is the period as a dates.Span. A single half day is written the way
// the dates package marks it: a morning ends at noon, an afternoon starts
// at noon.
func (p Period) Span() dates.Span {
	sp := dates.Span{Start: Day(p.Start), End: Day(p.End), StartHalf: dates.Half(p.StartHalf), EndHalf: dates.Half(p.EndHalf)}
	if sp.Start.Equal(sp.End) && p.HalfDays() == 1 {
		sp.StartHalf, sp.EndHalf = dates.WholeDay, dates.Morning
		if p.StartHalf == Afternoon {
			sp.StartHalf, sp.EndHalf = dates.Afternoon, dates.WholeDay
		}
	}
	return sp
}
