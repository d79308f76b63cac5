package leave_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"officebot/approval"
	"officebot/chat"
	"officebot/clock"
	"officebot/directory"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	leaves "officebot/handlers/leave"
	"officebot/leave"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// start is the fake clock's instant: Thursday 2026-11-26 10:00 in Shanghai.
var start = handlerstest.Start

// bot is the service on a real database with the demo organisation.
type bot struct {
	*handlerstest.Bot
	t   *testing.T
	s   *storage.Store
	svc *handlers.Service
	clk *clock.Fake
}

func newBot(t *testing.T, s *storage.Store) *bot {
	t.Helper()
	b := handlerstest.New(t, s, handlerstest.Options{})
	return &bot{Bot: b, t: t, s: s, svc: b.Service, clk: b.Clock}
}

func (b *bot) do(req handlers.Request) handlers.Response { return b.Do(req) }

// leave types /leave TEXT as Slack sends it: HTML-escaped.
func (b *bot) leave(user, text string) handlers.Response { return b.Command(user, "leave", text) }

func (b *bot) click(user, id, value string) handlers.Response { return b.Click(user, id, value) }

func (b *bot) reply(user, item, text string) handlers.Response { return b.Reply(user, item, text) }

func (b *bot) submit(user, callback, private string, values map[string]string) handlers.Response {
	return b.Submit(user, callback, private, values)
}

// requests returns every leave request, oldest first.
func (b *bot) requests() []storage.LeaveRequest {
	b.t.Helper()
	var rs []storage.LeaveRequest
	if err := b.s.DB.Order("id").Find(&rs).Error; err != nil {
		b.t.Fatal(err)
	}
	return rs
}

// only returns the one leave request there must be.
func (b *bot) only() storage.LeaveRequest {
	b.t.Helper()
	rs := b.requests()
	if len(rs) != 1 {
		b.t.Fatalf("want exactly one leave request, have %d: %+v", len(rs), rs)
	}
	return rs[0]
}

func (b *bot) get(key string) storage.LeaveRequest {
	b.t.Helper()
	id, err := leave.ParseKey(key)
	if err != nil {
		b.t.Fatal(err)
	}
	var r storage.LeaveRequest
	if err := b.s.DB.Where("id = ?", id).Take(&r).Error; err != nil {
		b.t.Fatalf("load %s: %v", key, err)
	}
	return r
}

// outbox returns the messages written to the outbox, in order.
func (b *bot) outbox() []chat.Message { return b.Outbox() }

// sent returns the outbox messages after the first n.
func (b *bot) since(n int) []chat.Message { return b.outbox()[n:] }

func (b *bot) audit(key string) []storage.AuditEntry {
	b.t.Helper()
	es, err := b.s.Read(context.Background()).AuditTrail(key)
	if err != nil {
		b.t.Fatal(err)
	}
	return es
}

// text renders a message as the console would, for assertions.
func text(m chat.Message) string { return handlerstest.Text(m) }

func find(ms []chat.Message, f func(chat.Message) bool) (chat.Message, bool) {
	for _, m := range ms {
		if f(m) {
			return m, true
		}
	}
	return chat.Message{}, false
}

func mustContainIn(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

// schedule puts the meeting into the meetings tables, numbered as its name
// says (第12次: eleven executive meetings came before it this year).
func (b *bot) schedule(m leave.Meeting) {
	b.t.Helper()
	if err := b.s.DB.Create(&storage.Sequence{Name: "meeting_" + string(m.Type), Year: m.Start.Year(), Value: 11}).Error; err != nil {
		b.t.Fatal(err)
	}
	mt := meeting.Meeting{Type: meeting.Type(m.Type), Start: m.Start, End: m.End, Place: "第一会议室", Convener: m.PresiderID, CreatedBy: "U0OFFSTAFF"}
	for _, a := range m.Attendees {
		mt.Attendees = append(mt.Attendees, meeting.Attendee{SlackID: a, Role: meeting.Attending})
	}
	err := b.s.Tx(context.Background(), func(tx *storage.Tx) error {
		return tx.CreateMeeting(&mt, handlerstest.Shanghai, start)
	})
	if err != nil {
		b.t.Fatal(err)
	}
	if got := mt.Key() + " " + mt.Name(); got != m.ID+" "+m.Name {
		b.t.Fatalf("scheduled %s, want %s %s", got, m.ID, m.Name)
	}
}

// executiveMeeting is the monthly executive meeting on Friday 4 December.
var executiveMeeting = leave.Meeting{
	ID: "M1", Name: "2026年第12次常务会议", Type: leave.Executive,
	Start:      time.Date(2026, 12, 4, 9, 0, 0, 0, leave.Shanghai),
	End:        time.Date(2026, 12, 4, 12, 0, 0, 0, leave.Shanghai),
	Attendees:  []string{"U0EXEC", "U0VMLI", "U0VMWANG", "U0VMZHANG", "U0OFFDIR", "U0FGWHEAD", "U0CZJHEAD"},
	PresiderID: "U0MAYOR",
}

const shanghaiTrip = "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会"

func TestLeaveOfADepartmentHeadGoesToTheViceMayorInChargeAndIsApproved(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		resp := b.leave("U0FGWHEAD", shanghaiTrip)
		r := b.only()
		key := r.Key()
		mustContainIn(t, "requester's reply", resp.Text(), key, "李副市长", "分管副市长", "/leave withdraw "+key)
		if r.State != leave.Pending || r.Approver != "U0VMLI" || !r.Required || r.StartDate != "2026-12-03" || r.EndDate != "2026-12-05" {
			t.Fatalf("request = %+v", r)
		}
		out := b.outbox()
		if len(out) != 1 {
			t.Fatalf("outbox after filing: %+v", out)
		}
		root := out[0]
		if root.Channel != "C0LEAVE" || root.ItemKey != key || !root.Root {
			t.Fatalf("root message routing: %+v", root)
		}
		mustContainIn(t, "root message", text(root), chat.Mention("U0VMLI"), "王主任", "市发展和改革委员会", "上海",
			"2026-12-03 至 2026-12-05（3天）", "参加长三角招商推介会", "分管副市长", "第五十七条第一款", key)
		bs := root.Buttons()
		want := []chat.Button{
			{Label: "批准", ActionID: "leave.approve", Value: key, Style: chat.Primary},
			{Label: "驳回", ActionID: "leave.reject", Value: key, Style: chat.Danger},
			{Label: "撤回", ActionID: "leave.withdraw", Value: key},
		}
		if len(bs) != len(want) {
			t.Fatalf("buttons = %+v", bs)
		}
		for i := range want {
			if bs[i] != want[i] {
				t.Errorf("button %d = %+v, want %+v", i, bs[i], want[i])
			}
		}

		b.clk.Advance(5 * time.Minute)
		resp = b.click("U0VMLI", "leave.approve", key)
		mustContainIn(t, "approver's reply", resp.Text(), "已批准", key)
		r = b.get(key)
		if r.State != leave.Approved || r.DecidedBy != "U0VMLI" || r.DecidedAt == nil {
			t.Fatalf("after approval: %+v", r)
		}
		after := b.since(1)
		update, ok := find(after, func(m chat.Message) bool { return m.Update && m.ItemKey == key })
		if !ok || len(update.Buttons()) != 0 || update.Channel != "C0LEAVE" {
			t.Fatalf("root update without buttons missing: %+v", after)
		}
		mustContainIn(t, "root update", text(update), "已批准", "李副市长", "2026-11-26 10:05")
		thread, ok := find(after, func(m chat.Message) bool { return m.InThread && m.ItemKey == key })
		if !ok {
			t.Fatalf("no thread message: %+v", after)
		}
		mustContainIn(t, "thread message", thread.Text, "李副市长", "批准")
		dm, ok := find(after, func(m chat.Message) bool { return m.Channel == "U0FGWHEAD" })
		if !ok {
			t.Fatalf("no DM to the requester: %+v", after)
		}
		mustContainIn(t, "requester's DM", dm.Text, key, "已获", "李副市长", "批准")
		if _, ok := find(after, func(m chat.Message) bool { return m.Channel == "U0OFFDIR" }); ok {
			t.Errorf("no meeting is missed: the office director is not told")
		}
		trail := b.audit(key)
		if len(trail) != 2 || trail[0].Action != "leave.file" || trail[1].Action != "leave.approve" || trail[1].Actor != "U0VMLI" {
			t.Fatalf("audit trail = %+v", trail)
		}
		steps, err := s.Read(context.Background()).Steps(key)
		if err != nil || len(steps) != 1 || steps[0].State != approval.Done || steps[0].Action != approval.Approve {
			t.Fatalf("approval steps = %+v %v", steps, err)
		}
	})
}

func TestLeaveThatNeedsNoRequestCitesArticle57AndIsRecorded(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		tests := []struct {
			name, text string
			wants      []string
		}{
			{"常熟 is inside Suzhou", "出差 常熟 2026-12-03 至 2026-12-05 调研", []string{"第五十七条", "常熟", "苏州市内"}},
			{"园区 is inside Suzhou", "考察 园区 2026-12-07 至 2026-12-08", []string{"第五十七条", "园区", "苏州市内"}},
			{"花桥 is inside Kunshan", "出差 花桥 2026-12-09 至 2026-12-11", []string{"第五十七条", "花桥", "昆山市内"}},
			{"half a day is under one day", "出差 上海 2026-12-14 下午", []string{"第五十七条", "不足1天", "0.5天"}},
		}
		b := newBot(t, s)
		for _, tt := range tests {
			n := len(b.requests())
			resp := b.leave("U0FGWHEAD", tt.text)
			mustContainIn(t, tt.name, resp.Text(), append(tt.wants, "无需书面请假", "已登记备查", "不需要审批")...)
			rs := b.requests()
			if len(rs) != n+1 {
				t.Fatalf("%s: want one more request, have %d", tt.name, len(rs))
			}
			r := rs[n]
			if r.State != leave.Recorded || r.Required {
				t.Errorf("%s: recorded request = %+v", tt.name, r)
			}
			if steps, _ := s.Read(context.Background()).Steps(r.Key()); len(steps) != 0 {
				t.Errorf("%s: no approval wanted, have %+v", tt.name, steps)
			}
			if trail := b.audit(r.Key()); len(trail) != 1 || trail[0].Action != "leave.record" {
				t.Errorf("%s: audit = %+v", tt.name, trail)
			}
		}
		if out := b.outbox(); len(out) != 0 {
			t.Fatalf("recorded leave messages nobody: %+v", out)
		}
	})
}

func TestLeaveRefusalsWriteNothing(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		first := b.only().Key()
		tests := []struct {
			name, text string
			wants      []string
		}{
			{"start in the past", "出差 上海 2026-11-20 至 2026-11-23 参会", []string{"事先", "第五十七条", "2026-11-26", "未提交"}},
			{"overlaps an open request", "考察 北京 2026-12-05 至 2026-12-06", []string{first, "重叠", "待审批"}},
			{"unknown kind", "旅游 上海 明天", []string{"旅游", "不是请假类型", leave.Example}},
			{"no dates", "出差 上海 参会", []string{"日期", leave.Example}},
			{"no destination", "出差 2026-12-20", []string{"目的地"}},
			{"impossible date", "出差 上海 2026-02-30", []string{"2026-02-30", "日期"}},
			{"unknown deputy", "出差 上海 2026-12-20 代为参会：@路人甲", []string{"路人甲", "组织名录"}},
		}
		for _, tt := range tests {
			outbox := len(b.outbox())
			resp := b.leave("U0FGWHEAD", tt.text)
			mustContainIn(t, tt.name, resp.Text(), tt.wants...)
			if n := len(b.requests()); n != 1 {
				t.Errorf("%s: %d requests stored, want only the first", tt.name, n)
			}
			if n := len(b.outbox()); n != outbox {
				t.Errorf("%s: outbox grew from %d to %d", tt.name, outbox, n)
			}
		}
	})
}

func TestOnlyTheApproverDecidesALeave(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		key := b.only().Key()
		outbox := len(b.outbox())
		tests := []struct {
			name, user, action string
			wants              []string
		}{
			{"another vice mayor approves", "U0VMWANG", "leave.approve", []string{"只有指定的审批人"}},
			{"the mayor approves", "U0MAYOR", "leave.approve", []string{"只有指定的审批人"}},
			{"another vice mayor rejects", "U0VMWANG", "leave.reject", []string{"只有指定的审批人"}},
			{"the requester approves his own", "U0FGWHEAD", "leave.approve", []string{"不能审批本人"}},
			{"the requester rejects his own", "U0FGWHEAD", "leave.reject", []string{"不能审批本人"}},
			{"the approver withdraws", "U0VMLI", "leave.withdraw", []string{"只有申请人本人"}},
		}
		for _, tt := range tests {
			resp := b.click(tt.user, tt.action, key)
			mustContainIn(t, tt.name, resp.Text(), tt.wants...)
			if resp.Modal != nil {
				t.Errorf("%s: a modal was opened", tt.name)
			}
			if r := b.get(key); r.State != leave.Pending {
				t.Errorf("%s: state = %s", tt.name, r.State)
			}
		}
		if n := len(b.outbox()); n != outbox {
			t.Fatalf("refused clicks sent messages: %d → %d", outbox, n)
		}
		if trail := b.audit(key); len(trail) != 1 {
			t.Fatalf("refused clicks were audited: %+v", trail)
		}
	})
}

func TestApproveAndRejectAtOnceMakeExactlyOneDecision(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		for round := 0; round < 5; round++ {
			day := time.Date(2026, 12, 3, 0, 0, 0, 0, leave.Shanghai).AddDate(0, 0, 4*round)
			b.leave("U0FGWHEAD", "出差 上海 "+day.Format(time.DateOnly)+" 至 "+day.AddDate(0, 0, 1).Format(time.DateOnly))
			rs := b.requests()
			key := rs[len(rs)-1].Key()
			var (
				wg    sync.WaitGroup
				resps [2]handlers.Response
			)
			wg.Add(2)
			go func() {
				defer wg.Done()
				resps[0] = b.click("U0VMLI", "leave.approve", key)
			}()
			go func() {
				defer wg.Done()
				resps[1] = b.submit("U0VMLI", "leave.reject", key, map[string]string{"reason": "时间冲突"})
			}()
			wg.Wait()
			decided := 0
			already := 0
			for _, r := range resps {
				switch t := r.Text(); {
				case strings.Contains(t, "已有决定"):
					already++
				case strings.Contains(t, "已批准") || strings.Contains(t, "已驳回"):
					decided++
				}
			}
			if decided != 1 || already != 1 {
				t.Fatalf("round %d: responses %q / %q: want one decision and one 已有决定", round, resps[0].Text(), resps[1].Text())
			}
			r := b.get(key)
			if r.State != leave.Approved && r.State != leave.Rejected {
				t.Fatalf("round %d: state %s", round, r.State)
			}
			decisions := 0
			for _, e := range b.audit(key) {
				if e.Action == "leave.approve" || e.Action == "leave.reject" {
					decisions++
				}
			}
			dms := 0
			for _, m := range b.outbox() {
				if m.Channel == "U0FGWHEAD" && m.ItemKey == key {
					dms++
				}
			}
			if decisions != 1 || dms != 1 {
				t.Fatalf("round %d: %d decisions audited, %d DMs to the requester", round, decisions, dms)
			}
		}
	})
}

func TestLeaveOverlappingTheExecutiveMeetingNeedsTheMayorAndADeputy(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.schedule(executiveMeeting)

		resp := b.leave("U0FGWHEAD", shanghaiTrip)
		mustContainIn(t, "request without deputy", resp.Text(), "2026年第12次常务会议", "代为参会：@", "第五十七条第二款", "钱副主任", "未提交")
		if n := len(b.requests()); n != 0 {
			t.Fatalf("a meeting absence without a deputy was filed")
		}
		if n := len(b.outbox()); n != 0 {
			t.Fatalf("outbox: %d messages", n)
		}

		deputies := []string{"代为参会：<@U0FGWDEP>", "代为参会：@U0FGWDEP", "代为参会：钱副主任"}
		for i, deputy := range deputies {
			resp = b.leave("U0FGWHEAD", shanghaiTrip+" "+deputy)
			rs := b.requests()
			if len(rs) != 1 {
				t.Fatalf("%s: %d requests, reply %q", deputy, len(rs), resp.Text())
			}
			r := rs[0]
			if r.Approver != "U0MAYOR" || !r.MeetingAbsence || r.Deputy != "U0FGWDEP" || r.Paragraph != 2 {
				t.Fatalf("%s: request = %+v", deputy, r)
			}
			mustContainIn(t, deputy, resp.Text(), r.Key(), "周市长", "涉及市政府常务会议，由市长审批")
			root := b.outbox()[0]
			mustContainIn(t, "root", text(root), chat.Mention("U0MAYOR"), "2026年第12次常务会议", "钱副主任", "第五十七条第二款")
			if i < len(deputies)-1 {
				// Withdraw, so the next form can be filed for the same dates.
				if resp := b.leave("U0FGWHEAD", "withdraw "+r.Key()); !strings.Contains(resp.Text(), "已撤回") {
					t.Fatalf("withdraw: %s", resp.Text())
				}
				if err := s.DB.Session(&gorm.Session{AllowGlobalUpdate: true}).Delete(&storage.LeaveRequest{}).Error; err != nil {
					t.Fatal(err)
				}
				if err := s.DB.Session(&gorm.Session{AllowGlobalUpdate: true}).Delete(&storage.OutboxMessage{}).Error; err != nil {
					t.Fatal(err)
				}
			}
		}
		key := b.only().Key()
		if resp := b.click("U0VMLI", "leave.approve", key); !strings.Contains(resp.Text(), "只有指定的审批人") {
			t.Fatalf("the vice mayor in charge may not decide a meeting absence: %s", resp.Text())
		}
		n := len(b.outbox())
		b.click("U0MAYOR", "leave.approve", key)
		dm, ok := find(b.since(n), func(m chat.Message) bool { return m.Channel == "U0OFFDIR" })
		if !ok {
			t.Fatalf("office director not told: %+v", b.since(n))
		}
		mustContainIn(t, "attendee change", dm.Text, key, "王主任", "2026年第12次常务会议", "钱副主任", "代为参会", "第五十七条第二款")
	})
}

func TestLeaveGoesToTheMayorWhenTheViceMayorInChargeIsAway(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0VMLI", "出差 北京 2026-12-01 至 2026-12-06 学习培训")
		vm := b.only()
		if vm.Approver != "U0MAYOR" {
			t.Fatalf("a vice mayor's leave goes to the mayor: %+v", vm)
		}
		b.click("U0MAYOR", "leave.approve", vm.Key())

		resp := b.leave("U0FGWHEAD", shanghaiTrip)
		rs := b.requests()
		r := rs[len(rs)-1]
		if r.Approver != "U0MAYOR" || r.ApproverReason != string(leave.ApproverStandInMayor) {
			t.Fatalf("request = %+v; reply %s", r, resp.Text())
		}
		mustContainIn(t, "reply", resp.Text(), "周市长", "因李副市长请假，改由市长审批")
		root, _ := find(b.outbox(), func(m chat.Message) bool { return m.Root && m.ItemKey == r.Key() })
		mustContainIn(t, "root", text(root), chat.Mention("U0MAYOR"), "因李副市长请假，改由市长审批")

		// After the vice mayor's leave, the usual rule applies again.
		b.leave("U0FGWHEAD", "出差 上海 2026-12-08 至 2026-12-09")
		rs = b.requests()
		if later := rs[len(rs)-1]; later.Approver != "U0VMLI" {
			t.Fatalf("leave after the vice mayor returns: %+v", later)
		}
	})
}

func TestLeaveThreadReplies(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		tests := []struct {
			name      string
			replies   [][2]string // user, text
			wantState leave.State
			wantLast  string // in the last response; "" for no response at all
		}{
			{"同意 by the approver approves", [][2]string{{"U0VMLI", "同意"}}, leave.Approved, "已批准"},
			{"批准 with a comment", [][2]string{{"U0VMLI", "批准，注意安全"}}, leave.Approved, "已批准"},
			{"准假 approves", [][2]string{{"U0VMLI", "准假"}}, leave.Approved, "已批准"},
			{"someone else's 同意 does nothing", [][2]string{{"U0VMWANG", "同意"}}, leave.Pending, ""},
			{"the requester's 同意 does nothing", [][2]string{{"U0FGWHEAD", "同意"}}, leave.Pending, ""},
			{"chatter does nothing", [][2]string{{"U0VMLI", "几点出发？"}}, leave.Pending, ""},
			{"不同意 without reason asks for one", [][2]string{{"U0VMLI", "不同意"}}, leave.Pending, "需要说明理由"},
			{"不同意 with a reason rejects", [][2]string{{"U0VMLI", "不同意 推介会改期了"}}, leave.Rejected, "推介会改期了"},
			{"驳回 with a reason rejects", [][2]string{{"U0VMLI", "驳回：与常务会议冲突"}}, leave.Rejected, "与常务会议冲突"},
			{"a second 同意 is told it is decided", [][2]string{{"U0VMLI", "同意"}, {"U0VMLI", "同意"}}, leave.Approved, "已有决定"},
		}
		b := newBot(t, s)
		for i, tt := range tests {
			day := time.Date(2026, 12, 1, 0, 0, 0, 0, leave.Shanghai).AddDate(0, 0, 3*i)
			b.leave("U0FGWHEAD", "出差 上海 "+day.Format(time.DateOnly)+" 至 "+day.AddDate(0, 0, 1).Format(time.DateOnly))
			rs := b.requests()
			key := rs[len(rs)-1].Key()
			n := len(b.outbox())
			var resp handlers.Response
			for _, r := range tt.replies {
				resp = b.reply(r[0], key, r[1])
			}
			if got := b.get(key).State; got != tt.wantState {
				t.Errorf("%s: state %s, want %s", tt.name, got, tt.wantState)
			}
			if tt.wantLast == "" {
				if len(resp.Messages) != 0 || resp.Modal != nil {
					t.Errorf("%s: want no response, got %q", tt.name, resp.Text())
				}
				if m := len(b.outbox()); m != n {
					t.Errorf("%s: outbox grew %d → %d", tt.name, n, m)
				}
				continue
			}
			mustContainIn(t, tt.name, resp.Text(), tt.wantLast)
		}
	})
}

func TestRejectButtonAsksForAReasonInAModal(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		key := b.only().Key()
		resp := b.click("U0VMLI", "leave.reject", key)
		m := resp.Modal
		if m == nil || m.CallbackID != "leave.reject" || m.Private != key || len(m.Inputs) != 1 || m.Inputs[0].ID != "reason" || !m.Inputs[0].Multiline {
			t.Fatalf("reject modal = %+v", m)
		}
		if r := b.get(key); r.State != leave.Pending {
			t.Fatalf("opening the modal decided: %s", r.State)
		}
		resp = b.submit("U0VMLI", "leave.reject", key, map[string]string{"reason": "  "})
		if resp.Errors["reason"] == "" || b.get(key).State != leave.Pending {
			t.Fatalf("empty reason: %+v", resp)
		}
		resp = b.submit("U0VMWANG", "leave.reject", key, map[string]string{"reason": "我来驳回"})
		mustContainIn(t, "someone else's submission", resp.Text(), "只有指定的审批人")
		n := len(b.outbox())
		resp = b.submit("U0VMLI", "leave.reject", key, map[string]string{"reason": "推介会改期"})
		mustContainIn(t, "rejection", resp.Text(), "已驳回", "推介会改期")
		r := b.get(key)
		if r.State != leave.Rejected || r.DecisionComment != "推介会改期" {
			t.Fatalf("after rejection: %+v", r)
		}
		dm, ok := find(b.since(n), func(m chat.Message) bool { return m.Channel == "U0FGWHEAD" })
		if !ok {
			t.Fatal("requester not told")
		}
		mustContainIn(t, "requester's DM", dm.Text, "驳回", "推介会改期", key)
	})
}

func TestRequesterWithdrawsBeforeTheDecision(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		tests := []struct {
			name string
			do   func(key string) handlers.Response
		}{
			{"by command with the letter", func(key string) handlers.Response { return b.leave("U0FGWHEAD", "withdraw "+key) }},
			{"by command without the letter", func(key string) handlers.Response {
				return b.leave("U0FGWHEAD", "撤回 "+strings.TrimPrefix(key, "L"))
			}},
			{"by the button", func(key string) handlers.Response { return b.click("U0FGWHEAD", "leave.withdraw", key) }},
		}
		for _, tt := range tests {
			b.leave("U0FGWHEAD", shanghaiTrip)
			rs := b.requests()
			key := rs[len(rs)-1].Key()
			n := len(b.outbox())
			resp := tt.do(key)
			mustContainIn(t, tt.name, resp.Text(), "已撤回", key)
			if r := b.get(key); r.State != leave.Withdrawn {
				t.Fatalf("%s: state %s", tt.name, r.State)
			}
			after := b.since(n)
			thread, ok := find(after, func(m chat.Message) bool { return m.InThread && m.ItemKey == key })
			if !ok {
				t.Fatalf("%s: approver not told in the thread", tt.name)
			}
			mustContainIn(t, tt.name+" thread", thread.Text, chat.Mention("U0VMLI"), "撤回")
			if up, ok := find(after, func(m chat.Message) bool { return m.Update && m.ItemKey == key }); !ok || len(up.Buttons()) != 0 {
				t.Fatalf("%s: root not updated: %+v", tt.name, after)
			}
			if resp := b.click("U0VMLI", "leave.approve", key); !strings.Contains(resp.Text(), "已撤回") {
				t.Fatalf("%s: approving a withdrawn request: %s", tt.name, resp.Text())
			}
			if r := b.get(key); r.State != leave.Withdrawn {
				t.Fatalf("%s: state after late click %s", tt.name, r.State)
			}
		}
		// An approved request cannot be withdrawn: it is revoked.
		b.leave("U0FGWHEAD", shanghaiTrip)
		rs := b.requests()
		key := rs[len(rs)-1].Key()
		b.click("U0VMLI", "leave.approve", key)
		mustContainIn(t, "withdraw approved", b.leave("U0FGWHEAD", "withdraw "+key).Text(), "已获批准", "cancel")
	})
}

func TestRequesterRevokesAnApprovedLeaveBeforeItEnds(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		key := b.only().Key()
		mustContainIn(t, "cancel pending", b.leave("U0FGWHEAD", "cancel "+key+" 不去了").Text(), "尚未审批", "withdraw")
		b.click("U0VMLI", "leave.approve", key)
		mustContainIn(t, "cancel by another", b.leave("U0VMLI", "cancel "+key).Text(), "只有申请人本人")
		n := len(b.outbox())
		resp := b.leave("U0FGWHEAD", "cancel "+key+" 推介会取消")
		mustContainIn(t, "cancel", resp.Text(), "已撤销", key)
		r := b.get(key)
		if r.State != leave.Revoked || r.DecisionComment != "推介会取消" {
			t.Fatalf("after cancel: %+v", r)
		}
		after := b.since(n)
		thread, ok := find(after, func(m chat.Message) bool { return m.InThread && m.ItemKey == key })
		if !ok {
			t.Fatal("approver not told")
		}
		mustContainIn(t, "thread", thread.Text, chat.Mention("U0VMLI"), "通过后撤销", "推介会取消")
		office, ok := find(after, func(m chat.Message) bool { return m.Channel == "C0OFFICE" })
		if !ok {
			t.Fatal("office not told")
		}
		mustContainIn(t, "office", office.Text, key, "王主任", "撤销")
		if trail := b.audit(key); trail[len(trail)-1].Action != "leave.revoke" {
			t.Fatalf("audit: %+v", trail)
		}
		// Once revoked, the dates are free again.
		b.leave("U0FGWHEAD", shanghaiTrip)
		if n := len(b.requests()); n != 2 {
			t.Fatalf("refiling after revoking: %d requests", n)
		}

		// After the leave has ended it cannot be revoked.
		b.leave("U0FGWHEAD", "出差 上海 2026-11-27 至 2026-11-27")
		rs := b.requests()
		short := rs[len(rs)-1].Key()
		b.click("U0VMLI", "leave.approve", short)
		b.clk.Set(time.Date(2026, 11, 28, 9, 0, 0, 0, leave.Shanghai))
		mustContainIn(t, "cancel ended", b.leave("U0FGWHEAD", "cancel "+short).Text(), "已结束")
	})
}

func TestExpireLeaveClosesPendingRequestsWhoseStartPassed(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		ctx := context.Background()
		b.leave("U0FGWHEAD", "出差 上海 2026-11-27 至 2026-11-28") // pending, starts tomorrow
		b.leave("U0CZJHEAD", "出差 北京 2026-11-27 至 2026-11-28") // approved in time
		b.leave("U0SWJHEAD", "出差 杭州 2026-12-10 至 2026-12-11") // pending, later
		rs := b.requests()
		due, decided, later := rs[0].Key(), rs[1].Key(), rs[2].Key()
		b.click("U0EXEC", "leave.approve", decided)

		if n, err := leaves.New(s).Expire(ctx, b.clk.Now()); err != nil || n != 0 {
			t.Fatalf("before the start: expired %d, %v", n, err)
		}
		now := time.Date(2026, 11, 27, 8, 30, 0, 0, leave.Shanghai)
		out := len(b.outbox())
		n, err := leaves.New(s).Expire(ctx, now)
		if err != nil || n != 1 {
			t.Fatalf("expired %d, %v", n, err)
		}
		if r := b.get(due); r.State != leave.Expired {
			t.Fatalf("%s: %s", due, r.State)
		}
		if b.get(decided).State != leave.Approved || b.get(later).State != leave.Pending {
			t.Fatal("ExpireLeave touched requests it should not")
		}
		after := b.since(out)
		dm, ok := find(after, func(m chat.Message) bool { return m.Channel == "U0FGWHEAD" })
		if !ok {
			t.Fatal("requester not told")
		}
		mustContainIn(t, "requester DM", dm.Text, due, "过期", "李副市长")
		office, ok := find(after, func(m chat.Message) bool { return m.Channel == "C0OFFICE" })
		if !ok {
			t.Fatal("office not told")
		}
		mustContainIn(t, "office", office.Text, due, "王主任", "过期")
		if up, ok := find(after, func(m chat.Message) bool { return m.Update && m.ItemKey == due }); !ok || len(up.Buttons()) != 0 {
			t.Fatal("root message keeps its buttons")
		}
		trail := b.audit(due)
		if last := trail[len(trail)-1]; last.Action != "leave.expire" || last.Actor != "system" {
			t.Fatalf("audit: %+v", trail)
		}
		if _, open, _ := s.Read(context.Background()).CurrentStep(due); open {
			t.Fatal("approval step still open")
		}
		if n, err := leaves.New(s).Expire(ctx, now); err != nil || n != 0 {
			t.Fatalf("second pass expired %d, %v", n, err)
		}
		b.clk.Set(now)
		mustContainIn(t, "late click", b.click("U0VMLI", "leave.approve", due).Text(), "过期")
	})
}

func TestLeaveFiledOnItsFirstDayExpiresWhenTheDayIsOver(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", "出差 上海 今天 至 2026-11-28")
		key := b.only().Key()
		if b.only().State != leave.Pending {
			t.Fatalf("filed today for today: %+v", b.only())
		}
		ctx := context.Background()
		if n, _ := leaves.New(s).Expire(ctx, start.Add(2*time.Hour)); n != 0 {
			t.Fatal("expired on the day it was filed")
		}
		if n, _ := leaves.New(s).Expire(ctx, time.Date(2026, 11, 27, 0, 1, 0, 0, leave.Shanghai)); n != 1 || b.get(key).State != leave.Expired {
			t.Fatal("not expired the day after")
		}
	})
}

func TestLeaveModal(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		resp := b.leave("U0FGWHEAD", "")
		m := resp.Modal
		if m == nil || m.CallbackID != "leave.new" {
			t.Fatalf("no modal: %+v", resp)
		}
		ids := map[string]chat.Input{}
		for _, in := range m.Inputs {
			ids[in.ID] = in
		}
		for _, id := range []string{"kind", "destination", "start", "start_half", "end", "end_half", "reason", "deputy"} {
			if _, ok := ids[id]; !ok {
				t.Errorf("modal lacks input %s", id)
			}
		}
		if ids["deputy"].Kind != chat.InputUser || !ids["deputy"].Optional || len(ids["kind"].Options) != 5 || len(ids["start_half"].Options) != 3 {
			t.Errorf("inputs: %+v", m.Inputs)
		}
		valid := map[string]string{"kind": "business_trip", "destination": "上海", "start": "2026-12-03", "start_half": "whole",
			"end": "2026-12-05", "end_half": "whole", "reason": "参加长三角招商推介会"}
		with := func(k, v string) map[string]string {
			out := map[string]string{}
			for kk, vv := range valid {
				out[kk] = vv
			}
			out[k] = v
			return out
		}
		tests := []struct {
			name   string
			values map[string]string
			field  string
			want   string
		}{
			{"start in the past", with("start", "2026-11-20"), "start", "事先"},
			{"no kind", with("kind", ""), "kind", "请假类型"},
			{"no destination", with("destination", " "), "destination", "目的地"},
			{"bad date", with("start", "12/03"), "start", "YYYY-MM-DD"},
			{"end before start", with("end", "2026-12-01"), "end", "早于"},
			{"unknown deputy", with("deputy", "U0NOBODY"), "deputy", "名录"},
			{"afternoon to morning of one day", map[string]string{"kind": "holiday", "destination": "北京", "start": "2026-12-03",
				"start_half": "afternoon", "end": "2026-12-03", "end_half": "morning"}, "end", "早于"},
		}
		for _, tt := range tests {
			resp := b.submit("U0FGWHEAD", "leave.new", "", tt.values)
			if !strings.Contains(resp.Errors[tt.field], tt.want) {
				t.Errorf("%s: errors %v, want %q on %s", tt.name, resp.Errors, tt.want, tt.field)
			}
			if n := len(b.requests()); n != 0 {
				t.Fatalf("%s: filed", tt.name)
			}
		}
		resp = b.submit("U0FGWHEAD", "leave.new", "", valid)
		if len(resp.Errors) != 0 {
			t.Fatalf("valid form: %v", resp.Errors)
		}
		r := b.only()
		mustContainIn(t, "reply", resp.Text(), r.Key(), "李副市长")
		if r.State != leave.Pending || r.Kind != "business_trip" || r.Reason != "参加长三角招商推介会" || r.StartDate != "2026-12-03" {
			t.Fatalf("filed from the form: %+v", r)
		}
		resp = b.submit("U0FGWHEAD", "leave.new", "", with("start", "2026-12-04"))
		mustContainIn(t, "overlap", resp.Errors["start"], r.Key(), "重叠")

		// A single afternoon is half a day: recorded, not required.
		resp = b.submit("U0FGWHEAD", "leave.new", "", map[string]string{"kind": "private", "destination": "上海",
			"start": "2026-12-10", "start_half": "afternoon", "end": "2026-12-10", "end_half": "whole"})
		mustContainIn(t, "half day", resp.Text(), "不足1天", "2026-12-10 下午（0.5天）")
	})
}

func TestLeaveModalAsksForTheDeputyOfAMeetingAbsence(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.schedule(executiveMeeting)
		values := map[string]string{"kind": "business_trip", "destination": "上海", "start": "2026-12-03", "end": "2026-12-05"}
		resp := b.submit("U0FGWHEAD", "leave.new", "", values)
		mustContainIn(t, "deputy error", resp.Errors["deputy"], "2026年第12次常务会议", "代为参会人", "钱副主任")
		values["deputy"] = "U0CZJDEP"
		resp = b.submit("U0FGWHEAD", "leave.new", "", values)
		mustContainIn(t, "deputy of another department", resp.Errors["deputy"], "吴副局长", "主持工作的副职")
		values["deputy"] = "U0FGWDEP"
		resp = b.submit("U0FGWHEAD", "leave.new", "", values)
		if len(resp.Errors) != 0 || b.only().Approver != "U0MAYOR" {
			t.Fatalf("with a deputy: %+v", resp)
		}
	})
}

func TestUserTextReachesTheOutboxEscaped(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", "出差 上海<!here> 2026-12-03 至 2026-12-05 <!channel> 紧急 <@U0MAYOR> & 其他")
		key := b.only().Key()
		if r := b.only(); !strings.Contains(r.Reason, "<!channel>") {
			t.Fatalf("the reason is stored as typed: %q", r.Reason)
		}
		b.submit("U0VMLI", "leave.reject", key, map[string]string{"reason": "<!everyone> 不行"})
		var rows []storage.OutboxMessage
		if err := s.DB.Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) < 3 {
			t.Fatalf("outbox: %d rows", len(rows))
		}
		for _, row := range rows {
			m, _ := row.Message()
			all := text(m)
			for _, bad := range []string{"<!channel>", "<!here>", "<!everyone>", "<@U0MAYOR>"} {
				if strings.Contains(all, bad) {
					t.Errorf("message to %s contains %s unescaped:\n%s", m.Channel, bad, all)
				}
			}
		}
		root := b.outbox()[0]
		mustContainIn(t, "root", text(root), "&lt;!channel&gt;", "&amp; 其他")
	})
}

func TestLeaveListStatusAndHome(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		b.leave("U0FGWHEAD", "出差 常熟 2026-12-08")
		rs := b.requests()
		first, second := rs[0].Key(), rs[1].Key()

		list := b.leave("U0FGWHEAD", "list").Text()
		mustContainIn(t, "list", list, first, second, "待审批", "已登记备查", "上海", "常熟")
		if strings.Index(list, second) > strings.Index(list, first) {
			t.Errorf("list is not newest first:\n%s", list)
		}
		mustContainIn(t, "empty list", b.leave("U0VMZHANG", "list").Text(), "还没有")

		home, err := b.svc.Home(context.Background(), "U0VMLI")
		if err != nil {
			t.Fatal(err)
		}
		homeText := handlers.Response{Messages: []chat.Message{{Blocks: home}}}.Text()
		mustContainIn(t, "approver's home", homeText, first, "王主任", "上海")
		var hb []chat.Button
		for _, bl := range home {
			if bl.Actions != nil {
				hb = append(hb, bl.Actions.Buttons...)
			}
		}
		if len(hb) != 2 || hb[0].ActionID != "leave.approve" || hb[0].Value != first {
			t.Errorf("home buttons: %+v", hb)
		}
		var titles []string
		for _, bl := range home {
			if bl.Header != nil {
				titles = append(titles, bl.Header.Text)
			}
		}
		if !strings.HasPrefix(strings.Join(titles, ","), "我的请假,待我审批") {
			t.Errorf("home titles: %v", titles)
		}
		mine, _ := b.svc.Home(context.Background(), "U0FGWHEAD")
		mineText := handlers.Response{Messages: []chat.Message{{Blocks: mine}}}.Text()
		mustContainIn(t, "requester's home", mineText, first, "待审批")

		b.clk.Advance(time.Hour)
		b.reply("U0VMLI", first, "同意 注意安全")
		for _, key := range []string{first, strings.TrimPrefix(first, "L")} {
			st := b.leave("U0FGWHEAD", "status "+key).Text()
			mustContainIn(t, "status "+key, st, first, "已批准", "上海", "2026-12-03 至 2026-12-05（3天）", "李副市长", "第1步",
				"注意安全", "提交申请", "2026-11-26 10:00", "2026-11-26 11:00", "第五十七条第一款")
		}
		mustContainIn(t, "status for the approver", b.leave("U0VMLI", "status "+first).Text(), "已批准")
		mustContainIn(t, "status for the office", b.leave("U0OFFSTAFF", "status "+first).Text(), "已批准")
		mustContainIn(t, "status for a stranger", b.leave("U0ZJJHEAD", "status "+first).Text(), "没有权限")
		mustContainIn(t, "status of nothing", b.leave("U0FGWHEAD", "status L999").Text(), "没有找到", "L999")
		mustContainIn(t, "status of garbage", b.leave("U0FGWHEAD", "status X<b>").Text(), "不是请假编号", "X&lt;b&gt;")
		empty, _ := b.svc.Home(context.Background(), "U0VMLI")
		emptyText := handlers.Response{Messages: []chat.Message{{Blocks: empty}}}.Text()
		if strings.Contains(emptyText, first) {
			t.Errorf("decided request still waits on the approver's home:\n%s", emptyText)
		}
	})
}

func TestTheMayorsOwnLeaveIsRecordedAndTheOfficeDirectorTold(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		resp := b.leave("U0MAYOR", "出访 新加坡 2026-12-07 至 2026-12-10 招商")
		r := b.only()
		if r.State != leave.Recorded || r.Approver != "" || !r.CountsAway {
			t.Fatalf("mayor's leave: %+v", r)
		}
		mustContainIn(t, "reply", resp.Text(), r.Key(), "无需审批", "赵主任")
		out := b.outbox()
		if len(out) != 1 || out[0].Channel != "U0OFFDIR" {
			t.Fatalf("outbox: %+v", out)
		}
		mustContainIn(t, "director's DM", out[0].Text, "市长", "新加坡", "常务副市长")
		if steps, _ := s.Read(context.Background()).Steps(r.Key()); len(steps) != 0 {
			t.Fatalf("nobody approves the mayor: %+v", steps)
		}
		// While the mayor is away, a vice mayor's leave goes to the executive vice mayor.
		b.leave("U0VMLI", "出差 北京 2026-12-08 至 2026-12-09")
		rs := b.requests()
		if vm := rs[len(rs)-1]; vm.Approver != "U0EXEC" {
			t.Fatalf("vice mayor's leave while the mayor is away: %+v", vm)
		}
		// A local half day of the mayor tells nobody.
		b.leave("U0MAYOR", "考察 花桥 2026-12-14 上午")
		if n := len(b.outbox()); n != 2 { // the vice mayor's root message only
			t.Fatalf("outbox: %d", n)
		}
	})
}

func TestNoApproverFoundGoesToTheOfficeDirector(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		ctx := context.Background()
		org, _ := directory.ParseOrg(directory.DemoYAML())
		for i := range org.Departments {
			if org.Departments[i].ID == "fgw" {
				org.Departments[i].InCharge = ""
			}
		}
		if _, err := s.ImportOrg(ctx, org, "system", start); err != nil {
			t.Fatal(err)
		}
		resp := b.leave("U0FGWHEAD", shanghaiTrip)
		r := b.only()
		if r.State != leave.Pending || r.Approver != "U0OFFDIR" {
			t.Fatalf("request: %+v", r)
		}
		mustContainIn(t, "reply", resp.Text(), "赵主任", "无法确定审批人", "转办公室主任")
		mustContainIn(t, "root", text(b.outbox()[0]), chat.Mention("U0OFFDIR"), "无法确定审批人")
	})
}

func TestEveryLeaveStateAndReasonHasAText(t *testing.T) {
	var keys []string
	for _, s := range []leave.State{leave.Pending, leave.Approved, leave.Rejected, leave.Withdrawn,
		leave.Expired, leave.Revoked, leave.Recorded} {
		keys = append(keys, "leave.state."+string(s))
	}
	for _, r := range []leave.ApproverReason{leave.ApproverNotNeeded, leave.ApproverInCharge, leave.ApproverMayor,
		leave.ApproverDepartmentHead, leave.ApproverOfficeDirector, leave.ApproverMeetingMayor, leave.ApproverMeetingExecutive,
		leave.ApproverStandInMayor, leave.ApproverStandInExecutive, leave.ApproverFallbackNoDepartment,
		leave.ApproverFallbackNoInCharge, leave.ApproverFallbackNoHead, leave.ApproverFallbackNoLeader, leave.ApproverNone} {
		keys = append(keys, "leave.approver_"+string(r))
	}
	for _, c := range []leave.BypassCause{leave.BypassAway, leave.BypassRequester, leave.BypassMissing} {
		keys = append(keys, "leave.bypass_"+string(c))
	}
	for _, p := range []leave.Part{leave.PartText, leave.PartKind, leave.PartDestination, leave.PartDates, leave.PartDeputy} {
		keys = append(keys, "leave.parse_"+string(p))
	}
	for _, s := range []string{approval.Waiting, approval.Pending, approval.Done, approval.Cancelled} {
		keys = append(keys, "leave.step_state."+s)
	}
	for _, a := range []string{"approve", "reject"} {
		keys = append(keys, "leave.step_action."+a, "leave.audit."+a)
	}
	for _, a := range []string{"file", "record", "withdraw", "revoke", "expire"} {
		keys = append(keys, "leave.audit."+a)
	}
	for _, k := range keys {
		if !msg.Has(k) {
			t.Errorf("catalogue lacks %s", k)
		}
	}
}

func TestConcurrentOverlappingFilingsFileOnce(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		const n = 4
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b.leave("U0FGWHEAD", shanghaiTrip)
			}()
		}
		wg.Wait()
		if rs := b.requests(); len(rs) != 1 {
			t.Fatalf("%d overlapping requests filed at once: %+v", len(rs), rs)
		}
	})
}
