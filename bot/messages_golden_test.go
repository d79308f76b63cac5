package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"officebot/chat"
	"officebot/clock"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/scheduler"
	"officebot/storage/storagetest"
)

// The messages an office reviews, as Slack receives them (.json: the Web API
// calls with their Block Kit) and as the console prints them (.txt). Each
// case runs real flows through handlers.Service on a fresh SQLite database
// with the demo organisation and a fake clock, so IDs and times never move;
// only the last step of a case is recorded. Regenerate after a deliberate
// change of wording or layout with:
//
//	go test ./bot -run Golden -update
//
// and read the diff as the officials would.

// goldenStart is the fake clock's instant: Thursday 2026-11-26 10:00 in Shanghai.
var goldenStart = time.Date(2026, 11, 26, 10, 0, 0, 0, goldenZone)

var goldenZone = func() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return l
}()

const (
	shanghaiTrip = "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会"
	execMeeting  = "常务会议 2026-12-04 09:00 三楼会议室 议题：2027年预算草案；老旧小区改造 参会：发改委 财政局"
	minutes      = "minutes M1 会议原则通过2027年预算草案。 落实事项：发改委：牵头编制2027年重点项目计划；财政局：落实配套资金"
)

func TestGoldenMessages(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		run  func(g *goldenBot)
	}{
		{"leave_request", func(g *goldenBot) {
			g.record(g.command("U0FGWHEAD", "leave", shanghaiTrip))
		}},
		{"leave_approved", func(g *goldenBot) {
			g.setup(g.command("U0FGWHEAD", "leave", shanghaiTrip))
			g.clk.Advance(5 * time.Minute)
			g.record(g.press("U0VMLI", "批准"))
		}},
		{"leave_not_required", func(g *goldenBot) {
			g.record(g.command("U0FGWHEAD", "leave", "出差 常熟 2026-12-03 至 2026-12-05 调研"))
		}},
		{"leave_needs_deputy", func(g *goldenBot) {
			g.setup(g.command("U0OFFSTAFF", "meeting", execMeeting))
			g.record(g.command("U0FGWHEAD", "leave", shanghaiTrip))
		}},
		{"meeting_scheduled", func(g *goldenBot) {
			// The root in the meetings channel and one of the invitations:
			// the others differ only in who receives them.
			g.record(g.command("U0OFFSTAFF", "meeting", execMeeting), "C0MEET", "U0FGWHEAD")
		}},
		{"minutes_filed", func(g *goldenBot) {
			g.setup(g.command("U0OFFSTAFF", "meeting", execMeeting))
			g.clk.Set(time.Date(2026, 12, 4, 12, 0, 0, 0, goldenZone))
			g.record(g.command("U0OFFSTAFF", "meeting", minutes))
		}},
		{"minutes_signed", func(g *goldenBot) {
			g.signOff()
			g.record(g.press("U0MAYOR", "签发"))
		}},
		{"meeting_status", func(g *goldenBot) {
			g.signOff()
			g.setup(g.press("U0MAYOR", "签发"))
			g.clk.Advance(time.Hour)
			g.setup(g.command("U0FGWHEAD", "meeting", "report A1 已完成计划初稿"))
			g.record(g.command("U0OFFSTAFF", "meeting", "status M1"))
		}},
		{"rules_article", func(g *goldenBot) {
			g.record(g.command("U0FGWHEAD", "rules", "第五十七条"))
		}},
		{"rules_question", func(g *goldenBot) {
			g.record(g.command("U0FGWHEAD", "rules", "一把手能不能不去参加市长办公会"))
		}},
		{"rules_no_such_article", func(g *goldenBot) {
			g.record(g.command("U0FGWHEAD", "rules", "第九十九条"))
		}},
		{"help", func(g *goldenBot) {
			g.record(g.command("U0FGWHEAD", "help", ""))
		}},
		{"home_approver", func(g *goldenBot) {
			g.setup(g.command("U0FGWHEAD", "leave", shanghaiTrip))
			g.recordHome("U0VMLI")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := newGoldenBot(t)
			c.run(g)
			golden(t, c.name+".txt", g.console.Bytes())
			data, err := marshalCalls(g.calls)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, c.name+".json", data)
		})
	}
}

// goldenBot is the service on a fresh database, with an outbox that
// delivers to a recorder.
type goldenBot struct {
	t      *testing.T
	svc    *handlers.Service
	clk    *clock.Fake
	outbox *scheduler.Outbox
	rec    *recorder

	console bytes.Buffer // what the console prints of the recorded step
	calls   []slackCall  // what Slack receives of it
}

func newGoldenBot(t *testing.T) *goldenBot {
	t.Helper()
	s := storagetest.SQLite(t)
	tb := handlerstest.New(t, s, handlerstest.Options{Start: goldenStart, LoadRules: true})
	svc, clk, log := tb.Service, tb.Clock, handlerstest.Discard()
	rec := &recorder{}
	return &goldenBot{t: t, svc: svc, clk: clk, rec: rec,
		outbox: &scheduler.Outbox{Store: s, Sender: rec, Clock: clk, Log: log, Worker: "golden"}}
}

// step is one thing a person does: the request and how the transcript
// shows it.
type step struct {
	who, shown string
	req        handlers.Request
	button     string // label of the button to press on the latest message
}

// command is a slash command as Slack sends it: user text HTML-escaped.
func (g *goldenBot) command(user, cmd, text string) step {
	return step{who: user, shown: strings.TrimSpace("/" + cmd + " " + text),
		req: handlers.Request{User: user, Command: cmd, Text: chat.Escape(text), Channel: "D0" + user}}
}

// press presses the button with label on the latest delivered message
// that has one, as the person would in Slack.
func (g *goldenBot) press(user, label string) step {
	return step{who: user, shown: fmt.Sprintf("按下「%s」", label), button: label,
		req: handlers.Request{User: user, Channel: "C0"}}
}

// resolve finds the button of a click by its label.
func (g *goldenBot) resolve(st step) step {
	g.t.Helper()
	if st.button == "" {
		return st
	}
	for i := len(g.rec.got) - 1; i >= 0; i-- {
		for _, b := range g.rec.got[i].m.Buttons() {
			if b.Label == st.button {
				st.req.Action = &handlers.Action{ID: b.ActionID, Value: b.Value}
				return st
			}
		}
	}
	g.t.Fatalf("no button %q delivered", st.button)
	return st
}

// setup runs a step without recording it.
func (g *goldenBot) setup(st step) {
	g.t.Helper()
	st = g.resolve(st)
	resp := g.svc.Handle(context.Background(), st.req)
	if len(resp.Messages) == 0 && resp.Modal == nil {
		g.t.Fatalf("%s: no reply", st.shown)
	}
	g.deliver()
}

// signOff schedules the executive meeting, files its minutes and has the
// office director pass them: the mayor's signature is next.
func (g *goldenBot) signOff() {
	g.setup(g.command("U0OFFSTAFF", "meeting", execMeeting))
	g.clk.Set(time.Date(2026, 12, 4, 12, 0, 0, 0, goldenZone))
	g.setup(g.command("U0OFFSTAFF", "meeting", minutes))
	g.clk.Advance(30 * time.Minute)
	g.setup(g.press("U0OFFDIR", "审核通过"))
	g.clk.Advance(30 * time.Minute)
}

// record runs a step and records the reply and every message it causes
// (only those to the given conversations, when some are given).
func (g *goldenBot) record(st step, only ...string) {
	g.t.Helper()
	st = g.resolve(st)
	con := &Console{Service: g.svc, User: st.who, Out: &g.console}
	fmt.Fprintf(&g.console, ">>> %s：%s\n", st.who, st.shown)
	resp := g.svc.Handle(context.Background(), st.req)
	if len(resp.Messages) == 0 && resp.Modal == nil {
		g.t.Fatalf("%s: no reply", st.shown)
	}
	con.show(resp)
	for _, m := range resp.Messages {
		sameAnswerJSON(g.t, m)
		g.calls = append(g.calls, slackCall{API: "response_url", ResponseType: "ephemeral",
			Text: fallbackText(m), Blocks: renderMessage(m)})
	}
	for _, d := range g.deliver() {
		if len(only) > 0 && !contains(only, d.channel) {
			continue
		}
		g.console.WriteString("\n")
		if d.update {
			_ = con.Update(context.Background(), d.channel, d.ts, d.m)
			g.calls = append(g.calls, slackCall{API: "chat.update", Channel: d.channel, TS: d.ts,
				Text: fallbackText(d.m), Blocks: renderMessage(d.m)})
			continue
		}
		_, _, _ = con.Post(context.Background(), d.channel, d.threadTS, d.m)
		sameAnswerJSON(g.t, d.m)
		g.calls = append(g.calls, slackCall{API: "chat.postMessage", Channel: d.channel, ThreadTS: d.threadTS,
			Text: fallbackText(d.m), Blocks: renderMessage(d.m)})
	}
}

// recordHome records a person's App Home.
func (g *goldenBot) recordHome(user string) {
	g.t.Helper()
	blocks, err := g.svc.Home(context.Background(), user)
	if err != nil {
		g.t.Fatal(err)
	}
	fmt.Fprintf(&g.console, ">>> %s：打开 App 首页\n", user)
	con := &Console{Service: g.svc, User: user, Out: &g.console}
	con.printMessage(chat.Message{Blocks: blocks})
	view := renderHome(blocks)
	g.calls = append(g.calls, slackCall{API: "views.publish", UserID: user, View: &view})
}

// deliver drains the outbox and returns what it delivered.
func (g *goldenBot) deliver() []delivery {
	g.t.Helper()
	before := len(g.rec.got)
	if _, err := g.outbox.DrainOnce(context.Background()); err != nil {
		g.t.Fatal(err)
	}
	return g.rec.got[before:]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// recorder is a scheduler.Sender that keeps what it is given, with
// timestamps that count up.
type recorder struct {
	got []delivery
	n   int
}

type delivery struct {
	channel, threadTS, ts string
	update                bool
	m                     chat.Message
}

func (r *recorder) Post(_ context.Context, channel, threadTS string, m chat.Message) (string, string, error) {
	r.n++
	ts := fmt.Sprintf("1795500000.%06d", r.n)
	r.got = append(r.got, delivery{channel: channel, threadTS: threadTS, ts: ts, m: m})
	return channel, ts, nil
}

func (r *recorder) Update(_ context.Context, channel, ts string, m chat.Message) error {
	r.got = append(r.got, delivery{channel: channel, ts: ts, update: true, m: m})
	return nil
}

// slackCall is one Web API call (or response_url post) the bot makes.
type slackCall struct {
	API          string                    `json:"api"`
	ResponseType string                    `json:"response_type,omitempty"`
	Channel      string                    `json:"channel,omitempty"`
	ThreadTS     string                    `json:"thread_ts,omitempty"`
	TS           string                    `json:"ts,omitempty"`
	UserID       string                    `json:"user_id,omitempty"`
	Text         string                    `json:"text,omitempty"`
	Blocks       []slack.Block             `json:"blocks,omitempty"`
	View         *slack.HomeTabViewRequest `json:"view,omitempty"`
}

// marshalCalls is indented JSON with <, > and & as typed, so mentions and
// escapes read as Slack receives them; the zero-width spaces that let Slack
// bold words inside Chinese text are written as \u200b, so a diff shows them.
func marshalCalls(calls []slackCall) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(calls); err != nil {
		return nil, err
	}
	return bytes.ReplaceAll(b.Bytes(), []byte("\u200b"), []byte(`\u200b`)), nil
}
