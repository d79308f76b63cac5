package main

import (
	"strings"
	"testing"

	"officebot/bot/slacktest"
	"officebot/clock"
)

// Incoming documents through the real transport (issue 12): a signed /doc
// submit registered and posted to the documents channel with its buttons,
// a click by someone the step does not name refused privately, the vice
// mayor's 交办 typed in the thread assigning it with its Art. 54 due date,
// the root message updated and the handling head told by DM.
func TestIncomingDocumentThroughSignedSlackRequests(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		s := startServe(t, dsn, map[string]string{"OFFICEBOT_CLOCK": "2026-11-26T10:00:00+08:00"})
		now := clock.System{}.Now() // signatures use real time
		post := func(path, contentType, body string) { t.Helper(); s.mustPost(t, path, contentType, body, now) }
		wait := func(what string, match func(slacktest.Call) bool) slacktest.Call {
			t.Helper()
			return s.waitFor(t, what, match)
		}

		post("/slack/commands", formType, slashBody("U0FGWHEAD", "/doc",
			"submit 标题：关于申请2027年老旧小区改造资金的请示 类型：请示 类别：in_remit 签发人：<@U0FGWHEAD|王主任> 会签：财政局,住建局 事项数：1 重大：否",
			s.slack.ResponseURL("submitted")))
		reply := wait("registration reply", func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == "submitted" })
		if text, _ := reply.JSON["text"].(string); !strings.Contains(text, "昆政办收〔2026〕1号") || !strings.Contains(text, "D1") {
			t.Fatalf("registration reply: %s", reply.Body)
		}
		root := wait("root message", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "C0DOCS" && strings.Contains(c.Param("text"), "<@U0VMLI>")
		})
		if blocks := root.Param("blocks"); !strings.Contains(blocks, `"action_id":"doc.assign"`) || !strings.Contains(blocks, `"value":"D1"`) {
			t.Fatalf("root message has no 交办 button for D1: %s", blocks)
		}
		rootTS := root.TS

		post("/slack/interactions", formType, interactionBody(t, "U0MAYOR", "C0DOCS", "doc.forward", "D1", s.slack.ResponseURL("mayor")))
		refusal := wait("refusal", func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == "mayor" })
		if text, _ := refusal.JSON["text"].(string); text == "" || refusal.JSON["response_type"] != "ephemeral" {
			t.Fatalf("a click by someone else: %s", refusal.Body)
		}

		post("/slack/events", "application/json", threadReplyBody("EvAssign1", "C0DOCS", "U0VMLI", "交办 住建局 请按职责办理", rootTS))
		update := wait("root update", func(c slacktest.Call) bool { return c.Method == "chat.update" && c.Param("ts") == rootTS })
		if body := update.Param("blocks") + update.Param("text"); !strings.Contains(body, "办理中") || !strings.Contains(body, "2026-12-04") {
			t.Fatalf("root not updated with the handling: %s", update.Body)
		}
		dm := wait("handling head's DM", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "U0ZJJHEAD" && strings.Contains(c.Param("text"), "D1")
		})
		if !strings.Contains(dm.Param("text"), "2026-12-04") {
			t.Fatalf("DM: %s", dm.Body)
		}
	})
}
