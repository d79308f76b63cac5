package bot

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// MarshalJSON encodes a slash command's answer as encoding/json does (the
// same bytes: TestAnswerJSONIsEncodingJSONs), without its reflection over
// slack-go's Block Kit types, whose context and action elements marshal
// and re-compact themselves: encoding the answer was a fifth of the /rules
// ack's CPU in its handler. A block or element this encoder does not know
// falls back to encoding/json.
func (a commandAnswer) MarshalJSON() ([]byte, error) {
	if data, ok := a.appendJSON(make([]byte, 0, 1024)); ok {
		return data, nil
	}
	return json.Marshal(plainAnswer(a))
}

// plainAnswer is commandAnswer encoded by encoding/json's reflection.
type plainAnswer commandAnswer

// appendJSON appends a's JSON to dst; false if a holds a block this
// encoder does not know.
func (a commandAnswer) appendJSON(dst []byte) ([]byte, bool) {
	dst = append(dst, `{"response_type":`...)
	dst = appendJSONString(dst, a.ResponseType)
	dst = append(dst, `,"text":`...)
	dst = appendJSONString(dst, a.Text)
	if len(a.Blocks) > 0 {
		dst = append(dst, `,"blocks":[`...)
		for i, b := range a.Blocks {
			if i > 0 {
				dst = append(dst, ',')
			}
			var ok bool
			if dst, ok = appendBlock(dst, b); !ok {
				return dst, false
			}
		}
		dst = append(dst, ']')
	}
	return append(dst, '}'), true
}

// appendBlock appends the blocks renderBlocks makes, field by field in
// their struct order with their omitempty rules.
func appendBlock(dst []byte, b slack.Block) ([]byte, bool) {
	switch b := b.(type) {
	case *slack.HeaderBlock:
		dst = appendType(dst, string(b.Type))
		if b.Text != nil {
			dst = append(dst, `,"text":`...)
			dst = appendTextObject(dst, b.Text)
		}
		dst = appendBlockID(dst, b.BlockID)
		if b.Level != 0 {
			dst = append(dst, `,"level":`...)
			dst = strconv.AppendInt(dst, int64(b.Level), 10)
		}
	case *slack.SectionBlock:
		if b.Accessory != nil || b.Expand {
			return dst, false
		}
		dst = appendType(dst, string(b.Type))
		if b.Text != nil {
			dst = append(dst, `,"text":`...)
			dst = appendTextObject(dst, b.Text)
		}
		dst = appendBlockID(dst, b.BlockID)
		if len(b.Fields) > 0 {
			dst = append(dst, `,"fields":[`...)
			for i, f := range b.Fields {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendTextObject(dst, f)
			}
			dst = append(dst, ']')
		}
	case *slack.ContextBlock:
		dst = appendType(dst, string(b.Type))
		dst = appendBlockID(dst, b.BlockID)
		dst = append(dst, `,"elements":`...)
		if b.ContextElements.Elements == nil {
			dst = append(dst, "null"...)
			break
		}
		dst = append(dst, '[')
		for i, e := range b.ContextElements.Elements {
			t, ok := e.(*slack.TextBlockObject)
			if !ok {
				return dst, false
			}
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendTextObject(dst, t)
		}
		dst = append(dst, ']')
	case *slack.DividerBlock:
		dst = appendType(dst, string(b.Type))
		dst = appendBlockID(dst, b.BlockID)
	case *slack.ActionBlock:
		dst = appendType(dst, string(b.Type))
		dst = appendBlockID(dst, b.BlockID)
		dst = append(dst, `,"elements":`...)
		if b.Elements == nil || b.Elements.ElementSet == nil {
			dst = append(dst, "null"...)
			break
		}
		dst = append(dst, '[')
		for i, e := range b.Elements.ElementSet {
			bt, ok := e.(*slack.ButtonBlockElement)
			if !ok || bt.Confirm != nil || bt.VisibleToUserIDs != nil {
				return dst, false
			}
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendButton(dst, bt)
		}
		dst = append(dst, ']')
	default:
		return dst, false
	}
	return append(dst, '}'), true
}

// appendType opens a block or element object with its type.
func appendType(dst []byte, typ string) []byte {
	dst = append(dst, `{"type":`...)
	return appendJSONString(dst, typ)
}

func appendBlockID(dst []byte, id string) []byte {
	if id == "" {
		return dst
	}
	dst = append(dst, `,"block_id":`...)
	return appendJSONString(dst, id)
}

// appendTextObject appends a text object (null for nil, as encoding/json).
func appendTextObject(dst []byte, t *slack.TextBlockObject) []byte {
	if t == nil {
		return append(dst, "null"...)
	}
	dst = appendType(dst, t.Type)
	dst = append(dst, `,"text":`...)
	dst = appendJSONString(dst, t.Text)
	if t.Emoji != nil {
		dst = append(dst, `,"emoji":`...)
		dst = strconv.AppendBool(dst, *t.Emoji)
	}
	if t.Verbatim {
		dst = append(dst, `,"verbatim":true`...)
	}
	return append(dst, '}')
}

// appendButton appends a button without a confirmation or audience (the
// caller checked).
func appendButton(dst []byte, b *slack.ButtonBlockElement) []byte {
	dst = append(dst, '{')
	if b.Type != "" {
		dst = append(dst, `"type":`...)
		dst = appendJSONString(dst, string(b.Type))
		dst = append(dst, ',')
	}
	dst = append(dst, `"text":`...)
	dst = appendTextObject(dst, b.Text)
	for _, f := range [...]struct{ name, value string }{
		{"action_id", b.ActionID}, {"url", b.URL}, {"value", b.Value}, {"style", string(b.Style)},
		{"accessibility_label", b.AccessibilityLabel}, {"agent_prompt", b.AgentPrompt},
		{"agent_prompt_display", b.AgentPromptDisplay},
	} {
		if f.value != "" {
			dst = append(dst, `,"`...)
			dst = append(dst, f.name...)
			dst = append(dst, `":`...)
			dst = appendJSONString(dst, f.value)
		}
	}
	return append(dst, '}')
}

// appendJSONString appends s as encoding/json encodes a string: <, > and
// & escaped for HTML, invalid UTF-8 as U+FFFD, U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		if b := s[i]; 0xe3 <= b && b <= 0xec && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
			// Three bytes from U+3000 to U+CFFF (Chinese text and its
			// punctuation): always valid, never U+2028 or U+2029.
			i += 3
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
