package leave_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"officebot/approval"
	"officebot/chat"
	"officebot/dates"
	"officebot/directory"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestLeaveOfADepartmentHeadGoesToTheViceMayorInChargeAndIsApproved(t *testing.T) {
	t.Parallel()
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
			"2026-12-03（星期四）至 2026-12-05（星期六），共3天", "参加长三角招商推介会", "分管副市长", "第五十七条第一款", key)
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
	t.Parallel()
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

// Art. 57 ¶1: a trip is inside Suzhou only when every place it names is; a
// route through or to a place outside, or a name that only begins like a
// Suzhou town (常熟路 is in Shanghai), needs the written request (issue 11
// item 1).
func TestLeaveRoutesAndLookalikeNamesOutsideSuzhouNeedARequest(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		for i, dest := range []string{"苏州到北京", "苏州经停北京", "苏州 到 北京", "常熟路", "苏州→上海", "苏州再去北京"} {
			day := time.Date(2026, 12, 3, 0, 0, 0, 0, dates.Shanghai).AddDate(0, 0, 3*i).Format(time.DateOnly)
			resp := b.leave("U0FGWHEAD", "出差 "+dest+" "+day+" 调研")
			rs := b.requests()
			r := rs[len(rs)-1]
			if r.State != leave.Pending || !r.Required || r.Approver != "U0VMLI" {
				t.Errorf("%s: request %+v (reply %q), want pending with the vice mayor", dest, r, resp.Text())
			}
		}
	})
}

// A 300-character destination is refused the same way on both databases,
// naming the field and its limit, and nothing is written (PostgreSQL's
// varchar(200) made it an internal error; issue 11 item 5).
func TestLeaveTooLongDestinationIsRefusedWithTheFieldAndLimit(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		resp := b.leave("U0FGWHEAD", "出差 "+strings.Repeat("上", 300)+" 2026-12-03 至 2026-12-05")
		mustContainIn(t, "long destination", resp.Text(), "“目的地”过长（300 字），最多 50 字")
		if n := len(b.requests()); n != 0 {
			t.Fatalf("%d requests written", n)
		}
		if out := b.outbox(); len(out) != 0 {
			t.Fatalf("messages queued: %+v", out)
		}
	})
}

// The whole /leave text is limited in characters, and the refusal says the
// real limit and the text's length (it said 约 666 个汉字 for a byte count).
func TestLeaveTooLongTextSaysTheLimitInCharacters(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		text := "出差 上海 2026-12-03 至 2026-12-05 " + strings.Repeat("a", leave.MaxTextLen)
		resp := b.leave("U0FGWHEAD", text)
		want := fmt.Sprintf("内容过长（%d 字），最多 %d 字", utf8.RuneCountInString(text), leave.MaxTextLen)
		mustContainIn(t, "long text", resp.Text(), want)
		if strings.Contains(resp.Text(), "约") || len(b.requests()) != 0 {
			t.Fatalf("reply %q, %d requests", resp.Text(), len(b.requests()))
		}
	})
}

func TestLeaveRefusalsWriteNothing(t *testing.T) {
	t.Parallel()
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

func TestLeaveOverlappingTheExecutiveMeetingNeedsTheMayorAndADeputy(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

func TestUserTextReachesTheOutboxEscaped(t *testing.T) {
	t.Parallel()
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

func TestTheMayorsOwnLeaveIsRecordedAndTheOfficeDirectorTold(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

func TestConcurrentOverlappingFilingsFileOnce(t *testing.T) {
	t.Parallel()
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
