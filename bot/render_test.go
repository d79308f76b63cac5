package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"officebot/bot"
	"officebot/chat"
	"officebot/storage/storagetest"
)

// TestRenderedBlocks posts messages through the Sender and reads the blocks
// Slack would receive.
func TestRenderedBlocks(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storagetest.SQLite(t), bot.Config{})
	cases := []struct {
		name string
		msg  chat.Message
		want []string // substrings of the blocks JSON
		not  []string
	}{
		{
			name: "every block kind, escapes kept",
			msg: chat.Message{Text: "L12 请假申请 &lt;!channel&gt;", Blocks: []chat.Block{
				chat.Title("请假申请 L12"), chat.Fields("*申请人*\n王主任", "*去向*\n上海"), chat.Note("依据第五十七条"), chat.Divide(),
				chat.Buttons(chat.Button{Label: "批准", ActionID: "leave.approve", Value: "L12", Style: chat.Primary},
					chat.Button{Label: "驳回", ActionID: "leave.reject", Value: "L12", Style: chat.Danger})}},
			want: []string{`"type":"header"`, `"type":"section"`, `"type":"context"`, `"type":"divider"`, `"type":"actions"`,
				`"action_id":"leave.approve"`, `"value":"L12"`, `"style":"primary"`, `"style":"danger"`, `"text":"批准"`,
				`L12 请假申请 \u0026lt;!channel\u0026gt;`, `"fields":[`},
			not: []string{`<!channel>`, `\u003c!channel\u003e`},
		},
		{
			name: "a long section is split, never refused",
			msg:  chat.Message{Text: "x", Blocks: []chat.Block{chat.Text(strings.Repeat("很长的一行\n", 800))}},
			want: []string{`"type":"section"`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(h.slack.CallsTo("chat.postMessage"))
			if _, _, err := h.bot.Sender().Post(context.Background(), "C0LEAVE", "", c.msg); err != nil {
				t.Fatal(err)
			}
			call := h.slack.CallsTo("chat.postMessage")[before]
			blocks := call.Param("blocks")
			for _, w := range c.want {
				if !strings.Contains(blocks, w) {
					t.Errorf("blocks lack %s:\n%s", w, blocks)
				}
			}
			for _, n := range c.not {
				if strings.Contains(blocks, n) {
					t.Errorf("blocks contain %s", n)
				}
			}
			var parsed []map[string]any
			if err := json.Unmarshal([]byte(blocks), &parsed); err != nil {
				t.Fatal(err)
			}
			for _, b := range parsed {
				if b["type"] == "section" {
					if txt, ok := b["text"].(map[string]any); ok && len([]rune(txt["text"].(string))) > 3000 {
						t.Fatalf("section of %d characters", len([]rune(txt["text"].(string))))
					}
				}
			}
		})
	}
}
