package bot

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"officebot/chat"
)

// sameAnswerJSON fails t unless m, as a slash command's answer, encodes to
// the bytes encoding/json makes of it. The golden messages go through it.
func sameAnswerJSON(t testing.TB, m chat.Message) {
	t.Helper()
	a := commandAnswer{ResponseType: "ephemeral", Text: fallbackText(m), Blocks: renderMessage(m)}
	sameJSON(t, a)
}

func sameJSON(t testing.TB, a commandAnswer) {
	t.Helper()
	got, err := a.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(plainAnswer(a))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("answer JSON\n got %s\nwant %s", got, want)
	}
	// Through encoding/json too (Socket Mode acks marshal the payload).
	if via, err := json.Marshal(a); err != nil || !bytes.Equal(via, want) {
		t.Fatalf("json.Marshal(answer)\n got %s (%v)\nwant %s", via, err, want)
	}
}

func TestAnswerJSONIsEncodingJSONs(t *testing.T) {
	t.Parallel()
	tricky := []string{"", " ", "严格执行请销假和考勤制度。\n第二款", "<@U1> & <!channel> \"quoted\" \\ back",
		"\x00\x01\x07\b\f\n\r\t\x1f\x7f", "line\u2028para\u2029end", "bad \xff\xfe utf-8 \xe4\xb8", "emoji 👍🏽 \u200b*粗体*\u200b"}
	var messages []chat.Message
	for _, s := range tricky {
		messages = append(messages,
			chat.Message{Text: s},
			chat.Message{Text: s, Blocks: []chat.Block{chat.Title(s), chat.Text(s), chat.Note(s), chat.Divide(),
				chat.Fields(s, "", s), chat.Buttons(chat.Button{Label: s, ActionID: "a" + s, Value: s},
					chat.Button{Label: "批准", ActionID: "approve", Value: "L1", Style: chat.Primary},
					chat.Button{Label: "驳回", ActionID: "reject", Value: "L1", Style: chat.Danger})}},
			chat.Message{Blocks: []chat.Block{chat.Text(strings.Repeat(s+"。", 400))}}) // split sections
	}
	for _, m := range messages {
		sameAnswerJSON(t, m)
	}
	// Random texts over an alphabet of what needs escaping.
	alphabet := []string{"a", "中", "文", "。", "\xe4\xb8", "\xe4\xb8\xe4", "\xec\xbf\xbf", "\xed\xa0\x80", "\"", "\\", "<", ">", "&", "\n", "\x00", "\x1f", "\u2028", "\u2029", "\xff", "\xe4\xb8", "😀", "*", "\u200b"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		sameAnswerJSON(t, chat.Message{Text: s, Blocks: []chat.Block{chat.Title(s), chat.Text(s), chat.Note(s)}})
	}
	// Blocks the encoder leaves to encoding/json, and the edges of those it
	// writes itself.
	emoji, off := true, false
	sameJSON(t, commandAnswer{ResponseType: "in_channel", Text: "t", Blocks: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "x", false, true), nil,
			slack.NewAccessory(slack.NewImageBlockElement("https://example.com/a.png", "图"))),
	}})
	sameJSON(t, commandAnswer{ResponseType: "ephemeral", Text: "t", Blocks: []slack.Block{
		slack.NewContextBlock("ctx", slack.NewImageBlockElement("https://example.com/a.png", "图"), slack.NewTextBlockObject(slack.MarkdownType, "x", false, false)),
	}})
	sameJSON(t, commandAnswer{ResponseType: "ephemeral", Text: "t", Blocks: []slack.Block{
		&slack.HeaderBlock{Type: slack.MBTHeader, Text: &slack.TextBlockObject{Type: "plain_text", Text: "h", Emoji: &emoji}, BlockID: "b", Level: 2},
		&slack.HeaderBlock{Type: slack.MBTHeader},
		&slack.SectionBlock{Type: slack.MBTSection, BlockID: "s", Fields: []*slack.TextBlockObject{nil, {Type: "mrkdwn", Text: "f", Emoji: &off, Verbatim: true}}},
		&slack.ContextBlock{Type: slack.MBTContext},
		&slack.ContextBlock{Type: slack.MBTContext, ContextElements: slack.ContextElements{Elements: []slack.MixedElement{}}},
		&slack.ActionBlock{Type: slack.MBTAction},
		&slack.ActionBlock{Type: slack.MBTAction, BlockID: "a", Elements: &slack.BlockElements{}},
		&slack.ActionBlock{Type: slack.MBTAction, Elements: &slack.BlockElements{ElementSet: []slack.BlockElement{
			&slack.ButtonBlockElement{Text: nil, URL: "https://example.com/?a=1&b=<2>", AccessibilityLabel: "l", AgentPrompt: "p", AgentPromptDisplay: "d"},
			&slack.ButtonBlockElement{Type: slack.METButton, Text: &slack.TextBlockObject{Type: "plain_text", Text: "确认"}, Confirm: slack.NewConfirmationBlockObject(nil, nil, nil, nil)},
		}}},
		&slack.DividerBlock{Type: slack.MBTDivider, BlockID: "d"},
	}})
}

// BenchmarkAnswerJSON encodes an article's answer (Chinese text, a header,
// a section, a context note) as the ack does, and as encoding/json did.
func BenchmarkAnswerJSON(b *testing.B) {
	text := strings.Repeat("严格执行请销假和考勤制度。副市长、市政府办公室主任外出访问、考察、出差以及因私外出、休假1天以上的，需事先向市政府提出书面请假。\n", 3)
	a := commandAnswer{ResponseType: "ephemeral", Text: "《昆山市人民政府工作规则》第五十七条（十一、作风纪律）",
		Blocks: renderMessage(chat.Message{Blocks: []chat.Block{chat.Title("《昆山市人民政府工作规则》第五十七条（十一、作风纪律）"), chat.Text(text), chat.Note("办理此事项请使用 /leave")}})}
	b.Run("appendJSON", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 4096)
		for b.Loop() {
			buf, _ = a.appendJSON(buf[:0])
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			json.Marshal(plainAnswer(a))
		}
	})
}
