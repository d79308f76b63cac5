package leave

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics and that what it returns holds
// together: a draft with a kind, a destination and a valid period, or a
// *ParseError naming a part.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会",
		"休假 12月24日-12月26日 北京 探亲",
		"因私外出 杭州 明天 1天",
		"出差 南京 12.3 到 12.4",
		"考察 深圳 3号 2天 学习营商环境",
		"出访 德国 2026-12-10~2026-12-18 招商",
		"出差 上海 明天下午",
		"出差 上海 后天 半天",
		"出差 上海 12月3日下午至12月5日上午 代为参会：<@U0FGWDEP|钱副主任>",
		"出差 上海 明天 代为参会：@钱副主任",
		"休假 三亚 12月20日 一天半",
		"出差　上海　１２月３日～１２月５日",
		"出差 上海 2月30日",
		"",
	} {
		f.Add(s)
	}
	org := testOrg()
	today := date("2026-12-28")
	f.Fuzz(func(t *testing.T, text string) {
		d, err := Parse(text, today, org)
		if err != nil {
			var pe *ParseError
			var ae *AmbiguousError
			if errors.As(err, &ae) {
				if len(ae.Texts) < 2 || ae.Question == "" {
					t.Fatalf("Parse(%q): ambiguous without readings: %+v", text, ae)
				}
				return
			}
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): error %v is not a *ParseError", text, err)
			}
			switch pe.Part {
			case PartText, PartKind, PartDestination, PartDates, PartDeputy:
			default:
				t.Fatalf("Parse(%q): unknown part %q", text, pe.Part)
			}
			if pe.Err == nil || pe.Error() == "" {
				t.Fatalf("Parse(%q): empty error", text)
			}
			return
		}
		if !d.Kind.Valid() {
			t.Fatalf("Parse(%q): invalid kind %q", text, d.Kind)
		}
		if strings.TrimSpace(d.Destination) == "" || d.Destination != strings.TrimSpace(d.Destination) {
			t.Fatalf("Parse(%q): bad destination %q", text, d.Destination)
		}
		if err := d.Period.Validate(); err != nil {
			t.Fatalf("Parse(%q): invalid period %+v: %v", text, d.Period, err)
		}
		if n := d.Period.HalfDays(); n < 1 || n > maxDays*2 {
			t.Fatalf("Parse(%q): %d half days", text, n)
		}
		if d.Period.Start.Location() != Shanghai || d.Period.End.Location() != Shanghai {
			t.Fatalf("Parse(%q): dates not in Shanghai", text)
		}
		for _, s := range []string{d.Destination, d.Reason, d.Deputy} {
			if !utf8.ValidString(s) {
				t.Fatalf("Parse(%q): invalid UTF-8 in %q", text, s)
			}
		}
		if d.Deputy != "" {
			if _, ok := org.Person(d.Deputy); !ok {
				t.Fatalf("Parse(%q): deputy %q not in the directory", text, d.Deputy)
			}
		}
		_ = FormatPeriod(d.Period)
		_, _ = Policy{}.Decide(Input{Org: org, Request: d.Application(org.People[7]), Now: today})
	})
}
