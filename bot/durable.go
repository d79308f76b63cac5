package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"github.com/slack-go/slack/slackevents"

	"officebot/chat"
	"officebot/handlers"
	"officebot/msg"
	"officebot/storage"
)

// A request Slack delivered is recorded with what it asks for (a job)
// before Slack gets its ack, claimed by this process while it is handled,
// and marked handled afterwards. A process killed in between leaves the
// record unhandled; when its claim expires another process (or this one
// restarted) replays it: nothing acknowledged is lost (SPEC §4).
const (
	// claimLease is how long a record stays with the process that took it
	// on without a renewal; a crashed process's requests are replayed after
	// at most this long. Handling renews it every claimRenew.
	claimLease = 30 * time.Second
	claimRenew = 10 * time.Second
	// replayWindow bounds replays: a response_url is valid for 30 minutes,
	// and an answer later than that would surprise. Older requests are
	// abandoned and the person told so.
	replayWindow = 30 * time.Minute
	// replayAttempts bounds the handlings of one request (a request that
	// kills the process every time must not kill every replica forever).
	replayAttempts = 3
	// replayEvery is how often a running process looks for requests to replay.
	replayEvery = 10 * time.Second
)

// job is what a taken-on request asks for, as stored in its record.
type job struct {
	Requests []handlers.Request `json:"requests,omitempty"` // slash command, button presses, a modal submission
	To       reply              `json:"to"`                 // where the answers go
	// Submission: a modal submission; replayed, its outcome goes to the
	// person in a direct message (the modal is long closed).
	Submission bool            `json:"submission,omitempty"`
	Event      json.RawMessage `json:"event,omitempty"` // an Events API callback, run through event()
	User       string          `json:"user,omitempty"`  // who asked: told when the request is abandoned
}

func newWorkerName() string {
	host, _ := os.Hostname()
	return host + "-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatUint(rand.Uint64()%1e6, 36)
}

// take records a request under key with its job, claimed by this process,
// and reports whether it is new (false: a redelivery, to acknowledge only).
func (b *Bot) take(ctx context.Context, key string, j job) (bool, error) {
	data, err := json.Marshal(j)
	if err != nil {
		return false, fmt.Errorf("encode slack request %s: %w", key, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return b.service.Store.TakeDelivery(ctx, key, string(data), b.worker, b.clock.Now(), claimLease)
}

// takeOrKeep takes a request on. It reports false for a redelivery. When the
// record cannot be written the request is still handled (answering beats
// not answering) but not durably: the returned key is then empty.
func (b *Bot) takeOrKeep(ctx context.Context, key string, j job) (string, bool) {
	first, err := b.take(ctx, key, j)
	if err != nil {
		b.log.Error("record slack request; handling it without a record", "key", key, "err", err)
		return "", true
	}
	return key, first
}

// holdClaim renews this process's claim on key until the returned function
// is called.
func (b *Bot) holdClaim(key string) (release func()) {
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(claimRenew)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				if err := b.service.Store.RenewDelivery(ctx, key, b.worker, b.clock.Now().Add(claimLease)); err != nil {
					b.log.Warn("renew claim on slack request", "key", key, "err", err)
				}
				cancel()
			}
		}
	}()
	return func() { close(stop); <-done }
}

// finish marks key handled, unless a transaction of the handling (its
// context, handled) did already: most state changes mark their request
// with their own commit, and need no second transaction.
func (b *Bot) finish(handled context.Context, key string) {
	if storage.HandledIn(handled) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := b.service.Store.FinishDelivery(ctx, key, storage.DeliveryHandled, b.clock.Now()); err != nil {
		b.log.Error("mark slack request handled (it may be replayed)", "key", key, "err", err)
	}
}

// runJob handles a job; replay says it was taken on before a crash.
func (b *Bot) runJob(ctx context.Context, j job, replay bool) {
	if len(j.Event) > 0 {
		ev, err := slackevents.ParseEvent(j.Event, slackevents.OptionNoVerifyToken())
		if err != nil {
			b.log.Error("stored slack event unreadable", "err", err)
			return
		}
		b.event(ctx, ev.InnerEvent)
		return
	}
	to := j.To
	if replay {
		to.TriggerID = "" // valid for 3 seconds: long gone
	}
	for _, req := range j.Requests {
		if j.Submission {
			b.lateSubmission(ctx, b.service.Handle(ctx, req), to.User)
			continue
		}
		b.answer(ctx, req, to)
	}
}

// ReplayOnce replays the requests taken on (by any process) and never
// handled whose claim expired: the process handling them died. Those
// received more than 30 minutes ago are abandoned instead and the person
// told so. It reports how many it replayed; their handling runs in the
// background (Wait waits for it).
func (b *Bot) ReplayOnce(ctx context.Context) (int, error) {
	n := 0
	for {
		now := b.clock.Now()
		rows, err := b.service.Store.ClaimUnhandledDeliveries(ctx, b.worker, now, claimLease, 50)
		if err != nil {
			return n, err
		}
		if len(rows) == 0 {
			return n, nil
		}
		for _, r := range rows {
			var j job
			err := json.Unmarshal([]byte(r.Payload), &j)
			age := now.Sub(r.ReceivedAt)
			switch {
			case err != nil:
				b.abandon(ctx, r, j, "unreadable payload: "+err.Error())
			case age > replayWindow:
				b.abandon(ctx, r, j, "older than the replay window")
			case r.Attempts > replayAttempts:
				b.abandon(ctx, r, j, "handled "+strconv.Itoa(replayAttempts)+" times without finishing")
			default:
				b.log.Warn("replaying a slack request acknowledged but not handled (its process died)",
					"key", r.Key, "received_at", r.ReceivedAt, "attempt", r.Attempts)
				b.metrics.requests.WithLabelValues("replay", "replayed").Inc()
				b.spawnFor(r.Key, func(ctx context.Context) { b.runJob(ctx, j, true) })
				n++
			}
		}
	}
}

// abandon marks a request that will not be handled and tells its person.
func (b *Bot) abandon(ctx context.Context, r storage.SlackDelivery, j job, why string) {
	b.log.Error("abandoning a slack request acknowledged but never handled", "key", r.Key,
		"received_at", r.ReceivedAt, "user", j.User, "why", why)
	b.metrics.requests.WithLabelValues("replay", "abandoned").Inc()
	var notices []chat.Message
	if j.User != "" {
		at := r.ReceivedAt
		if b.service.Calendar != nil {
			at = at.In(b.service.Calendar.Location())
		}
		notices = append(notices, chat.Message{Channel: j.User, Text: msg.T("slack.abandoned", at.Format("01-02 15:04"))})
	}
	// The notice goes through the outbox, queued on the outbox's clock.
	if err := b.service.Store.FinishDelivery(ctx, r.Key, storage.DeliveryAbandoned, b.service.Clock.Now(), notices...); err != nil {
		b.log.Error("mark slack request abandoned", "key", r.Key, "err", err)
		return
	}
	if b.service.Queued != nil && len(notices) > 0 {
		b.service.Queued()
	}
}

// RunReplay replays what crashed processes left unhandled (ReplayOnce) at
// once and then every 10 seconds, until ctx ends.
func (b *Bot) RunReplay(ctx context.Context) {
	tick := time.NewTicker(replayEvery)
	defer tick.Stop()
	for {
		if _, err := b.ReplayOnce(ctx); err != nil && ctx.Err() == nil {
			b.log.Warn("replay slack requests", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// eventUser is who asked the bot something with an event (a mention, a
// direct message), to tell them should it be abandoned; "" for the rest.
func eventUser(inner slackevents.EventsAPIInnerEvent) string {
	switch ev := inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		return ev.User
	case *slackevents.MessageEvent:
		if ev.ChannelType == "im" {
			return ev.User
		}
	}
	return ""
}

// eventJob is the job of an Events API callback body (or Socket Mode
// payload) raw, whose inner event is inner.
func eventJob(raw []byte, inner slackevents.EventsAPIInnerEvent) job {
	return job{Event: json.RawMessage(raw), User: eventUser(inner)}
}
