package office

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParsePeriodReadsMonthsQuartersAndYears(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want Period
		str  string
	}{
		{"2026-12", Period{Span: Month, Year: 2026, N: 12}, "2026-12"},
		{"2026-1", Period{Span: Month, Year: 2026, N: 1}, "2026-01"},
		{" 2026/03 ", Period{Span: Month, Year: 2026, N: 3}, "2026-03"},
		{"2026年12月", Period{Span: Month, Year: 2026, N: 12}, "2026-12"},
		{"２０２６－１２", Period{Span: Month, Year: 2026, N: 12}, "2026-12"},
		{"2026-Q4", Period{Span: Quarter, Year: 2026, N: 4}, "2026-Q4"},
		{"2026q1", Period{Span: Quarter, Year: 2026, N: 1}, "2026-Q1"},
		{"2026年第四季度", Period{Span: Quarter, Year: 2026, N: 4}, "2026-Q4"},
		{"2026年第2季度", Period{Span: Quarter, Year: 2026, N: 2}, "2026-Q2"},
		{"2026", Period{Span: Year, Year: 2026, N: 0}, "2026"},
		{"2026年", Period{Span: Year, Year: 2026, N: 0}, "2026"},
	} {
		got, err := ParsePeriod(tc.in)
		if err != nil || got != tc.want || got.String() != tc.str || !got.Valid() {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want %+v (%s)", tc.in, got, err, tc.want, tc.str)
		}
		again, err := ParsePeriod(got.String())
		if err != nil || again != got {
			t.Errorf("ParsePeriod(String()) of %q = %+v, %v", tc.in, again, err)
		}
	}
}

func TestParsePeriodRefusesBadInputInChinese(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, key, says string }{
		{"", "office.period.empty", "请写统计期间"},
		{"   ", "office.period.empty", "请写统计期间"},
		{"2026-13", "office.period.bad_month", "月份须在 1 至 12 之间"},
		{"2026-00", "office.period.bad_month", "月份"},
		{"2026-Q5", "office.period.bad_quarter", "季度须为 Q1 至 Q4"},
		{"2026年第五季度", "office.period.bad_quarter", "季度"},
		{"1999", "office.period.bad_year", "2000 至 2099"},
		{"3026-12", "office.period.bad_year", "年份"},
		{"十二月", "office.period.bad_form", "不是统计期间"},
		{"2026-12-01", "office.period.bad_form", "2026-12（月）"},
		{"last month", "office.period.bad_form", "2026-Q4（季度）"},
		{strings.Repeat("9", 500), "office.period.bad_form", "不是统计期间"},
	} {
		_, err := ParsePeriod(tc.in)
		var pe *PeriodError
		if !errors.As(err, &pe) || pe.Key != tc.key || !strings.Contains(pe.Message(), tc.says) {
			t.Errorf("ParsePeriod(%q) = %v; want %s saying %q", tc.in, err, tc.key, tc.says)
			continue
		}
		if strings.Contains(pe.Message(), "%!") {
			t.Errorf("ParsePeriod(%q): message badly formatted: %s", tc.in, pe.Message())
		}
	}
}

func TestPeriodBoundsAndLabels(t *testing.T) {
	t.Parallel()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	for _, tc := range []struct {
		p          Period
		start, end string
		label      string
	}{
		{Period{Span: Month, Year: 2026, N: 12}, "2026-12-01", "2027-01-01", "2026年12月"},
		{Period{Span: Quarter, Year: 2026, N: 4}, "2026-10-01", "2027-01-01", "2026年第四季度"},
		{Period{Span: Quarter, Year: 2026, N: 1}, "2026-01-01", "2026-04-01", "2026年第一季度"},
		{Period{Span: Year, Year: 2026, N: 0}, "2026-01-01", "2027-01-01", "2026年"},
	} {
		if s, e := tc.p.Start(sh).Format(time.DateOnly), tc.p.End(sh).Format(time.DateOnly); s != tc.start || e != tc.end {
			t.Errorf("%v: [%s, %s); want [%s, %s)", tc.p, s, e, tc.start, tc.end)
		}
		if tc.p.Label() != tc.label {
			t.Errorf("%v: label %q, want %q", tc.p, tc.p.Label(), tc.label)
		}
	}
	dec := Period{Span: Month, Year: 2026, N: 12}
	// 2026-11-30 16:30 UTC is 2026-12-01 00:30 in Shanghai: in December there.
	if !dec.Contains(time.Date(2026, 11, 30, 16, 30, 0, 0, time.UTC), sh) {
		t.Error("an instant of 1 December in Shanghai is not in December")
	}
	if dec.Contains(time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC), sh) || dec.Contains(time.Time{}, sh) {
		t.Error("1 January or the zero time counted in December")
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-12", "2026-Q4", "2026", "2026年第四季度", "２０２６－１２", "", "2026-13", "q4", "2026年12月"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			var pe *PeriodError
			if !errors.As(err, &pe) || pe.Message() == "" {
				t.Fatalf("ParsePeriod(%q): error %v is not a PeriodError", s, err)
			}
			return
		}
		if !p.Valid() || p.Year < minYear || p.Year > maxYear {
			t.Fatalf("ParsePeriod(%q) = %+v, not a valid period", s, p)
		}
		if again, err := ParsePeriod(p.String()); err != nil || again != p {
			t.Fatalf("ParsePeriod(%q) = %+v; its String %q reads back as %+v, %v", s, p, p.String(), again, err)
		}
	})
}
