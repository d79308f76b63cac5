package bot_test

import (
	"bytes"
	"context"
	"testing"

	"officebot/bot"
	"officebot/chat"
	"officebot/storage/storagetest"
)

// A file the bot made (the 发文稿纸 PDF) is uploaded as it is with
// files.uploadV2's three steps, into the thread, with nothing downloaded.
func TestSenderUploadsAFileItMade(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("发文稿纸"), 500)...)
	m := chat.Message{Text: "D3 昆政办发〔2026〕1号 发文稿纸",
		File: &chat.File{Name: "D3-发文稿纸.pdf", Content: pdf}}
	if _, _, err := h.bot.Sender().Post(context.Background(), "C0DOCS", "1700000000.000009", m); err != nil {
		t.Fatal(err)
	}
	ups := h.slack.Uploads()
	if len(ups) != 1 || !bytes.Equal(ups[0].Content, pdf) || ups[0].Name != "D3-发文稿纸.pdf" || ups[0].Channel != "C0DOCS" ||
		ups[0].ThreadTS != "1700000000.000009" || ups[0].Comment != m.Text {
		t.Fatalf("uploads: %+v", ups)
	}
	if dl := h.slack.CallsTo("file download"); len(dl) != 0 {
		t.Fatalf("downloaded %+v", dl)
	}
}
