package leave_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"officebot/chat"
	"officebot/dates"
	"officebot/handlers"
	leaves "officebot/handlers/leave"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestRequesterWithdrawsBeforeTheDecision(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
		b.clk.Set(time.Date(2026, 11, 28, 9, 0, 0, 0, dates.Shanghai))
		mustContainIn(t, "cancel ended", b.leave("U0FGWHEAD", "cancel "+short).Text(), "已结束")
	})
}

func TestExpireLeaveClosesPendingRequestsWhoseStartPassed(t *testing.T) {
	t.Parallel()
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
		now := time.Date(2026, 11, 27, 8, 30, 0, 0, dates.Shanghai)
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
	t.Parallel()
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
		if n, _ := leaves.New(s).Expire(ctx, time.Date(2026, 11, 27, 0, 1, 0, 0, dates.Shanghai)); n != 1 || b.get(key).State != leave.Expired {
			t.Fatal("not expired the day after")
		}
	})
}
