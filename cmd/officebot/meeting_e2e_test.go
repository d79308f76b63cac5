package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"officebot/bot/slacktest"
	"officebot/clock"
)

// The meetings flow of issue 4 through the real transport, ending with a
// report whose file was uploaded in a direct message to the bot: the
// office schedules an executive meeting (signed /meeting), after the
// meeting files its minutes, the office director and the mayor sign them
// off by replying in the meeting's thread, and 发改委's head uploads the
// report file with the comment "meeting report A1 …". The bot copies the
// file into the meeting's thread, where the office can open it.
func TestMeetingReportFileThroughSignedSlackRequests(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		fake := slacktest.New()
		t.Cleanup(fake.Close)
		now := clock.System{}.Now() // signatures use real time
		wait := func(s *served, what string, match func(slacktest.Call) bool) slacktest.Call {
			t.Helper()
			c, err := fake.WaitFor(30*time.Second, match)
			if err != nil {
				t.Fatalf("%s: %v\n%s", what, err, s.stderr.String())
			}
			return c
		}
		post := func(s *served, path, contentType, body string) {
			t.Helper()
			if status := s.post(t, path, contentType, body, now); status != http.StatusOK {
				t.Fatalf("%s: status %d", path, status)
			}
		}

		// 1 December: the office schedules the meeting.
		s := startServeOn(t, fake, dsn, map[string]string{"OFFICEBOT_CLOCK": "2026-12-01T10:00:00+08:00"})
		post(s, "/slack/commands", formType, slashBody("U0OFFSTAFF", "/meeting",
			"常务会议 2026-12-15 09:00 三楼会议室 议题：2027年预算草案 参会：发改委", fake.ResponseURL("scheduled")))
		root := wait(s, "meeting root", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "C0MEET" && c.Param("thread_ts") == "" &&
				strings.Contains(c.Param("text"), "M1")
		})
		s.stop() // graceful: the root's delivery is recorded before it returns

		// 15 December, after the meeting: minutes, review, signature.
		s = startServeOn(t, fake, dsn, map[string]string{"OFFICEBOT_CLOCK": "2026-12-15T12:00:00+08:00"})
		post(s, "/slack/commands", formType, slashBody("U0OFFSTAFF", "/meeting",
			"minutes M1 会议原则通过2027年预算草案。 落实事项：发改委：牵头编制2027年重点项目计划", fake.ResponseURL("minutes")))
		wait(s, "minutes filed", func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == "minutes" })
		reply := func(id, user, text string) {
			t.Helper()
			ev, _ := json.Marshal(map[string]any{"type": "message", "channel": "C0MEET", "channel_type": "channel",
				"user": user, "text": text, "ts": strings.Replace(root.TS, ".", ".8", 1) + id[len(id)-1:], "thread_ts": root.TS})
			post(s, "/slack/events", "application/json", eventBody(id, string(ev)))
		}
		reply("EvReview1", "U0OFFDIR", "审核通过")
		wait(s, "review", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("thread_ts") == root.TS && strings.Contains(c.Param("text"), "已审核通过")
		})
		reply("EvSign2", "U0MAYOR", "签发")
		wait(s, "task DM", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "U0FGWHEAD" && strings.Contains(c.Param("text"), "A1")
		})

		// The head uploads the report in a DM to the bot.
		content := bytes.Repeat([]byte("2027年重点项目计划（初稿）\n"), 500)
		u := fake.AddFile("F0REPORT", "重点项目计划.docx", content)
		ev, _ := json.Marshal(map[string]any{"type": "message", "subtype": "file_share", "channel": "D0FGWHEAD",
			"channel_type": "im", "user": "U0FGWHEAD", "text": "meeting report A1 已完成计划初稿", "ts": "1765771200.000100",
			"files": []map[string]any{{"id": "F0REPORT", "name": "重点项目计划.docx", "user": "U0FGWHEAD",
				"size": len(content), "url_private_download": u}}})
		post(s, "/slack/events", "application/json", eventBody("EvReportFile3", string(ev)))
		wait(s, "report reply", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "D0FGWHEAD" && strings.Contains(c.Param("text"), "已报送 A1")
		})
		// The invitations' calendar files (.ics) went to the attendees' IMs;
		// the report's copy is the one other upload.
		var ups []slacktest.Upload
		icsTo := map[string]bool{}
		for deadline := time.Now().Add(10 * time.Second); len(ups) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			ups, icsTo = nil, map[string]bool{}
			for _, u := range fake.Uploads() {
				if strings.HasSuffix(u.Name, ".ics") {
					icsTo[u.Channel] = true
					continue
				}
				ups = append(ups, u)
			}
		}
		if !icsTo["D0FGWHEAD"] || !icsTo["D0MAYOR"] {
			t.Fatalf("calendar files uploaded to %v", icsTo)
		}
		if len(ups) != 1 || !bytes.Equal(ups[0].Content, content) || ups[0].Channel != "C0MEET" || ups[0].ThreadTS != root.TS ||
			!strings.Contains(ups[0].Comment, "重点项目计划.docx") {
			t.Fatalf("uploads: %d; %+v", len(ups), ups)
		}

		// The office sees the report and its file in the status.
		_, st := s.ack(t, slashBody("U0OFFSTAFF", "/meeting", "status M1", fake.ResponseURL("status")), now)
		if !strings.Contains(st, "附件：重点项目计划.docx") || !strings.Contains(st, "已按时报送") {
			t.Fatalf("status: %s", st)
		}
	})
}
