package office_test

import (
	"strings"
	"testing"
	"time"

	"officebot/chat"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func dmsTo(ms []chat.Message, to string) []chat.Message {
	var out []chat.Message
	for _, m := range ms {
		if m.Channel == to {
			out = append(out, m)
		}
	}
	return out
}

func TestUrgingAReportIsTheMeetingUrgeOncePerDay(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s)
		mustContain(t, h.Click("U0OFFSTAFF", "office.urge", "A1").Text(), "已催办 A1")
		dm := dmsTo(h.Outbox(), "U0FGWHEAD")
		if len(dm) != 1 || !strings.Contains(dm[0].Text, "催办：A1 推进&lt;!channel&gt;重大项目 的落实情况应于 2026-12-11 前报送") {
			t.Fatalf("DMs to fgw's head: %+v", dm)
		}
		// The same day: refused from the desk and from /meeting urge alike.
		mustContain(t, h.Click("U0OFFDIR", "office.urge", "A1").Text(), "今天")
		mustContain(t, h.Command("U0OFFDIR", "meeting", "urge A1").Text(), "今天")
		if n := len(dmsTo(h.Outbox(), "U0FGWHEAD")); n != 1 {
			t.Errorf("%d DMs after three urges the same day, want 1", n)
		}
		var trail []storage.AuditEntry
		trail, err := s.Read(t.Context()).AuditTrail("A1")
		if err != nil || len(trail) != 1 || trail[0].Actor != "U0OFFSTAFF" || trail[0].Action != "meeting.report.urge" {
			t.Errorf("audit of A1: %+v %v", trail, err)
		}
		// The next day it may be urged again.
		h.Clock.Advance(24 * time.Hour)
		mustContain(t, h.Click("U0OFFDIR", "office.urge", "A1").Text(), "已催办 A1")
		if n := len(dmsTo(h.Outbox(), "U0FGWHEAD")); n != 2 {
			t.Errorf("%d DMs after the next day's urge, want 2", n)
		}
	})
}

func TestUrgingADocumentAndAnApprovalOncePerDay(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s)
		mustContain(t, h.Click("U0OFFDIR", "office.urge", "D1").Text(), "已催办 D1")
		mustContain(t, h.Click("U0OFFDIR", "office.urge", "D1").Text(), "D1 今天已催办过")
		mustContain(t, h.Command("U0OFFDEP", "doc", "urge D1").Text(), "今天")
		var head, thread int
		for _, m := range h.Outbox() {
			if m.ItemKey == "D1" && strings.Contains(m.Text, "赵主任 催办") {
				switch m.Channel {
				case "U0FGWHEAD":
					head++
				case "C0DOCS":
					thread++
				}
			}
		}
		if head != 1 || thread != 1 {
			t.Errorf("D1 urged: %d DMs to the head, %d thread messages; want 1 and 1", head, thread)
		}

		mustContain(t, h.Click("U0OFFDIR", "office.urge", "L1").Text(), "已催办 L1")
		mustContain(t, h.Click("U0OFFSTAFF", "office.urge", "L1").Text(), "L1 今天已催办过")
		dm := dmsTo(h.Outbox(), "U0VMLI")
		var urges []string
		for _, m := range dm {
			if strings.HasPrefix(m.Text, "催办：L1") {
				urges = append(urges, m.Text)
			}
		}
		if len(urges) != 1 || !strings.Contains(urges[0], "已等待您审批 1 个工作日") {
			t.Errorf("urges of L1 to the vice mayor: %q", urges)
		}
		// Decided meanwhile: nothing to urge.
		h.Clock.Advance(24 * time.Hour)
		approve := h.Outbox()
		_ = approve
		mustContain(t, h.Click("U0OFFDIR", "office.urge", "Z9").Text(), "没有找到")
		mustContain(t, h.Click("U0OFFDIR", "office.urge", "A3").Text(), "A3")
	})
}
