package leave_test

import (
	"strings"
	"testing"

	"officebot/chat"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestLeaveModal(t *testing.T) {
	t.Parallel()
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
			{"a destination over 50 characters (issue 11 item 5)", with("destination", strings.Repeat("上海浦东", 20)), "destination", "“目的地”过长（80 字），最多 50 字"},
			{"a reason over 500 characters", with("reason", strings.Repeat("招商", 300)), "reason", "“事由”过长（600 字），最多 500 字"},
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
		mustContainIn(t, "half day", resp.Text(), "不足1天", "2026-12-10（星期四）下午，共0.5天")
	})
}

func TestLeaveModalAsksForTheDeputyOfAMeetingAbsence(t *testing.T) {
	t.Parallel()
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
