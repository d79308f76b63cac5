package office_test

import (
	"strings"
	"testing"
	"time"

	"officebot/chat"
	"officebot/document"
	"officebot/handlers/handlerstest"
	"officebot/leave"
	"officebot/meeting"
	"officebot/storage"
)

func at(s string) time.Time { return handlerstest.At(s) }

type harness struct {
	*handlerstest.Bot
	t *testing.T
	s *storage.Store
}

// newHarness is the demo organisation on 2026-12-21 (a Monday) at 10:00,
// with a seeded month: A1 (fgw) overdue since 12-11, A2 (zjj) due 12-25,
// A3 (czj) reported on time; D1 (fgw) being handled, overdue since 12-15;
// D2 (czj) closed on time after an extension; D3 (zhoushi) closed late;
// L1 of 王主任 (fgw) pending with 李副市长 since 12-18.
func newHarness(t *testing.T, s *storage.Store) *harness {
	t.Helper()
	b := handlerstest.New(t, s, handlerstest.Options{Start: at("2026-12-21 10:00")})
	h := &harness{Bot: b, t: t, s: s}
	utc := func(s string) *time.Time { v := at(s).UTC(); return &v }
	create := func(v any) {
		t.Helper()
		if err := s.DB.Create(v).Error; err != nil {
			t.Fatal(err)
		}
	}
	create(&storage.Meeting{ID: 1, Type: string(meeting.Executive), Year: 2026, Number: 11, StartAt: *utc("2026-12-01 09:00"),
		EndAt: *utc("2026-12-01 11:00"), Place: "三楼", Convener: "U0MAYOR", CreatedBy: "U0OFFDIR", State: meeting.Held})
	create(&storage.ActionItem{ID: 1, MeetingID: 1, Department: "fgw", Task: "推进<!channel>重大项目", Due: "2026-12-11", State: meeting.ItemOpen})
	create(&storage.ActionItem{ID: 2, MeetingID: 1, Department: "zjj", Task: "老旧小区改造", Due: "2026-12-25", State: meeting.ItemOpen})
	create(&storage.ActionItem{ID: 3, MeetingID: 1, Department: "czj", Task: "预算草案", Due: "2026-12-11", State: meeting.ItemReported, ReportedAt: utc("2026-12-10 16:00")})
	create(&storage.Document{ID: 1, Direction: "in", Title: "关于重大项目用地的请示", Type: "请示", Department: "fgw", Submitter: "U0FGWHEAD",
		State: string(document.Handling), HandlingDept: "fgw", AssignedAt: utc("2026-12-04 10:00"), Due: "2026-12-15", CreatedAt: *utc("2026-12-03 10:00"), Leader: "U0VMLI"})
	create(&storage.Document{ID: 2, Direction: "in", Title: "延期办结", Department: "czj", Submitter: "U0CZJHEAD", State: string(document.Done),
		HandlingDept: "czj", AssignedAt: utc("2026-12-01 10:00"), Due: "2026-12-17", Extensions: 1, DoneAt: utc("2026-12-16 10:00"), CreatedAt: *utc("2026-12-01 09:00")})
	create(&storage.Document{ID: 3, Direction: "in", Title: "逾期办结", Department: "zhoushi", Submitter: "U0ZSHEAD", State: string(document.Done),
		HandlingDept: "zhoushi", AssignedAt: utc("2026-12-01 10:00"), Due: "2026-12-09", DoneAt: utc("2026-12-11 10:00"), CreatedAt: *utc("2026-12-01 09:00")})
	// L1 filed through /leave, so its approval chain is the real one.
	b.Clock.Set(at("2026-12-18 09:00"))
	if r := h.Command("U0FGWHEAD", "leave", "出差 上海 2026-12-28 至 2026-12-29 参加招商推介会"); !strings.Contains(r.Text(), "L1") {
		t.Fatalf("leave not filed: %s", r.Text())
	}
	b.Clock.Set(at("2026-12-21 10:00"))
	return h
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("lacks %q:\n%s", w, got)
		}
	}
}

func buttons(r interface{ Text() string }, ms []chat.Message) []chat.Button {
	var out []chat.Button
	for _, m := range ms {
		out = append(out, m.Buttons()...)
	}
	return out
}

var _ = leave.Approved
