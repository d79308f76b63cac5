package office_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"officebot/calendar"
	"officebot/dates"
	"officebot/office"
)

var shanghai = time.FixedZone("Asia/Shanghai", 8*3600)

func parserAt(s string) dates.Parser {
	now, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return dates.At(now, calendar.New(shanghai, nil))
}

// Statistics periods as officials write them, pinned to fixed instants:
// Monday 2026-12-07, Tuesday 2027-01-05 (a month, quarter and year just
// turned), Thursday 2026-10-15. Each reads as the period written after it
// (2026-12, 2026-Q4, 2026, or the first and last days).
func TestReadPeriodPinned(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ now, in, want string }{
		// the strict forms
		{"2026-12-07 10:00", "2026-12", "2026-12"},
		{"2026-12-07 10:00", "2026年11月", "2026-11"},
		{"2026-12-07 10:00", "2026-Q4", "2026-Q4"},
		{"2026-12-07 10:00", "2026年第三季度", "2026-Q3"},
		{"2026-12-07 10:00", "2025", "2025"},
		{"2026-12-07 10:00", "２０２６年１１月", "2026-11"},
		// named months, quarters, years
		{"2026-12-07 10:00", "本月", "2026-12"},
		{"2026-12-07 10:00", "这个月", "2026-12"},
		{"2026-12-07 10:00", "上月", "2026-11"},
		{"2026-12-07 10:00", "上个月", "2026-11"},
		{"2027-01-05 10:00", "上个月", "2026-12"},
		{"2026-12-07 10:00", "本季度", "2026-Q4"},
		{"2026-12-07 10:00", "上季度", "2026-Q3"},
		{"2027-01-05 10:00", "上季度", "2026-Q4"},
		{"2027-01-05 10:00", "本季度", "2027-Q1"},
		{"2026-12-07 10:00", "今年", "2026"},
		{"2026-12-07 10:00", "本年度", "2026"},
		{"2027-01-05 10:00", "去年", "2026"},
		{"2027-01-05 10:00", "去年全年", "2026"},
		{"2026-12-07 10:00", "上半年", "2026-01-01..2026-06-30"},
		{"2026-12-07 10:00", "下半年", "2026-07-01..2026-12-31"},
		{"2027-01-05 10:00", "2026年下半年", "2026-07-01..2026-12-31"},
		{"2027-01-05 10:00", "去年上半年", "2026-01-01..2026-06-30"},
		// a month or quarter without its year: the latest that has begun
		{"2026-12-07 10:00", "11月", "2026-11"},
		{"2026-12-07 10:00", "十一月", "2026-11"},
		{"2026-12-07 10:00", "11月份", "2026-11"},
		{"2026-12-07 10:00", "12月", "2026-12"},
		{"2027-01-05 10:00", "11月", "2026-11"},
		{"2027-01-05 10:00", "1月", "2027-01"},
		{"2027-01-05 10:00", "去年11月", "2026-11"},
		{"2026-12-07 10:00", "今年3月", "2026-03"},
		{"2026-12-07 10:00", "四季度", "2026-Q4"},
		{"2026-12-07 10:00", "第三季度", "2026-Q3"},
		{"2027-01-05 10:00", "四季度", "2026-Q4"},
		{"2027-01-05 10:00", "Q4", "2026-Q4"},
		{"2027-01-05 10:00", "去年四季度", "2026-Q4"},
		// the last days, ending today
		{"2026-12-07 10:00", "近30天", "2026-11-08..2026-12-07"},
		{"2026-12-07 10:00", "最近30天", "2026-11-08..2026-12-07"},
		{"2026-12-07 10:00", "过去七天", "2026-12-01..2026-12-07"},
		{"2026-12-07 10:00", "近一周", "2026-12-01..2026-12-07"},
		{"2026-12-07 10:00", "近两周", "2026-11-24..2026-12-07"},
		{"2026-12-07 10:00", "近三个月", "2026-09-08..2026-12-07"},
		{"2026-12-07 10:00", "近半年", "2026-06-08..2026-12-07"},
		{"2026-12-07 10:00", "近一年", "2025-12-08..2026-12-07"},
		{"2027-01-05 10:00", "近30天", "2026-12-07..2027-01-05"},
		// days from package dates
		{"2026-12-07 10:00", "2026-10-01至2026-11-30", "2026-10-01..2026-11-30"},
		{"2026-12-07 10:00", "2026-10-01 至 2026-11-30", "2026-10-01..2026-11-30"},
		{"2026-12-07 10:00", "2026-12-01至2026-12-31", "2026-12"},
		{"2026-12-07 10:00", "2026-10-01至2026-12-31", "2026-Q4"},
		{"2026-12-07 10:00", "12月上旬", "2026-12-01..2026-12-10"},
		{"2026-12-07 10:00", "12月1日至今天", "2026-12-01..2026-12-07"},
		{"2026-12-07 10:00", "昨天", "2026-12-06..2026-12-06"},
		{"2026-12-07 10:00", "今天", "2026-12-07..2026-12-07"},
		{"2026-12-07 10:00", "上周五", "2026-12-04..2026-12-04"},
		// year-less dates dates reads as next year's: the last that has begun
		{"2026-12-07 10:00", "10月1日至11月30日", "2026-10-01..2026-11-30"},
		{"2026-12-07 10:00", "10.1-11.30", "2026-10-01..2026-11-30"},
		{"2026-12-07 10:00", "国庆", "2026-10-01..2026-10-07"},
		{"2026-12-07 10:00", "春节", "2026-02-15..2026-02-23"},
		{"2026-10-15 10:00", "国庆期间", "2026-10-01..2026-10-07"},
		{"2026-12-07 10:00", "12月1日至11月30日", "2026-12-01..2027-11-30"}, // dates reads the end as next year's
		{"2027-01-05 10:00", "12月", "2026-12"},
		{"2027-01-05 10:00", "12月下旬", "2026-12-21..2026-12-31"},
		// ahead: what is filed for it, what falls due in it
		{"2026-11-30 10:00", "2026-12", "2026-12"},
		{"2026-12-07 10:00", "下个月", "2027-01"},
		{"2026-12-07 10:00", "明天", "2026-12-08..2026-12-08"},
		{"2026-12-07 10:00", "下周三到周五", "2026-12-16..2026-12-18"},
		{"2026-12-07 10:00", "今天半天", "2026-12-07..2026-12-07"}, // morning or afternoon: the same day to count
	} {
		r, err := office.ReadPeriod(tc.in, parserAt(tc.now))
		if err != nil || r.Ambiguous {
			t.Errorf("at %s ReadPeriod(%q) = %+v, %v; want %s", tc.now, tc.in, r, err, tc.want)
			continue
		}
		if got := show(r.Period); got != tc.want {
			t.Errorf("at %s ReadPeriod(%q) = %s; want %s", tc.now, tc.in, got, tc.want)
		}
	}
}

// show writes a period as the table does: 2026-12, 2026-Q4, 2026, or
// FIRST..LAST for a run of days.
func show(p office.Period) string {
	if p.Span == office.Range {
		return p.First.Format(time.DateOnly) + ".." + p.Last.Format(time.DateOnly)
	}
	return p.String()
}

// A phrase with two readings that have both begun is asked about: both in
// full, with what to type for each; typing one back reads as it.
func TestReadPeriodAsksWhenAPhraseReadsTwoWays(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		now, in string
		want    []string // the readings, as show writes them
	}{
		{"2026-12-07 10:00", "上周", []string{"2026-11-30..2026-12-04", "2026-11-30..2026-12-06"}},
		{"2026-12-07 10:00", "本周", []string{"2026-12-07..2026-12-11", "2026-12-07..2026-12-13"}},
		{"2027-01-05 10:00", "上周", []string{"2026-12-28..2027-01-01", "2026-12-28..2027-01-03"}},
		{"2027-01-05 10:00", "本周", []string{"2027-01-04..2027-01-08", "2027-01-04..2027-01-10"}},
		{"2026-12-07 10:00", "周一到周三", []string{"2026-12-07..2026-12-09", "2026-12-14..2026-12-16"}},
		{"2026-12-07 10:00", "下周", []string{"2026-12-14..2026-12-18", "2026-12-14..2026-12-20"}},
	} {
		p := parserAt(tc.now)
		r, err := office.ReadPeriod(tc.in, p)
		if err != nil || !r.Ambiguous || len(r.Readings) != len(tc.want) {
			t.Errorf("at %s ReadPeriod(%q) = %+v, %v; want readings %v", tc.now, tc.in, r, err, tc.want)
			continue
		}
		q := r.Question()
		for k, per := range r.Readings {
			if got := show(per); got != tc.want[k] {
				t.Errorf("at %s %q reading %d = %s; want %s", tc.now, tc.in, k+1, got, tc.want[k])
			}
			if !strings.Contains(q, per.Echo()) || !strings.Contains(q, "/office stats "+per.Explicit()) {
				t.Errorf("question lacks reading %d:\n%s", k+1, q)
			}
			back, err := office.ReadPeriod(per.Explicit(), p)
			if err != nil || back.Ambiguous || show(back.Period) != tc.want[k] {
				t.Errorf("typing %q back reads %+v, %v", per.Explicit(), back, err)
			}
		}
	}
}

// What is not a period is refused with a Chinese message that shows what
// to write; a period that has not begun says so.
func TestReadPeriodRefusesWithExamples(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, key, want string }{
		{"", "office.period.empty", "本月、上月"},
		{"随便", "office.period.bad", "可以这样写：本月、上月、本季度"},
		{"last month", "office.period.bad", "近30天"},
		{"月底前", "office.period.bad", "2026-10-01至2026-11-30"},
		{"3个工作日内", "office.period.bad", "不是统计期间"},
		{"13月", "office.period.bad_month", "1 至 12"},
		{"2026-13", "office.period.bad_month", "1 至 12"},
		{"1999年", "office.period.bad_year", "2000 至 2099"},
		{"近两年", "office.period.too_long", "最长一年"},
		{strings.Repeat("九", 100), "office.period.bad", "不是统计期间"},
	} {
		_, err := office.ReadPeriod(tc.in, parserAt("2026-12-07 10:00"))
		var pe *office.PeriodError
		if !errors.As(err, &pe) || pe.Key != tc.key || !strings.Contains(pe.Message(), tc.want) {
			t.Errorf("ReadPeriod(%q) = %v; want %s with %q", tc.in, err, tc.key, tc.want)
		}
	}
	// A malformed date is the dates package's error, naming the phrase.
	_, err := office.ReadPeriod("2026-12-11至2026-12-09", parserAt("2026-12-07 10:00"))
	if !errors.Is(err, dates.ErrEndBefore) || !strings.Contains(dates.Message(err), "结束日期早于开始日期") {
		t.Errorf("an end before its start: %v", err)
	}
}

// A phrase relative to today that dates reads ahead is not moved back a
// year as a year-less date is: 下个月 said in December is next January.
func TestReadPeriodDoesNotMoveAPhraseRelativeToToday(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"下个月": "2027-01", "月底": "2026-12-31..2026-12-31", "3天后": "2026-12-10..2026-12-10",
		"周末": "2026-12-12..2026-12-13", "下周末": "2026-12-19..2026-12-20"} {
		r, err := office.ReadPeriod(in, parserAt("2026-12-07 10:00"))
		if err != nil || r.Ambiguous || show(r.Period) != want {
			t.Errorf("ReadPeriod(%q) = %+v, %v; want %s", in, r, err, want)
		}
	}
}

// FuzzReadPeriod: any text is read without a panic, and a period read is
// valid, at most a year long, and reads back from its explicit form.
func FuzzReadPeriod(f *testing.F) {
	for _, s := range []string{"本月", "上周", "近30天", "2026-10-01至2026-11-30", "10月1日至11月30日", "十一月", "近半年", "四季度", "国庆", "2070", "自"} {
		f.Add(s)
	}
	p := parserAt("2026-12-07 10:00")
	f.Fuzz(func(t *testing.T, in string) {
		r, err := office.ReadPeriod(in, p)
		if err != nil || r.Ambiguous {
			return
		}
		per := r.Period
		if !per.Valid() || per.End(shanghai).Sub(per.Start(shanghai)) > 367*24*time.Hour {
			t.Fatalf("ReadPeriod(%q) = %+v", in, per)
		}
		back, err := office.ReadPeriod(per.Explicit(), p)
		if err != nil || back.Ambiguous || back.Period != per {
			t.Fatalf("ReadPeriod(%q) = %s, read back as %+v, %v", in, per.Explicit(), back, err)
		}
	})
}
