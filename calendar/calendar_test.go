package calendar

import (
	"testing"
	"time"
)

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func day(s string) time.Time {
	d, err := time.ParseInLocation(time.DateOnly, s, shanghai)
	if err != nil {
		panic(err)
	}
	return d
}

func TestIsWorkdayFollowsTheStateCouncilSchedule(t *testing.T) {
	c := New(shanghai, nil)
	tests := []struct {
		date    string
		workday bool
		why     string
	}{
		// 2025 Spring Festival: 1.28-2.4 off, Sun 1.26 and Sat 2.8 worked.
		{"2025-01-26", true, "Sunday made a working day for the Spring Festival"},
		{"2025-01-27", true, "ordinary Monday"},
		{"2025-01-28", false, "除夕 holiday"},
		{"2025-02-04", false, "last day of the Spring Festival holiday"},
		{"2025-02-05", true, "first day back"},
		{"2025-02-08", true, "Saturday made a working day"},
		{"2025-02-09", false, "ordinary Sunday"},
		// 2025 National Day and Mid-Autumn: 10.1-10.8 off, Sun 9.28 and Sat 10.11 worked.
		{"2025-09-28", true, "Sunday made a working day"},
		{"2025-10-08", false, "last day of the National Day holiday"},
		{"2025-10-09", true, "first day back"},
		{"2025-10-11", true, "Saturday made a working day"},
		// 2026 Spring Festival: 2.15-2.23 off, Sat 2.14 and Sat 2.28 worked.
		{"2026-02-14", true, "Saturday made a working day"},
		{"2026-02-15", false, "Spring Festival holiday"},
		{"2026-02-23", false, "last day of the Spring Festival holiday"},
		{"2026-02-24", true, "first day back"},
		{"2026-02-28", true, "Saturday made a working day"},
		// 2026 National Day: 10.1-10.7 off, Sun 9.20 and Sat 10.10 worked.
		{"2026-09-20", true, "Sunday made a working day"},
		{"2026-09-25", false, "Mid-Autumn Festival"},
		{"2026-10-01", false, "National Day"},
		{"2026-10-07", false, "last day of the National Day holiday"},
		{"2026-10-08", true, "first day back"},
		{"2026-10-10", true, "Saturday made a working day"},
		{"2026-10-11", false, "ordinary Sunday"},
		{"2026-11-26", true, "ordinary Thursday"},
	}
	for _, tt := range tests {
		if got := c.IsWorkday(day(tt.date)); got != tt.workday {
			t.Errorf("IsWorkday(%s) = %v, want %v (%s)", tt.date, got, tt.workday, tt.why)
		}
	}
}

func TestIsWorkdayUsesTheOfficeZone(t *testing.T) {
	c := New(shanghai, nil)
	// 2026-10-07 20:00 UTC is already 10-08 04:00 in Shanghai, the first day back.
	if !c.IsWorkday(time.Date(2026, 10, 7, 20, 0, 0, 0, time.UTC)) {
		t.Fatal("a UTC instant that is 10-08 in Shanghai should be a working day")
	}
}

func TestDeadlineCountsWorkingDaysAfterTheStartDay(t *testing.T) {
	c := New(shanghai, nil)
	tests := []struct {
		cat  Category
		from string
		due  string
	}{
		// SPEC §3 example: the National Day holiday and Sat 10.10 make-up day.
		{Joint, "2026-09-28", "2026-10-15"},
		{InRemit, "2026-09-28", "2026-10-12"},
		{NeedsApproval, "2026-09-28", "2026-10-12"},
		{Investigation, "2026-09-28", "2026-10-30"},
		// Across the 2026 Spring Festival: 2.12 Thu → 2.13, 2.14 (Sat worked), 2.24-2.27, 2.28 (Sat worked), 3.2, 3.3.
		{InRemit, "2026-02-12", "2026-02-27"},
		{Joint, "2026-02-12", "2026-03-03"},
		// Ordinary weeks: assigned on a Friday, day 1 is Monday.
		{InRemit, "2026-11-27", "2026-12-07"},
		// Assigned on a holiday: day 1 is the first working day after it.
		{InRemit, "2026-10-03", "2026-10-14"},
		// 2025 Spring Festival: 1.24 Fri → 1.26 (Sun worked) 1.27, 2.5, 2.6, 2.7, 2.8 (Sat worked).
		{InRemit, "2025-01-24", "2025-02-08"},
	}
	for _, tt := range tests {
		got, err := c.Deadline(tt.cat, day(tt.from))
		if err != nil {
			t.Fatalf("Deadline(%s, %s): %v", tt.cat, tt.from, err)
		}
		if g := got.Date.Format(time.DateOnly); g != tt.due || got.Provisional {
			t.Errorf("Deadline(%s, %s) = %s provisional=%v, want %s", tt.cat, tt.from, g, got.Provisional, tt.due)
		}
	}
	if _, err := c.Deadline(Urgent, day("2026-09-28")); err == nil {
		t.Error("urgent documents have no fixed limit; want an error")
	}
}

func TestWithinDaysMovesARestDayEndToTheNextWorkingDay(t *testing.T) {
	c := New(shanghai, nil)
	tests := []struct{ from, due string }{
		{"2026-11-02", "2026-11-12"}, // ten days later is a Thursday
		{"2026-11-04", "2026-11-16"}, // 11-14 is a Saturday → Monday
		{"2026-09-25", "2026-10-08"}, // 10-05 falls in the National Day holiday
		{"2026-09-30", "2026-10-10"}, // 10-10 is a Saturday made a working day
	}
	for _, tt := range tests {
		got := c.WithinDays(day(tt.from), 10)
		if g := got.Date.Format(time.DateOnly); g != tt.due {
			t.Errorf("WithinDays(%s, 10) = %s, want %s", tt.from, g, tt.due)
		}
	}
}

func TestOverridesWinAndCanBeRemoved(t *testing.T) {
	c := New(shanghai, nil)
	d := day("2026-12-31") // a Thursday
	if !c.IsWorkday(d) {
		t.Fatal("2026-12-31 should be an ordinary working day")
	}
	c.SetOverrides([]Override{{Day: d, Workday: false, Name: "临时调整"}})
	if c.IsWorkday(d) {
		t.Fatal("override to holiday not applied")
	}
	if got := c.Day(d); !got.Override || got.Name != "临时调整" {
		t.Fatalf("Day() = %+v, want the override", got)
	}
	c.SetOverrides(nil)
	if !c.IsWorkday(d) {
		t.Fatal("removing the override should restore the working day")
	}
}

func TestUnknownYearIsProvisionalUntilAdminsAddIt(t *testing.T) {
	c := New(shanghai, nil)
	const year = 2099
	if c.KnowsYear(year) {
		t.Skip("the holiday library knows 2099; pick another year")
	}
	from := day("2099-03-02")
	got := c.AddWorkdays(from, 6)
	if !got.Provisional {
		t.Fatal("a deadline in a year without data should be provisional")
	}
	if g := got.Date.Format(time.DateOnly); g != "2099-03-10" {
		t.Fatalf("weekends-only count gave %s, want 2099-03-10", g)
	}
	c.SetOverrides([]Override{{Day: day("2099-03-04"), Workday: false, Name: "测试假日"}})
	got = c.AddWorkdays(from, 6)
	// One override says nothing of the year's other holidays (issue 11 item 12).
	if !got.Provisional || got.Date.Format(time.DateOnly) != "2099-03-11" {
		t.Fatalf("after one override: %+v, want 2099-03-11 still provisional", got)
	}
	if c.KnowsYear(year) {
		t.Fatal("an override made the whole year known")
	}
	c.SetCompleteYears([]int{year})
	got = c.AddWorkdays(from, 6)
	if got.Provisional || got.Date.Format(time.DateOnly) != "2099-03-11" || !c.KnowsYear(year) {
		t.Fatalf("after the year was marked complete: %+v, want 2099-03-11 not provisional", got)
	}
}

func TestYearListsHolidaysAndOverrides(t *testing.T) {
	c := New(shanghai, []Override{{Day: day("2026-12-31"), Workday: false, Name: "临时调整"}})
	days := c.Year(2026)
	var sawMakeUp, sawOverride bool
	for i, d := range days {
		if i > 0 && d.Date.Before(days[i-1].Date) {
			t.Fatalf("days not sorted at %d", i)
		}
		if d.Date.Equal(day("2026-10-10")) && d.Workday {
			sawMakeUp = true
		}
		if d.Override && d.Date.Equal(day("2026-12-31")) {
			sawOverride = true
		}
	}
	if !sawMakeUp || !sawOverride {
		t.Fatalf("Year(2026) missing make-up day (%v) or override (%v)", sawMakeUp, sawOverride)
	}
}

func TestParseDateReadsFullWidthAndRefusesImplausibleYears(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	c := New(loc, nil)
	d, err := c.ParseDate(" ２０２６－０９－２８ ")
	if err != nil || d.Format(time.DateOnly) != "2026-09-28" {
		t.Fatalf("full-width: %v %v", d, err)
	}
	for _, s := range []string{"9999-12-31", "0001-01-01", "1900-12-31", "2100-01-01", "2026-02-30", ""} {
		if _, err := c.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) should fail", s)
		}
	}
}
