package main

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	ical "github.com/arran4/golang-ical"

	"officebot/bot/slacktest"
	"officebot/clock"
)

// The calendar feed through serve carries, besides meetings, the due date of
// a document the person's unit handles (all-day, 《标题》办理期限, UID D1@…)
// and the approved leave of the people whose leave they approved (an
// all-day span, UID L1@…); each reads back with the iCalendar library, and
// neither shows in the feed of someone it does not concern.
func TestCalendarFeedCarriesDueDatesAndApprovedLeave(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		s := startServe(t, dsn, map[string]string{"OFFICEBOT_CLOCK": "2026-11-26T10:00:00+08:00"})
		now := clock.System{}.Now() // signatures use real time
		post := func(path, contentType, body string) { t.Helper(); s.mustPost(t, path, contentType, body, now) }
		wait := func(what string, match func(slacktest.Call) bool) slacktest.Call {
			t.Helper()
			return s.waitFor(t, what, match)
		}
		threadReply := func(id, channel, user, text, rootTS string) {
			t.Helper()
			post("/slack/events", "application/json", threadReplyBody(id, channel, user, text, rootTS))
		}
		feedOf := func(user, path string) *ical.Calendar {
			t.Helper()
			post("/slack/commands", formType, slashBody(user, "/meeting", "calendar", s.slack.ResponseURL(path)))
			c := wait("token of "+user, func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == path })
			m := regexp.MustCompile(`/calendar/([A-Za-z0-9_-]{43})\.ics`).FindStringSubmatch(c.Body)
			if m == nil {
				t.Fatalf("no subscription address in %s", c.Body)
			}
			resp, err := http.Get(s.base + "/calendar/" + m[1] + ".ics")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("feed of %s: %d %s", user, resp.StatusCode, b)
			}
			cal, err := ical.ParseCalendar(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("feed of %s: %v\n%s", user, err, b)
			}
			return cal
		}
		allDay := func(cal *ical.Calendar, uid string) (*ical.VEvent, time.Time, time.Time) {
			t.Helper()
			for _, ev := range cal.Events() {
				if ev.Id() != uid {
					continue
				}
				if p := ev.GetProperty(ical.ComponentPropertyDtStart); p == nil || len(p.Value) != 8 {
					t.Fatalf("%s is not all-day: %v", uid, p)
				}
				start, err1 := ev.GetAllDayStartAt()
				end, err2 := ev.GetAllDayEndAt()
				if err1 != nil || err2 != nil {
					t.Fatalf("%s dates: %v %v", uid, err1, err2)
				}
				return ev, start, end
			}
			t.Fatalf("no %s in the feed: %s", uid, cal.Serialize())
			return nil, time.Time{}, time.Time{}
		}
		ymd := func(t time.Time) string { return t.Format(time.DateOnly) }

		// A document assigned to 住建局, due 2026-12-04 (Art. 54).
		post("/slack/commands", formType, slashBody("U0FGWHEAD", "/doc",
			"submit 标题：关于申请2027年老旧小区改造资金的请示 类型：请示 类别：in_remit 签发人：<@U0FGWHEAD|王主任> 会签：财政局,住建局 事项数：1 重大：否",
			s.slack.ResponseURL("submitted")))
		wait("registration reply", func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == "submitted" })
		docRoot := wait("document root", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "C0DOCS" && strings.Contains(c.Param("text"), "<@U0VMLI>")
		})
		threadReply("EvAssignFeed", "C0DOCS", "U0VMLI", "交办 住建局 请按职责办理", docRoot.TS)
		wait("handling head's DM", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "U0ZJJHEAD" && strings.Contains(c.Param("text"), "D1")
		})

		// Leave approved by 李副市长.
		post("/slack/commands", formType, slashBody("U0FGWHEAD", "/leave", "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会", s.slack.ResponseURL("filed")))
		wait("filing reply", func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == "filed" })
		leaveRoot := wait("leave root", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "C0LEAVE" && strings.Contains(c.Param("text"), "<@U0VMLI>")
		})
		threadReply("EvApproveFeed", "C0LEAVE", "U0VMLI", "同意", leaveRoot.TS)
		wait("requester DM", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "U0FGWHEAD" && strings.Contains(c.Param("text"), "批准")
		})

		zjj := feedOf("U0ZJJHEAD", "zjj")
		ev, start, end := allDay(zjj, "D1@officebot.invalid")
		if summary := ev.GetProperty(ical.ComponentPropertySummary).Value; summary != "《关于申请2027年老旧小区改造资金的请示》办理期限" ||
			ymd(start) != "2026-12-04" || ymd(end) != "2026-12-05" {
			t.Fatalf("due date event %q %s–%s:\n%s", summary, ymd(start), ymd(end), zjj.Serialize())
		}
		if strings.Contains(zjj.Serialize(), "L1@") {
			t.Fatalf("leave in the feed of someone who did not approve it:\n%s", zjj.Serialize())
		}

		vmli := feedOf("U0VMLI", "vmli")
		ev, start, end = allDay(vmli, "L1@officebot.invalid")
		if summary := ev.GetProperty(ical.ComponentPropertySummary).Value; !strings.Contains(summary, "出差") ||
			ymd(start) != "2026-12-03" || ymd(end) != "2026-12-06" {
			t.Fatalf("leave event %q %s–%s:\n%s", summary, ymd(start), ymd(end), vmli.Serialize())
		}
		if strings.Contains(vmli.Serialize(), "D1@") {
			t.Fatalf("a due date in the feed of a leader whose unit does not handle it:\n%s", vmli.Serialize())
		}
		// A new token, the same document under the same UID.
		allDay(feedOf("U0ZJJHEAD", "zjj2"), "D1@officebot.invalid")

		// 加入日历 from the statuses: each file is uploaded (files upload v2)
		// to the person who pressed it, and carries the feed's UID.
		post("/slack/interactions", formType, interactionBody(t, "U0FGWHEAD", "D0FGWHEAD", "leave.ics", "L1", s.slack.ResponseURL("leave-ics")))
		post("/slack/interactions", formType, interactionBody(t, "U0ZJJHEAD", "D0ZJJHEAD", "doc.ics", "D1", s.slack.ResponseURL("doc-ics")))
		wait("leave file reply", func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == "leave-ics" })
		wait("doc file reply", func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == "doc-ics" })
		files := map[string]slacktest.Upload{}
		for deadline := time.Now().Add(20 * time.Second); len(files) < 2 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			for _, u := range s.slack.Uploads() {
				if u.Name == "L1.ics" || u.Name == "D1-0.ics" {
					files[u.Name] = u
				}
			}
		}
		for name, want := range map[string]struct{ channel, uid, start string }{
			"L1.ics":   {"D0FGWHEAD", "L1@officebot.invalid", "2026-12-03"},
			"D1-0.ics": {"D0ZJJHEAD", "D1@officebot.invalid", "2026-12-04"},
		} {
			u, ok := files[name]
			if !ok {
				t.Fatalf("%s not uploaded; uploads %+v\n%s", name, s.slack.Uploads(), s.stderr.String())
			}
			cal, err := ical.ParseCalendar(bytes.NewReader(u.Content))
			if err != nil || u.Channel != want.channel || !strings.Contains(cal.Serialize(), "METHOD:PUBLISH") {
				t.Fatalf("%s to %s (%v):\n%s", name, u.Channel, err, u.Content)
			}
			if _, start, _ := allDay(cal, want.uid); ymd(start) != want.start {
				t.Fatalf("%s starts %s", name, ymd(start))
			}
		}
	})
}
