// Package chat is the transport-agnostic shape of what the bot says: messages
// with a few kinds of blocks and buttons, and modals with input fields.
// bot/ renders them as Slack Block Kit; the console prints them as text with
// numbered buttons. Handlers build them and never import slack-go.
package chat

import (
	"strings"
	"unicode/utf8"
)

// Message is one message the bot sends.
//
// Where it goes: Channel is a channel ID, or a person's Slack ID for a
// direct message. ItemKey ties the message to an item (L12, D8, ...): with
// Root the message starts the item's thread and its timestamp is kept; with
// InThread it is posted in that thread; with Update it replaces the root.
type Message struct {
	Channel  string  `json:"channel,omitempty"`
	ItemKey  string  `json:"item,omitempty"`
	Root     bool    `json:"root,omitempty"`
	InThread bool    `json:"in_thread,omitempty"`
	Update   bool    `json:"update,omitempty"`
	Text     string  `json:"text"` // mrkdwn, user text already escaped; also the notification fallback
	Blocks   []Block `json:"blocks,omitempty"`
	// File, when set, is a file a person shared with the bot: the message
	// posts a copy of it, with Text as its comment, so that everyone in the
	// channel can open it (a file shared only with the bot cannot be).
	File *File `json:"file,omitempty"`
	// Upload, when set, is a file the bot made (a chart, a workbook): the
	// message uploads it to the channel with Text as its comment.
	Upload *Upload `json:"upload,omitempty"`
}

// Upload is a file the bot made and shares: its name and content.
type Upload struct {
	Name  string `json:"name"`
	Title string `json:"title,omitempty"`
	Data  []byte `json:"data"` // base64 in the outbox's JSON
}

// MaxUpload is the largest file the bot uploads from the outbox.
const MaxUpload = 20 << 20

// MaxFileCopy is the largest file the bot copies into a channel (the copy
// must download and upload within the outbox's 30 s send timeout); a larger
// one is only named.
const MaxFileCopy = 20 << 20

// File is a file a person shared with the bot (a Slack upload).
type File struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`  // private download URL; empty in the console
	Size int    `json:"size,omitempty"` // bytes
	// Content, when set, is a file the bot made itself (the 发文稿纸 PDF):
	// it is uploaded as it is, with nothing to download.
	Content []byte `json:"content,omitempty"`
}

// Block is one block of a message. Exactly one field is set.
type Block struct {
	Section *Section `json:"section,omitempty"`
	Context *Context `json:"context,omitempty"`
	Actions *Actions `json:"actions,omitempty"`
	Header  *Header  `json:"header,omitempty"`
	Divider bool     `json:"divider,omitempty"`
}

// Section is a block of mrkdwn text, optionally with two-column fields.
type Section struct {
	Text   string   `json:"text"`
	Fields []string `json:"fields,omitempty"`
}

// Context is small grey text: IDs, citations, timestamps.
type Context struct {
	Text string `json:"text"`
}

// Header is a plain-text title.
type Header struct {
	Text string `json:"text"`
}

// Actions is a row of buttons.
type Actions struct {
	Buttons []Button `json:"buttons"`
}

// Button styles.
const (
	Primary = "primary"
	Danger  = "danger"
)

// Button is a button; a press comes back to the handlers as an Action with
// the button's ActionID and Value.
type Button struct {
	Label    string `json:"label"`
	ActionID string `json:"action_id"`
	Value    string `json:"value"`
	Style    string `json:"style,omitempty"`
}

// Constructors keep handler code short.

// Text returns a section block.
func Text(s string) Block { return Block{Section: &Section{Text: s}} }

// Fields returns a section block of two-column fields.
func Fields(fs ...string) Block { return Block{Section: &Section{Fields: fs}} }

// Note returns a context block.
func Note(s string) Block { return Block{Context: &Context{Text: s}} }

// Title returns a header block.
func Title(s string) Block { return Block{Header: &Header{Text: s}} }

// Divide returns a divider.
func Divide() Block { return Block{Divider: true} }

// Buttons returns an actions block.
func Buttons(bs ...Button) Block { return Block{Actions: &Actions{Buttons: bs}} }

// Buttons lists every button of the message, in order.
func (m Message) Buttons() []Button {
	var out []Button
	for _, b := range m.Blocks {
		if b.Actions != nil {
			out = append(out, b.Actions.Buttons...)
		}
	}
	return out
}

// Input kinds.
const (
	InputText   = "text"
	InputDate   = "date"   // YYYY-MM-DD
	InputSelect = "select" // one of Options
	InputUser   = "user"   // a Slack user ID
)

// Option is a choice of a select input.
type Option struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Input is one field of a modal.
type Input struct {
	ID          string   `json:"id"`
	Label       string   `json:"label"`
	Kind        string   `json:"kind"`
	Placeholder string   `json:"placeholder,omitempty"`
	Hint        string   `json:"hint,omitempty"`
	Options     []Option `json:"options,omitempty"`
	Optional    bool     `json:"optional,omitempty"`
	Multiline   bool     `json:"multiline,omitempty"`
	Initial     string   `json:"initial,omitempty"`
}

// Modal is a form. Its submission comes back as a Submission with the
// CallbackID, the Private value and each input's value by ID.
type Modal struct {
	CallbackID string  `json:"callback_id"`
	Title      string  `json:"title"`
	Submit     string  `json:"submit"`
	Private    string  `json:"private,omitempty"`
	Intro      string  `json:"intro,omitempty"`
	Inputs     []Input `json:"inputs"`
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape makes user text safe to show in Slack mrkdwn: <!channel>, <!here>
// and <@U…> typed by a person show as text and ping nobody.
func Escape(s string) string { return escaper.Replace(s) }

// MaxFragment is the most characters of a person's text a refusal quotes.
const MaxFragment = 40

// Fragment is a piece of what a person typed, quoted in a refusal (“L12x”
// 不是请假编号): escaped as Escape does, and cut to MaxFragment characters
// with … so 20,000 characters pasted by mistake do not come back whole.
func Fragment(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxFragment {
		s = strings.TrimSpace(string([]rune(s)[:MaxFragment])) + "…"
	}
	return Escape(s)
}

var unescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// Unescape reverses Escape, for plain-text renderers such as the console.
func Unescape(s string) string { return unescaper.Replace(s) }

// Mention returns a mention of a person that Slack renders as their name.
func Mention(slackID string) string { return "<@" + slackID + ">" }

// Bold wraps s in mrkdwn bold.
func Bold(s string) string {
	if s == "" {
		return ""
	}
	return "*" + s + "*"
}

// Lead is the text shown above the blocks: Text, unless a section or header
// block repeats it. With no blocks Text is the whole message; with blocks and
// an empty Text the blocks stand alone and notifications use their first text.
func (m Message) Lead() string {
	for _, b := range m.Blocks {
		if (b.Section != nil && b.Section.Text == m.Text) || (b.Header != nil && b.Header.Text == m.Text) {
			return ""
		}
	}
	return m.Text
}
