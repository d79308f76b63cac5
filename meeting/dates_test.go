package meeting_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"officebot/meeting"
)

func TestParseReadsNaturalDates(t *testing.T) {
	t.Parallel()
	org := demoOrg(t) // now: Tuesday 2026-12-01 10:00
	for _, c := range []struct{ text, start string }{
		{"常务会议 下周三 9:30 三楼会议室 议题：预算", "2026-12-09 09:30"},
		{"专题会议 周五 下午3点 二楼小会议室 议题：项目推进", "2026-12-04 15:00"},
		{"市长办公会议 十二月九日 14:30 二楼小会议室 议题：开发区", "2026-12-09 14:30"},
		{"专题会议 元旦后 9:00 二楼小会议室 议题：开年工作", "2027-01-04 09:00"},
		{"专题会议 下下周一 9:00 二楼小会议室 议题：督查", "2026-12-14 09:00"},
		{"专题会议 １２月９号 ９:００ 二楼小会议室 议题：督查", "2026-12-09 09:00"},
		// A holiday's name is its own day (the State Council table's 节日
		// itself, not the first day off), the next one to come.
		{"常务会议 元旦 09:00 二楼小会议室 议题：预算", "2027-01-01 09:00"},
		{"专题会议 春节 9:00 二楼小会议室 议题：值班", "2027-02-06 09:00"},
		{"专题会议 国庆节 10:00 二楼小会议室 议题：安保", "2027-10-01 10:00"},
		{"专题会议 中秋 15:00 二楼小会议室 议题：慰问", "2027-09-15 15:00"},
	} {
		r, err := meeting.Parse(c.text, org, now)
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		if got := r.Start.Format("2006-01-02 15:04"); got != c.start {
			t.Errorf("%q starts %s, want %s", c.text, got, c.start)
		}
	}
}

func TestParseAsksWhenTheMeetingDateReadsTwoWays(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	// On Tuesday, 周二 is today or next week.
	_, err := meeting.Parse("专题会议 周二 16:00 二楼小会议室 议题：督查", org, now)
	var pe *meeting.ParseError
	if !errors.As(err, &pe) || pe.Code != meeting.CodeAmbiguousDate {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"2026-12-01（星期二）", "2026-12-08（星期二）", "2026-12-01", "2026-12-08"} {
		if !strings.Contains(pe.Arg, want) {
			t.Errorf("question lacks %q: %s", want, pe.Arg)
		}
	}
	// The explicit form offered reads back.
	if r, err := meeting.Parse("专题会议 2026-12-08 16:00 二楼小会议室 议题：督查", org, now); err != nil || !r.Start.Equal(time.Date(2026, 12, 8, 16, 0, 0, 0, now.Location())) {
		t.Fatalf("explicit: %+v %v", r, err)
	}
}
