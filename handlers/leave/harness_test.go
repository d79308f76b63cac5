package leave_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"officebot/chat"
	"officebot/clock"
	"officebot/dates"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/leave"
	"officebot/meeting"
	"officebot/storage"
)

// start is the fake clock's instant: Thursday 2026-11-26 10:00 in Shanghai.
var start = handlerstest.Start

// bot is the service on a real database with the demo organisation.
type bot struct {
	*handlerstest.Bot
	t   *testing.T
	s   *storage.Store
	svc *handlers.Service
	clk *clock.Fake
}

func newBot(t *testing.T, s *storage.Store) *bot {
	t.Helper()
	b := handlerstest.New(t, s, handlerstest.Options{})
	return &bot{Bot: b, t: t, s: s, svc: b.Service, clk: b.Clock}
}

func (b *bot) do(req handlers.Request) handlers.Response { return b.Do(req) }

// leave types /leave TEXT as Slack sends it: HTML-escaped.
func (b *bot) leave(user, text string) handlers.Response { return b.Command(user, "leave", text) }

func (b *bot) click(user, id, value string) handlers.Response { return b.Click(user, id, value) }

func (b *bot) reply(user, item, text string) handlers.Response { return b.Reply(user, item, text) }

func (b *bot) submit(user, callback, private string, values map[string]string) handlers.Response {
	return b.Submit(user, callback, private, values)
}

// requests returns every leave request, oldest first.
func (b *bot) requests() []storage.LeaveRequest {
	b.t.Helper()
	var rs []storage.LeaveRequest
	if err := b.s.DB.Order("id").Find(&rs).Error; err != nil {
		b.t.Fatal(err)
	}
	return rs
}

// only returns the one leave request there must be.
func (b *bot) only() storage.LeaveRequest {
	b.t.Helper()
	rs := b.requests()
	if len(rs) != 1 {
		b.t.Fatalf("want exactly one leave request, have %d: %+v", len(rs), rs)
	}
	return rs[0]
}

func (b *bot) get(key string) storage.LeaveRequest {
	b.t.Helper()
	id, err := leave.ParseKey(key)
	if err != nil {
		b.t.Fatal(err)
	}
	var r storage.LeaveRequest
	if err := b.s.DB.Where("id = ?", id).Take(&r).Error; err != nil {
		b.t.Fatalf("load %s: %v", key, err)
	}
	return r
}

// outbox returns the messages written to the outbox, in order.
func (b *bot) outbox() []chat.Message { return b.Outbox() }

// sent returns the outbox messages after the first n.
func (b *bot) since(n int) []chat.Message { return b.outbox()[n:] }

func (b *bot) audit(key string) []storage.AuditEntry {
	b.t.Helper()
	es, err := b.s.Read(context.Background()).AuditTrail(key)
	if err != nil {
		b.t.Fatal(err)
	}
	return es
}

// text renders a message as the console would, for assertions.
func text(m chat.Message) string { return handlerstest.Text(m) }

func find(ms []chat.Message, f func(chat.Message) bool) (chat.Message, bool) {
	for _, m := range ms {
		if f(m) {
			return m, true
		}
	}
	return chat.Message{}, false
}

func mustContainIn(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

// schedule puts the meeting into the meetings tables, numbered as its name
// says (第12次: eleven executive meetings came before it this year).
func (b *bot) schedule(m leave.Meeting) {
	b.t.Helper()
	if err := b.s.DB.Create(&storage.Sequence{Name: "meeting_" + string(m.Type), Year: m.Start.Year(), Value: 11}).Error; err != nil {
		b.t.Fatal(err)
	}
	mt := meeting.Meeting{Type: meeting.Type(m.Type), Start: m.Start, End: m.End, Place: "第一会议室", Convener: m.PresiderID, CreatedBy: "U0OFFSTAFF"}
	for _, a := range m.Attendees {
		mt.Attendees = append(mt.Attendees, meeting.Attendee{SlackID: a, Role: meeting.Attending})
	}
	err := b.s.Tx(context.Background(), func(tx *storage.Tx) error {
		return tx.CreateMeeting(&mt, handlerstest.Shanghai, start)
	})
	if err != nil {
		b.t.Fatal(err)
	}
	if got := mt.Key() + " " + mt.Name(); got != m.ID+" "+m.Name {
		b.t.Fatalf("scheduled %s, want %s %s", got, m.ID, m.Name)
	}
}

// executiveMeeting is the monthly executive meeting on Friday 4 December.
var executiveMeeting = leave.Meeting{
	ID: "M1", Name: "2026年第12次常务会议", Type: leave.Executive,
	Start:      time.Date(2026, 12, 4, 9, 0, 0, 0, dates.Shanghai),
	End:        time.Date(2026, 12, 4, 12, 0, 0, 0, dates.Shanghai),
	Attendees:  []string{"U0EXEC", "U0VMLI", "U0VMWANG", "U0VMZHANG", "U0OFFDIR", "U0FGWHEAD", "U0CZJHEAD"},
	PresiderID: "U0MAYOR",
}

const shanghaiTrip = "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会"
