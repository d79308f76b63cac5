package document_test

import (
	"strings"
	"testing"
	"time"

	"officebot/chat"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/storage"
)

// bot is the program's service on a real database with the demo
// organisation, its fake clock at start unless a test moves it.
type bot struct {
	*handlerstest.Bot
	t *testing.T
	s *storage.Store
}

func newBot(t *testing.T, s *storage.Store, start ...time.Time) *bot {
	t.Helper()
	o := handlerstest.Options{}
	if len(start) > 0 {
		o.Start = start[0]
	}
	return &bot{Bot: handlerstest.New(t, s, o), t: t, s: s}
}

// doc types /doc TEXT as Slack sends it: HTML-escaped.
func (b *bot) doc(user, text string) string { return b.Command(user, "doc", text).Text() }

// The example: 发改委 asks for money for old housing estates.
const example = "标题：关于申请2027年老旧小区改造资金的请示 类型：请示 类别：in_remit 签发人：@王主任 会签：财政局,住建局 事项数：1 重大：否"

// submit files the example (or text) as 王主任 and returns the reply.
func (b *bot) submit(text string) string {
	b.t.Helper()
	return b.doc("U0FGWHEAD", "submit "+text)
}

// docs returns every document row, oldest first.
func (b *bot) docs() []storage.Document {
	b.t.Helper()
	var rs []storage.Document
	if err := b.s.DB.Order("id").Find(&rs).Error; err != nil {
		b.t.Fatal(err)
	}
	return rs
}

func (b *bot) get(id uint64) storage.Document {
	b.t.Helper()
	var r storage.Document
	if err := b.s.DB.Where("id = ?", id).Take(&r).Error; err != nil {
		b.t.Fatal(err)
	}
	return r
}

// to returns the texts of the outbox messages to a channel or person.
func (b *bot) to(channel string) []string {
	var out []string
	for _, m := range b.Outbox() {
		if m.Channel == channel {
			out = append(out, handlerstest.Text(m))
		}
	}
	return out
}

func last(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[len(ss)-1]
}

func contains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

func (b *bot) audit(subject string) []string {
	b.t.Helper()
	es, err := b.s.Read(b.t.Context()).AuditTrail(subject)
	if err != nil {
		b.t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Actor+" "+e.Action)
	}
	return out
}

var _ = chat.Escape
var _ handlers.Request
