package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"officebot/chat"
	"officebot/msg"
)

// Block Kit limits (https://docs.slack.dev/reference/block-kit): going over
// them makes Slack refuse the whole message with invalid_blocks.
const (
	maxBlocks         = 50
	maxModalBlocks    = 100
	maxSectionText    = 3000
	maxFieldText      = 2000
	maxFields         = 10
	maxHeaderText     = 150
	maxButtonText     = 75
	maxButtonValue    = 2000
	maxButtons        = 25
	maxModalTitle     = 24
	maxLabel          = 2000
	maxPlaceholder    = 150
	maxOptions        = 100
	maxOptionText     = 75
	maxOptionValue    = 150
	maxPrivate        = 3000
	maxFallbackText   = 4000 // notification text: Slack truncates long ones anyway
	markdown          = slack.MarkdownType
	plain             = slack.PlainTextType
	homeTab           = slack.VTHomeTab
	modalView         = slack.VTModal
	inputTextElement  = slack.METPlainTextInput
	inputStaticSelect = slack.OptTypeStatic
	inputUserSelect   = slack.OptTypeUser
)

// renderMessage turns a chat.Message into Block Kit blocks. Texts are passed
// through as they are: handlers have escaped user text with chat.Escape, and
// the renderer must not undo it. The message's Text is shown as the first
// section unless a section already repeats it (the console shows it too).
func renderMessage(m chat.Message) []slack.Block {
	if len(m.Blocks) == 0 {
		return nil
	}
	bs := m.Blocks
	if lead := m.Lead(); lead != "" {
		bs = append([]chat.Block{chat.Text(lead)}, bs...)
	}
	return limitBlocks(renderBlocks(bs), maxBlocks)
}

// renderBlocks renders blocks in order, splitting what Block Kit cannot hold
// in one block (long sections, many fields, many buttons).
func renderBlocks(bs []chat.Block) []slack.Block {
	var out []slack.Block
	for _, b := range bs {
		switch {
		case b.Header != nil:
			if b.Header.Text != "" {
				out = append(out, slack.NewHeaderBlock(text(plain, truncate(b.Header.Text, maxHeaderText))))
			}
		case b.Section != nil:
			for _, chunk := range split(b.Section.Text, maxSectionText) {
				out = append(out, slack.NewSectionBlock(text(markdown, chunk), nil, nil))
			}
			// Not b.Section.Fields itself: the message is the caller's (and
			// may be rendered again).
			fields := b.Section.Fields
			for len(fields) > 0 {
				n := min(len(fields), maxFields)
				var fs []*slack.TextBlockObject
				for _, f := range fields[:n] {
					if f == "" {
						f = " "
					}
					fs = append(fs, text(markdown, truncate(f, maxFieldText)))
				}
				out = append(out, slack.NewSectionBlock(nil, fs, nil))
				fields = fields[n:]
			}
		case b.Context != nil:
			if b.Context.Text != "" {
				out = append(out, slack.NewContextBlock("", text(markdown, truncate(b.Context.Text, maxSectionText))))
			}
		case b.Divider:
			out = append(out, slack.NewDividerBlock())
		case b.Actions != nil:
			buttons := b.Actions.Buttons
			for len(buttons) > 0 {
				n := min(len(buttons), maxButtons)
				var els []slack.BlockElement
				for _, bt := range buttons[:n] {
					e := slack.NewButtonBlockElement(bt.ActionID, truncate(bt.Value, maxButtonValue), text(plain, truncate(bt.Label, maxButtonText)))
					switch bt.Style {
					case chat.Primary:
						e.Style = slack.StylePrimary
					case chat.Danger:
						e.Style = slack.StyleDanger
					}
					els = append(els, e)
				}
				out = append(out, slack.NewActionBlock("", els...))
				buttons = buttons[n:]
			}
		}
	}
	return out
}

// limitBlocks keeps at most max blocks, the last one saying how many were
// left out.
func limitBlocks(bs []slack.Block, max int) []slack.Block {
	if len(bs) <= max {
		return bs
	}
	dropped := len(bs) - (max - 1)
	return append(bs[:max-1:max-1], slack.NewContextBlock("", text(markdown, msg.T("slack.truncated", dropped))))
}

// fallbackText is the message's notification text.
func fallbackText(m chat.Message) string {
	if m.Text != "" {
		return truncate(m.Text, maxFallbackText)
	}
	for _, b := range m.Blocks {
		switch {
		case b.Header != nil:
			return truncate(b.Header.Text, maxFallbackText)
		case b.Section != nil && b.Section.Text != "":
			return truncate(b.Section.Text, maxFallbackText)
		}
	}
	return " "
}

// renderModal turns a chat.Modal into a modal view. Each input is an input
// block whose block ID and action ID are the input's ID, so submitted values
// and field errors are keyed by it.
func renderModal(m chat.Modal) slack.ModalViewRequest {
	v := slack.ModalViewRequest{
		Type:            modalView,
		Title:           text(plain, truncate(m.Title, maxModalTitle)),
		Close:           text(plain, msg.T("slack.modal_close")),
		PrivateMetadata: m.Private,
		CallbackID:      m.CallbackID,
	}
	if len(m.Inputs) > 0 {
		v.Submit = text(plain, truncate(orDefault(m.Submit, "OK"), maxModalTitle))
	}
	var bs []slack.Block
	for _, chunk := range split(m.Intro, maxSectionText) {
		bs = append(bs, slack.NewSectionBlock(text(markdown, chunk), nil, nil))
	}
	for _, in := range m.Inputs {
		var hint *slack.TextBlockObject
		if in.Hint != "" {
			hint = text(plain, truncate(in.Hint, maxLabel))
		}
		ib := slack.NewInputBlock(in.ID, text(plain, truncate(orDefault(in.Label, in.ID), maxLabel)), hint, inputElement(in))
		ib.Optional = in.Optional
		bs = append(bs, ib)
	}
	v.Blocks = slack.Blocks{BlockSet: limitBlocks(bs, maxModalBlocks)}
	return v
}

func inputElement(in chat.Input) slack.BlockElement {
	var ph *slack.TextBlockObject
	if in.Placeholder != "" {
		ph = text(plain, truncate(in.Placeholder, maxPlaceholder))
	}
	switch in.Kind {
	case chat.InputDate:
		e := slack.NewDatePickerBlockElement(in.ID)
		e.Placeholder, e.InitialDate = ph, in.Initial
		return e
	case chat.InputSelect:
		var opts []*slack.OptionBlockObject
		var initial *slack.OptionBlockObject
		for _, o := range in.Options[:min(len(in.Options), maxOptions)] {
			ob := slack.NewOptionBlockObject(truncate(o.Value, maxOptionValue), text(plain, truncate(orDefault(o.Label, o.Value), maxOptionText)), nil)
			if o.Value == in.Initial {
				initial = ob
			}
			opts = append(opts, ob)
		}
		e := slack.NewOptionsSelectBlockElement(inputStaticSelect, ph, in.ID, opts...)
		e.InitialOption = initial
		return e
	case chat.InputUser:
		e := slack.NewOptionsSelectBlockElement(inputUserSelect, ph, in.ID)
		e.InitialUser = in.Initial
		return e
	default:
		e := slack.NewPlainTextInputBlockElement(ph, in.ID)
		e.Multiline, e.InitialValue = in.Multiline, in.Initial
		return e
	}
}

// submissionValues reads a submitted modal's values by input ID.
func submissionValues(state *slack.ViewState) map[string]string {
	out := map[string]string{}
	if state == nil {
		return out
	}
	for blockID, actions := range state.Values {
		for _, a := range actions {
			var v string
			switch {
			case a.SelectedOption.Value != "":
				v = a.SelectedOption.Value
			case a.SelectedDate != "":
				v = a.SelectedDate
			case a.SelectedUser != "":
				v = a.SelectedUser
			default:
				v = a.Value
			}
			out[blockID] = v
		}
	}
	return out
}

// renderHome turns App Home sections into a home tab view.
func renderHome(bs []chat.Block) slack.HomeTabViewRequest {
	if len(bs) == 0 {
		bs = []chat.Block{chat.Title(msg.T("slack.home_title")), chat.Text(msg.T("slack.home_empty"))}
	}
	return slack.HomeTabViewRequest{Type: homeTab, Blocks: slack.Blocks{BlockSet: limitBlocks(renderBlocks(bs), maxModalBlocks)}}
}

func text(kind, s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(kind, s, false, false)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// truncate cuts s to at most n characters (Block Kit counts characters).
func truncate(s string, n int) string {
	// No more bytes than n: no more characters either, and nothing to count.
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// split cuts s into pieces of at most n characters, at line breaks where it
// can, so long texts become several sections instead of a refused message.
func split(s string, n int) []string {
	if s == "" {
		return nil
	}
	var out []string
	for len(s) > n && utf8.RuneCountInString(s) > n {
		r := []rune(s)
		cut := n
		if i := strings.LastIndex(string(r[:n]), "\n"); i > 0 {
			cut = utf8.RuneCountInString(string(r[:n])[:i])
		}
		out = append(out, string(r[:cut]))
		s = strings.TrimPrefix(string(r[cut:]), "\n")
	}
	return append(out, s)
}
