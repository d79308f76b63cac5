package bot

import (
	"bytes"
	"encoding/json"
	"testing"

	"officebot/chat"
)

func TestRenderingAMessageTwiceRendersItTheSame(t *testing.T) {
	m := chat.Message{Text: "事项", Blocks: []chat.Block{chat.Title("事项"), chat.Fields("*申请人*\n王主任", "*时间*\n12月3日至5日", "*地点*\n上海")}}
	first, err := json.Marshal(renderMessage(m))
	if err != nil {
		t.Fatal(err)
	}
	second, _ := json.Marshal(renderMessage(m))
	if !bytes.Equal(first, second) || !bytes.Contains(second, []byte("王主任")) {
		t.Fatalf("first %s\nsecond %s", first, second)
	}
}
