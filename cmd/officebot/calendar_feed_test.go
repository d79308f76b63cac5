package main

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the iCalendar parser loads Asia/Shanghai by name

	ical "github.com/arran4/golang-ical"

	"officebot/bot/slacktest"
	"officebot/clock"
)

// The private calendar feed through serve: a person issues a token with
// /meeting calendar, the feed answers their meetings to it; a wrong, a
// revoked and no token get 404 and nothing else; other methods than GET
// and HEAD get 405 whatever the token.
func TestCalendarFeedThroughServe(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		fake := slacktest.New()
		t.Cleanup(fake.Close)
		now := clock.System{}.Now()
		s := startServeOn(t, fake, dsn, map[string]string{"OFFICEBOT_CLOCK": "2026-12-01T10:00:00+08:00"})
		command := func(user, text, path string) string {
			t.Helper()
			if st := s.post(t, "/slack/commands", formType, slashBody(user, "/meeting", text, fake.ResponseURL(path)), now); st != http.StatusOK {
				t.Fatalf("%s: status %d", text, st)
			}
			c, err := fake.WaitFor(30*time.Second, func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == path })
			if err != nil {
				t.Fatalf("%s: %v", text, err)
			}
			return c.Body
		}
		get := func(path string) (int, []byte) {
			t.Helper()
			resp, err := http.Get(s.base + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, b
		}
		command("U0OFFSTAFF", "常务会议 下周二 09:00 三楼会议室 议题：2027年预算草案 参会：发改委", "scheduled")
		body := command("U0FGWHEAD", "calendar", "token")
		m := regexp.MustCompile(`/calendar/([A-Za-z0-9_-]{43})\.ics`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no subscription address in %s", body)
		}
		st, feed := get("/calendar/" + m[1] + ".ics")
		if st != http.StatusOK {
			t.Fatalf("feed: %d %s", st, feed)
		}
		cal, err := ical.ParseCalendar(bytes.NewReader(feed))
		if err != nil || len(cal.Events()) != 1 {
			t.Fatalf("feed %v:\n%s", err, feed)
		}
		ev := cal.Events()[0]
		start, _ := ev.GetStartAt()
		if ev.Id() != "M1@officebot.invalid" || !start.Equal(time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC)) || !strings.Contains(string(feed), "METHOD:PUBLISH") {
			t.Fatalf("feed event %s at %v:\n%s", ev.Id(), start, feed)
		}
		// Someone who attends nothing sees an empty calendar with their own token.
		body = command("U0KFQHEAD", "calendar", "token2")
		if other := regexp.MustCompile(`/calendar/([A-Za-z0-9_-]{43})\.ics`).FindStringSubmatch(body); other != nil {
			if st, b := get("/calendar/" + other[1] + ".ics"); st != http.StatusOK || strings.Contains(string(b), "BEGIN:VEVENT") {
				t.Fatalf("a non-attendee's feed: %d\n%s", st, b)
			}
		}
		for _, path := range []string{"/calendar/" + strings.Repeat("A", 43) + ".ics", "/calendar/.ics", "/calendar/" + m[1]} {
			if st, b := get(path); st != http.StatusNotFound || strings.Contains(string(b), "VCALENDAR") {
				t.Errorf("%s: %d %s", path, st, b)
			}
		}
		// Other methods get 405 with Allow, the same for a valid and a
		// wrong token, so the answer says nothing about the token.
		for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
			var bodies []string
			for _, path := range []string{"/calendar/" + m[1] + ".ics", "/calendar/" + strings.Repeat("A", 43) + ".ics"} {
				req, err := http.NewRequest(method, s.base+path, strings.NewReader("x"))
				if err != nil {
					t.Fatal(err)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" || strings.Contains(string(b), "VCALENDAR") {
					t.Errorf("%s %s: %d Allow %q %s", method, path, resp.StatusCode, resp.Header.Get("Allow"), b)
				}
				bodies = append(bodies, string(b))
			}
			if bodies[0] != bodies[1] {
				t.Errorf("%s: a valid token answers %q, a wrong one %q", method, bodies[0], bodies[1])
			}
		}
		if resp, err := http.Head(s.base + "/calendar/" + m[1] + ".ics"); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("HEAD feed: %v %v", resp, err)
		}
		command("U0FGWHEAD", "calendar off", "off")
		if st, b := get("/calendar/" + m[1] + ".ics"); st != http.StatusNotFound || strings.Contains(string(b), "M1") {
			t.Fatalf("revoked token: %d %s", st, b)
		}
	})
}
