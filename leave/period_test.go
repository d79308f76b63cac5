package leave

import (
	"testing"
	"time"
)

func TestFormatPeriod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    Period
		want string
	}{
		{days("2026-12-03", "2026-12-05"), "2026-12-03（星期四）至 2026-12-05（星期六），共3天"},
		{days("2026-12-04", "2026-12-04"), "2026-12-04（星期五），共1天"},
		{SingleDay(date("2026-12-04"), Afternoon), "2026-12-04（星期五）下午，共0.5天"},
		{SingleDay(date("2026-12-04"), Morning), "2026-12-04（星期五）上午，共0.5天"},
		{Period{Start: date("2026-12-04"), End: date("2026-12-04"), EndHalf: Morning}, "2026-12-04（星期五）上午，共0.5天"},
		{Period{Start: date("2026-12-03"), StartHalf: Afternoon, End: date("2026-12-05"), EndHalf: Morning},
			"2026-12-03（星期四）下午 至 2026-12-05（星期六）上午，共2天"},
		{Period{Start: date("2026-12-03"), End: date("2026-12-04"), EndHalf: Morning}, "2026-12-03（星期四）至 2026-12-04（星期五）上午，共1.5天"},
	}
	for _, tt := range tests {
		if got := FormatPeriod(tt.p); got != tt.want {
			t.Errorf("FormatPeriod(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestPeriodDays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Period
		want float64
	}{
		{"three whole days", days("2026-12-03", "2026-12-05"), 3},
		{"one afternoon", SingleDay(date("2026-12-03"), Afternoon), 0.5},
		{"afternoon to morning", Period{Start: date("2026-12-03"), StartHalf: Afternoon, End: date("2026-12-04"), EndHalf: Morning}, 1},
		{"across a month end", days("2026-11-30", "2026-12-01"), 2},
		{"end before start is no days", days("2026-12-05", "2026-12-03"), 0},
	}
	for _, tt := range tests {
		if got := tt.p.Days(); got != tt.want {
			t.Errorf("%s: Days = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestOverlaps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b Period
		want bool
	}{
		{"same days", days("2026-12-03", "2026-12-05"), days("2026-12-03", "2026-12-05"), true},
		{"sharing the last day", days("2026-12-03", "2026-12-05"), days("2026-12-05", "2026-12-07"), true},
		{"back to back", days("2026-12-03", "2026-12-05"), days("2026-12-06", "2026-12-07"), false},
		{"morning then afternoon of the same day", SingleDay(date("2026-12-03"), Morning), SingleDay(date("2026-12-03"), Afternoon), false},
		{"afternoon inside a whole day", days("2026-12-03", "2026-12-03"), SingleDay(date("2026-12-03"), Afternoon), true},
		{"ending at noon and starting at noon", Period{Start: date("2026-12-01"), End: date("2026-12-03"), EndHalf: Morning},
			Period{Start: date("2026-12-03"), StartHalf: Afternoon, End: date("2026-12-04")}, false},
		{"contained", days("2026-12-01", "2026-12-10"), days("2026-12-04", "2026-12-05"), true},
		{"an invalid period overlaps nothing", days("2026-12-05", "2026-12-01"), days("2026-12-03", "2026-12-03"), false},
	}
	for _, tt := range tests {
		if got := Overlaps(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: Overlaps = %v, want %v", tt.name, got, tt.want)
		}
		if got := Overlaps(tt.b, tt.a); got != tt.want {
			t.Errorf("%s (swapped): Overlaps = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPeriodInstants(t *testing.T) {
	t.Parallel()
	p := Period{Start: date("2026-12-03"), StartHalf: Afternoon, End: date("2026-12-05"), EndHalf: Morning}
	if !p.From().Equal(at("2026-12-03 12:00")) || !p.To().Equal(at("2026-12-05 12:00")) {
		t.Errorf("From, To = %v, %v", p.From(), p.To())
	}
	whole := days("2026-12-03", "2026-12-05")
	if !whole.From().Equal(at("2026-12-03 00:00")) || !whole.To().Equal(at("2026-12-06 00:00")) {
		t.Errorf("whole From, To = %v, %v", whole.From(), whole.To())
	}
}

func TestDayReadsTheCalendarDateOfItsLocation(t *testing.T) {
	t.Parallel()
	utcMidnight := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	if got := Day(utcMidnight.Add(23 * time.Hour)); !got.Equal(utcMidnight) || got.Location() != time.UTC {
		t.Errorf("Day(%v) = %v", utcMidnight, got)
	}
	lateUTC := time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC) // 4 December in Shanghai
	if got := Today(lateUTC, Shanghai); !got.Equal(date("2026-12-04")) {
		t.Errorf("Today(%v) = %v", lateUTC, got)
	}
}

func TestKinds(t *testing.T) {
	t.Parallel()
	labels := map[Kind]string{Visit: "出访", Inspection: "考察", BusinessTrip: "出差", Private: "因私外出", Holiday: "休假"}
	for _, k := range Kinds {
		if k.Label() != labels[k] || k.String() != labels[k] {
			t.Errorf("%s: Label = %q", k, k.Label())
		}
		if got, ok := ParseKind(labels[k]); !ok || got != k {
			t.Errorf("ParseKind(%q) = %s, %v", labels[k], got, ok)
		}
		if got, ok := ParseKind(string(k)); !ok || got != k {
			t.Errorf("ParseKind(%q) = %s, %v", k, got, ok)
		}
	}
	if _, ok := ParseKind("旅游"); ok {
		t.Error("ParseKind(旅游) should fail")
	}
	if Kind("x").Valid() || Kind("x").Label() != "" {
		t.Error("unknown kind should be invalid without label")
	}
}

func TestMeetingDuring(t *testing.T) {
	t.Parallel()
	instant := Meeting{Start: at("2026-12-04 09:00")}
	long := Meeting{Start: at("2026-12-04 09:00"), End: at("2026-12-04 14:00")}
	tests := []struct {
		name string
		m    Meeting
		p    Period
		want bool
	}{
		{"an instant meeting in a whole day", instant, days("2026-12-04", "2026-12-04"), true},
		{"an instant meeting in the morning", instant, SingleDay(date("2026-12-04"), Morning), true},
		{"an instant meeting before the afternoon", instant, SingleDay(date("2026-12-04"), Afternoon), false},
		{"a meeting running into the afternoon", long, SingleDay(date("2026-12-04"), Afternoon), true},
		{"a meeting on another day", long, days("2026-12-05", "2026-12-06"), false},
		{"an instant meeting ending a period is outside it", Meeting{Start: at("2026-12-05 00:00")}, days("2026-12-04", "2026-12-04"), false},
	}
	for _, tt := range tests {
		if got := tt.m.During(tt.p.From(), tt.p.To()); got != tt.want {
			t.Errorf("%s: During = %v, want %v", tt.name, got, tt.want)
		}
	}
}
