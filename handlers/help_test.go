package handlers_test

import (
	"strings"
	"testing"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// help names every command; help followed by a command's word (help leave,
// 帮助 会议, /help doc) lists that command's lines only; another word
// gets the whole list, headed by a note that it is not a command.
func TestHelpOfOneCommand(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := handlerstest.New(t, s, handlerstest.Options{LoadRules: true})
		all := b.Do(handlers.Request{User: "U0MAYOR", Command: "help"}).Text()
		for _, w := range []string{"leave list", "meeting report", "doc submit", "office stats", "rules 问题"} {
			if !strings.Contains(all, w) {
				t.Fatalf("help lacks %q:\n%s", w, all)
			}
		}
		cases := []struct {
			req       handlers.Request
			want, not []string
		}{
			{handlers.Request{User: "U0MAYOR", Command: "help", Text: "leave"}, []string{"leave list", "leave back"}, []string{"meeting report", "doc submit"}},
			{handlers.Request{User: "U0MAYOR", Text: "help 请假"}, []string{"leave list"}, []string{"meeting report"}},
			{handlers.Request{User: "U0MAYOR", Text: "帮助 meeting"}, []string{"meeting report", "meeting apply"}, []string{"leave list", "doc submit"}},
			{handlers.Request{User: "U0MAYOR", Command: "help", Text: "/doc"}, []string{"doc submit", "doc draft"}, []string{"leave list"}},
			{handlers.Request{User: "U0MAYOR", Command: "help", Text: "office"}, []string{"office stats", "office export"}, []string{"leave list"}},
			{handlers.Request{User: "U0MAYOR", Command: "help", Text: "rules"}, []string{"rules 问题"}, []string{"leave list"}},
			{handlers.Request{User: "U0MAYOR", Command: "help", Text: "帮助"}, []string{"leave list", "doc submit"}, []string{"不是政务助手的命令"}},
			{handlers.Request{User: "U0MAYOR", Command: "help", Text: "<!channel>"}, []string{"&lt;!channel&gt;", "leave list", "doc submit"}, []string{"<!channel>"}},
		}
		for _, c := range cases {
			got := b.Do(c.req).Text()
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%+v: want %q in\n%s", c.req, w, got)
				}
			}
			for _, w := range c.not {
				if strings.Contains(got, w) {
					t.Errorf("%+v: %q should not be in\n%s", c.req, w, got)
				}
			}
		}
	})
}
