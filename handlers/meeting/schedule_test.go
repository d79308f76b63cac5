package meeting_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"officebot/chat"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/meeting"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestScheduleInvitesTheDefaultAttendeesAndAnnouncesTheMeeting(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		r := h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室 议题：2027年预算草案；老旧小区改造 参会：@U0FGWHEAD 财政局 不参会：张副市长")
		mustContain(t, r.Text(), "M1", "2026年第1次常务会议", "三楼会议室")
		ms, err := s.Read(context.Background()).MeetingsBetween(at("2026-12-15 00:00"), at("2026-12-16 00:00"))
		if err != nil || len(ms) != 1 {
			t.Fatalf("meetings %v %v", ms, err)
		}
		m := ms[0]
		want := []string{"U0MAYOR", "U0EXEC", "U0VMLI", "U0VMWANG", "U0OFFDIR", "U0FGWHEAD", "U0CZJHEAD"}
		if got := m.AttendeeIDs(); !slices.Equal(got, want) || m.Convener != "U0MAYOR" {
			t.Fatalf("attendees %v convener %s, want %v and the mayor", got, m.Convener, want)
		}
		out := h.outbox()
		if len(out) != 1+2*len(want) {
			t.Fatalf("%d outbox rows, want the root and %d invitations, each with its calendar file", len(out), len(want))
		}
		if root := out[0]; root.Channel != "C0MEET" || root.ItemKey != "M1" || !root.Root {
			t.Fatalf("root message %+v", root)
		}
		var invited []string
		for k, o := range out[1:] {
			mustContain(t, o.Text, "M1", "2026年第1次常务会议")
			if k%2 == 1 {
				if o.Channel != invited[len(invited)-1] || !strings.HasSuffix(o.Text, "手机日历）") {
					t.Fatalf("calendar file %d: %+v", k, o)
				}
				continue
			}
			invited = append(invited, o.Channel)
		}
		if !slices.Equal(invited, want) {
			t.Fatalf("invitations to %v, want %v", invited, want)
		}
		// Numbers count per type and year.
		mustContain(t, h.say("U0OFFDIR", "meeting 常务会议 2026-12-28 09:00 三楼会议室").Text(), "M2", "2026年第2次常务会议")
		mustContain(t, h.say("U0VMLI", "meeting 专题会议 明天 9点半 发改委会议室 议题：重点项目").Text(), "M3", "2026年第1次专题会议")
		mustContain(t, h.say("U0OFFSTAFF", "meeting 常务会议 2027-01-05 09:00 三楼会议室").Text(), "M4", "2027年第1次常务会议")
	})
}

func TestSchedulingIsRefusedToWhoTheRulesDoNotName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		user, text, want string
	}{
		{"U0FGWDEP", "meeting 常务会议 2026-12-15 09:00 三楼会议室", "无权安排常务会议"},
		{"U0OFFSTAFF", "meeting 专题会议 2026-12-15 09:00 三楼会议室", "无权安排专题会议"},
		{"U0VMLI", "meeting 常务会议 2026-12-15 09:00 三楼会议室", "无权安排常务会议"},
		{"U0FGWHEAD", "meeting 全体会议 2026-12-15 09:00 三楼会议室", "无权安排全体会议"},
		{"U0OFFSTAFF", "meeting 常务会议 2026-11-15 09:00 三楼会议室", "已过"},
		{"U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼 参会：王小二", "没有“王小二”"},
		{"U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼 主持：李副市长", "不能主持常务会议"},
		// Art. 40: 市政府全体会议由市长召集和主持 — no entrustment, unlike Art. 41-42.
		{"U0OFFSTAFF", "meeting 全体会议 2026-12-15 09:00 三楼 主持：陈常务副市长", "不能主持全体会议"},
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		for _, tt := range tests {
			mustContain(t, h.say(tt.user, tt.text).Text(), tt.want)
		}
		if n, o := h.count(&storage.Meeting{}), h.count(&storage.OutboxMessage{}); n != 0 || o != 0 {
			t.Fatalf("refused requests wrote %d meetings and %d outbox rows", n, o)
		}
	})
}

func TestMoveAndCancelTellTheAttendees(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0OFFSTAFF", "meeting 市长办公会议 2026-12-15 09:00-10:30 二楼小会议室")
		mustContain(t, h.say("U0VMLI", "meeting move M1 2026-12-16 15:00").Text(), "只有市政府办公室")
		n := h.count(&storage.OutboxMessage{})
		mustContain(t, h.say("U0OFFSTAFF", "meeting move M1 2026-12-16 15:00 三楼会议室").Text(), "2026-12-16（星期三）15:00-16:30", "三楼会议室")
		out := h.outbox()[n:]
		// root update, thread note, then the six attendees.
		if len(out) != 2+6 || !out[0].Update || !out[1].InThread {
			t.Fatalf("move wrote %d messages: %+v", len(out), out)
		}
		mustContain(t, h.say("U0OFFSTAFF", "meeting cancel M1").Text(), "用法")
		mustContain(t, h.say("U0OFFSTAFF", "meeting cancel M1 市长赴省开会").Text(), "已取消 M1")
		mustContain(t, h.say("U0OFFSTAFF", "meeting cancel M1 再取消").Text(), "不能取消")
		if last := h.outbox()[len(h.outbox())-1]; !strings.Contains(last.Text, "市长赴省开会") {
			t.Fatalf("cancel note %+v", last)
		}
		ms, _ := s.Read(context.Background()).MeetingsBetween(at("2026-12-01 00:00"), at("2027-01-01 00:00"))
		if len(ms) != 0 {
			t.Fatalf("a cancelled meeting still clashes: %+v", ms)
		}
	})
}

func TestScheduleModalChecksEachField(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		r := h.say("U0OFFSTAFF", "meeting")
		if r.Modal == nil {
			t.Fatalf("no modal: %q", r.Text())
		}
		var types []string
		for _, o := range r.Modal.Inputs[0].Options {
			types = append(types, o.Value)
		}
		if r := h.say("U0FGWHEAD", "meeting"); r.Modal != nil || !strings.Contains(r.Text(), "您无权安排市政府会议") {
			t.Fatalf("a department head gets an empty form instead of the reason: %+v", r)
		}
		if !slices.Equal(types, []string{"plenary", "executive", "mayor_office"}) {
			t.Fatalf("office staff may choose %v", types)
		}
		bad := h.submit("U0OFFSTAFF", r.Modal, map[string]string{"type": "executive", "date": "2026-02-30", "time": "9点", "place": "", "attendees": "王小二"})
		for _, f := range []string{"date", "place", "attendees"} {
			if bad.Errors[f] == "" {
				t.Errorf("no error on %s: %+v", f, bad.Errors)
			}
		}
		ok := h.submit("U0OFFSTAFF", r.Modal, map[string]string{"type": "executive", "date": "2026-12-15", "time": "09:00-11:30",
			"place": "三楼会议室", "topics": "预算\n改造", "observers": "周市镇", "absent": ""})
		mustContain(t, ok.Text(), "M1", "2026年第1次常务会议", "09:00-11:30")
		m, _, _ := s.Read(context.Background()).LoadMeeting(1)
		if !slices.Equal(m.Topics, []string{"预算", "改造"}) || !slices.Contains(m.Attendees, meeting.Attendee{SlackID: "U0ZHOUSHIHEAD", Role: meeting.Observing}) {
			t.Fatalf("meeting %+v", m)
		}
	})
}

// Slack sends typed text HTML-escaped (& → &amp;, < → &lt;): the meeting
// commands and thread replies read it as typed, so a "&" neither splits a
// topic or an action item at its ";" nor shows twice escaped.
func TestSlackEscapedMeetingTextIsReadAsTyped(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		slack := func(user, typed string) handlers.Response { return h.say(user, chat.Escape(typed)) }
		mustContain(t, slack("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室 议题：预算&决算 <草案>；老旧小区改造").Text(), "M1")
		var m storage.Meeting
		if err := s.DB.First(&m).Error; err != nil {
			t.Fatal(err)
		}
		if m.Topics != "预算&决算 <草案>\n老旧小区改造" {
			t.Fatalf("topics stored as %q", m.Topics)
		}
		root := h.outbox()[0]
		mustContain(t, handlerstest.Text(root), "预算&amp;决算 &lt;草案&gt;")
		if strings.Contains(handlerstest.Text(root), "&amp;amp;") || strings.Contains(handlerstest.Text(root), "&amp;lt;") {
			t.Fatalf("topics escaped twice: %s", handlerstest.Text(root))
		}
		h.clk.Set(at("2026-12-15 12:00"))
		mustContain(t, slack("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划&方案；财政局：落实资金").Text(), "已提交 M1")
		tr := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: chat.Escape("退回 资金 & 时限 <写明>")})
		mustContain(t, tr.Text(), "已将 M1")
		last := h.outbox()[len(h.outbox())-1]
		mustContain(t, last.Text, "资金 &amp; 时限 &lt;写明&gt;")
		if strings.Contains(last.Text, "&amp;amp;") {
			t.Fatalf("reason escaped twice: %s", last.Text)
		}
	})
}

// A Chinese input method in full-width mode types the ideographic space
// (U+3000) and full-width letters and digits: commands read them as typed
// in half width.
func TestFullWidthSpacesAndIDsReachTheCommand(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting 常务会议　２０２６－１２－１５　０９：００　三楼会议室　议题：预算").Text(), "已安排 M1")
		slash := func(user, cmd, text string) string {
			return h.svc.Handle(context.Background(), handlers.Request{User: user, Command: cmd, Text: text, Channel: "D1"}).Text()
		}
		tests := []struct {
			name string
			got  func() string
			want string
		}{
			{"free text: a command word then an ideographic space", func() string { return h.say("U0OFFSTAFF", "meeting　list").Text() }, "近期会议"},
			{"slash command: verb, ID and date apart by ideographic spaces", func() string {
				return slash("U0OFFSTAFF", "meeting", "move　Ｍ１　２０２６－１２－１６　１５：００")
			}, "已将 M1"},
			{"slash command: status of a full-width ID", func() string { return slash("U0OFFSTAFF", "meeting", "status　Ｍ１") }, "M1 2026年第1次常务会议 落实情况"},
			{"leave: file, then its status by a full-width ID", func() string {
				slash("U0FGWHEAD", "leave", "出差　上海　２０２６－１２－０３　至　２０２６－１２－０５")
				return slash("U0FGWHEAD", "leave", "status　Ｌ１")
			}, "请假申请 L1"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { mustContain(t, tt.got(), tt.want) })
		}
	})
}

// SPEC §3: meetings are also named as officials name them.
func TestMeetingsAreFoundByTheirOfficialName(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室 议题：预算")
		mustContain(t, h.say("U0OFFSTAFF", "meeting status 2026年第1次常务会议").Text(), "M1")
		mustContain(t, h.say("U0OFFSTAFF", "meeting move 2026年第1次常务会议 2026-12-16 15:00").Text(), "已将 M1 2026年第1次常务会议 改为 2026-12-16")
		mustContain(t, h.say("U0OFFSTAFF", "meeting status 2026年第2次常务会议").Text(), "没有名为“2026年第2次常务会议”的会议")
		mustContain(t, h.say("U0OFFSTAFF", "meeting status 2026年第1次全体会议").Text(), "没有名为")
		mustContain(t, h.say("U0OFFSTAFF", "meeting status 第1次会议").Text(), "不是会议编号")
	})
}

// Scheduling or moving a meeting onto a rest day, into a room already taken
// or onto the same presider's other meeting is done, with a note saying so.
func TestSchedulingNotesRestDaysAndClashes(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室").Text(), "已安排 M1")
		mustContain(t, h.say("U0OFFSTAFF", "meeting 常务会议").Text(), "缺少日期：")
		mustContain(t, h.say("U0OFFSTAFF", "meeting move M1 2026-12-16").Text(), "缺少开始时间：")
		r := h.say("U0OFFSTAFF", "meeting 市长办公会议 2026-12-15 10:00 三楼会议室").Text()
		mustContain(t, r, "已安排 M2", "注意：同一时间 M1 2026年第1次常务会议（2026-12-15（星期二）09:00-11:00）也在三楼会议室")
		r = h.say("U0VMLI", "meeting 专题会议 2026-12-20 09:00 发改委会议室 议题：重点项目推进").Text()
		mustContain(t, r, "已安排 M3", "注意：2026-12-20 是休息日")
		r = h.say("U0VMWANG", "meeting 专题会议 2026-12-15 09:30 二楼会议室 议题：安全生产 不参会：王副市长").Text()
		mustContain(t, r, "已安排 M4", "注意：王副市长 主持会议，不能从参会人员中移出")
		if strings.Contains(r, "注意：同一时间") {
			t.Fatalf("a different room and presider is no clash: %s", r)
		}
		// Moving M3 onto M1's slot and room.
		r = h.say("U0VMLI", "meeting move M3 2026-12-15 09:00 三楼会议室").Text()
		mustContain(t, r, "也在三楼会议室")
		if strings.Contains(r, "休息日") {
			t.Fatalf("the new day is a working day: %s", r)
		}
		// A holiday named as the date is its festival day, the next to
		// come, and the note names the holiday (Art. 39-44 meetings are
		// held on working days unless the office decides otherwise).
		r = h.say("U0OFFSTAFF", "meeting 常务会议 元旦 09:00 三楼会议室").Text()
		mustContain(t, r, "已安排 M5", "2027-01-01（星期五）09:00", "注意：2027-01-01 是法定节假日（元旦节）")
		// A cancelled meeting is no clash.
		mustContain(t, h.say("U0OFFSTAFF", "meeting cancel M1 另行安排").Text(), "M1")
		mustContain(t, h.say("U0OFFSTAFF", "meeting cancel M2 另行安排").Text(), "M2")
		if r := h.say("U0VMLI", "meeting move M3 2026-12-15 09:00 三楼会议室").Text(); strings.Contains(r, "注意") {
			t.Fatalf("cancelled meetings still clash: %s", r)
		}
	})
}

// A cancel and a move of the same meeting at the same moment: whatever the
// order, a meeting whose cancellation was confirmed stays cancelled (a
// check on read alone let the move bring it back).
func TestConcurrentCancelAndMoveLeaveAConfirmedCancellationStanding(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		for i := 1; i <= 8; i++ {
			key := fmt.Sprint("M", i)
			mustContain(t, h.say("U0OFFSTAFF", fmt.Sprintf("meeting 常务会议 2026-12-%d 09:00 会议室%d", 10+i, i)).Text(), "已安排 "+key)
			var wg sync.WaitGroup
			var cancelled, moved string
			wg.Add(2)
			go func() { defer wg.Done(); cancelled = h.say("U0OFFSTAFF", "meeting cancel "+key+" 另行安排").Text() }()
			go func() { defer wg.Done(); moved = h.say("U0OFFDIR", "meeting move "+key+" 2026-12-28 15:00").Text() }()
			wg.Wait()
			var m storage.Meeting
			if err := s.DB.Where("id = ?", i).First(&m).Error; err != nil {
				t.Fatal(err)
			}
			if strings.Contains(cancelled, "已取消") && !strings.Contains(cancelled, "不能") && m.State != "cancelled" {
				t.Fatalf("%s: cancel said %q, move said %q, yet the meeting is %s", key, cancelled, moved, m.State)
			}
			if strings.Contains(moved, "不能改期") && !strings.Contains(moved, "已取消") {
				t.Fatalf("%s: move refused oddly: %q", key, moved)
			}
		}
	})
}

func TestHomeShowsUpcomingMeetingsAndOpenItems(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := signedMeeting(t, s)
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-28 09:00 三楼会议室 参会：发改委")
		var text []string
		bs, err := h.svc.Home(context.Background(), "U0FGWDEP")
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bs {
			if b.Header != nil {
				text = append(text, b.Header.Text)
			}
			if b.Section != nil {
				text = append(text, b.Section.Text)
			}
		}
		all := strings.Join(text, "\n")
		mustContain(t, all, "近期会议", "待我办理", "会议落实 A1 编制计划（2026年第1次常务会议） —— 本单位报送，12月25日到期")
		if strings.Contains(all, "M2") {
			t.Fatalf("staff who do not attend see M2:\n%s", all)
		}
		bs, _ = h.svc.Home(context.Background(), "U0FGWHEAD")
		var head []string
		for _, b := range bs {
			if b.Section != nil {
				head = append(head, b.Section.Text)
			}
		}
		mustContain(t, strings.Join(head, "\n"), "M2 2026年第2次常务会议")
	})
}

// Every free-text field names its limit when exceeded, and nothing is
// written (issue 11 item 5).
func TestMeetingFreeTextOverItsLimitIsRefusedNamingTheLimit(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 "+strings.Repeat("楼", 120)).Text(), "地点过长（最多 100 字）")
		if n := h.count(&storage.Meeting{}); n != 0 {
			t.Fatalf("%d meetings written", n)
		}
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室")
		mustContain(t, h.say("U0OFFSTAFF", "meeting cancel M1 "+strings.Repeat("改", 600)).Text(), "“事由”过长（600 字），最多 500 字")
		var m storage.Meeting
		s.DB.First(&m)
		if m.State != string(meeting.Scheduled) {
			t.Fatalf("meeting %s after a refused cancel", m.State)
		}
	})
}

// Art. 41: 市长外出期间，可委托负责常务工作的副市长召集和主持. An executive
// meeting the executive vice mayor presides while the mayor has no absence
// on record is scheduled with a note asking the office to confirm the
// entrustment; with the mayor's trip recorded, no note.
func TestAnExecutiveMeetingPresidedByTheExecutiveViceMayorNotesArticle41(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼 主持：陈常务副市长").Text(), "已安排 M1", "第四十一条")
		if got := h.say("U0OFFSTAFF", "meeting 市长办公会议 2026-12-16 09:00 二楼 主持：陈常务副市长").Text(); strings.Contains(got, "第四十一条") {
			t.Fatalf("a mayor's office meeting (Art. 42: no absence needed) got the note: %s", got)
		}
		h.say("U0MAYOR", "leave 出差 北京 2026-12-21 至 2026-12-23 赴京汇报")
		if got := h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-22 09:00 三楼 主持：陈常务副市长").Text(); strings.Contains(got, "第四十一条") || !strings.Contains(got, "已安排") {
			t.Fatalf("with the mayor away: %s", got)
		}
	})
}
