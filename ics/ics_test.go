package ics_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the parser loads Asia/Shanghai by name

	ical "github.com/arran4/golang-ical"

	"officebot/ics"
)

var shanghai = time.FixedZone("Asia/Shanghai", 8*3600)

func event(method ics.Method, seq int) ics.Event {
	return ics.Event{
		UID: ics.UID("M12"), Sequence: seq, Method: method,
		Summary: "2026年第12次常务会议", Location: "三楼会议室", Description: "议题：\n1. 2027年预算草案\n2. 老旧小区改造",
		Start: time.Date(2026, 12, 15, 9, 0, 0, 0, shanghai), End: time.Date(2026, 12, 15, 11, 0, 0, 0, shanghai),
		Organizer: ics.Person{ID: "U0MAYOR", Name: "周市长"},
		Attendees: []ics.Person{{ID: "U0VMLI", Name: "李副市长"}, {ID: "U0FGWHEAD", Name: "王主任"}},
		Stamp:     time.Date(2026, 12, 1, 10, 0, 0, 0, shanghai),
	}
}

func parse(t *testing.T, b []byte) (*ical.Calendar, *ical.VEvent) {
	t.Helper()
	cal, err := ical.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, b)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	return cal, evs[0]
}

func prop(c *ical.ComponentBase, p ical.ComponentProperty) string {
	if v := c.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func TestInvitationReadsBackFieldByField(t *testing.T) {
	t.Parallel()
	b, err := ics.Invitation(event(ics.Request, 0))
	if err != nil {
		t.Fatal(err)
	}
	cal, ev := parse(t, b)
	var method string
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ical.PropertyMethod) {
			method = p.Value
		}
	}
	if method != "REQUEST" {
		t.Errorf("METHOD = %q", method)
	}
	if ev.Id() != "M12@officebot.invalid" || prop(&ev.ComponentBase, ical.ComponentPropertySequence) != "0" {
		t.Errorf("UID %q SEQUENCE %q", ev.Id(), prop(&ev.ComponentBase, ical.ComponentPropertySequence))
	}
	start, err := ev.GetStartAt()
	if err != nil || !start.Equal(time.Date(2026, 12, 15, 9, 0, 0, 0, shanghai)) || start.Location().String() != "Asia/Shanghai" {
		t.Errorf("DTSTART = %v %v", start, err)
	}
	if got := ev.GetProperty(ical.ComponentPropertyDtStart); got.Value != "20261215T090000" || got.ICalParameters["TZID"][0] != "Asia/Shanghai" {
		t.Errorf("DTSTART written %q %v", got.Value, got.ICalParameters)
	}
	end, err := ev.GetEndAt()
	if err != nil || !end.Equal(time.Date(2026, 12, 15, 11, 0, 0, 0, shanghai)) {
		t.Errorf("DTEND = %v %v", end, err)
	}
	for p, want := range map[ical.ComponentProperty]string{
		ical.ComponentPropertySummary:     "2026年第12次常务会议",
		ical.ComponentPropertyLocation:    "三楼会议室",
		ical.ComponentPropertyDescription: "议题：\n1. 2027年预算草案\n2. 老旧小区改造",
		ical.ComponentPropertyStatus:      "CONFIRMED",
		ical.ComponentPropertyOrganizer:   "mailto:U0MAYOR@officebot.invalid",
	} {
		if got := prop(&ev.ComponentBase, p); got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	if cn := ev.GetProperty(ical.ComponentPropertyOrganizer).ICalParameters["CN"]; len(cn) != 1 || cn[0] != "周市长" {
		t.Errorf("ORGANIZER CN = %v", cn)
	}
	att := ev.Attendees()
	if len(att) != 2 || att[0].Email() != "U0VMLI@officebot.invalid" || att[1].Email() != "U0FGWHEAD@officebot.invalid" ||
		att[0].ICalParameters["CN"][0] != "李副市长" || att[0].ParticipationStatus() != ical.ParticipationStatusNeedsAction {
		t.Errorf("ATTENDEE = %+v", att)
	}
	tzs := cal.Timezones()
	if len(tzs) != 1 || prop(&tzs[0].ComponentBase, ical.ComponentPropertyTzid) != "Asia/Shanghai" || !strings.Contains(string(b), "TZOFFSETTO:+0800") {
		t.Errorf("VTIMEZONE missing or wrong:\n%s", b)
	}
	al := ev.Alarms()
	if len(al) != 1 || prop(&al[0].ComponentBase, ical.ComponentPropertyTrigger) != "-PT1H" || prop(&al[0].ComponentBase, ical.ComponentPropertyAction) != "DISPLAY" {
		t.Errorf("VALARM = %+v", al)
	}
}

func TestMoveRaisesSequenceAndCancelSaysCancel(t *testing.T) {
	t.Parallel()
	moved := event(ics.Request, 1)
	moved.Start, moved.End = moved.Start.Add(24*time.Hour), moved.End.Add(24*time.Hour)
	b, err := ics.Invitation(moved)
	if err != nil {
		t.Fatal(err)
	}
	_, ev := parse(t, b)
	start, _ := ev.GetStartAt()
	if ev.Id() != ics.UID("M12") || prop(&ev.ComponentBase, ical.ComponentPropertySequence) != "1" || !start.Equal(moved.Start) {
		t.Errorf("moved: UID %q SEQUENCE %q start %v", ev.Id(), prop(&ev.ComponentBase, ical.ComponentPropertySequence), start)
	}
	b, err = ics.Invitation(event(ics.Cancel, 2))
	if err != nil {
		t.Fatal(err)
	}
	cal, ev := parse(t, b)
	if !strings.Contains(cal.Serialize(), "METHOD:CANCEL") || prop(&ev.ComponentBase, ical.ComponentPropertyStatus) != "CANCELLED" ||
		prop(&ev.ComponentBase, ical.ComponentPropertySequence) != "2" || ev.Id() != ics.UID("M12") || len(ev.Alarms()) != 0 {
		t.Errorf("cancel:\n%s", b)
	}
}

func TestInvitationRefusesAnEventWithoutTimes(t *testing.T) {
	t.Parallel()
	e := event(ics.Request, 0)
	e.End = e.Start
	if _, err := ics.Invitation(e); err == nil {
		t.Fatal("an event ending as it starts was written")
	}
	e = event("REFRESH", 0)
	if _, err := ics.Invitation(e); err == nil {
		t.Fatal("unknown method written")
	}
}

// An all-day file to import (approved leave, a due date): METHOD:PUBLISH,
// DTSTART and DTEND as DATEs with DTEND the day after the last, nobody asked
// to answer, and the alarm asked for.
func TestAllDayFileToImportReadsBackFieldByField(t *testing.T) {
	t.Parallel()
	e := ics.Event{UID: ics.UID("D12"), Sequence: 1, Method: ics.Publish, AllDay: true, Alarm: "-PT15H",
		Summary: "《关于加快推进老旧小区改造的请示》办理期限", Description: "D12 昆政办收〔2026〕12号",
		Start: time.Date(2026, 12, 18, 0, 0, 0, 0, shanghai), End: time.Date(2026, 12, 19, 0, 0, 0, 0, shanghai),
		Stamp: time.Date(2026, 12, 1, 10, 0, 0, 0, shanghai), Zone: shanghai}
	b, err := ics.Invitation(e)
	if err != nil {
		t.Fatal(err)
	}
	cal, ev := parse(t, b)
	if !strings.Contains(cal.Serialize(), "METHOD:PUBLISH") || ev.Id() != "D12@officebot.invalid" ||
		prop(&ev.ComponentBase, ical.ComponentPropertySequence) != "1" || prop(&ev.ComponentBase, ical.ComponentPropertyStatus) != "CONFIRMED" {
		t.Errorf("file:\n%s", b)
	}
	start, end := ev.GetProperty(ical.ComponentPropertyDtStart), ev.GetProperty(ical.ComponentPropertyDtEnd)
	if start.Value != "20261218" || start.ICalParameters["VALUE"][0] != "DATE" || end.Value != "20261219" {
		t.Errorf("DTSTART %+v DTEND %+v", start, end)
	}
	al := ev.Alarms()
	if len(al) != 1 || prop(&al[0].ComponentBase, ical.ComponentPropertyTrigger) != "-PT15H" || prop(&al[0].ComponentBase, ical.ComponentPropertyAction) != "DISPLAY" {
		t.Errorf("VALARM = %+v", al)
	}
	e.Alarm = ""
	if b, _ = ics.Invitation(e); strings.Contains(string(b), "BEGIN:VALARM") {
		t.Errorf("an all-day event with no alarm asked for has one:\n%s", b)
	}
}
