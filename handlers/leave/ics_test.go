package leave_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the iCalendar parser loads Asia/Shanghai by name

	ical "github.com/arran4/golang-ical"

	"officebot/chat"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// icsValue is the value of an event's property, "" when it has none.
func icsValue(ev *ical.VEvent, p ical.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// An approved request's status offers 加入日历; the button sends the
// person, in their direct messages, an .ics that reads back with the
// iCalendar library as one all-day event from the first day to the last
// (DTEND the day after), METHOD:PUBLISH, UID L1@… as in the calendar feed.
// A pending request has no button and its file is refused; someone who may
// not read the request gets nothing.
func TestApprovedLeaveStatusOffersACalendarFile(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", "出差 北京 下周三到周五 参加项目对接会") // Thursday 26 Nov: 2–4 Dec
		key := b.only().Key()

		buttons := func(user string) []chat.Button {
			var out []chat.Button
			for _, m := range b.leave(user, "status "+key).Messages {
				out = append(out, m.Buttons()...)
			}
			return out
		}
		if bs := buttons("U0FGWHEAD"); len(bs) != 0 {
			t.Fatalf("a pending request offers %+v", bs)
		}
		before := len(b.outbox())
		mustContainIn(t, "file of a pending request", b.leave("U0FGWHEAD", "ics "+key).Text(), "只有已批准的请假")
		if n := len(b.outbox()); n != before {
			t.Fatalf("a refused file queued %d messages", n-before)
		}

		b.click("U0VMLI", "leave.approve", key)
		bs := buttons("U0FGWHEAD")
		if len(bs) != 1 || bs[0].Label != "加入日历" || bs[0].ActionID != "leave.ics" || bs[0].Value != key {
			t.Fatalf("status buttons of the approved request: %+v", bs)
		}
		before = len(b.outbox())
		mustContainIn(t, "button's answer", b.click("U0FGWHEAD", "leave.ics", key).Text(), key, "私信")
		sent := b.since(before)
		if len(sent) != 1 || sent[0].Channel != "U0FGWHEAD" || sent[0].File == nil || sent[0].File.Name != key+".ics" {
			t.Fatalf("sent %+v", sent)
		}
		cal, err := ical.ParseCalendar(bytes.NewReader(sent[0].File.Content))
		if err != nil || len(cal.Events()) != 1 || len(cal.Timezones()) != 1 {
			t.Fatalf("parse %v:\n%s", err, sent[0].File.Content)
		}
		ev := cal.Events()[0]
		dtstart, dtend := ev.GetProperty(ical.ComponentPropertyDtStart), ev.GetProperty(ical.ComponentPropertyDtEnd)
		start, _ := ev.GetAllDayStartAt()
		if dtstart.Value != "20261202" || dtstart.ICalParameters["VALUE"][0] != "DATE" || dtend.Value != "20261205" ||
			start.Format(time.DateOnly) != "2026-12-02" {
			t.Errorf("DTSTART %+v DTEND %+v", dtstart, dtend)
		}
		for p, want := range map[ical.ComponentProperty]string{
			ical.ComponentPropertyUniqueId:    key + "@officebot.invalid",
			ical.ComponentPropertySequence:    "0",
			ical.ComponentPropertySummary:     "王主任 出差",
			ical.ComponentPropertyDescription: key + " 北京（已批准）",
			ical.ComponentPropertyStatus:      "CONFIRMED",
		} {
			if got := icsValue(ev, p); got != want {
				t.Errorf("%s = %q, want %q", p, got, want)
			}
		}
		if !strings.Contains(cal.Serialize(), "METHOD:PUBLISH") || len(ev.Attendees()) != 0 || len(ev.Alarms()) != 0 {
			t.Errorf("file:\n%s", sent[0].File.Content)
		}

		// The approver may have it too (from status); a stranger may not.
		if bs := buttons("U0VMLI"); len(bs) != 1 {
			t.Errorf("approver's status buttons %+v", bs)
		}
		before = len(b.outbox())
		mustContainIn(t, "a stranger's file", b.click("U0KFQHEAD", "leave.ics", key).Text(), "没有权限", "只有申请人、审批人")
		if n := len(b.outbox()); n != before {
			t.Fatalf("a stranger's file queued %d messages", n-before)
		}
		mustContainIn(t, "no key", b.leave("U0FGWHEAD", "ics").Text(), "用法：/leave ics L12")
	})
}

// A person who took an approved leave into their calendar (加入日历) gets,
// when the leave is cancelled (通过后撤销), a METHOD:CANCEL file with the
// same UID and a higher SEQUENCE, so the entry leaves their calendar;
// nobody who never took the file gets one.
func TestRevokingAnImportedLeaveSendsACancellation(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", "出差 北京 下周三到周五 参加项目对接会")
		key := b.only().Key()
		b.click("U0VMLI", "leave.approve", key)
		b.click("U0FGWHEAD", "leave.ics", key)
		b.click("U0FGWHEAD", "leave.ics", key) // twice: one cancellation
		before := len(b.outbox())
		b.leave("U0FGWHEAD", "cancel "+key+" 行程取消")
		var files []chat.Message
		for _, m := range b.since(before) {
			if m.File != nil {
				files = append(files, m)
			}
		}
		if len(files) != 1 || files[0].Channel != "U0FGWHEAD" || files[0].File.Name != key+".ics" {
			t.Fatalf("cancellation files %+v", files)
		}
		cal, err := ical.ParseCalendar(bytes.NewReader(files[0].File.Content))
		if err != nil || len(cal.Events()) != 1 {
			t.Fatalf("parse %v:\n%s", err, files[0].File.Content)
		}
		if !strings.Contains(string(files[0].File.Content), "METHOD:CANCEL") {
			t.Errorf("no METHOD:CANCEL:\n%s", files[0].File.Content)
		}
		ev := cal.Events()[0]
		for p, want := range map[ical.ComponentProperty]string{
			ical.ComponentPropertyUniqueId: key + "@officebot.invalid",
			ical.ComponentPropertySequence: "1",
			ical.ComponentPropertyStatus:   "CANCELLED",
		} {
			if got := icsValue(ev, p); got != want {
				t.Errorf("%s = %q, want %q", p, got, want)
			}
		}
	})
}

// A cancelled leave nobody took into a calendar sends no file.
func TestRevokingALeaveNobodyImportedSendsNoFile(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", "出差 北京 下周三到周五 参加项目对接会")
		key := b.only().Key()
		b.click("U0VMLI", "leave.approve", key)
		before := len(b.outbox())
		b.leave("U0FGWHEAD", "cancel "+key+" 行程取消")
		for _, m := range b.since(before) {
			if m.File != nil {
				t.Fatalf("a file sent: %+v", m)
			}
		}
	})
}

// Taking the calendar file is recorded (for the cancellation) but is no
// step of the request's history.
func TestACalendarFileIsNotInTheStatusHistory(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", "出差 北京 下周三到周五 参加项目对接会")
		key := b.only().Key()
		b.click("U0VMLI", "leave.approve", key)
		b.click("U0FGWHEAD", "leave.ics", key)
		if got := b.leave("U0FGWHEAD", "status "+key).Text(); strings.Contains(got, "leave.audit") {
			t.Fatalf("status shows a catalogue key: %s", got)
		}
	})
}
