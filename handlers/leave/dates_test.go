package leave_test

import (
	"strings"
	"testing"

	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestLeaveTakesNaturalDatesAndEchoesThemInFull(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s) // Thursday 2026-11-26
		resp := b.leave("U0FGWHEAD", "出差 北京 下周三到周五 参加项目对接会")
		r := b.only()
		if r.StartDate != "2026-12-02" || r.EndDate != "2026-12-04" || r.Destination != "北京" || r.Reason != "参加项目对接会" {
			t.Fatalf("request = %+v", r)
		}
		// The summary carries the dates in full, weekdays included, as every
		// later message about the request does; no second 日期 line repeats it.
		mustContainIn(t, "requester's reply", resp.Text(), r.Key(), "（出差 北京，2026-12-02（星期三）至 2026-12-04（星期五），共3天）")
		if n := strings.Count(resp.Text(), "2026-12-02（星期三）至 2026-12-04（星期五），共3天"); n != 1 {
			t.Errorf("the dates are written %d times in the reply:\n%s", n, resp.Text())
		}
	})
}

func TestLeaveWithAmbiguousDatesAsksWithBothReadingsAndFilesTheOneClicked(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s) // Thursday 2026-11-26: 周四 is today or a week later
		resp := b.leave("U0FGWHEAD", "出差 北京 周四 1天 参加项目对接会")
		if n := len(b.requests()); n != 0 || len(b.outbox()) != 0 {
			t.Fatalf("%d requests filed before the person chose", n)
		}
		mustContainIn(t, "question", resp.Text(), "周四", "2026-11-26（星期四），共1天", "2026-12-03（星期四），共1天",
			"/leave 出差 北京 2026-11-26 参加项目对接会", "/leave 出差 北京 2026-12-03 参加项目对接会")
		var values []string
		for _, m := range resp.Messages {
			for _, bt := range m.Buttons() {
				if bt.ActionID != "leave.pick_dates" {
					t.Fatalf("button %+v", bt)
				}
				values = append(values, bt.Value)
			}
		}
		if len(values) != 2 {
			t.Fatalf("buttons: %v", values)
		}
		resp = b.click("U0FGWHEAD", "leave.pick_dates", values[1])
		r := b.only()
		if r.StartDate != "2026-12-03" || r.EndDate != "2026-12-03" || r.Requester != "U0FGWHEAD" {
			t.Fatalf("request = %+v", r)
		}
		mustContainIn(t, "reply", resp.Text(), r.Key(), "2026-12-03（星期四），共1天")
		// A second click files nothing more: the overlap rule refuses it.
		b.click("U0FGWHEAD", "leave.pick_dates", values[1])
		if n := len(b.requests()); n != 1 {
			t.Fatalf("%d requests after a second click", n)
		}
	})
}

func TestLeaveRefusesAMalformedNaturalDateNamingIt(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		resp := b.leave("U0FGWHEAD", "出差 北京 下周五到下周三 开会")
		if len(b.requests()) != 0 || !strings.Contains(resp.Text(), "下周五到下周三") || !strings.Contains(resp.Text(), "结束日期早于开始日期") {
			t.Fatalf("reply %q", resp.Text())
		}
	})
}
