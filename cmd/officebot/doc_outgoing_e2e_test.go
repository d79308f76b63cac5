package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"officebot/bot/slacktest"
	"officebot/clock"
	"officebot/storage"
)

// Outgoing documents (发文, issue 13) through the real transport: the
// office director's signed /doc draft posted to the documents channel with
// the deputy director's review step in its thread; the director's click
// out of turn refused privately; the deputy's 审核通过 button; the
// director's 签发 typed in the thread numbering it 昆政办发〔2026〕1号,
// announced in the thread and to the drafter, and the 发文稿纸 uploaded
// into the thread with files upload v2 (a PDF naming the number and every
// signer), the Slack file's ID kept with the document.
func TestOutgoingDocumentThroughSignedSlackRequests(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		s := startServe(t, dsn, map[string]string{"OFFICEBOT_CLOCK": "2026-11-26T10:00:00+08:00"})
		now := clock.System{}.Now() // signatures use real time
		post := func(path, contentType, body string) { t.Helper(); s.mustPost(t, path, contentType, body, now) }
		wait := func(what string, match func(slacktest.Call) bool) slacktest.Call {
			t.Helper()
			return s.waitFor(t, what, match)
		}
		private := func(what, path, want string) {
			t.Helper()
			r := wait(what, func(c slacktest.Call) bool { return c.Method == "response_url" && c.Path == path })
			if text, _ := r.JSON["text"].(string); !strings.Contains(text, want) || r.JSON["response_type"] != "ephemeral" {
				t.Fatalf("%s: %s", what, r.Body)
			}
		}

		post("/slack/commands", formType, slashBody("U0OFFSTAFF", "/doc",
			"draft 以市政府办公室名义 标题：关于做好2027年元旦春节期间值班工作的通知 文种：通知", s.slack.ResponseURL("drafted")))
		private("draft reply", "drafted", "D1")
		root := wait("root message", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "C0DOCS" && c.Param("thread_ts") == "" &&
				strings.Contains(c.Param("text"), "D1")
		})
		rootTS := root.TS
		review := wait("review step", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("thread_ts") == rootTS && strings.Contains(c.Param("text"), "<@U0OFFDEP>")
		})
		if blocks := review.Param("blocks"); !strings.Contains(blocks, `"action_id":"doc.out_pass"`) || !strings.Contains(blocks, `"value":"D1"`) {
			t.Fatalf("review step has no 审核通过 button for D1: %s", blocks)
		}

		post("/slack/interactions", formType, interactionBody(t, "U0OFFDIR", "C0DOCS", "doc.out_sign", "D1", s.slack.ResponseURL("early")))
		private("out of turn", "early", "还没轮到您")
		post("/slack/interactions", formType, interactionBody(t, "U0OFFDEP", "C0DOCS", "doc.out_pass", "D1", s.slack.ResponseURL("reviewed")))
		private("review", "reviewed", "审核通过")
		sign := wait("signature step", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("thread_ts") == rootTS && strings.Contains(c.Param("text"), "<@U0OFFDIR>")
		})
		if blocks := sign.Param("blocks"); !strings.Contains(blocks, `"action_id":"doc.out_sign"`) {
			t.Fatalf("signature step has no 签发 button: %s", blocks)
		}

		post("/slack/events", "application/json", threadReplyBody("EvSign1", "C0DOCS", "U0OFFDIR", "签发", rootTS))
		const number = "昆政办发〔2026〕1号"
		wait("number in the thread", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("thread_ts") == rootTS && strings.Contains(c.Param("text"), number)
		})
		wait("number to the drafter", func(c slacktest.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == "U0OFFSTAFF" && strings.Contains(c.Param("text"), number)
		})
		wait("root updated", func(c slacktest.Call) bool {
			return c.Method == "chat.update" && c.Param("ts") == rootTS && strings.Contains(c.Param("text"), number)
		})
		wait("sheet uploaded", func(c slacktest.Call) bool { return c.Method == "files.completeUploadExternal" })
		if n := len(s.slack.CallsTo("files.getUploadURLExternal")); n != 1 {
			t.Fatalf("%d upload URLs asked for, want 1", n)
		}
		ups := s.slack.Uploads()
		if len(ups) != 1 {
			t.Fatalf("uploads: %+v", ups)
		}
		up := ups[0]
		if up.Name != "昆政办发(2026)1号-发文稿纸.pdf" || up.Channel != "C0DOCS" || up.ThreadTS != rootTS ||
			!strings.Contains(up.Comment, number) || !bytes.HasPrefix(up.Content, []byte("%PDF")) {
			t.Fatalf("upload %q to %s thread %s (root %s), comment %q, %d bytes", up.Name, up.Channel, up.ThreadTS, rootTS, up.Comment, len(up.Content))
		}
		// The Slack file it became is kept with the document.
		store, err := storage.Open(context.Background(), dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		deadline := time.Now().Add(20 * time.Second)
		for {
			o, _, err := store.Read(context.Background()).OutgoingByID(1)
			if err != nil {
				t.Fatal(err)
			}
			if o.SheetFile == up.FileID && up.FileID != "" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("sheet file %q recorded, uploaded %q", o.SheetFile, up.FileID)
			}
			time.Sleep(20 * time.Millisecond) // polling interval, not a pass/fail timing
		}
		// The sheet names the number and both signers: read back with
		// pdftotext (poppler-utils) when installed.
		pdftotext, err := exec.LookPath("pdftotext")
		if err != nil {
			t.Log("pdftotext not installed (poppler-utils): the sheet's text is not checked")
			return
		}
		path := filepath.Join(t.TempDir(), "sheet.pdf")
		if err := os.WriteFile(path, up.Content, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pdftotext, "-layout", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), "")
		for _, want := range []string{"昆政办发〔2026〕1号", "林副主任", "赵主任", "发文稿纸"} {
			if !strings.Contains(text, want) {
				t.Errorf("the sheet lacks %q:\n%s", want, out)
			}
		}
	})
}
