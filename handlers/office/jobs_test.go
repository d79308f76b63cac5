package office_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"officebot/chat"
	"officebot/handlers/handlerstest"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func officeChannel(ms []chat.Message) []chat.Message {
	var out []chat.Message
	for _, m := range ms {
		if m.Channel == "C0OFFICE" && strings.HasPrefix(m.Text, "逾期事项") {
			out = append(out, m)
		}
	}
	return out
}

func TestTheOverdueListGoesToTheOfficeOnceAWorkingDay(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s)
		ctx := context.Background()
		// Each replica (or each restart) is a scheduler of its own on the one database.
		replica := func() *scheduler.Scheduler {
			return scheduler.New(scheduler.Deps{Store: s, Clock: h.Clock, Location: handlerstest.Shanghai, Log: handlerstest.Discard()},
				handlerstest.Job(s, "office.overdue"))
		}
		if err := replica().RunPass(ctx, at("2026-12-21 08:30")); err != nil {
			t.Fatal(err)
		}
		if n := len(officeChannel(h.Outbox())); n != 0 {
			t.Fatalf("%d overdue lists before 09:00", n)
		}
		// Two replicas at 09:00 at once, then a restart at 15:00.
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := replica().RunPass(ctx, at("2026-12-21 09:00")); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if err := replica().RunPass(ctx, at("2026-12-21 15:00")); err != nil {
			t.Fatal(err)
		}
		got := officeChannel(h.Outbox())
		if len(got) != 1 {
			t.Fatalf("%d overdue lists on 2026-12-21, want 1", len(got))
		}
		text := handlersText(got[0])
		mustContain(t, text, "逾期事项 · 2026-12-21（共 2 项）", "*市发展和改革委员会*",
			"A1 推进&lt;!channel&gt;重大项目（2026年第11次常务会议 落实事项） — 期限 2026-12-11，*已逾期 10 天*",
			"D1《关于重大项目用地的请示》（办理中） — 期限 2026-12-15，*已逾期 6 天*", "第四十七条")
		for _, not := range []string{"A2", "L1", "A3"} {
			if strings.Contains(text, not) {
				t.Errorf("the overdue list names %s:\n%s", not, text)
			}
		}
		// Saturday: nothing; Monday again: the next list.
		for _, day := range []string{"2026-12-26 09:00", "2026-12-28 09:00"} {
			if err := replica().RunPass(ctx, at(day)); err != nil {
				t.Fatal(err)
			}
		}
		if got := officeChannel(h.Outbox()); len(got) != 2 || !strings.Contains(got[1].Text, "2026-12-28") {
			t.Errorf("lists after Saturday and Monday: %d", len(got))
		}
	})
}

func handlersText(m chat.Message) string {
	var b strings.Builder
	b.WriteString(m.Text)
	for _, bl := range m.Blocks {
		if bl.Section != nil {
			b.WriteString("\n" + bl.Section.Text)
		}
		if bl.Context != nil {
			b.WriteString("\n" + bl.Context.Text)
		}
	}
	return b.String()
}
