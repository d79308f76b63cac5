package meeting_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"officebot/meeting"
)

// now is Tuesday 2026-12-01 10:00 in Shanghai.
var now = time.Date(2026, 12, 1, 10, 0, 0, 0, shanghai)

func TestParseSchedulingText(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	tests := []struct {
		name    string
		text    string
		typ     meeting.Type
		start   string
		end     string
		place   string
		topics  []string
		add     []meeting.Attendee
		remove  []string
		errCode string
		errArg  string
	}{
		{name: "the README example", text: "常务会议 2026-12-15 09:00 三楼会议室 议题：2027年预算草案；老旧小区改造",
			typ: meeting.Executive, start: "2026-12-15 09:00", end: "2026-12-15 11:00", place: "三楼会议室", topics: []string{"2027年预算草案", "老旧小区改造"}},
		{name: "Chinese date, end time, additions", text: "市长办公会议 12月15日 14:30-16:00 二楼小会议室 议题：开发区扩区 参会：@U0FGWHEAD 财政局 <@U0KFQHEAD|邹主任> 列席：张浦镇",
			typ: meeting.MayorOffice, start: "2026-12-15 14:30", end: "2026-12-15 16:00", place: "二楼小会议室", topics: []string{"开发区扩区"},
			add: []meeting.Attendee{{SlackID: "U0FGWHEAD", Role: meeting.Attending}, {SlackID: "U0CZJHEAD", Role: meeting.Attending}, {SlackID: "U0KFQHEAD", Role: meeting.Attending}, {SlackID: "U0ZHANGPUHEAD", Role: meeting.Observing}}},
		{name: "tomorrow with 点半, removal by name", text: "专题会议 明天 9点半 发改委会议室 议题：重点项目推进 不参会：李副市长",
			typ: meeting.Special, start: "2026-12-02 09:30", end: "2026-12-02 11:30", place: "发改委会议室", topics: []string{"重点项目推进"}, remove: []string{"U0VMLI"}},
		{name: "glued date and time, afternoon", text: "全体会议 明天下午3点 市民中心 一楼报告厅",
			typ: meeting.Plenary, start: "2026-12-02 15:00", end: "2026-12-02 17:00", place: "市民中心 一楼报告厅"},
		{name: "a past month and day is next year", text: "常务会议 1月8日 09:00 三楼会议室",
			typ: meeting.Executive, start: "2027-01-08 09:00", end: "2027-01-08 11:00", place: "三楼会议室"},
		{name: "place label, ASCII colons", text: "常务会议 2026/12/15 9:00 地点:三楼会议室 议题:预算",
			typ: meeting.Executive, start: "2026-12-15 09:00", end: "2026-12-15 11:00", place: "三楼会议室", topics: []string{"预算"}},
		{name: "full-width digits and spaces, as a Chinese IME types them", text: "常务会议　２０２６－１２－１５　０９：００－１１：３０　三楼会议室　议题：预算",
			typ: meeting.Executive, start: "2026-12-15 09:00", end: "2026-12-15 11:30", place: "三楼会议室", topics: []string{"预算"}},
		{name: "unknown type", text: "茶话会 2026-12-15 09:00 三楼", errCode: meeting.CodeNoType, errArg: "茶话会"},
		{name: "no date", text: "常务会议 三楼会议室", errCode: meeting.CodeNoDate, errArg: "三楼会议室"},
		{name: "no time", text: "常务会议 2026-12-15 三楼会议室", errCode: meeting.CodeNoTime, errArg: "三楼会议室"},
		{name: "no such date", text: "常务会议 2026-02-30 09:00 三楼", errCode: meeting.CodeBadDate, errArg: "2026-02-30"},
		{name: "no such time", text: "常务会议 2026-12-15 25:00 三楼", errCode: meeting.CodeBadTime, errArg: "25:00"},
		{name: "past", text: "常务会议 2026-12-01 09:00 三楼", errCode: meeting.CodePast, errArg: "2026-12-01 09:00"},
		{name: "end before start", text: "常务会议 2026-12-15 09:00-08:00 三楼", errCode: meeting.CodeEndBeforeStat},
		{name: "end with a date", text: "常务会议 2026-12-15 09:00 至 2026-12-16 14:00 三楼", errCode: meeting.CodeBadEnd, errArg: "2026-12-16"},
		{name: "end in words", text: "常务会议 2026-12-15 09:00 到下午 三楼", errCode: meeting.CodeBadEnd, errArg: "下午"},
		{name: "no place", text: "常务会议 2026-12-15 09:00 议题：预算", errCode: meeting.CodeNoPlace},
		{name: "unknown invitee", text: "常务会议 2026-12-15 09:00 三楼 参会：王小二", errCode: meeting.CodeUnknownPerson, errArg: "王小二"},
		{name: "empty", text: "  ", errCode: meeting.CodeEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := meeting.Parse(tt.text, org, now)
			if tt.errCode != "" {
				var pe *meeting.ParseError
				if !errors.As(err, &pe) || pe.Code != tt.errCode || pe.Arg != tt.errArg {
					t.Fatalf("err %v, want %s %q", err, tt.errCode, tt.errArg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Type != tt.typ || r.Start.Format("2006-01-02 15:04") != tt.start || r.End.Format("2006-01-02 15:04") != tt.end ||
				r.Place != tt.place || !slices.Equal(r.Topics, tt.topics) || !slices.Equal(r.Add, tt.add) || !slices.Equal(r.Remove, tt.remove) {
				t.Fatalf("got %+v", r)
			}
			if r.Start.Location() != shanghai {
				t.Errorf("start in %v, want the office zone", r.Start.Location())
			}
		})
	}
}

func TestParseMinutes(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	tests := []struct {
		name      string
		text      string
		summary   string
		cityWide  bool
		delegated bool
		items     []meeting.Item
		errCode   string
	}{
		{name: "items by short name", text: "落实事项：发改委：牵头编制2027年重点项目计划；财政局：落实配套资金",
			items: []meeting.Item{{"fgw", "牵头编制2027年重点项目计划"}, {"czj", "落实配套资金"}}},
		{name: "summary, flags, items by id and name on lines", text: "会议研究了预算草案。 全市性 代签：常务副市长\n落实事项：\nczj: 修改草案\n市教育局：配合",
			summary: "会议研究了预算草案。", cityWide: true, delegated: true, items: []meeting.Item{{"czj", "修改草案"}, {"jyj", "配合"}}},
		{name: "flags typed after the last item", text: "会议研究了重点项目。 落实事项：发改委：梳理项目清单；财政局：落实资金 全市性 代签：常务副市长",
			summary: "会议研究了重点项目。", cityWide: true, delegated: true, items: []meeting.Item{{"fgw", "梳理项目清单"}, {"czj", "落实资金"}}},
		{name: "a flag word inside a task is text", text: "落实事项：财政局：开展 全市性 资金检查",
			items: []meeting.Item{{"czj", "开展 全市性 资金检查"}}},
		{name: "flag words inside a sentence are text", text: "部署全市性安全检查",
			summary: "部署全市性安全检查"},
		{name: "unknown department", text: "落实事项：宣传部：报道", errCode: meeting.CodeUnknownDepartment},
		{name: "item without a colon", text: "落实事项：发改委牵头", errCode: meeting.CodeNoDepartment},
		{name: "item without a task", text: "落实事项：发改委：", errCode: meeting.CodeNoTask},
		{name: "nothing", text: "全市性", errCode: meeting.CodeEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := meeting.ParseMinutes(tt.text, org)
			if tt.errCode != "" {
				var pe *meeting.ParseError
				if !errors.As(err, &pe) || pe.Code != tt.errCode {
					t.Fatalf("err %v, want %s", err, tt.errCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// The filer's 全市性 is a proposal; the reviewer decides (Art. 45).
			if m.Text != tt.summary || m.CityWideProposed != tt.cityWide || m.CityWide || m.Delegated != tt.delegated || !slices.Equal(m.Items, tt.items) {
				t.Fatalf("got %+v", m)
			}
		})
	}
}

// FuzzParse checks that no input crashes the parsers and that what they
// accept is sane: a meeting in the future with a place, ending after it starts.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"常务会议 2026-12-15 09:00 三楼会议室 议题：2027年预算草案；老旧小区改造",
		"市长办公会议 12月15日 14:30-16:00 二楼 参会：@U0FGWHEAD 财政局 列席：张浦镇 不参会：李副市长",
		"专题会议 明天 9点半 发改委会议室 主持：U0VMLI",
		"全体会议 2026年12月31日 下午3点 地点：报告厅",
		"落实事项：发改委：牵头；财政局：配套 全市性 代签：常务副市长",
	} {
		f.Add(s)
	}
	org := demoOrg(f)
	f.Fuzz(func(t *testing.T, s string) {
		if r, err := meeting.Parse(s, org, now); err == nil {
			if !r.Start.After(now) || !r.End.After(r.Start) || strings.TrimSpace(r.Place) == "" || !r.Type.Valid() {
				t.Fatalf("accepted %q as %+v", s, r)
			}
		} else {
			var pe *meeting.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%q: error %v is no ParseError", s, err)
			}
		}
		if m, err := meeting.ParseMinutes(s, org); err == nil {
			for _, it := range m.Items {
				if it.Department == "" || strings.TrimSpace(it.Task) == "" {
					t.Fatalf("accepted %q with item %+v", s, it)
				}
			}
		}
	})
}
