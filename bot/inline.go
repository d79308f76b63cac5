package bot

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
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

// lateAck is what the transport did about a read whose budget ran out: it
// acknowledged the request without the answer and recorded it under key
// (empty: not recorded, the database being unavailable), or dropped it (a
// redelivery taken on elsewhere). release ends the read's claim on the
// record and its time limit.
type lateAck struct {
	drop    bool
	key     string
	release func()
}

// Where a read run inline stands, for whichever of its end and its budget's
// end comes first.
const (
	readRunning int32 = iota
	readDone          // the read ended within its budget: answered in the ack
	readLate          // the budget ran out: acknowledged without the answer
)

// answerInline answers a read-only slash command inside the request, on
// the caller's goroutine (a goroutine per read cost the /rules ack ~13 %
// of its CPU in growing its stack). It reports false, calling nothing,
// when cmd may change state: the caller takes it on durably. Otherwise it
// calls ack exactly once, with the acknowledgement's body (nil: an empty
// ack) and the outcome, and returns when the read is done:
//
//   - Within Config.ReadBudget the body is the answer (more false).
//   - An answer that does not fit in an ack (a modal, several messages) is
//     acknowledged empty, and delivered after the ack on a goroutine of
//     its own (more false: answerInline returns at once).
//   - When the budget runs out first, ack is called from another goroutine
//     while the read runs on (more true: the caller must send the ack at
//     once); the request is recorded under key() then, and answerInline
//     delivers the answer to response_url when the read is done, before
//     it returns. A crash meanwhile replays it.
func (b *Bot) answerInline(ctx context.Context, cmd slack.SlashCommand, key func() string, ack func(body any, outcome string, more bool)) bool {
	req, j := commandRequest(cmd)
	if !b.service.ReadOnly(req) {
		return false
	}
	b.work.Add(1)
	b.metrics.inFlight.Inc()
	defer b.work.Done()
	defer b.metrics.inFlight.Dec()
	// No deadline while within the budget (a timer per request costs
	// more than the read of an article); a late read gets workTimeout.
	hctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var state atomic.Int32
	late := make(chan lateAck, 1)
	budget := time.AfterFunc(b.cfg.ReadBudget, func() {
		if !state.CompareAndSwap(readRunning, readLate) {
			return
		}
		limit := time.AfterFunc(workTimeout-b.cfg.ReadBudget, cancel)
		t, first := b.takeOrKeep(ctx, key(), j)
		if !first {
			limit.Stop()
			ack(nil, outcomeDuplicate, true)
			late <- lateAck{drop: true}
			return
		}
		if !t.recorded {
			t.key = "" // the read runs on, unrecorded: nothing to mark
		}
		release := func() { limit.Stop() }
		if t.key != "" {
			unclaim := b.holdClaim(t.key)
			release = func() { unclaim(); limit.Stop() }
		}
		ack(nil, outcomeOK, true)
		late <- lateAck{key: t.key, release: release}
	})
	resp := b.handleRecovered(hctx, req)
	if state.CompareAndSwap(readRunning, readDone) {
		budget.Stop()
		if body, fits := ackBody(resp); fits {
			ack(body, outcomeAnswered, false)
			return true
		}
		// A modal to open or several messages: delivered after the ack.
		// The read is done: nothing to record.
		b.work.Add(1)
		go func() {
			defer b.work.Done()
			dctx, cancel := context.WithTimeout(context.Background(), workTimeout)
			defer cancel()
			b.deliver(dctx, resp, j.To)
		}()
		ack(nil, outcomeOK, false)
		return true
	}
	a := <-late
	if a.drop {
		return true
	}
	defer a.release()
	if a.key != "" {
		defer b.finish(hctx, a.key) // a read marks nothing: always finished here
	}
	b.deliver(hctx, resp, j.To)
	return true
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
