package meeting_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/chat"
	"officebot/clock"
	"officebot/directory"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/meeting"
	"officebot/storage"
	"officebot/storage/storagetest"
)

var shanghai = handlerstest.Shanghai

func at(s string) time.Time { return handlerstest.At(s) }

type harness struct {
	*handlerstest.Bot
	t   *testing.T
	s   *storage.Store
	svc *handlers.Service
	clk *clock.Fake
	org *directory.Org
}

func newHarness(t *testing.T, s *storage.Store, now time.Time) *harness {
	t.Helper()
	b := handlerstest.New(t, s, handlerstest.Options{Start: now})
	return &harness{Bot: b, t: t, s: s, svc: b.Service, clk: b.Clock, org: b.Org}
}

// say types a line as the console and Slack's free text do: "meeting ...".
func (h *harness) say(user, text string) handlers.Response { return h.Say(user, text) }

func (h *harness) click(user string, b chat.Button) handlers.Response {
	return h.Click(user, b.ActionID, b.Value)
}

func (h *harness) submit(user string, m *chat.Modal, values map[string]string) handlers.Response {
	return h.Submit(user, m.CallbackID, m.Private, values)
}

// outbox returns every message written to the outbox, oldest first.
func (h *harness) outbox() []chat.Message { return h.Outbox() }

func (h *harness) count(model any) int64 {
	h.t.Helper()
	var n int64
	if err := h.s.DB.Model(model).Count(&n).Error; err != nil {
		h.t.Fatal(err)
	}
	return n
}

// button returns the labelled button of the latest message in the item's
// thread in the meetings channel: what people click in Slack.
func (h *harness) button(item, label string) chat.Button {
	h.t.Helper()
	ms := h.outbox()
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].ItemKey == item && ms[i].Channel != "" && !strings.HasPrefix(ms[i].Channel, "U") {
			for _, b := range ms[i].Buttons() {
				if b.Label == label {
					return b
				}
			}
			if len(ms[i].Buttons()) > 0 {
				break
			}
		}
	}
	h.t.Fatalf("no button %q on %s", label, item)
	return chat.Button{}
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("reply %q\ndoes not contain %q", got, w)
		}
	}
}

func TestScheduleInvitesTheDefaultAttendeesAndAnnouncesTheMeeting(t *testing.T) {
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
		if len(out) != 1+len(want) {
			t.Fatalf("%d outbox rows, want the root and %d invitations", len(out), len(want))
		}
		if root := out[0]; root.Channel != "C0MEET" || root.ItemKey != "M1" || !root.Root {
			t.Fatalf("root message %+v", root)
		}
		var invited []string
		for _, o := range out[1:] {
			invited = append(invited, o.Channel)
			mustContain(t, o.Text, "M1", "2026年第1次常务会议")
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

func TestMinutesChainLetsOnlyTheNamedPersonAct(t *testing.T) {
	const notYours = "此步骤不由您办理"
	tests := []struct {
		name      string
		scheduler string
		text      string
		minutes   string
		reviewers []string // who may review; the first does
		signer    string
		strangers []string // refused at every step
	}{
		{"plenary: director reviews, mayor signs", "U0OFFSTAFF", "全体会议 2026-12-15 09:00 市民中心",
			"落实事项：发改委：牵头编制计划", []string{"U0OFFDIR"}, "U0MAYOR", []string{"U0OFFDEP", "U0EXEC", "U0OFFSTAFF"}},
		{"executive delegated: the executive vice mayor signs", "U0OFFSTAFF", "常务会议 2026-12-15 09:00 三楼会议室",
			"代签：常务副市长 落实事项：财政局：落实配套资金", []string{"U0OFFDIR"}, "U0EXEC", []string{"U0MAYOR", "U0OFFDEP"}},
		{"mayor's office: the mayor signs", "U0OFFDIR", "市长办公会议 2026-12-15 09:00 二楼小会议室",
			"落实事项：住建局：老旧小区改造方案", []string{"U0OFFDIR"}, "U0MAYOR", []string{"U0EXEC", "U0VMWANG"}},
		{"special: director or deputy reviews, the convening vice mayor signs", "U0VMWANG", "专题会议 2026-12-15 09:00 住建局会议室",
			"落实事项：住建局：拟定方案", []string{"U0OFFDEP", "U0OFFDIR"}, "U0VMWANG", []string{"U0OFFSTAFF", "U0MAYOR", "U0VMLI"}},
		{"special city-wide: the mayor signs", "U0VMLI", "专题会议 2026-12-15 09:00 发改委会议室",
			"全市性 落实事项：发改委：全市推进", []string{"U0OFFDIR"}, "U0MAYOR", []string{"U0VMLI", "U0EXEC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storagetest.Each(t, func(t *testing.T, s *storage.Store) {
				h := newHarness(t, s, at("2026-12-01 10:00"))
				mustContain(t, h.say(tt.scheduler, "meeting "+tt.text).Text(), "M1")
				mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 "+tt.minutes).Text(), "开始后才能提交纪要")
				h.clk.Set(at("2026-12-15 12:00"))
				mustContain(t, h.say("U0FGWHEAD", "meeting minutes M1 "+tt.minutes).Text(), "只有市政府办公室或会议召集人")
				mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 "+tt.minutes).Text(), "已提交 M1")
				review := h.button("M1", "审核通过")
				for _, who := range append(slices.Clone(tt.strangers), tt.signer) {
					if slices.Contains(tt.reviewers, who) {
						continue
					}
					mustContain(t, h.click(who, review).Text(), notYours)
				}
				mustContain(t, h.click(tt.reviewers[0], review).Text(), "已审核通过")
				mustContain(t, h.click(tt.reviewers[0], review).Text(), "已有决定")
				sign := h.button("M1", "签发")
				for _, who := range append(slices.Clone(tt.strangers), tt.reviewers...) {
					if who != tt.signer {
						mustContain(t, h.click(who, sign).Text(), notYours)
					}
				}
				mustContain(t, h.click(tt.signer, sign).Text(), "已签发", "A1")
				mustContain(t, h.click(tt.signer, sign).Text(), "已有决定")
				if n := h.count(&storage.ActionItem{}); n != 1 {
					t.Fatalf("%d action items, want 1", n)
				}
			})
		})
	}
}

func TestReturnedMinutesNeedAReasonAndCanBeFiledAgain(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室")
		h.clk.Set(at("2026-12-15 12:00"))
		h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划")
		ret := h.button("M1", "退回修改")
		if r := h.click("U0MAYOR", ret); !strings.Contains(r.Text(), "此步骤不由您办理") || r.Modal != nil {
			t.Fatalf("the mayor got %q / modal %v on the director's step", r.Text(), r.Modal)
		}
		r := h.click("U0OFFDIR", ret)
		if r.Modal == nil {
			t.Fatalf("no reason modal: %q", r.Text())
		}
		if e := h.submit("U0OFFDIR", r.Modal, map[string]string{"reason": " "}); e.Errors["reason"] == "" {
			t.Fatalf("an empty reason was accepted: %+v", e)
		}
		mustContain(t, h.submit("U0OFFDIR", r.Modal, map[string]string{"reason": "<!channel> 补充资金来源"}).Text(), "已将 M1")
		last := h.outbox()[len(h.outbox())-1]
		mustContain(t, last.Text, "&lt;!channel&gt; 补充资金来源", "meeting minutes M1")
		if last.Channel != "U0OFFSTAFF" {
			t.Fatalf("the filer is not told: %+v", last)
		}
		mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划；财政局：落实资金").Text(), "已提交 M1")
		// The second draft is returned by a reply in the thread this time.
		tr := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: "退回 请写明时限"})
		mustContain(t, tr.Text(), "已将 M1")
		tr = h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: "退回"})
		mustContain(t, tr.Text(), "当前没有待审核")
		h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：12月底前编制计划")
		tr = h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: "审核通过"})
		mustContain(t, tr.Text(), "已审核通过")
		tr = h.svc.Handle(context.Background(), handlers.Request{User: "U0MAYOR", ThreadItem: "M1", Text: "签发"})
		mustContain(t, tr.Text(), "已签发", "A1")
		var revs int64
		s.DB.Model(&storage.MeetingMinutes{}).Count(&revs)
		if revs != 3 {
			t.Fatalf("%d minutes revisions, want 3", revs)
		}
	})
}

func TestActionItemsAreDueTenDaysAfterTheMeetingPastHolidays(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-09-20 10:00"))
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-09-25 09:00 三楼会议室")
		h.clk.Set(at("2026-09-25 12:00"))
		h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划；财政局：落实资金")
		h.click("U0OFFDIR", h.button("M1", "审核通过"))
		r := h.click("U0MAYOR", h.button("M1", "签发"))
		mustContain(t, r.Text(), "A1", "A2", "2026-10-08")
		var items []storage.ActionItem
		s.DB.Order("id").Find(&items)
		if len(items) != 2 || items[0].Due != "2026-10-08" || items[1].Due != "2026-10-08" {
			t.Fatalf("items %+v, want two due 2026-10-08 (10-05 is in the National Day holiday)", items)
		}
		var dms []string
		for _, m := range h.outbox() {
			if m.ItemKey == "A1" || m.ItemKey == "A2" {
				dms = append(dms, m.Channel)
				mustContain(t, m.Text, "2026-10-08", "meeting report "+m.ItemKey)
			}
		}
		if !slices.Equal(dms, []string{"U0FGWHEAD", "U0CZJHEAD"}) {
			t.Fatalf("task DMs to %v, want the two department heads", dms)
		}
		due, err := s.Read(context.Background()).ItemsDueBy("2026-10-08")
		if err != nil || len(due) != 2 {
			t.Fatalf("ItemsDueBy: %v %v", due, err)
		}
		if due, _ := s.Read(context.Background()).ItemsDueBy("2026-10-07"); len(due) != 0 {
			t.Fatalf("ItemsDueBy a day early: %v", due)
		}
	})
}

// signedMeeting schedules an executive meeting on 2026-12-15, files and
// signs minutes with items for 发改委 (A1), 财政局 (A2) and 住建局 (A3), due
// 2026-12-25.
func signedMeeting(t *testing.T, s *storage.Store) *harness {
	h := newHarness(t, s, at("2026-12-01 10:00"))
	h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室")
	h.clk.Set(at("2026-12-15 12:00"))
	h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划；财政局：落实资金；住建局：改造方案")
	h.click("U0OFFDIR", h.button("M1", "审核通过"))
	mustContain(t, h.click("U0MAYOR", h.button("M1", "签发")).Text(), "A3", "2026-12-25")
	return h
}

func TestReportsAreFiledOnlyByTheItemsDepartment(t *testing.T) {
	tests := []struct {
		user, text, want string
	}{
		{"U0CZJHEAD", "meeting report A1 我们来报", "由市发展和改革委员会负责落实"},
		{"U0OFFDIR", "meeting report A1 代报", "由市发展和改革委员会负责落实"},
		{"U0FGWHEAD", "meeting report A9 无此事项", "没有编号为 A9"},
		{"U0FGWHEAD", "meeting report A1", "用法"},
		{"U0FGWDEP", "meeting report a1 已完成，见 <https://files.slack.com/f/1>", "已报送 A1"}, // staff of the department may file
		{"U0FGWHEAD", "meeting report A1 再报一次", "已经报送"},
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := signedMeeting(t, s)
		for _, tt := range tests {
			mustContain(t, h.say(tt.user, tt.text).Text(), tt.want)
		}
		var reps []storage.ActionReport
		s.DB.Find(&reps)
		if len(reps) != 1 || reps[0].FiledBy != "U0FGWDEP" || reps[0].FileLink != "https://files.slack.com/f/1" || reps[0].Late {
			t.Fatalf("reports %+v", reps)
		}
	})
}

func TestStatusShowsInLateAndMissingReports(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := signedMeeting(t, s)
		h.clk.Set(at("2026-12-24 16:00"))
		mustContain(t, h.say("U0FGWHEAD", "meeting report A1 已完成").Text(), "按时")
		h.clk.Set(at("2026-12-28 09:00"))
		mustContain(t, h.say("U0CZJHEAD", "meeting report A2 已落实").Text(), "逾期报送")
		mustContain(t, h.say("U0ZJJHEAD", "meeting status M1").Text(),
			"A1 市发展和改革委员会：编制计划｜期限 2026-12-25｜已按时报送",
			"A2 市财政局：落实资金｜期限 2026-12-25｜逾期报送",
			"A3 市住房和城乡建设局：改造方案｜期限 2026-12-25｜逾期未报",
			"按时 1 · 逾期报送 1 · 逾期未报 1 · 待报送 0")
		// The office urges the missing one and sends the late one back.
		mustContain(t, h.say("U0FGWHEAD", "meeting urge A3").Text(), "只有市政府办公室")
		mustContain(t, h.say("U0OFFSTAFF", "meeting urge A3").Text(), "已向 A3")
		if last := h.outbox()[len(h.outbox())-1]; last.Channel != "U0ZJJHEAD" || !strings.Contains(last.Text, "催办") {
			t.Fatalf("urge DM %+v", last)
		}
		// A second urge the same day repeats nothing; the next day it may.
		before := len(h.outbox())
		mustContain(t, h.say("U0OFFDIR", "meeting urge A3").Text(), "A3 今天 09:00 已催办过")
		if n := len(h.outbox()); n != before {
			t.Fatalf("a second urge the same day queued %d messages", n-before)
		}
		h.clk.Set(at("2026-12-29 09:00"))
		mustContain(t, h.say("U0OFFDIR", "meeting urge A3").Text(), "已向 A3")
		h.clk.Set(at("2026-12-28 09:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting return A3 没有报告").Text(), "没有待审查")
		mustContain(t, h.say("U0OFFSTAFF", "meeting return A2 请补充资金到位时间").Text(), "退回补充")
		mustContain(t, h.say("U0OFFSTAFF", "meeting status M1").Text(), "A2 市财政局：落实资金｜期限 2026-12-25｜逾期未报，报告已退回补充：请补充资金到位时间")
		mustContain(t, h.say("U0CZJDEP", "meeting report A2 资金已于12月27日到位").Text(), "逾期报送")
		var audit int64
		s.DB.Model(&storage.AuditEntry{}).Where("action LIKE ?", "meeting.%").Count(&audit)
		if audit < 10 {
			t.Fatalf("%d audit entries for the meeting flow", audit)
		}
	})
}

func TestBadMinutesWriteNothing(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0VMLI", "meeting 专题会议 2026-12-15 09:00 发改委会议室")
		h.clk.Set(at("2026-12-15 12:00"))
		before := h.count(&storage.OutboxMessage{})
		for _, text := range []string{
			"meeting minutes M1 落实事项：宣传部：报道",
			"meeting minutes M1 代签：常务副市长 落实事项：发改委：编制",
			"meeting minutes M9 落实事项：发改委：编制",
		} {
			if r := h.say("U0OFFSTAFF", text).Text(); strings.Contains(r, "已提交") {
				t.Fatalf("%q accepted: %s", text, r)
			}
		}
		if n := h.count(&storage.MeetingMinutes{}) + h.count(&storage.ApprovalStep{}); n != 0 || h.count(&storage.OutboxMessage{}) != before {
			t.Fatalf("refused minutes left %d rows and %d new outbox messages", n, h.count(&storage.OutboxMessage{})-before)
		}
	})
}

func TestMoveAndCancelTellTheAttendees(t *testing.T) {
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

func TestCityWideMeetingApplicationIsDecidedByTheOffice(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting apply 2026-12-20 09:00 市体育中心 名称：全市安全生产工作会议").Text(), "只有部门")
		mustContain(t, h.say("U0FGWHEAD", "meeting apply 2026-12-20 09:00 市体育中心 名称：全市项目推进会 范围：各区镇分管负责人约200人").Text(), "P1", "全市项目推进会")
		root := h.outbox()[0]
		if root.Channel != "C0OFFICE" || !root.Root || root.ItemKey != "P1" {
			t.Fatalf("application root %+v", root)
		}
		approve := root.Buttons()[0]
		mustContain(t, h.click("U0FGWHEAD", approve).Text(), "不能审批本人")
		mustContain(t, h.click("U0VMLI", approve).Text(), "此步骤不由您办理")
		mustContain(t, h.click("U0OFFDEP", approve).Text(), "已批准 P1")
		mustContain(t, h.click("U0OFFDIR", approve).Text(), "已有决定")
		h.say("U0CZJHEAD", "meeting apply 2026-12-21 09:00 市民中心 名称：全市财政工作会议")
		tr := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFSTAFF", ThreadItem: "P2", Text: "驳回 与全市项目推进会合并召开"})
		mustContain(t, tr.Text(), "已驳回 P2")
		var apps []storage.MeetingApplication
		s.DB.Order("id").Find(&apps)
		if apps[0].State != meeting.ApplicationApproved || apps[1].State != meeting.ApplicationRejected || apps[1].Comment != "与全市项目推进会合并召开" {
			t.Fatalf("applications %+v", apps)
		}
	})
}

func TestHomeShowsUpcomingMeetingsAndOpenItems(t *testing.T) {
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
		mustContain(t, all, "近期会议", "待报送落实情况", "A1 市发展和改革委员会：编制计划")
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

// Slack sends typed text HTML-escaped (& → &amp;, < → &lt;): the meeting
// commands and thread replies read it as typed, so a "&" neither splits a
// topic or an action item at its ";" nor shows twice escaped.
func TestSlackEscapedMeetingTextIsReadAsTyped(t *testing.T) {
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

// Minutes may decide without assigning anything: the signer is told so,
// not shown an empty list after a colon.
func TestSigningMinutesWithoutActionItemsSaysThereAreNone(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室")
		h.clk.Set(at("2026-12-15 12:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 会议听取了预算草案的汇报。").Text(), "已提交 M1")
		h.click("U0OFFDIR", h.button("M1", "审核通过"))
		got := strings.TrimSpace(h.click("U0MAYOR", h.button("M1", "签发")).Text())
		mustContain(t, got, "已签发 M1", "没有落实事项")
		if strings.HasSuffix(got, "：") {
			t.Fatalf("reply ends with an empty list: %q", got)
		}
	})
}

// SPEC §3: meetings are also named as officials name them.
func TestMeetingsAreFoundByTheirOfficialName(t *testing.T) {
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

// A report filed with files (uploaded in a DM to the bot, or in the
// meeting's thread) keeps them, queues a copy of each into the meeting's
// thread, and lists them in the status.
func TestAReportWithFilesCopiesThemIntoTheMeetingsThread(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := signedMeeting(t, s)
		h.clk.Set(at("2026-12-20 10:00"))
		files := []chat.File{{ID: "F1", Name: "发改委<计划>.docx", URL: "https://files.slack.com/F1", Size: 2048},
			{ID: "F2", Name: "附表.xlsx", URL: "https://files.slack.com/F2", Size: 512}}
		before := len(h.outbox())
		// A file with no text is a report too; the wrong department is refused first.
		r := h.svc.Handle(context.Background(), handlers.Request{User: "U0CZJHEAD", Text: "meeting report A1", Files: files})
		mustContain(t, r.Text(), "市发展和改革委员会")
		if n := len(h.outbox()); n != before {
			t.Fatalf("a refused report queued %d messages", n-before)
		}
		r = h.svc.Handle(context.Background(), handlers.Request{User: "U0FGWHEAD", Text: "meeting report A1", Files: files})
		mustContain(t, r.Text(), "已报送 A1")
		out := h.outbox()[before:]
		if len(out) != 3 {
			t.Fatalf("queued %+v", out)
		}
		mustContain(t, out[0].Text, "A1", "见附件")
		for i, f := range files {
			m := out[i+1]
			if m.File == nil || m.File.ID != f.ID || m.File.URL != f.URL || m.Channel != "C0MEET" || !m.InThread || m.ItemKey != "M1" {
				t.Fatalf("copy %d: %+v", i, m)
			}
		}
		mustContain(t, out[1].Text, "发改委&lt;计划&gt;.docx")
		mustContain(t, h.say("U0OFFSTAFF", "meeting status M1").Text(), "附件：发改委&lt;计划&gt;.docx、附表.xlsx")

		// In the meeting's thread: 报送 A2 … with a file.
		r = h.svc.Handle(context.Background(), handlers.Request{User: "U0CZJHEAD", ThreadItem: "M1", Text: "报送 A2 资金已落实",
			Files: files[1:]})
		mustContain(t, r.Text(), "已报送 A2")
		// A file with words that file no report is not silently dropped.
		r = h.svc.Handle(context.Background(), handlers.Request{User: "U0FGWHEAD", Text: "whoami", Files: files[:1]})
		mustContain(t, r.Text(), "王主任", "附件未使用")
		// Neither text nor file, or no item: the usage.
		mustContain(t, h.say("U0ZJJHEAD", "meeting report A3").Text(), "用法")
		mustContain(t, h.say("U0ZJJHEAD", "meeting report").Text(), "用法：/meeting report A5")
		mustContain(t, h.say("U0OFFSTAFF", "meeting urge").Text(), "用法：/meeting urge A5")
		mustContain(t, h.say("U0OFFSTAFF", "meeting return").Text(), "用法：/meeting return A5")
		many := make([]chat.File, 11)
		for i := range many {
			many[i] = chat.File{ID: fmt.Sprint("F", i), Name: "f"}
		}
		r = h.svc.Handle(context.Background(), handlers.Request{User: "U0ZJJHEAD", Text: "meeting report A3 好", Files: many})
		mustContain(t, r.Text(), "最多附 10 个文件")
	})
}

// Scheduling or moving a meeting onto a rest day, into a room already taken
// or onto the same presider's other meeting is done, with a note saying so.
func TestSchedulingNotesRestDaysAndClashes(t *testing.T) {
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

// Words typed in a minutes thread by someone the step does not name are
// conversation: no answer (it would be public), no decision.
func TestAThreadReplyBySomeoneElseDoesNothing(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室")
		h.clk.Set(at("2026-12-15 12:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划").Text(), "待 赵主任 办理")
		before := len(h.outbox())
		for _, u := range []string{"U0MAYOR", "U0FGWHEAD", "U0OFFSTAFF"} {
			r := h.svc.Handle(context.Background(), handlers.Request{User: u, ThreadItem: "M1", Text: "审核通过"})
			if len(r.Messages) != 0 {
				t.Fatalf("%s got an answer: %s", u, r.Text())
			}
		}
		if n := len(h.outbox()); n != before {
			t.Fatalf("a reply by someone else queued %d messages", n-before)
		}
		r := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: "审核通过"})
		mustContain(t, r.Text(), "已审核通过")
	})
}
