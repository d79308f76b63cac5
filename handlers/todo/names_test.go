package todo_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"officebot/handlers/handlerstest"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// Every reminder and digest of a seeded working week names each item as
// officials name it: an item's short ID (D2, L1, M2, P1, A1) only beside
// its title, never alone, and never an internal key (M2-minutes-1)
// (issue 11 item 14).
func TestRemindersAndDigestsNeverShowBareOrInternalKeys(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := seed(t, s)
		b.must("M3", b.Say("U0OFFSTAFF", "meeting 常务会议 2026-12-23 15:00 三楼会议室 议题：年度预算 参会：发改委"), "M3")
		before := len(b.Outbox())
		sch := scheduler.New(scheduler.Deps{Store: s, Clock: b.Clock, Location: handlerstest.Shanghai, Log: handlerstest.Discard()},
			handlerstest.Jobs(s)...)
		for _, day := range []string{"2026-12-22", "2026-12-23", "2026-12-24", "2026-12-25"} {
			for _, hm := range []string{"08:00", "09:00", "09:30", "10:00", "14:00", "14:30"} {
				at := handlerstest.At(day + " " + hm)
				b.Clock.Set(at)
				if err := sch.RunPass(context.Background(), at); err != nil {
					t.Fatal(err)
				}
			}
		}
		names := itemNames(t, s)
		key := regexp.MustCompile(`(^|[^A-Za-z0-9_])([LDMPA][0-9]+)([^0-9]|$)`)
		internal := regexp.MustCompile(`[A-Z][0-9]+-[a-z]+-[0-9]+`)
		ms := b.Outbox()[before:]
		if len(ms) < 10 {
			t.Fatalf("only %d reminders and digests in the week", len(ms))
		}
		kinds := map[string]bool{}
		for _, m := range ms {
			text := handlerstest.Text(m)
			if k := internal.FindString(text); k != "" {
				t.Errorf("internal key %s in %q", k, text)
			}
			for _, sm := range key.FindAllStringSubmatch(text, -1) {
				k := sm[2]
				kinds[k[:1]] = true
				name, ok := names[k]
				if !ok {
					t.Errorf("unknown key %s in %q", k, text)
					continue
				}
				if !strings.Contains(text, name) {
					t.Errorf("%s without its name %q in %q", k, name, text)
				}
			}
		}
		for _, want := range []string{"L", "D", "M", "P", "A"} {
			if !kinds[want] {
				t.Errorf("no %s item reminded in the week: the scan proves nothing about it", want)
			}
		}
	})
}

// itemNames maps every seeded item's short ID to what officials call it.
func itemNames(t *testing.T, s *storage.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	var docs []storage.Document
	var apps []storage.MeetingApplication
	var items []storage.ActionItem
	var meetings []storage.Meeting
	for _, q := range []any{&docs, &apps, &items, &meetings} {
		if err := s.DB.Find(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range docs {
		out[fmt.Sprintf("D%d", d.ID)] = d.Title
	}
	for _, a := range apps {
		out[fmt.Sprintf("P%d", a.ID)] = a.Title
	}
	for _, it := range items {
		out[fmt.Sprintf("A%d", it.ID)] = it.Task
	}
	for _, m := range meetings {
		mt, _, err := s.Read(context.Background()).LoadMeeting(m.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[mt.Key()] = mt.Name()
	}
	out["L1"] = "出差 上海"
	return out
}
