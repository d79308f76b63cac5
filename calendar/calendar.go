// Package calendar knows which days are working days in mainland China: the
// State Council's holiday schedule (legal holidays and the weekend days made
// working days, 调休) from github.com/6tail/lunar-go, plus overrides that
// admins keep in the database for years the library does not know yet.
//
// Days are civil dates in the office's time zone; a time.Time passed in is
// first converted to that zone and truncated to its date.
package calendar

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"officebot/text"
)

// MaxNameLen is the longest name of an override (国庆调休), in characters.
const MaxNameLen = 30

// Override makes one day a working day or a rest day, whatever the library says.
type Override struct {
	Day     time.Time // a date at midnight in the calendar's zone
	Workday bool
	Name    string // e.g. 春节, 调休上班
}

// Day is what the calendar knows of one date.
type Day struct {
	Date        time.Time
	Workday     bool
	Name        string // the holiday or make-up day's name, empty for ordinary days
	Override    bool   // an admin override decided it
	Provisional bool   // the year has no holiday data: decided on weekends alone
	// Target is the festival's own day for a day of the library's holiday
	// schedule (元旦 2027-01-01, 春节 2027-02-06: 正月初一, whatever the
	// days off around it); zero for overrides and ordinary days.
	Target time.Time
}

// Calendar answers working-day questions. It is safe for concurrent use; the
// zero value is not usable, call New.
type Calendar struct {
	loc *time.Location

	mu        sync.RWMutex
	overrides map[string]Override // by YYYY-MM-DD
	complete  map[int]bool        // years an admin marked complete
}

// New returns a calendar for the zone with the given overrides.
func New(loc *time.Location, overrides []Override) *Calendar {
	c := &Calendar{loc: loc}
	c.SetOverrides(overrides)
	return c
}

// Location returns the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// SetOverrides replaces the admin overrides.
func (c *Calendar) SetOverrides(overrides []Override) {
	m := make(map[string]Override, len(overrides))
	for _, o := range overrides {
		d := c.Date(o.Day)
		o.Day = d
		m[d.Format(time.DateOnly)] = o
	}
	c.mu.Lock()
	c.overrides = m
	c.mu.Unlock()
}

// Date returns t's civil date at midnight in the calendar's zone.
func (c *Calendar) Date(t time.Time) time.Time {
	t = t.In(c.loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, c.loc)
}

// ParseDate parses YYYY-MM-DD in the calendar's zone.
//
// Full-width digits and dashes (２０２６－０９－２８) are read as typed by a
// Chinese input method; years outside 1901-2099 (the holiday tables' span,
// and surely a typo in an office) are refused.
func (c *Calendar) ParseDate(s string) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(text.HalfWidth(s)), c.loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("parse date %q: %w", s, err)
	}
	if y := d.Year(); y < 1901 || y > 2099 {
		return time.Time{}, fmt.Errorf("parse date %q: year %d out of range", s, y)
	}
	return d, nil
}

var (
	libYearsMu sync.Mutex
	libYears   = map[int]bool{}
)

// libraryKnows reports whether lunar-go carries the holiday schedule of the year.
func libraryKnows(year int) bool {
	libYearsMu.Lock()
	defer libYearsMu.Unlock()
	known, ok := libYears[year]
	if !ok {
		known = HolidayUtil.GetHolidaysByYear(year).Len() > 0
		libYears[year] = known
	}
	return known
}

// SetCompleteYears replaces the years an admin marked complete (`officebot
// calendar complete YEAR`): their overrides are the whole State Council
// schedule, so their deadlines are no longer provisional.
func (c *Calendar) SetCompleteYears(years []int) {
	m := make(map[int]bool, len(years))
	for _, y := range years {
		m[y] = true
	}
	c.mu.Lock()
	c.complete = m
	c.mu.Unlock()
}

// KnowsYear reports whether the calendar has the holiday schedule of the
// year: from the library, or because an admin marked the year complete.
// Overrides alone do not make a year known: one day added for 2029 says
// nothing of 2029's other holidays.
func (c *Calendar) KnowsYear(year int) bool {
	c.mu.RLock()
	known := c.complete[year]
	c.mu.RUnlock()
	return known || libraryKnows(year)
}

// Day tells what the calendar knows of t's date.
func (c *Calendar) Day(t time.Time) Day {
	d := c.Date(t)
	key := d.Format(time.DateOnly)
	c.mu.RLock()
	o, ok := c.overrides[key]
	c.mu.RUnlock()
	if ok {
		return Day{Date: d, Workday: o.Workday, Name: o.Name, Override: true}
	}
	if h := HolidayUtil.GetHoliday(key); h != nil {
		return Day{Date: d, Workday: h.IsWork(), Name: h.GetName(), Target: c.target(h)}
	}
	wd := d.Weekday()
	return Day{Date: d, Workday: wd != time.Saturday && wd != time.Sunday, Provisional: !c.KnowsYear(d.Year())}
}

// IsWorkday reports whether t's date is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool { return c.Day(t).Workday }

// Due is a computed deadline.
type Due struct {
	Date time.Time
	// Provisional is true when a day on the way fell in a year without holiday
	// data, so the result counts weekends only and may move once admins add
	// that year's schedule.
	Provisional bool
}

// AddWorkdays returns the n-th working day after from's date: the day from
// falls on is not counted, day 1 is the first working day after it (SPEC §1.4).
// n must be at least 1.
func (c *Calendar) AddWorkdays(from time.Time, n int) Due {
	d := c.Date(from)
	var due Due
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		day := c.Day(d)
		due.Provisional = due.Provisional || day.Provisional
		if day.Workday {
			n--
		}
	}
	due.Date = d
	return due
}

// WorkdaysBetween counts the working days after from up to and including to.
func (c *Calendar) WorkdaysBetween(from, to time.Time) int {
	d, end := c.Date(from), c.Date(to)
	n := 0
	for d.Before(end) {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkday(d) {
			n++
		}
	}
	return n
}

// WithinDays returns the last day of a period of n calendar days counted from
// the day after from ("十日内"); when that day is a rest day the period ends
// on the next working day (Civil Code Art. 203).
func (c *Calendar) WithinDays(from time.Time, n int) Due {
	d := c.Date(from).AddDate(0, 0, n)
	var due Due
	for {
		day := c.Day(d)
		due.Provisional = due.Provisional || day.Provisional
		if day.Workday {
			break
		}
		d = d.AddDate(0, 0, 1)
	}
	due.Date = d
	return due
}

// NextWorkday returns the first working day on or after t's date.
func (c *Calendar) NextWorkday(t time.Time) time.Time {
	d := c.Date(t)
	for !c.IsWorkday(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// target is a library holiday's festival day in the calendar's zone, or
// zero when the library's date does not parse.
func (c *Calendar) target(h *HolidayUtil.Holiday) time.Time {
	t, err := c.ParseDate(h.GetTarget())
	if err != nil {
		return time.Time{}
	}
	return t
}

// Year lists the holidays, make-up working days and overrides of a year.
func (c *Calendar) Year(year int) []Day {
	var out []Day
	seen := map[string]bool{}
	c.mu.RLock()
	for k, o := range c.overrides {
		if o.Day.Year() == year {
			out = append(out, Day{Date: o.Day, Workday: o.Workday, Name: o.Name, Override: true})
			seen[k] = true
		}
	}
	c.mu.RUnlock()
	for e := HolidayUtil.GetHolidaysByYear(year).Front(); e != nil; e = e.Next() {
		h := e.Value.(*HolidayUtil.Holiday)
		if seen[h.GetDay()] {
			continue
		}
		d, err := c.ParseDate(h.GetDay())
		if err != nil {
			continue
		}
		out = append(out, Day{Date: d, Workday: h.IsWork(), Name: h.GetName(), Target: c.target(h)})
	}
	slices.SortFunc(out, func(a, b Day) int { return a.Date.Compare(b.Date) })
	return out
}
