package bot_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"officebot/bot"
	"officebot/chat"
	"officebot/scheduler"
	"officebot/storage/storagetest"
)

// A file the bot made (the office's chart, its workbook) is uploaded with
// files upload v2: files.getUploadURLExternal, the upload,
// files.completeUploadExternal, into the conversation (a user's DM
// resolved by conversations.open), with the message text as its comment.
func TestSenderUploadsAFileTheBotMade(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	s := h.bot.Sender()
	ctx := context.Background()
	data := bytes.Repeat([]byte("PK\x03\x04 workbook "), 5000)
	m := chat.Message{Text: "2026年12月 督查工作簿", Upload: &chat.Upload{Name: "2026-12.xlsx", Title: "2026年12月 督查工作簿", Data: data}}
	if _, _, err := s.Post(ctx, "C0OFFICE", "", m); err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{"files.getUploadURLExternal", "files.completeUploadExternal"} {
		if n := len(h.slack.CallsTo(method)); n != 1 {
			t.Errorf("%s called %d times, want once", method, n)
		}
	}
	ups := h.slack.Uploads()
	if len(ups) != 1 || !bytes.Equal(ups[0].Content, data) || ups[0].Name != "2026-12.xlsx" || ups[0].Channel != "C0OFFICE" || ups[0].Comment != m.Text {
		t.Fatalf("uploads %+v", ups)
	}
	// To a person: their DM.
	if _, _, err := s.Post(ctx, "U0OFFDIR", "", m); err != nil {
		t.Fatal(err)
	}
	if ups := h.slack.Uploads(); len(ups) != 2 || ups[1].Channel == "U0OFFDIR" || ups[1].Channel == "" {
		t.Errorf("upload to a person went to %q, want their DM channel", ups[len(ups)-1].Channel)
	}
	// An empty file is refused for good, never retried.
	empty := m
	empty.Upload = &chat.Upload{Name: "x.png"}
	_, _, err := s.Post(ctx, "C0OFFICE", "", empty)
	var pe *scheduler.PermanentError
	if !errors.As(err, &pe) {
		t.Errorf("empty upload: %v, want a permanent error", err)
	}
}
