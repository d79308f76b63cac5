package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"officebot/bot/slacktest"
	"officebot/clock"
)

// The subscription's life through serve with OFFICEBOT_PUBLIC_URL set:
// /office calendar reset shows the full address under the public URL; the
// feed answers it; App Home (views.publish) shows the address's first
// characters with 重置订阅地址 and 停用; pressing 重置订阅地址 in App Home (no
// response_url: the answer is a direct message) issues a new address and
// the old one gets 404; /office calendar off revokes the new one; no token
// gets 404 throughout.
func TestCalendarSubscriptionResetAndRevokeThroughServe(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		s := startServe(t, dsn, map[string]string{"OFFICEBOT_CLOCK": "2026-12-01T10:00:00+08:00",
			"OFFICEBOT_PUBLIC_URL": "https://officebot.example.gov.cn/"})
		now := clock.System{}.Now() // signatures use real time
		post := func(path, contentType, body string) { t.Helper(); s.mustPost(t, path, contentType, body, now) }
		address := regexp.MustCompile(`https://officebot\.example\.gov\.cn/calendar/([A-Za-z0-9_-]{43})\.ics`)
		get := func(path string) (int, string) {
			t.Helper()
			resp, err := http.Get(s.base + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		feedOK := func(token string) {
			t.Helper()
			if st, b := get("/calendar/" + token + ".ics"); st != http.StatusOK || !strings.Contains(b, "BEGIN:VCALENDAR") {
				t.Fatalf("valid token: %d %s", st, b)
			}
		}
		feedGone := func(what, path string) {
			t.Helper()
			if st, b := get(path); st != http.StatusNotFound || strings.Contains(b, "VCALENDAR") {
				t.Fatalf("%s: %d %s", what, st, b)
			}
		}

		post("/slack/commands", formType, slashBody("U0FGWHEAD", "/office", "calendar reset", s.slack.ResponseURL("reset")))
		c := s.waitFor(t, "reset reply", func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == "reset" })
		first := address.FindStringSubmatch(c.Body)
		if first == nil {
			t.Fatalf("no full address in %s", c.Body)
		}
		feedOK(first[1])
		feedGone("no token", "/calendar/.ics")

		post("/slack/events", "application/json", eventBody("EvHome1",
			`{"type":"app_home_opened","user":"U0FGWHEAD","channel":"D0FGWHEAD","tab":"home"}`))
		home := s.waitFor(t, "App Home", func(c slacktest.Call) bool {
			return c.Method == "views.publish" && strings.Contains(c.Body, "office.calendar_reset")
		})
		body := home.Body // views.publish is JSON
		for _, want := range []string{"日历订阅", "https://officebot.example.gov.cn/calendar/" + first[1][:4] + "…", "重置订阅地址", "office.calendar_off"} {
			if !strings.Contains(body, want) {
				t.Fatalf("App Home lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, first[1]) {
			t.Fatalf("App Home shows the whole token:\n%s", body)
		}

		// 重置订阅地址 pressed in App Home: Slack sends no response_url.
		post("/slack/interactions", formType, interactionBody(t, "U0FGWHEAD", "", "office.calendar_reset", "reset", ""))
		dm := s.waitFor(t, "new address by DM", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "U0FGWHEAD" && address.MatchString(c.Param("text"))
		})
		second := address.FindStringSubmatch(dm.Param("text"))
		if second[1] == first[1] {
			t.Fatal("reset kept the token")
		}
		feedGone("revoked by the reset", "/calendar/"+first[1]+".ics")
		feedOK(second[1])

		post("/slack/commands", formType, slashBody("U0FGWHEAD", "/office", "calendar off", s.slack.ResponseURL("off")))
		if c := s.waitFor(t, "off reply", func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == "off" }); !strings.Contains(c.Body, "已停用") {
			t.Fatalf("off: %s", c.Body)
		}
		feedGone("revoked", "/calendar/"+second[1]+".ics")
		feedGone("no token", "/calendar/.ics")
	})
}
