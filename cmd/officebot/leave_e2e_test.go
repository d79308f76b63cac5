package main

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"officebot/bot/slacktest"
	"officebot/clock"
)

// interactionBody is a block_actions payload as Slack posts it.
func interactionBody(t *testing.T, user, channel, actionID, value, responseURL string) string {
	t.Helper()
	data, err := json.Marshal(map[string]any{"type": "block_actions", "trigger_id": "trig-" + user,
		"user": map[string]any{"id": user}, "channel": map[string]any{"id": channel}, "response_url": responseURL,
		"actions": []map[string]any{{"action_id": actionID, "value": value, "type": "button", "block_id": "b"}}})
	if err != nil {
		t.Fatal(err)
	}
	return url.Values{"payload": {string(data)}}.Encode()
}

// The leave flow of issue 5 through the real transport: a signed /leave,
// the request posted to the leave channel for the vice mayor in charge, a
// click by someone else refused, the approver's "同意" typed in the thread
// approving it, the root message updated and the requester told by DM.
func TestLeaveThroughSignedSlackRequests(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		s := startServe(t, dsn, map[string]string{"OFFICEBOT_CLOCK": "2026-11-26T10:00:00+08:00"})
		now := clock.System{}.Now() // signatures use real time
		post := func(path, contentType, body string) { t.Helper(); s.mustPost(t, path, contentType, body, now) }
		wait := func(what string, match func(slacktest.Call) bool) slacktest.Call {
			t.Helper()
			return s.waitFor(t, what, match)
		}

		post("/slack/commands", formType, slashBody("U0FGWHEAD", "/leave", "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会", s.slack.ResponseURL("filed")))
		reply := wait("filing reply", func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == "filed" })
		if text, _ := reply.JSON["text"].(string); !strings.Contains(text, "L1") || !strings.Contains(text, "李副市长") {
			t.Fatalf("filing reply: %s", reply.Body)
		}
		root := wait("root message", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "C0LEAVE" && strings.Contains(c.Param("text"), "<@U0VMLI>")
		})
		if blocks := root.Param("blocks"); !strings.Contains(blocks, `"action_id":"leave.approve"`) || !strings.Contains(blocks, `"value":"L1"`) {
			t.Fatalf("root message has no 批准 button for L1: %s", blocks)
		}
		rootTS := root.TS

		post("/slack/interactions", formType, interactionBody(t, "U0MAYOR", "C0LEAVE", "leave.approve", "L1", s.slack.ResponseURL("mayor")))
		refusal := wait("refusal", func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == "mayor" })
		if text, _ := refusal.JSON["text"].(string); !strings.Contains(text, "只有指定的审批人") || refusal.JSON["response_type"] != "ephemeral" {
			t.Fatalf("a non-approver's click: %s", refusal.Body)
		}

		post("/slack/events", "application/json", threadReplyBody("EvApprove1", "C0LEAVE", "U0VMLI", "同意，注意安全", rootTS))
		update := wait("root update", func(c slacktest.Call) bool { return c.Method == "chat.update" && c.Param("ts") == rootTS })
		if !strings.Contains(update.Param("blocks")+update.Param("text"), "已批准") {
			t.Fatalf("root not updated with the outcome: %s", update.Body)
		}
		dm := wait("requester DM", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "U0FGWHEAD" && strings.Contains(c.Param("text"), "批准")
		})
		if !strings.Contains(dm.Param("text"), "L1") {
			t.Fatalf("DM: %s", dm.Body)
		}
	})
}
