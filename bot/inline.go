package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"officebot/handlers"
	"officebot/msg"
)

// A slash command whose capability declares it read-only
// (handlers.Service.ReadOnly: /rules, help, whoami, the lists and statuses)
// is answered inside Slack's request: run within Config.ReadBudget, its
// answer is the acknowledgement's body (over HTTP) or payload (Socket
// Mode). Nothing is recorded and nothing is posted to response_url: a crash
// before the ack loses only an answer Slack never got, and the person sees
// the command fail. A read that takes longer than the budget is recorded
// then (as any request) and acknowledged without its answer, which goes to
// response_url when it is ready; a crash before that replays it.

// commandAnswer is a slash command's answer in its acknowledgement.
type commandAnswer struct {
	ResponseType string        `json:"response_type"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks,omitempty"`
}

// Outcomes of a slash command in the metrics.
const (
	outcomeAnswered  = "answered"  // read-only, answered in the ack
	outcomeOK        = "ok"        // recorded, answered after the ack
	outcomeDuplicate = "duplicate" // a redelivery: acknowledged only
)

// commandRequest is the handlers' request of a slash command and the job
// that records it.
func commandRequest(cmd slack.SlashCommand) (handlers.Request, job) {
	req := handlers.Request{User: cmd.UserID, Command: strings.TrimPrefix(cmd.Command, "/"),
		Text: strings.TrimSpace(cmd.Text), Channel: cmd.ChannelID}
	j := job{Requests: []handlers.Request{req}, User: cmd.UserID,
		To: reply{ResponseURL: cmd.ResponseURL, TriggerID: cmd.TriggerID, User: cmd.UserID}}
	return req, j
}

// afterAck is what the transport decided about a read run inline once the
// ack is on its way: answered in it, or to be delivered (recorded under key
// when not empty), or dropped (a redelivery handled elsewhere).
type afterAck struct {
	answered bool
	drop     bool
	key      string
}

// answerInline answers a read-only slash command inside the request. It
// reports false when cmd may change state: the caller takes it on durably.
// Otherwise it returns the ack's body (nil: an empty ack) and the outcome.
// key names the request's record should the read exceed the budget.
func (b *Bot) answerInline(ctx context.Context, cmd slack.SlashCommand, key func() string) (body any, outcome string, ok bool) {
	req, j := commandRequest(cmd)
	if !b.service.ReadOnly(req) {
		return nil, "", false
	}
	result := make(chan handlers.Response, 1)
	after := make(chan afterAck, 1)
	b.work.Add(1)
	b.metrics.inFlight.Inc()
	go func() {
		defer b.work.Done()
		defer b.metrics.inFlight.Dec()
		hctx, cancel := context.WithTimeout(context.Background(), workTimeout)
		defer cancel()
		resp := b.handleRecovered(hctx, req)
		result <- resp
		a := <-after
		if a.answered || a.drop {
			return
		}
		if a.key != "" {
			defer b.finish(hctx, a.key) // a read marks nothing: always finished here
			defer b.holdClaim(a.key)()
		}
		b.deliver(hctx, resp, j.To)
	}()
	timer := time.NewTimer(b.cfg.ReadBudget)
	defer timer.Stop()
	select {
	case resp := <-result:
		if body, fits := ackBody(resp); fits {
			after <- afterAck{answered: true}
			return body, outcomeAnswered, true
		}
		// A modal to open or several messages: delivered after the ack.
		// The read is done: nothing to record.
		after <- afterAck{}
		return nil, outcomeOK, true
	case <-timer.C:
		t, first := b.takeOrKeep(ctx, key(), j)
		if !first {
			after <- afterAck{drop: true}
			return nil, outcomeDuplicate, true
		}
		if !t.recorded {
			t.key = "" // the read runs on, unrecorded: nothing to mark
		}
		after <- afterAck{key: t.key}
		return nil, outcomeOK, true
	}
}

// handleRecovered runs req through the handlers; a panic becomes the
// person's "internal error" answer.
func (b *Bot) handleRecovered(ctx context.Context, req handlers.Request) (resp handlers.Response) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("slack request handling panicked", "panic", fmt.Sprint(p))
			resp = handlers.Reply(msg.T("common.internal"))
		}
	}()
	return b.service.Handle(ctx, req)
}

// ackBody is resp as a slash command's acknowledgement, if it fits there:
// at most one message, no modal, no file.
func ackBody(resp handlers.Response) (any, bool) {
	if resp.Modal != nil || len(resp.Errors) > 0 || len(resp.Messages) > 1 {
		return nil, false
	}
	if len(resp.Messages) == 0 {
		return nil, true
	}
	m := resp.Messages[0]
	if m.Upload != nil {
		return nil, false
	}
	return commandAnswer{ResponseType: "ephemeral", Text: fallbackText(m), Blocks: renderMessage(m)}, true
}
