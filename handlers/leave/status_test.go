package leave_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestLeaveListStatusAndHome(t *testing.T) {
	t.Parallel()
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
		// A word after list is not a filter /leave has: said, not ignored.
		mustContainIn(t, "list with a word", b.leave("U0FGWHEAD", "list 已批准").Text(), "/leave list 不带参数", "已批准")

		home, err := b.svc.Home(context.Background(), "U0VMLI")
		if err != nil {
			t.Fatal(err)
		}
		homeText := handlers.Response{Messages: []chat.Message{{Blocks: home}}}.Text()
		mustContainIn(t, "approver's home", homeText, first, "王主任", "上海")
		var hb []chat.Button
		for _, bl := range home {
			if bl.Actions != nil && strings.HasPrefix(bl.Actions.Buttons[0].ActionID, "leave.") {
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
		if !strings.HasPrefix(strings.Join(titles, ","), "待我办理,我的请假") {
			t.Errorf("home titles: %v", titles)
		}
		mine, _ := b.svc.Home(context.Background(), "U0FGWHEAD")
		mineText := handlers.Response{Messages: []chat.Message{{Blocks: mine}}}.Text()
		mustContainIn(t, "requester's home", mineText, first, "待审批")

		b.clk.Advance(time.Hour)
		b.reply("U0VMLI", first, "同意 注意安全")
		for _, key := range []string{first, strings.TrimPrefix(first, "L")} {
			st := b.leave("U0FGWHEAD", "status "+key).Text()
			mustContainIn(t, "status "+key, st, first, "已批准", "上海", "2026-12-03（星期四）至 2026-12-05（星期六），共3天", "李副市长", "第1步",
				"注意安全", "提交申请", "2026-11-26 10:00", "2026-11-26 11:00", "第五十七条第一款")
		}
		mustContainIn(t, "status for the approver", b.leave("U0VMLI", "status "+first).Text(), "已批准")
		mustContainIn(t, "status for the office", b.leave("U0OFFSTAFF", "status "+first).Text(), "已批准")
		mustContainIn(t, "status for a stranger", b.leave("U0ZJJHEAD", "status "+first).Text(), "没有权限", "只有申请人、审批人")
		mustContainIn(t, "status of nothing", b.leave("U0FGWHEAD", "status L999").Text(), "没有找到", "L999")
		mustContainIn(t, "status of garbage", b.leave("U0FGWHEAD", "status X<b>").Text(), "不是请假编号", "X&lt;b&gt;")
		empty, _ := b.svc.Home(context.Background(), "U0VMLI")
		emptyText := handlers.Response{Messages: []chat.Message{{Blocks: empty}}}.Text()
		if strings.Contains(emptyText, first) {
			t.Errorf("decided request still waits on the approver's home:\n%s", emptyText)
		}
	})
}

func TestEveryLeaveStateAndReasonHasAText(t *testing.T) {
	t.Parallel()
	var keys []string
	for _, s := range []leave.State{leave.Pending, leave.Approved, leave.Rejected, leave.Withdrawn,
		leave.Expired, leave.Revoked, leave.Recorded} {
		keys = append(keys, "leave.state."+string(s))
	}
	for _, r := range []leave.ApproverReason{leave.ApproverNotNeeded, leave.ApproverInCharge, leave.ApproverMayor,
		leave.ApproverDepartmentHead, leave.ApproverOfficeDirector, leave.ApproverMeetingMayor, leave.ApproverMeetingExecutive, leave.ApproverMeetingPresiding,
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
