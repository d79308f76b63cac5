package document_test

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

// calendarSent parses the .ics last sent to the person.
func calendarSent(t *testing.T, b *bot, to string) (*ical.Calendar, *ical.VEvent, chat.Message) {
	t.Helper()
	out := b.Outbox()
	for k := len(out) - 1; k >= 0; k-- {
		m := out[k]
		if m.Channel != to || m.File == nil || !strings.HasSuffix(m.File.Name, ".ics") {
			continue
		}
		cal, err := ical.ParseCalendar(bytes.NewReader(m.File.Content))
		if err != nil || len(cal.Events()) != 1 || len(cal.Timezones()) != 1 {
			t.Fatalf("parse %v:\n%s", err, m.File.Content)
		}
		return cal, cal.Events()[0], m
	}
	t.Fatalf("no calendar file sent to %s", to)
	return nil, nil, chat.Message{}
}

func icsValue(ev *ical.VEvent, p ical.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// A document being handled offers 加入日历 in its status; the button sends
// the person an .ics of its due date that reads back with the iCalendar
// library as an all-day event with an alarm at 09:00 the day before
// (TRIGGER -PT15H), UID D1@… and SEQUENCE the granted extensions, so the
// file sent after an extension moves the entry. A pending document has no
// due date to add; another unit may not have the file.
func TestDocumentStatusOffersItsDueDateAsACalendarFile(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s) // Thursday 2026-11-26 10:00
		b.submit(example)
		buttons := func(user string) []chat.Button {
			var out []chat.Button
			for _, m := range b.Command(user, "doc", "status D1").Messages {
				out = append(out, m.Buttons()...)
			}
			return out
		}
		if bs := buttons("U0FGWHEAD"); len(bs) != 0 {
			t.Fatalf("a pending document offers %+v", bs)
		}
		n := len(b.Outbox())
		contains(t, "file of a pending document", b.doc("U0FGWHEAD", "ics D1"), "D1", "待批示", "没有需要加入日历的办理期限")
		if len(b.Outbox()) != n {
			t.Fatal("a refused file was queued")
		}

		b.Reply("U0VMLI", "D1", "交办 住建局 请按职责办理") // due 2026-12-04
		bs := buttons("U0ZJJHEAD")
		if len(bs) != 1 || bs[0].Label != "加入日历" || bs[0].ActionID != "doc.ics" || bs[0].Value != "D1" {
			t.Fatalf("status buttons of a document being handled: %+v", bs)
		}
		contains(t, "button's answer", b.Click("U0ZJJHEAD", "doc.ics", "D1").Text(), "D1", "私信")
		cal, ev, m := calendarSent(t, b, "U0ZJJHEAD")
		if m.File.Name != "D1-0.ics" || !strings.Contains(m.Text, "2026-12-04") {
			t.Errorf("message %q file %q", m.Text, m.File.Name)
		}
		dtstart, dtend := ev.GetProperty(ical.ComponentPropertyDtStart), ev.GetProperty(ical.ComponentPropertyDtEnd)
		if dtstart.Value != "20261204" || dtstart.ICalParameters["VALUE"][0] != "DATE" || dtend.Value != "20261205" {
			t.Errorf("DTSTART %+v DTEND %+v", dtstart, dtend)
		}
		for p, want := range map[ical.ComponentProperty]string{
			ical.ComponentPropertyUniqueId:    "D1@officebot.invalid",
			ical.ComponentPropertySequence:    "0",
			ical.ComponentPropertySummary:     "《关于申请2027年老旧小区改造资金的请示》办理期限",
			ical.ComponentPropertyDescription: "D1 昆政办收〔2026〕1号 办理期限（《昆山市人民政府工作规则》第五十四条）",
		} {
			if got := icsValue(ev, p); got != want {
				t.Errorf("%s = %q, want %q", p, got, want)
			}
		}
		al := ev.Alarms()
		if !strings.Contains(cal.Serialize(), "METHOD:PUBLISH") || len(al) != 1 ||
			al[0].GetProperty(ical.ComponentPropertyTrigger).Value != "-PT15H" || al[0].GetProperty(ical.ComponentPropertyAction).Value != "DISPLAY" {
			t.Errorf("file:\n%s", m.File.Content)
		}

		// An extension granted: the file says so with SEQUENCE 1.
		b.doc("U0ZJJHEAD", "extend D1 2026-12-11 需实地核查小区数量")
		b.Reply("U0VMLI", "D1", "同意延期")
		b.doc("U0ZJJHEAD", "ics D1")
		_, ev, m = calendarSent(t, b, "U0ZJJHEAD")
		if m.File.Name != "D1-1.ics" || icsValue(ev, ical.ComponentPropertySequence) != "1" ||
			ev.GetProperty(ical.ComponentPropertyDtStart).Value != "20261211" || ev.Id() != "D1@officebot.invalid" {
			t.Errorf("after the extension: %s SEQUENCE %s DTSTART %s", m.File.Name, icsValue(ev, ical.ComponentPropertySequence),
				ev.GetProperty(ical.ComponentPropertyDtStart).Value)
		}

		n = len(b.Outbox())
		contains(t, "another unit's file", b.Click("U0JYJHEAD", "doc.ics", "D1").Text(), "无权查看")
		if len(b.Outbox()) != n {
			t.Fatal("another unit's file was queued")
		}
		contains(t, "no key", b.doc("U0ZJJHEAD", "ics"), "用法：/doc ics D12")
	})
}
