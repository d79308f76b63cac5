package leave_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/chat"
	"officebot/dates"
	"officebot/handlers"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestOnlyTheApproverDecidesALeave(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		for round := 0; round < 5; round++ {
			day := time.Date(2026, 12, 3, 0, 0, 0, 0, dates.Shanghai).AddDate(0, 0, 4*round)
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

func TestLeaveThreadReplies(t *testing.T) {
	t.Parallel()
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
			{"a verdict word that begins chatter does nothing", [][2]string{{"U0VMLI", "批准前请先补充行程安排"}}, leave.Pending, ""},
			{"同意吗 asks, it does not approve", [][2]string{{"U0VMLI", "同意吗"}}, leave.Pending, ""},
			{"不同意见 is chatter", [][2]string{{"U0VMLI", "不同意见请在会上提"}}, leave.Pending, ""},
			{"不同意 without reason asks for one", [][2]string{{"U0VMLI", "不同意"}}, leave.Pending, "需要说明理由"},
			{"不同意 with a reason rejects", [][2]string{{"U0VMLI", "不同意 推介会改期了"}}, leave.Rejected, "推介会改期了"},
			{"驳回 with a reason rejects", [][2]string{{"U0VMLI", "驳回：与常务会议冲突"}}, leave.Rejected, "与常务会议冲突"},
			{"a second 同意 is told it is decided", [][2]string{{"U0VMLI", "同意"}, {"U0VMLI", "同意"}}, leave.Approved, "已有决定"},
		}
		b := newBot(t, s)
		for i, tt := range tests {
			day := time.Date(2026, 12, 1, 0, 0, 0, 0, dates.Shanghai).AddDate(0, 0, 3*i)
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
	t.Parallel()
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
