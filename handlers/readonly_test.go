package handlers_test

import (
	"testing"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// rowCounts counts the rows of every table: a read-only request leaves
// them all as they were.
func rowCounts(t *testing.T, s *storage.Store) map[string]int64 {
	t.Helper()
	tables, err := s.DB.Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, name := range tables {
		var n int64
		if err := s.DB.Table(name).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		out[name] = n
	}
	return out
}

func TestCapabilitiesDeclareWhatChangesNothingAndItWritesNothing(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := handlerstest.New(t, s, handlerstest.Options{LoadRules: true})
		// Something to list and look at.
		if r := b.Command("U0FGWHEAD", "leave", "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会"); len(b.Outbox()) == 0 {
			t.Fatalf("filing: %s", r.Text())
		}
		cases := []struct {
			req  handlers.Request
			read bool
		}{
			{handlers.Request{User: "U0MAYOR", Command: "rules", Text: "第五十七条"}, true},
			{handlers.Request{User: "U0MAYOR", Command: "规则", Text: "出差要请假吗"}, true},
			{handlers.Request{User: "U0MAYOR", Command: "help"}, true},
			{handlers.Request{User: "U0MAYOR", Command: "whoami"}, true},
			{handlers.Request{User: "U0MAYOR", Command: "nosuch"}, true},
			{handlers.Request{User: "U0MAYOR", Mention: true, Text: "出差要请假吗"}, true},
			{handlers.Request{User: "U0MAYOR", Text: "出差要请假吗"}, true},
			{handlers.Request{User: "U0MAYOR", Text: "help"}, true},
			{handlers.Request{User: "U0FGWHEAD", Command: "leave", Text: "list"}, true},
			{handlers.Request{User: "U0FGWHEAD", Command: "请假", Text: "status L1"}, true},
			{handlers.Request{User: "U0FGWHEAD", Command: "leave", Text: "查看\u3000L1"}, true},
			{handlers.Request{User: "U0FGWHEAD", Command: "leave", Text: "help"}, true},
			{handlers.Request{User: "U0FGWHEAD", Text: "leave list"}, true},
			{handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "list"}, true},
			{handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "status M1"}, true},
			{handlers.Request{User: "U0MAYOR", Command: "doc", Text: "status D1"}, true},
			{handlers.Request{User: "U0MAYOR", Command: "doc", Text: "list"}, true},
			{handlers.Request{User: "U0MAYOR", Command: "doc", Text: "help"}, true},
			{handlers.Request{User: "U0MAYOR", Command: "office"}, true},
			{handlers.Request{User: "U0MAYOR", Command: "office", Text: "列表"}, true},
			// What may change state, or upload through the outbox.
			{handlers.Request{User: "U0FGWHEAD", Command: "leave", Text: "出差 上海 2026-12-10 至 2026-12-11 调研"}, false},
			{handlers.Request{User: "U0FGWHEAD", Command: "leave"}, false},
			{handlers.Request{User: "U0FGWHEAD", Command: "leave", Text: "withdraw L1"}, false},
			{handlers.Request{User: "U0FGWHEAD", Command: "leave", Text: "ｌｉｓｔ"}, false}, // read as a filing: the safe side
			{handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "urge M1"}, false},
			{handlers.Request{User: "U0MAYOR", Command: "doc", Text: "done D1"}, false},
			{handlers.Request{User: "U0MAYOR", Command: "office", Text: "stats"}, false},
			{handlers.Request{User: "U0MAYOR", Command: "office", Text: "export"}, false},
			{handlers.Request{User: "U0MAYOR", Command: "office", Text: "urge D1"}, false},
			{handlers.Request{User: "U0MAYOR", Action: &handlers.Action{ID: "leave.approve", Value: "L1"}}, false},
			{handlers.Request{User: "U0MAYOR", ThreadItem: "L1", Text: "同意"}, false},
		}
		for _, c := range cases {
			if got := b.Service.ReadOnly(c.req); got != c.read {
				t.Errorf("ReadOnly(%+v) = %v, want %v", c.req, got, c.read)
				continue
			}
			if !c.read {
				continue
			}
			before := rowCounts(t, s)
			resp := b.Do(c.req)
			if resp.Text() == "" {
				t.Errorf("%+v: no answer", c.req)
			}
			after := rowCounts(t, s)
			for table, n := range after {
				if before[table] != n {
					t.Errorf("%+v declared read-only changed %s: %d rows, then %d", c.req, table, before[table], n)
				}
			}
		}
	})
}
