package bot_test

import (
	"context"
	"sync"

	"officebot/chat"
	"officebot/handlers"
)

// testform is the test capability: a modal with a date field whose
// submission is checked, and items "T…" whose thread replies are recorded
// in rec (when not nil). The tests' bots serve it after the program's
// capabilities.
func testform(rec *replies) *handlers.Capability {
	return &handlers.Capability{
		Name:     "testform",
		Commands: []string{"testform"},
		Command: func(_ context.Context, c *handlers.Call) (handlers.Response, error) {
			if c.Req.Text == "" {
				return handlers.Response{Modal: &chat.Modal{CallbackID: "testform.submit", Title: "测试表单", Submit: "提交",
					Private: "ctx-42", Intro: "请填写 <不会提醒任何人>",
					Inputs: []chat.Input{
						{ID: "date", Label: "日期", Kind: chat.InputDate},
						{ID: "kind", Label: "类别", Kind: chat.InputSelect, Options: []chat.Option{{Label: "出差", Value: "trip"}}},
						{ID: "deputy", Label: "代理人", Kind: chat.InputUser, Optional: true},
						{ID: "reason", Label: "事由", Kind: chat.InputText, Multiline: true},
					}}}, nil
			}
			files := ""
			for _, f := range c.Req.Files {
				files += " [" + f.ID + " " + f.Name + " " + f.URL + "]"
			}
			return handlers.Reply("testform " + chat.Escape(c.Req.Text) + files), nil
		},
		Callback: "testform.",
		Submit: func(_ context.Context, c *handlers.Call) (handlers.Response, error) {
			v := c.Req.Submission.Values
			if v["date"] != "2026-12-03" {
				return handlers.Response{Errors: map[string]string{"date": "日期无效，请选择 2026-12-03"}}, nil
			}
			return handlers.Reply("已提交 " + chat.Escape(v["kind"]+" "+v["reason"]+" "+c.Req.Submission.Private)), nil
		},
		ActionIDs: "testform.",
		Action: func(_ context.Context, c *handlers.Call) (handlers.Response, error) {
			return handlers.Reply("按下 " + c.Req.Action.ID + " " + c.Req.Action.Value), nil
		},
		ItemPrefix: "T",
		ThreadReply: func(_ context.Context, c *handlers.Call) (handlers.Response, error) {
			if rec != nil {
				rec.mu.Lock()
				rec.got = append(rec.got, c.Req.ThreadItem+":"+c.Req.Text)
				rec.mu.Unlock()
			}
			return handlers.Reply("收到 " + c.Req.ThreadItem), nil
		},
		Home: func(_ context.Context, c *handlers.Call) ([]chat.Block, error) {
			if c.Me.SlackID != "U0MAYOR" {
				// Only the App Home test reads it; the golden homes show
				// what production shows.
				return nil, nil
			}
			return []chat.Block{chat.Title("测试"), chat.Text("您好 " + chat.Escape(c.Me.Name))}, nil
		},
	}
}

// replies are the thread replies testform received.
type replies struct {
	mu  sync.Mutex
	got []string
}

// gates hold the answers of /testread TEXT until the test closes the
// channel stored under TEXT (a read slower than any budget, without a
// timing in the test).
var gates sync.Map // text → chan struct{}

// testread is a test capability that only reads: /testread TEXT answers
// "read TEXT", after the gate of TEXT (if any) opens.
func testread() *handlers.Capability {
	return &handlers.Capability{
		Name:     "testread",
		Commands: []string{"testread"},
		ReadOnly: handlers.Always,
		Command: func(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
			if g, ok := gates.Load(c.Req.Text); ok {
				select {
				case <-g.(chan struct{}):
				case <-ctx.Done():
				}
			}
			return handlers.Reply("read " + chat.Escape(c.Req.Text)), nil
		},
	}
}
