package leave

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	t.Parallel()
	today := date("2026-11-30") // a Monday
	org := testOrg()
	half := func(d string, h Half) Period { return SingleDay(date(d), h) }

	tests := []struct {
		name   string
		text   string
		today  string // default: 2026-11-30
		kind   Kind
		dest   string
		period Period
		reason string
		deputy string
	}{
		{name: "ISO range with 至 and a reason",
			text: "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-03", "2026-12-05"), reason: "参加长三角招商推介会"},
		{name: "month-day range with - before the destination",
			text: "休假 12月24日-12月26日 北京 探亲",
			kind: Holiday, dest: "北京", period: days("2026-12-24", "2026-12-26"), reason: "探亲"},
		{name: "tomorrow for one day",
			text: "因私外出 杭州 明天 1天",
			kind: Private, dest: "杭州", period: days("2026-12-01", "2026-12-01")},
		{name: "dotted dates with 到",
			text: "出差 南京 12.3 到 12.4",
			kind: BusinessTrip, dest: "南京", period: days("2026-12-03", "2026-12-04")},
		{name: "day of month with a count and a reason",
			text: "考察 深圳 3号 2天 学习营商环境",
			kind: Inspection, dest: "深圳", period: days("2026-12-03", "2026-12-04"), reason: "学习营商环境"},
		{name: "ISO date then a count after a space",
			text: "出差 上海 2026-12-03 2天",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-03", "2026-12-04")},
		{name: "month-day then a count after a space",
			text: "休假 北京 12月24日 3天 探亲",
			kind: Holiday, dest: "北京", period: days("2026-12-24", "2026-12-26"), reason: "探亲"},
		{name: "month-day without 日 then a count",
			text: "休假 北京 12月24 3天",
			kind: Holiday, dest: "北京", period: days("2026-12-24", "2026-12-26")},
		{name: "yesterday is read, so the policy can refuse it as not beforehand",
			text: "出差 上海 昨天 2天",
			kind: BusinessTrip, dest: "上海", period: days("2026-11-29", "2026-11-30")},
		{name: "a destination starting with 前 is not a date",
			text: "出差 前海 明天",
			kind: BusinessTrip, dest: "前海", period: days("2026-12-01", "2026-12-01")},
		{name: "ISO range with ~",
			text: "出访 德国 2026-12-10~2026-12-18 招商",
			kind: Visit, dest: "德国", period: days("2026-12-10", "2026-12-18"), reason: "招商"},
		{name: "tomorrow afternoon is half a day",
			text: "出差 上海 明天下午",
			kind: BusinessTrip, dest: "上海", period: half("2026-12-01", Afternoon)},
		{name: "tomorrow morning with a space",
			text: "出差 上海 明天 上午 开会",
			kind: BusinessTrip, dest: "上海", period: half("2026-12-01", Morning), reason: "开会"},
		{name: "afternoon with 半天 stays the afternoon",
			text: "出差 上海 后天下午 半天",
			kind: BusinessTrip, dest: "上海", period: half("2026-12-02", Afternoon)},
		{name: "afternoon start with one and a half days",
			text: "出差 上海 明天下午 1.5天",
			kind: BusinessTrip, dest: "上海", period: Period{Start: date("2026-12-01"), StartHalf: Afternoon, End: date("2026-12-02")}},
		{name: "Chinese numeral count",
			text: "休假 三亚 12月20日 两天",
			kind: Holiday, dest: "三亚", period: days("2026-12-20", "2026-12-21")},
		{name: "Chinese count with a half",
			text: "休假 三亚 12月20日 一天半",
			kind: Holiday, dest: "三亚", period: Period{Start: date("2026-12-20"), End: date("2026-12-21"), EndHalf: Morning}},
		{name: "range of halves",
			text: "出差 上海 12月3日下午至12月5日上午",
			kind: BusinessTrip, dest: "上海", period: Period{Start: date("2026-12-03"), StartHalf: Afternoon, End: date("2026-12-05"), EndHalf: Morning}},
		{name: "relative range counts both ends from today",
			text: "出差 上海 明天至后天",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-01", "2026-12-02")},
		{name: "today",
			text: "因私外出 上海 今天",
			kind: Private, dest: "上海", period: days("2026-11-30", "2026-11-30")},
		{name: "em dash range of days",
			text: "出差 成都 3号—5号",
			kind: BusinessTrip, dest: "成都", period: days("2026-12-03", "2026-12-05")},
		{name: "end day resolved after the start",
			text: "休假 北京 12月30日至2日",
			kind: Holiday, dest: "北京", period: days("2026-12-30", "2027-01-02")},
		{name: "day of month already gone this month means next month",
			text: "出差 上海 1号", today: "2026-11-30",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-01", "2026-12-01")},
		{name: "day of month today is today",
			text: "出差 上海 30号",
			kind: BusinessTrip, dest: "上海", period: days("2026-11-30", "2026-11-30")},
		{name: "31st skips months without one",
			text: "出差 上海 31号", today: "2027-02-10",
			kind: BusinessTrip, dest: "上海", period: days("2027-03-31", "2027-03-31")},
		{name: "in late December January means next year",
			text: "休假 哈尔滨 1月3日 至 1月5日", today: "2026-12-28",
			kind: Holiday, dest: "哈尔滨", period: days("2027-01-03", "2027-01-05")},
		{name: "a date a few days gone stays this year for the policy to refuse",
			text: "出差 上海 12月1日", today: "2026-12-05",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-01", "2026-12-01")},
		{name: "Chinese full date without spaces",
			text: "出差上海2026年12月3日至2026年12月5日",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-03", "2026-12-05")},
		{name: "full-width digits and tilde",
			text: "出差　上海　１２月３日～１２月５日",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-03", "2026-12-05")},
		{name: "consistent range and count",
			text: "出差 上海 12.3-12.5 3天",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-03", "2026-12-05")},
		{name: "a hyphen inside the reason stays in the reason",
			text: "出差 上海 3号 参加沪-昆对接会",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-03", "2026-12-03"), reason: "参加沪-昆对接会"},
		{name: "deputy as a Slack mention",
			text: "出差 上海 2026-12-03 至 2026-12-05 招商 代为参会：<@U0FGWDEP>",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-03", "2026-12-05"), reason: "招商", deputy: "U0FGWDEP"},
		{name: "deputy as a Slack mention with a name",
			text: "出差 上海 代为参会:<@U0FGWDEP|钱副主任> 2026-12-03",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-03", "2026-12-03"), deputy: "U0FGWDEP"},
		{name: "deputy by directory name",
			text: "出差 上海 12月3日 招商 代为参会：@钱副主任",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-03", "2026-12-03"), reason: "招商", deputy: "U0FGWDEP"},
		{name: "kind synonym",
			text: "年假 云南 12月10日 5天",
			kind: Holiday, dest: "云南", period: days("2026-12-10", "2026-12-14")},
		{name: "a route typed with spaces is one destination (issue 11 item 1)",
			text: "出差 苏州 到 北京 2026-12-03 至 2026-12-05 招商",
			kind: BusinessTrip, dest: "苏州 到 北京", period: days("2026-12-03", "2026-12-05"), reason: "招商"},
		{name: "a route with 经停 and an arrow",
			text: "出差 苏州 经停 上海 →杭州 明天 调研",
			kind: BusinessTrip, dest: "苏州 经停 上海 →杭州", period: days("2026-12-01", "2026-12-01"), reason: "调研"},
		{name: "a route in one word stays one word",
			text: "出差 苏州到北京 明天",
			kind: BusinessTrip, dest: "苏州到北京", period: days("2026-12-01", "2026-12-01")},
		{name: "destination after the reason words is the first word",
			text: "出差 上海 明天 1天 参加 招商会",
			kind: BusinessTrip, dest: "上海", period: days("2026-12-01", "2026-12-01"), reason: "参加 招商会"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day := today
			if tt.today != "" {
				day = date(tt.today)
			}
			d, err := Parse(tt.text, day, org)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.text, err)
			}
			if d.Kind != tt.kind || d.Destination != tt.dest || d.Reason != tt.reason || d.Deputy != tt.deputy {
				t.Errorf("Parse(%q) = kind %s dest %q reason %q deputy %q; want %s %q %q %q",
					tt.text, d.Kind, d.Destination, d.Reason, d.Deputy, tt.kind, tt.dest, tt.reason, tt.deputy)
			}
			if FormatPeriod(d.Period) != FormatPeriod(tt.period) || d.Period.HalfDays() != tt.period.HalfDays() ||
				!d.Period.Start.Equal(tt.period.Start) || !d.Period.End.Equal(tt.period.End) {
				t.Errorf("Parse(%q) period = %s, want %s", tt.text, FormatPeriod(d.Period), FormatPeriod(tt.period))
			}
		})
	}
}

func TestParseRefusesWhatItCannotRead(t *testing.T) {
	t.Parallel()
	org := testOrg()
	tests := []struct {
		name string
		text string
		part Part
		err  error
	}{
		{"empty", "", PartKind, ErrUnknownKind},
		{"only spaces", "   ", PartKind, ErrUnknownKind},
		{"unknown kind", "旅游 上海 明天", PartKind, ErrUnknownKind},
		{"kind only", "出差", PartDates, ErrNoDates},
		{"no dates", "出差 上海 参加会议", PartDates, ErrNoDates},
		{"count without a date", "出差 上海 3天", PartDates, ErrNoDates},
		{"no destination", "出差 2026-12-03 至 2026-12-05", PartDestination, ErrNoDestination},
		{"only punctuation as destination", "出差 ， 明天", PartDestination, ErrNoDestination},
		{"February 30th", "出差 上海 2月30日", PartDates, ErrBadDate},
		{"month 13", "出差 上海 13月1日", PartDates, ErrBadDate},
		{"ISO date that does not exist", "出差 上海 2026-02-29", PartDates, ErrBadDate},
		{"day 32", "出差 上海 32号", PartDates, ErrBadDate},
		{"zero days", "出差 上海 明天 0天", PartDates, ErrBadDate},
		{"a thousand days", "出差 上海 明天 1000天", PartDates, ErrPeriodTooLong},
		{"a range over a year", "出差 上海 2026-12-03 至 2028-12-03", PartDates, ErrPeriodTooLong},
		{"a day followed by more digits", "出差 上海 2026.12.30000", PartDates, ErrNoDates},
		{"range and count disagree", "出差 上海 12.3-12.5 2天", PartDates, ErrDaysMismatch},
		{"a negative count", "出差 上海 明天 -3天", PartDates, ErrBadCount},
		{"a five-digit count", "出差 上海 明天 99999天", PartDates, ErrBadCount},
		{"two counts", "出差 上海 明天 2天 3天", PartDates, ErrBadCount},
		{"ISO end before start", "出差 上海 2026-12-05 至 2026-12-03", PartDates, ErrEndBeforeStart},
		{"same day afternoon to morning", "出差 上海 12月3日下午至12月3日上午", PartDates, ErrEndBeforeStart},
		{"unknown deputy name", "出差 上海 明天 代为参会：@不存在", PartDeputy, ErrUnknownDeputy},
		{"unknown deputy mention", "出差 上海 明天 代为参会：<@U0NOBODY>", PartDeputy, ErrUnknownDeputy},
		{"deputy clause without anyone", "出差 上海 明天 代为参会：", PartDeputy, ErrNoDeputy},
		{"too long", "出差 上海 明天 " + string(make([]byte, MaxTextLen)), PartText, ErrTextTooLong},
		// The limit counts characters, as the message says, not UTF-8 bytes.
		{"too many characters, fewer bytes than three per character", "出差 上海 明天 " + strings.Repeat("a", MaxTextLen), PartText, ErrTextTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.text, date("2026-11-30"), org)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error = %v, want a *ParseError", tt.text, err)
			}
			if pe.Part != tt.part || !errors.Is(err, tt.err) {
				t.Errorf("Parse(%q) = part %s err %v; want part %s err %v", tt.text, pe.Part, err, tt.part, tt.err)
			}
		})
	}
}

// A text of MaxTextLen Chinese characters is read (3 bytes each, it was
// refused by a byte count), and one character more is refused with its
// length.
func TestParseTextLimitIsInCharacters(t *testing.T) {
	t.Parallel()
	org := testOrg()
	head := "出差 上海 明天 "
	text := head + strings.Repeat("会", MaxTextLen-utf8.RuneCountInString(head))
	if _, err := Parse(text, date("2026-11-30"), org); errors.Is(err, ErrTextTooLong) {
		t.Fatalf("%d characters refused as too long: %v", MaxTextLen, err)
	}
	_, err := Parse(text+"会", date("2026-11-30"), org)
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrTextTooLong) || pe.Len != MaxTextLen+1 {
		t.Fatalf("%d characters: %#v", MaxTextLen+1, err)
	}
}

func TestParseFragmentNamesTheBadDate(t *testing.T) {
	t.Parallel()
	_, err := Parse("出差 上海 2月30日 至 3月2日", date("2026-11-30"), nil)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Fragment != "2月30日" {
		t.Fatalf("err = %v, want fragment 2月30日", err)
	}
}

func TestDraftRequestKeepsEverything(t *testing.T) {
	t.Parallel()
	org := testOrg()
	who, _ := org.Person("U0FGWHEAD")
	d, err := Parse("出差 上海 12月3日 2天 招商 代为参会：@钱副主任", date("2026-11-30"), org)
	if err != nil {
		t.Fatal(err)
	}
	req := d.Application(who)
	if req.Requester.SlackID != "U0FGWHEAD" || req.Kind != BusinessTrip || req.Destination != "上海" ||
		req.Reason != "招商" || req.Deputy != "U0FGWDEP" || req.Period.Days() != 2 {
		t.Errorf("Request = %+v", req)
	}
	dec, err := Policy{}.Decide(Input{Org: org, Request: req, Now: at("2026-11-30 09:00")})
	if err != nil || !dec.Required || dec.Approver != "U0VMLI" {
		t.Errorf("Decide = %+v, %v", dec, err)
	}
}

func TestParseAsksWhenTheDatesReadTwoWays(t *testing.T) {
	t.Parallel()
	org := testOrg()
	// 半天 without 上午/下午 is not guessed (it used to be the morning).
	_, err := Parse("出差 上海 后天 半天 开会", date("2026-11-29"), org)
	var ae *AmbiguousError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *AmbiguousError", err)
	}
	if len(ae.Readings) != 2 || ae.Readings[0] != SingleDay(date("2026-12-01"), Morning) || ae.Readings[1] != SingleDay(date("2026-12-01"), Afternoon) {
		t.Fatalf("readings %+v", ae.Readings)
	}
	want := []string{"出差 上海 2026-12-01 上午 开会", "出差 上海 2026-12-01 下午 开会"}
	for k, text := range ae.Texts {
		if text != want[k] {
			t.Errorf("text %d = %q, want %q", k, text, want[k])
		}
		// Each offered text files as it is.
		if d, err := Parse(text, date("2026-11-29"), org); err != nil || FormatPeriod(d.Period) != FormatPeriod(ae.Readings[k]) {
			t.Errorf("%q: %+v %v", text, d.Period, err)
		}
	}
}

func TestParseReadsNaturalDates(t *testing.T) {
	t.Parallel()
	org := testOrg()
	// Thursday 2026-12-03.
	for _, c := range []struct{ text, dest, reason, period string }{
		{"出差 北京 下周三到周五 参加项目对接会", "北京", "参加项目对接会", "2026-12-09（星期三）至 2026-12-11（星期五），共3天"},
		{"考察 杭州 12月9日 共3天 学习", "杭州", "学习", "2026-12-09（星期三）至 2026-12-11（星期五），共3天"},
		{"出差 南京 下下周一 2天", "南京", "", "2026-12-14（星期一）至 2026-12-15（星期二），共2天"},
		{"休假 三亚 十二月二十一日至二十五日 探亲", "三亚", "探亲", "2026-12-21（星期一）至 2026-12-25（星期五），共5天"},
		{"因私外出 上海 明天下午至后天上午", "上海", "", "2026-12-04（星期五）下午 至 2026-12-05（星期六）上午，共1天"},
	} {
		d, err := Parse(c.text, date("2026-12-03"), org)
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		if d.Destination != c.dest || d.Reason != c.reason || FormatPeriod(d.Period) != c.period {
			t.Errorf("%q = %q %q %q", c.text, d.Destination, d.Reason, FormatPeriod(d.Period))
		}
	}
}
