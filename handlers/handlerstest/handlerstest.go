// Package handlerstest is the test support of the handlers, as
// net/http/httptest is of net/http: a Bot is the service of the program's
// capabilities on a real store holding the demo organisation, with a fake
// clock and a logger that discards, so a test (or bench/slackload) starts
// from one line instead of rebuilding them. The stores come from
// storage/storagetest.
package handlerstest

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"officebot/calendar"
	"officebot/chat"
	"officebot/clock"
	"officebot/cmd/officebot/wire"
	"officebot/directory"
	"officebot/handlers"
	"officebot/scheduler"
	"officebot/storage"
)

// Shanghai is the office's zone.
var Shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// Start is the default instant of a Bot's clock: Thursday 2026-11-26 10:00
// in Shanghai.
var Start = time.Date(2026, 11, 26, 10, 0, 0, 0, Shanghai)

// At reads "2026-12-15 09:00" in Shanghai; it panics on a bad literal.
func At(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// Discard is a logger that writes nothing.
func Discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// ImportDemo imports the demo organisation (directory/demo.yaml) into the
// store as of at, and returns it.
func ImportDemo(ctx context.Context, s *storage.Store, at time.Time) (*directory.Org, error) {
	org, err := directory.ParseOrg(directory.DemoYAML())
	if err != nil {
		return nil, fmt.Errorf("demo organisation: %w", err)
	}
	if _, err := s.ImportOrg(ctx, org, "test", at); err != nil {
		return nil, err
	}
	return org, nil
}

// Demo imports the demo organisation into the store as of at, failing the
// test on error.
func Demo(t testing.TB, s *storage.Store, at time.Time) *directory.Org {
	t.Helper()
	org, err := ImportDemo(context.Background(), s, at)
	if err != nil {
		t.Fatal(err)
	}
	return org
}

// Jobs are the program's scheduler jobs on the store (wire.Program).
func Jobs(store *storage.Store) []scheduler.Job {
	_, jobs := wire.Program(store, nil)
	return jobs
}

// Job returns the program's job of that name; it panics when there is none.
func Job(store *storage.Store, name string) scheduler.Job {
	for _, j := range Jobs(store) {
		if j.Name == name {
			return j
		}
	}
	panic("handlerstest: no job " + name)
}

// Options say how a Bot differs from the default one.
type Options struct {
	Start time.Time       // the fake clock's instant and the directory import's; default Start
	Clock clock.Clock     // instead of a fake clock at Start (Bot.Clock is then nil)
	Log   *slog.Logger    // default: Discard
	Rules *handlers.Rules // the index /rules answers from; default none
	// LoadRules builds the index of the working rules and the store's
	// rulebooks for /rules, when Rules is nil.
	LoadRules bool
	// PublicURL is handlers.Deps.PublicURL (OFFICEBOT_PUBLIC_URL); default none.
	PublicURL string
	// Extra are capabilities served after the program's (a test's own).
	Extra []*handlers.Capability
}

// Bot is the program's service on a store holding the demo organisation.
type Bot struct {
	t       testing.TB // nil for New's callers outside tests
	Store   *storage.Store
	Service *handlers.Service
	Clock   *clock.Fake // nil when Options.Clock was given
	Org     *directory.Org
}

// Open imports the demo organisation into the store and returns the Bot
// serving it (bench/slackload; tests call New).
func Open(ctx context.Context, s *storage.Store, o Options) (*Bot, error) {
	if o.Start.IsZero() {
		o.Start = Start
	}
	if o.Log == nil {
		o.Log = Discard()
	}
	b := &Bot{Store: s}
	clk := o.Clock
	if clk == nil {
		b.Clock = clock.NewFake(o.Start)
		clk = b.Clock
	}
	var err error
	if b.Org, err = ImportDemo(ctx, s, o.Start); err != nil {
		return nil, err
	}
	if o.LoadRules && o.Rules == nil {
		if o.Rules, err = handlers.LoadRules(ctx, s, nil); err != nil {
			return nil, err
		}
	}
	caps, _ := wire.Program(s, o.Rules)
	caps = append(caps, o.Extra...)
	b.Service = handlers.New(handlers.Deps{Store: s, Clock: clk, Calendar: calendar.New(Shanghai, nil), Log: o.Log,
		Errors: wire.Errors(), PublicURL: o.PublicURL}, caps...)
	return b, nil
}

// New returns the Bot on the store, failing the test on error.
func New(t testing.TB, s *storage.Store, o Options) *Bot {
	t.Helper()
	b, err := Open(context.Background(), s, o)
	if err != nil {
		t.Fatal(err)
	}
	b.t = t
	return b
}

// Do handles one request.
func (b *Bot) Do(req handlers.Request) handlers.Response {
	return b.Service.Handle(context.Background(), req)
}

// Say types a line as the console and a direct message do: "leave …".
func (b *Bot) Say(user, text string) handlers.Response {
	return b.Do(handlers.Request{User: user, Text: text, Channel: "D1"})
}

// Command sends a slash command as Slack does: the text HTML-escaped.
func (b *Bot) Command(user, command, text string) handlers.Response {
	return b.Do(handlers.Request{User: user, Command: command, Text: chat.Escape(text), Channel: "D1"})
}

// Click presses a button.
func (b *Bot) Click(user, actionID, value string) handlers.Response {
	return b.Do(handlers.Request{User: user, Channel: "C1", Action: &handlers.Action{ID: actionID, Value: value}})
}

// Reply types text in the thread of an item.
func (b *Bot) Reply(user, item, text string) handlers.Response {
	return b.Do(handlers.Request{User: user, Channel: "C1", ThreadItem: item, Text: text})
}

// Submit submits a modal.
func (b *Bot) Submit(user, callback, private string, values map[string]string) handlers.Response {
	return b.Do(handlers.Request{User: user, Submission: &handlers.Submission{CallbackID: callback, Private: private, Values: values}})
}

// Outbox returns every message written to the outbox, oldest first.
func (b *Bot) Outbox() []chat.Message {
	b.t.Helper()
	ms, err := Outbox(context.Background(), b.Store)
	if err != nil {
		b.t.Fatal(err)
	}
	return ms
}

// Text renders a message as the console shows it, for assertions.
func Text(m chat.Message) string { return handlers.Response{Messages: []chat.Message{m}}.Text() }

// Outbox returns every message written to the store's outbox, oldest first.
func Outbox(ctx context.Context, s *storage.Store) ([]chat.Message, error) {
	rows, err := s.ListOutbox(ctx, "", 0)
	if err != nil {
		return nil, err
	}
	out := make([]chat.Message, len(rows))
	for i, r := range rows {
		m, err := r.Message()
		if err != nil {
			return nil, err
		}
		out[len(rows)-1-i] = m // ListOutbox is newest first
	}
	return out, nil
}

// filers are the demo organisation's heads of departments, towns and units:
// their leave needs a vice mayor's approval, so a filing takes the whole
// path (the request, its approval step, the message to the approver).
var filers = []string{"U0FGWHEAD", "U0CZJHEAD", "U0ZJJHEAD", "U0JYJHEAD", "U0WJWHEAD", "U0SWJHEAD",
	"U0ZRZYHEAD", "U0RSJHEAD", "U0ZHOUSHIHEAD", "U0ZHANGPUHEAD", "U0KFQHEAD"}

// Filing returns the i-th of a sequence of /leave texts and who files them
// (benchmarks, bench/slackload): every one is filed pending approval, and
// no two overlap, so each is a real filing on a store holding the demo
// organisation (a day each, from 2027-01-04 on, the filers in turn).
func Filing(i int) (user, text string) {
	day := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/len(filers)).Format(time.DateOnly)
	return filers[i%len(filers)], "出差 上海 " + day + " 至 " + day + " 参加招商推介会"
}
