package meeting_test

import (
	"bytes"
	"strings"
	"testing"
	_ "time/tzdata" // the iCalendar parser loads Asia/Shanghai by name

	ical "github.com/arran4/golang-ical"

	"officebot/chat"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// calendarFile returns the .ics the attendee was last sent.
func calendarFile(t *testing.T, out []chat.Message, to string) (method string, ev *ical.VEvent) {
	t.Helper()
	for k := len(out) - 1; k >= 0; k-- {
		m := out[k]
		if m.Channel != to || m.File == nil || len(m.File.Content) == 0 {
			continue
		}
		if !strings.HasSuffix(m.File.Name, ".ics") {
			t.Fatalf("file %q", m.File.Name)
		}
		cal, err := ical.ParseCalendar(bytes.NewReader(m.File.Content))
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, m.File.Content)
		}
		for _, p := range cal.CalendarProperties {
			if p.IANAToken == string(ical.PropertyMethod) {
				method = p.Value
			}
		}
		if len(cal.Events()) != 1 || len(cal.Timezones()) != 1 {
			t.Fatalf("calendar:\n%s", m.File.Content)
		}
		return method, cal.Events()[0]
	}
	t.Fatalf("no calendar file sent to %s", to)
	return "", nil
}

func value(ev *ical.VEvent, p ical.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func TestInvitationsCarryAnICalendarFileThatFollowsMovesAndCancellation(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0OFFSTAFF", "meeting 市长办公会议 下周二 09:00-10:30 二楼小会议室 议题：开发区扩区；老旧小区改造")

		method, ev := calendarFile(t, h.outbox(), "U0VMLI")
		start, err := ev.GetStartAt()
		if err != nil || !start.Equal(at("2026-12-08 09:00")) || start.Location().String() != "Asia/Shanghai" {
			t.Fatalf("DTSTART %v %v", start, err)
		}
		if end, _ := ev.GetEndAt(); !end.Equal(at("2026-12-08 10:30")) {
			t.Fatalf("DTEND %v", end)
		}
		if method != "REQUEST" || ev.Id() != "M1@officebot.invalid" || value(ev, ical.ComponentPropertySequence) != "0" ||
			value(ev, ical.ComponentPropertySummary) != "2026年第1次市长办公会议" || value(ev, ical.ComponentPropertyLocation) != "二楼小会议室" ||
			value(ev, ical.ComponentPropertyOrganizer) != "mailto:U0MAYOR@officebot.invalid" ||
			!strings.Contains(value(ev, ical.ComponentPropertyDescription), "1. 开发区扩区\n2. 老旧小区改造") {
			t.Fatalf("invitation: method %s UID %s SEQUENCE %s\n%+v", method, ev.Id(), value(ev, ical.ComponentPropertySequence), ev.Properties)
		}
		var attendees []string
		for _, a := range ev.Attendees() {
			attendees = append(attendees, a.Email())
		}
		if !strings.Contains(strings.Join(attendees, ","), "U0VMLI@officebot.invalid") || len(attendees) < 5 {
			t.Fatalf("ATTENDEE %v", attendees)
		}
		if al := ev.Alarms(); len(al) != 1 || al[0].GetProperty(ical.ComponentPropertyTrigger).Value != "-PT1H" {
			t.Fatalf("VALARM %+v", al)
		}

		h.say("U0OFFSTAFF", "meeting move M1 下周三 15:00")
		method, ev = calendarFile(t, h.outbox(), "U0VMLI")
		start, _ = ev.GetStartAt()
		if method != "REQUEST" || ev.Id() != "M1@officebot.invalid" || value(ev, ical.ComponentPropertySequence) != "1" || !start.Equal(at("2026-12-09 15:00")) {
			t.Fatalf("after the move: %s %s SEQUENCE %s start %v", method, ev.Id(), value(ev, ical.ComponentPropertySequence), start)
		}

		h.say("U0OFFSTAFF", "meeting cancel M1 市长赴省开会")
		method, ev = calendarFile(t, h.outbox(), "U0VMLI")
		if method != "CANCEL" || ev.Id() != "M1@officebot.invalid" || value(ev, ical.ComponentPropertySequence) != "2" ||
			value(ev, ical.ComponentPropertyStatus) != "CANCELLED" {
			t.Fatalf("after the cancellation: %s %s SEQUENCE %s", method, ev.Id(), value(ev, ical.ComponentPropertySequence))
		}
	})
}

func TestMeetingOnAnAmbiguousDateAsksAndSchedulesNothing(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00")) // Tuesday: 周二 is today or next week
		r := h.say("U0OFFSTAFF", "meeting 常务会议 周二 16:00 二楼小会议室 议题：督查")
		mustContain(t, r.Text(), "2026-12-01（星期二）", "2026-12-08（星期二）", "输入：2026-12-08")
		if n := h.count(&storage.Meeting{}); n != 0 {
			t.Fatalf("%d meetings scheduled", n)
		}
		mustContain(t, h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-08 16:00 二楼小会议室 议题：督查").Text(), "M1")
	})
}

func TestEntrustUntilANaturalDate(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		mustContain(t, h.say("U0MAYOR", "meeting entrust @陈常务副市长 至 月底").Text(), "已委托 陈常务副市长", "2026-12-31")
		mustContain(t, h.say("U0MAYOR", "meeting entrust @陈常务副市长 至 周二").Text(), "2026-12-01（星期二）", "2026-12-08（星期二）")
	})
}
