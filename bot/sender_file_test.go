package bot_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"runtime"
	"testing"
	"time"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/chat"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// A file a person shared with the bot is copied into the channel's thread
// (downloaded with the bot token, uploaded with files.uploadV2's three
// steps), with the message text as its comment.
func TestSenderCopiesASharedFileIntoTheThread(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	s := h.bot.Sender()
	ctx := context.Background()
	content := bytes.Repeat([]byte("落实情况报告\n"), 1000)
	u := h.slack.AddFile("F123", "发改委落实情况.docx", content)

	m := chat.Message{Text: "A1 市发展和改革委员会 落实情况报告附件：发改委落实情况.docx",
		File: &chat.File{ID: "F123", Name: "发改委落实情况.docx", URL: u, Size: len(content)}}
	if _, _, err := s.Post(ctx, "C0MEET", "1700000000.000007", m); err != nil {
		t.Fatal(err)
	}
	ups := h.slack.Uploads()
	if len(ups) != 1 {
		t.Fatalf("uploads: %+v", ups)
	}
	up := ups[0]
	if !bytes.Equal(up.Content, content) || up.Name != "发改委落实情况.docx" || up.Channel != "C0MEET" ||
		up.ThreadTS != "1700000000.000007" || up.Comment != m.Text {
		t.Fatalf("upload: %s %q %q %q (%d bytes)", up.FileID, up.Name, up.Channel, up.Comment, len(up.Content))
	}
	if dl := h.slack.CallsTo("file download"); len(dl) != 1 || dl[0].Token != "xoxb-test" {
		t.Fatalf("download: %+v", dl)
	}

	// A file that is gone fails for good; nothing is uploaded.
	gone := m
	gone.File = &chat.File{ID: "F404", Name: "x.pdf", URL: h.slack.URL + "/files/F404/x.pdf", Size: 10}
	_, _, err := s.Post(ctx, "C0MEET", "1700000000.000007", gone)
	var pe *scheduler.PermanentError
	if !errors.As(err, &pe) {
		t.Fatalf("missing file: %v, want a permanent error", err)
	}
	// One without a download URL (the console) posts the text alone.
	local := m
	local.File = &chat.File{ID: "console-1", Name: "报告.docx"}
	if _, _, err := s.Post(ctx, "C0MEET", "1700000000.000007", local); err != nil {
		t.Fatal(err)
	}
	if n := len(h.slack.Uploads()); n != 1 {
		t.Fatalf("%d uploads, want 1", n)
	}
	if posts := h.slack.CallsTo("chat.postMessage"); len(posts) != 1 || posts[0].Param("text") != m.Text {
		t.Fatalf("posts: %+v", posts)
	}
}

// A file uploaded in a direct message with a command as its comment reaches
// the command with the author's own files only.
func TestAFileSharedInADirectMessageReachesTheCommand(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	if err := h.bot.CheckAuth(context.Background()); err != nil {
		t.Fatal(err)
	}
	status, _ := h.post(t, "/slack/events", "application/json", event(t, "EvFile1", map[string]any{
		"type": "message", "subtype": "file_share", "channel": "D0FGWHEAD", "channel_type": "im", "user": "U0FGWHEAD",
		"text": "testform 报告", "ts": "1700000060.000100",
		"files": []map[string]any{
			{"id": "F1", "name": "报告.docx", "user": "U0FGWHEAD", "size": 12, "url_private_download": "https://files.slack.com/files-pri/T1-F1/download/report.docx"},
			{"id": "F2", "name": "别人的.pdf", "user": "U0MAYOR", "size": 5, "url_private_download": "https://files.slack.com/x"},
		}}))
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	c, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "chat.postMessage" })
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Param("text"); got != "testform 报告 [F1 报告.docx https://files.slack.com/files-pri/T1-F1/download/report.docx]" {
		t.Fatalf("reply %q", got)
	}
}

// A file copy whose worker died after Slack shared it is recognised in the
// thread by its name and comment and not uploaded again; another
// department's file of the same name with another comment is still posted.
func TestAFileCopyInDoubtIsNotUploadedTwice(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h, sender := deliveryHarness(t, s)
		root := chat.Message{Channel: "C0MEET", ItemKey: "M1", Root: true, Text: "M1 2026年第1次常务会议"}
		enqueueMsgs(t, h, root)
		if n, err := drain(t, h, sender); n != 1 || err != nil {
			t.Fatalf("root: %d %v", n, err)
		}
		content := []byte("报告正文")
		u := h.slack.AddFile("F1", "报告.docx", content)
		copyOf := func(text string) chat.Message {
			return chat.Message{Channel: "C0MEET", ItemKey: "M1", InThread: true, Text: text,
				File: &chat.File{ID: "F1", Name: "报告.docx", URL: u, Size: len(content)}}
		}
		enqueueMsgs(t, h, copyOf("A1 市发展和改革委员会 落实情况报告附件：报告.docx"))
		dieMidSend(t, h, sender)
		if n := len(h.slack.Uploads()); n != 1 {
			t.Fatalf("the dying worker uploaded %d", n)
		}
		h.clock.Advance(2*time.Minute + time.Second)
		if n, err := drain(t, h, sender); n != 1 || err != nil {
			t.Fatalf("after the lease: %d %v", n, err)
		}
		if n := len(h.slack.Uploads()); n != 1 {
			t.Fatalf("uploaded %d times, want once", n)
		}
		if row := rowOf(t, h, "A1 市发展和改革委员会 落实情况报告附件：报告.docx"); row.State != storage.OutboxSent {
			t.Fatalf("row %s", row.State)
		}

		// Same file name, another item's comment, whose worker died before
		// uploading: the A1 copy in the thread is not taken for it.
		enqueueMsgs(t, h, copyOf("A2 市财政局 落实情况报告附件：报告.docx"))
		o := &scheduler.Outbox{Store: h.store, Sender: diesBeforePosting{}, Clock: h.clock, Worker: "dead-worker-2"}
		done := make(chan struct{})
		go func() { defer close(done); o.DrainOnce(context.Background()) }()
		<-done
		h.clock.Advance(2*time.Minute + time.Second)
		if n, err := drain(t, h, sender); n != 1 || err != nil {
			t.Fatalf("second: %d %v", n, err)
		}
		if n := len(h.slack.Uploads()); n != 2 {
			t.Fatalf("uploads %d, want 2 (one per report)", n)
		}
	})
}

// diesBeforePosting is a worker killed after claiming, before any post.
type diesBeforePosting struct{}

func (diesBeforePosting) Post(context.Context, string, string, chat.Message) (string, string, error) {
	runtime.Goexit()
	return "", "", nil
}

func (diesBeforePosting) Update(context.Context, string, string, chat.Message) error {
	runtime.Goexit()
	return nil
}
