package dates_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"officebot/calendar"
	"officebot/dates"
)

func TestEchoWritesTheDatesInFull(t *testing.T) {
	t.Parallel()
	cases := []struct{ now, text, want string }{
		{"2026-12-03 10:00", "下周三到周五", "2026-12-09（星期三）至 2026-12-11（星期五），共3天"},
		{"2026-12-03 10:00", "明天下午至后天上午", "2026-12-04（星期五）下午 至 2026-12-05（星期六）上午，共1天"},
		{"2026-12-03 10:00", "明天上午", "2026-12-04（星期五）上午，共0.5天"},
		{"2026-12-03 10:00", "12月9日", "2026-12-09（星期三），共1天"},
		{"2026-12-03 10:00", "3个工作日内", "2026-12-08（星期二）"},
		{"2027-02-01 09:00", "节后上班第一天", "2027-02-14（星期日），共1天"},
	}
	for _, c := range cases {
		r, err := parserAt(t, c.now).Parse(c.text)
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		if got := r.Echo(); got != c.want {
			t.Errorf("%q echoes %q, want %q", c.text, got, c.want)
		}
	}
}

func TestAmbiguousPhraseOffersBothReadingsInExplicitForms(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ now, text string }{
		{"2026-12-03 10:00", "周四"},
		{"2026-12-03 10:00", "明天半天"},
		{"2026-12-03 10:00", "下周"},
		{"2026-12-03 10:00", "十一"},
		{"2026-12-28 09:00", "周一到周三"},
	} {
		p := parserAt(t, c.now)
		r, err := p.Parse(c.text)
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		if !r.Ambiguous || len(r.Readings) != 2 {
			t.Fatalf("%q not ambiguous: %+v", c.text, r)
		}
		q := dates.Question(r)
		for _, s := range r.Readings {
			if !strings.Contains(q, dates.Echo(s)) || !strings.Contains(q, dates.Explicit(s)) {
				t.Errorf("question for %q lacks %s / %s:\n%s", c.text, dates.Echo(s), dates.Explicit(s), q)
			}
			// Typing the explicit form back is never ambiguous and means that reading.
			back, err := p.Parse(dates.Explicit(s))
			if err != nil || back.Ambiguous || back.Span != s {
				t.Errorf("%q read back as %+v, %v; want %+v", dates.Explicit(s), back.Span, err, s)
			}
		}
	}
}

func TestNextWeekIsDefinedInTheOfficeZone(t *testing.T) {
	t.Parallel()
	// 2026-12-06 17:00 UTC is Monday 2026-12-07 01:00 in Shanghai: the week
	// has turned there, so 下周三 is the 16th, not the 9th.
	at := time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC)
	r, err := dates.At(at, calendar.New(dates.Shanghai, nil)).Parse("下周三")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Start.Format(time.DateOnly); got != "2026-12-16" {
		t.Fatalf("下周三 = %s, want 2026-12-16", got)
	}
	if r.Start.Location() != dates.Shanghai {
		t.Fatalf("date in %v", r.Start.Location())
	}
}

func TestWorkingDaysFollowAdminOverrides(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, dates.Shanghai)
	cal := calendar.New(dates.Shanghai, []calendar.Override{
		{Day: time.Date(2026, 12, 7, 0, 0, 0, 0, dates.Shanghai), Workday: false, Name: "停电"},
	})
	r, err := dates.At(at, cal).Parse("3个工作日内")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.End.Format(time.DateOnly); got != "2026-12-09" {
		t.Fatalf("3个工作日内 with 12-07 off = %s, want 2026-12-09", got)
	}
}

func TestYearWithoutHolidayDataIsProvisional(t *testing.T) {
	t.Parallel()
	r, err := parserAt(t, "2028-01-10 10:00").Parse("3个工作日内")
	if err != nil {
		t.Fatal(err)
	}
	if !r.Provisional {
		t.Fatalf("2028 deadline not provisional: %+v", r)
	}
	if r, _ := parserAt(t, "2026-12-03 10:00").Parse("3个工作日内"); r.Provisional {
		t.Fatal("2026 deadline provisional")
	}
}

func TestParseRefusesOtherWords(t *testing.T) {
	t.Parallel()
	p := parserAt(t, "2026-12-03 10:00")
	for _, s := range []string{"明天 开会", "北京", "", "下周三 之后再说", "自", "从", "从 北京"} {
		_, err := p.Parse(s)
		if err == nil {
			t.Errorf("%q parsed", s)
			continue
		}
		if dates.Message(err) == "" {
			t.Errorf("%q: no message for %v", s, err)
		}
	}
	if _, err := p.Parse("  １２月９日。 "); err != nil {
		t.Errorf("full-width with punctuation: %v", err)
	}
	_, err := p.Parse("12月32日")
	var e *dates.Error
	if !errors.As(err, &e) || !errors.Is(err, dates.ErrBadDate) || !strings.Contains(dates.Message(err), "12月32日") {
		t.Fatalf("12月32日: %v / %q", err, dates.Message(err))
	}
}

// 从 or 自 with no date after it is no phrase: it was found as an empty
// span (zero dates), which FuzzReadPeriod in package office met.
func TestFromWithoutADateIsNoPhrase(t *testing.T) {
	t.Parallel()
	p := parserAt(t, "2026-12-03 10:00")
	for _, text := range []string{"出差 北京 自 参加会议", "从", "自 ", "从 北京"} {
		if r, ok, err := p.Find(text); ok || err != nil {
			t.Errorf("Find(%q) = %+v, %v, %v", text, r, ok, err)
		}
		if r, rest, ok, err := p.DatePrefix(text); ok || err != nil || rest != text {
			t.Errorf("DatePrefix(%q) = %+v, %q, %v, %v", text, r, rest, ok, err)
		}
	}
	if r, err := p.Parse("自明天起 3天"); err != nil || r.Start.Format(time.DateOnly) != "2026-12-04" || r.Days() != 3 {
		t.Errorf("自明天起 3天 = %+v, %v", r, err)
	}
}

func TestFindReportsWhereThePhraseIs(t *testing.T) {
	t.Parallel()
	text := "出差 北京 下周三到周五 参加项目对接会"
	r, ok, err := parserAt(t, "2026-12-03 10:00").Find(text)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if text[r.From:r.To] != "下周三到周五" || r.Phrase != "下周三到周五" {
		t.Fatalf("phrase at %d..%d = %q", r.From, r.To, text[r.From:r.To])
	}
}

func TestDatePrefixLeavesTheClockTime(t *testing.T) {
	t.Parallel()
	p := parserAt(t, "2026-12-03 10:00")
	for _, c := range []struct{ text, day, rest string }{
		{"下周三 9:30 第一会议室", "2026-12-09", " 9:30 第一会议室"},
		{"明天下午3点", "2026-12-04", "下午3点"},
		{"12月9日 14:00", "2026-12-09", " 14:00"},
		{"国庆节后第一个工作日 9:00", "2027-10-08", " 9:00"},
	} {
		r, rest, ok, err := p.DatePrefix(c.text)
		if err != nil || !ok || r.Ambiguous || r.Start.Format(time.DateOnly) != c.day || rest != c.rest {
			t.Errorf("%q = %+v %q %v %v, want %s %q", c.text, r, rest, ok, err, c.day, c.rest)
		}
	}
	for _, s := range []string{"下周 9:00", "会议室 明天", "周末 9:00"} {
		if _, _, ok, _ := p.DatePrefix(s); ok {
			t.Errorf("%q read as one date", s)
		}
	}
	if r, _, ok, _ := p.DatePrefix("周四 9:00"); !ok || !r.Ambiguous || len(r.Readings) != 2 {
		t.Errorf("周四 on a Thursday: %+v", r)
	}
}

// Day reads a phrase that must name one day (a due date, an until date): a
// holiday's name is its festival day, the next to come; a deadline phrase
// its last day; a run of days is no day.
func TestDayReadsOneDayHolidaysIncluded(t *testing.T) {
	t.Parallel()
	p := parserAt(t, "2026-12-07 10:00")
	for _, c := range []struct{ text, day string }{
		{"元旦", "2027-01-01"},
		{"春节", "2027-02-06"},
		{"国庆节", "2027-10-01"},
		{"12月20日", "2026-12-20"},
		{"月底前", "2026-12-31"},
		{"元旦后", "2027-01-04"},
	} {
		r, ok, err := p.Day(c.text)
		if err != nil || !ok || r.Ambiguous || r.End.Format(time.DateOnly) != c.day {
			t.Errorf("%q = %+v %v %v, want %s", c.text, r, ok, err, c.day)
		}
	}
	for _, s := range []string{"下周", "12月20日至22日", "元旦 9:00", "周末"} {
		if r, ok, err := p.Day(s); ok && err == nil && !r.Ambiguous {
			t.Errorf("%q read as one day: %+v", s, r)
		}
	}
}
