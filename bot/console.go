// Package bot adapts chat platforms to the handlers: Slack (Socket Mode and
// signed HTTP endpoints) and the local console. It is the only package that
// imports slack-go.
package bot

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"officebot/chat"
	"officebot/handlers"
	"officebot/msg"
	"officebot/scheduler"
)

// Console is a line-oriented chat in the terminal that goes through the same
// handlers as Slack, like Hubot's shell adapter. Buttons print as numbered
// choices; console commands start with a colon (:help lists them).
type Console struct {
	Service *handlers.Service
	Outbox  *scheduler.Outbox // delivered after every line; its Sender should be the console
	User    string
	Out     io.Writer
	// Org names the organisation loaded, for the banner; empty means the
	// demo organisation.
	Org string

	mu      sync.Mutex
	buttons []chat.Button
	modal   *chat.Modal
	uploads int // files shared with :upload, for their IDs
	nextTS  int
}

// Run reads lines from in until EOF, :quit or ctx ends.
func (c *Console) Run(ctx context.Context, in io.Reader) error {
	if c.Org == "" {
		c.printf("%s\n", msg.T("console.welcome", c.User))
	} else {
		c.printf("%s\n", msg.T("console.welcome_org", c.Org, c.User))
	}
	c.deliver(ctx)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for {
		c.printf("%s> ", c.User)
		if !sc.Scan() {
			c.printf("\n")
			return sc.Err()
		}
		if ctx.Err() != nil {
			return nil
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if line == ":quit" || line == ":q" {
			c.printf("%s\n", msg.T("console.bye"))
			return nil
		}
		c.Line(ctx, line)
	}
}

// Line handles one line of input and prints everything it causes.
func (c *Console) Line(ctx context.Context, line string) {
	if strings.HasPrefix(line, ":") {
		c.consoleCommand(ctx, line)
	} else {
		c.show(c.Service.Handle(ctx, handlers.Request{User: c.User, Text: line, Channel: "console"}))
	}
	c.deliver(ctx)
}

func (c *Console) consoleCommand(ctx context.Context, line string) {
	cmd, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch cmd {
	case ":help", ":h":
		c.printf("%s\n", msg.T("console.help"))
	case ":as":
		if strings.TrimSpace(rest) == "" {
			c.printf("%s\n", msg.T("console.as_usage"))
			return
		}
		org, err := c.Service.Store.Org(ctx)
		if err != nil {
			c.printf("%s\n", msg.T("common.internal"))
			return
		}
		p, ok := org.FindPerson(rest)
		if !ok {
			c.printf("%s\n", msg.T("console.as_unknown", rest))
			return
		}
		c.User = p.SlackID
		c.printf("%s\n", msg.T("console.as", fmt.Sprintf("%s（%s）", p.Name, p.SlackID)))
	case ":click", ":c":
		c.mu.Lock()
		bs := c.buttons
		c.mu.Unlock()
		if len(bs) == 0 {
			c.printf("%s\n", msg.T("console.no_buttons"))
			return
		}
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 || n > len(bs) {
			c.printf("%s\n", msg.T("console.no_button", rest, len(bs)))
			return
		}
		b := bs[n-1]
		c.show(c.Service.Handle(ctx, handlers.Request{User: c.User, Channel: "console",
			Action: &handlers.Action{ID: b.ActionID, Value: b.Value}}))
	case ":reply", ":r":
		item, text, _ := strings.Cut(rest, " ")
		if item == "" || strings.TrimSpace(text) == "" {
			c.printf("%s\n", msg.T("console.bad_reply"))
			return
		}
		resp := c.Service.Handle(ctx, handlers.Request{User: c.User, Channel: "console",
			ThreadItem: strings.ToUpper(item), Text: strings.TrimSpace(text)})
		if len(resp.Messages) == 0 && resp.Modal == nil && len(resp.Errors) == 0 {
			// In Slack chatter in a thread goes unanswered; typed here, it
			// names an item that has no thread or a reply nobody acts on.
			c.printf("%s\n", msg.T("console.reply_unanswered", strings.ToUpper(item)))
			return
		}
		c.show(resp)
	case ":upload", ":u":
		// A file shared with a message, as a Slack upload with a comment.
		name, text, _ := strings.Cut(rest, " ")
		if name == "" || strings.TrimSpace(text) == "" {
			c.printf("%s\n", msg.T("console.upload_usage"))
			return
		}
		c.mu.Lock()
		c.uploads++
		id := fmt.Sprintf("FCONSOLE%d", c.uploads)
		c.mu.Unlock()
		c.show(c.Service.Handle(ctx, handlers.Request{User: c.User, Channel: "console", Text: strings.TrimSpace(text),
			Files: []chat.File{{ID: id, Name: name}}}))
	case ":submit", ":s":
		c.mu.Lock()
		m := c.modal
		c.mu.Unlock()
		if m == nil {
			c.printf("%s\n", msg.T("console.no_modal"))
			return
		}
		values, ok := parseAssignments(rest)
		if !ok {
			c.printf("%s\n", msg.T("console.submit_usage"))
			return
		}
		resp := c.Service.Handle(ctx, handlers.Request{User: c.User, Channel: "console",
			Submission: &handlers.Submission{CallbackID: m.CallbackID, Private: m.Private, Values: values}})
		if len(resp.Errors) == 0 {
			c.mu.Lock()
			c.modal = nil
			c.mu.Unlock()
		}
		c.show(resp)
	default:
		c.printf("%s\n", msg.T("console.unknown", cmd))
	}
}

// parseAssignments reads key=value pairs; values may be double-quoted.
func parseAssignments(s string) (map[string]string, bool) {
	out := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			return nil, false
		}
		key := strings.TrimSpace(s[:eq])
		s = s[eq+1:]
		var val string
		if strings.HasPrefix(s, `"`) {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return nil, false
			}
			val, s = s[1:1+end], s[2+end:]
		} else {
			val, s, _ = strings.Cut(s, " ")
		}
		out[key] = val
	}
	return out, len(out) > 0
}

func (c *Console) show(r handlers.Response) {
	for _, m := range r.Messages {
		c.printMessage(m)
	}
	for id, e := range r.Errors {
		c.printf("%s\n", msg.T("console.field_error", id, e))
	}
	if r.Modal != nil {
		c.mu.Lock()
		c.modal = r.Modal
		c.mu.Unlock()
		var example []string
		for _, in := range r.Modal.Inputs {
			if !in.Optional {
				example = append(example, in.ID+"=…")
			}
		}
		c.printf("%s\n", msg.T("console.modal", r.Modal.Title, strings.Join(example, " ")))
		if r.Modal.Intro != "" {
			c.printf("%s\n", chat.Unescape(r.Modal.Intro))
		}
		for _, in := range r.Modal.Inputs {
			req := msg.T("console.required")
			if in.Optional {
				req = msg.T("console.optional")
			}
			var opts []string
			for _, o := range in.Options {
				opts = append(opts, o.Value+"="+o.Label)
			}
			extra := in.Hint
			if len(opts) > 0 {
				extra = strings.TrimSpace(extra + " [" + strings.Join(opts, ", ") + "]")
			}
			c.printf("%s\n", msg.T("console.modal_field", in.ID+" "+in.Label, req, extra))
		}
	}
}

func (c *Console) printMessage(m chat.Message) {
	var b strings.Builder
	if lead := m.Lead(); lead != "" {
		b.WriteString(chat.Unescape(lead))
		b.WriteString("\n")
	}
	var buttons []chat.Button
	for _, bl := range m.Blocks {
		switch {
		case bl.Header != nil:
			b.WriteString(chat.Unescape(bl.Header.Text) + "\n")
		case bl.Section != nil:
			if bl.Section.Text != "" {
				b.WriteString(chat.Unescape(bl.Section.Text) + "\n")
			}
			for _, f := range bl.Section.Fields {
				b.WriteString("  " + chat.Unescape(f) + "\n")
			}
		case bl.Context != nil:
			b.WriteString("  " + chat.Unescape(bl.Context.Text) + "\n")
		case bl.Divider:
			b.WriteString("  ────────\n")
		case bl.Actions != nil:
			buttons = append(buttons, bl.Actions.Buttons...)
		}
	}
	if len(buttons) > 0 {
		c.mu.Lock()
		c.buttons = buttons
		c.mu.Unlock()
		for i, bt := range buttons {
			b.WriteString(msg.T("console.button", i+1, bt.Label) + "\n")
		}
	}
	if u := m.Upload; u != nil {
		b.WriteString(msg.T("console.upload", u.Name, (len(u.Data)+1023)/1024) + "\n")
	}
	c.printf("%s", strings.ReplaceAll(b.String(), "\u200b", ""))
}

func (c *Console) deliver(ctx context.Context) {
	if c.Outbox == nil {
		return
	}
	if _, err := c.Outbox.DrainOnce(ctx); err != nil && c.Service.Log != nil {
		c.Service.Log.Error("console delivery", "err", err)
	}
}

func (c *Console) printf(format string, args ...any) {
	fmt.Fprintf(c.Out, format, args...)
}

// Post prints a message the bot sends to a channel or a person.
func (c *Console) Post(_ context.Context, channel, threadTS string, m chat.Message) (string, string, error) {
	c.mu.Lock()
	c.nextTS++
	ts := fmt.Sprintf("console.%d", c.nextTS)
	c.mu.Unlock()
	switch {
	case strings.HasPrefix(channel, "U"):
		c.printf("%s\n", msg.T("console.to_dm", channel))
	default:
		c.printf("%s\n", msg.T("console.to_channel", channel))
	}
	if threadTS != "" {
		c.printf("%s\n", msg.T("console.in_thread", m.ItemKey))
	}
	c.printMessage(m)
	return channel, ts, nil
}

// Update prints the new content of an item's root message.
func (c *Console) Update(_ context.Context, _, _ string, m chat.Message) error {
	c.printf("%s\n", msg.T("console.update", m.ItemKey))
	c.printMessage(m)
	return nil
}
