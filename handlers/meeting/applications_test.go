package meeting_test

import (
	"context"
	"strings"
	"testing"

	"officebot/handlers"
	"officebot/meeting"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestCityWideMeetingApplicationIsDecidedByTheOffice(t *testing.T) {
	t.Parallel()
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
		// A verdict word that begins a phrase is conversation (issue 11 item 2).
		for _, text := range []string{"批准前请先补充议程", "驳回的话要说明理由吗？"} {
			if tr := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFSTAFF", ThreadItem: "P2", Text: text}); len(tr.Messages) != 0 {
				t.Fatalf("%q decided: %s", text, tr.Text())
			}
		}
		tr := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFSTAFF", ThreadItem: "P2", Text: "驳回 与全市项目推进会合并召开"})
		mustContain(t, tr.Text(), "已驳回 P2")
		var apps []storage.MeetingApplication
		s.DB.Order("id").Find(&apps)
		if apps[0].State != meeting.ApplicationApproved || apps[1].State != meeting.ApplicationRejected || apps[1].Comment != "与全市项目推进会合并召开" {
			t.Fatalf("applications %+v", apps)
		}
	})
}

// /meeting status P1 shows an application (SPEC §3: every command that
// takes an item accepts its short ID) to its unit, the office and the
// mayor; others are refused without its content.
func TestApplicationStatusIsShownToItsUnitAndTheOffice(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0FGWHEAD", "meeting apply 2026-12-20 09:00 市体育中心 名称：全市项目推进会 范围：各区镇分管负责人约200人")
		for _, who := range []string{"U0FGWHEAD", "U0FGWDEP", "U0OFFSTAFF", "U0MAYOR"} {
			mustContain(t, h.say(who, "meeting status P1").Text(), "P1", "全市项目推进会", "市体育中心", "待审批")
		}
		r := h.say("U0JYJHEAD", "meeting status P1").Text()
		mustContain(t, r, "您没有权限查看 P1")
		if strings.Contains(r, "全市项目推进会") {
			t.Fatalf("a stranger reads the application: %s", r)
		}
		mustContain(t, h.say("U0FGWHEAD", "meeting status P9").Text(), "P9")
		// Applied for on a public holiday: filed, with the note scheduling gives.
		mustContain(t, h.say("U0FGWHEAD", "meeting apply 元旦 09:00 大礼堂 名称：元旦团拜会").Text(), "P2", "注意：2027-01-01 是法定节假日（元旦节）")
	})
}
