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
// record cannot be written (the database down) the request is still
// acknowledged and taken on: its handling writes the record first, retrying
// (spawnFor), so it is not lost unless the process dies meanwhile.
func (b *Bot) takeOrKeep(ctx context.Context, key string, j job) (taken, bool) {
	first, err := b.take(ctx, key, j)
	if err != nil {
		b.log.Error("record slack request; it will be recorded when the database answers", "key", key, "err", err)
		return taken{key: key, job: j}, true
	}
	return taken{key: key, recorded: true, job: j}, first
}

// recordLate writes the record of a request acknowledged without one,
// retrying with w's backoff. It reports false when the request is not to
// be handled here: a redelivery took it on meanwhile, or the database
// stayed unavailable for the request's whole time, and the person is told
// it was not done.
func (b *Bot) recordLate(ctx context.Context, t taken, w *busyWaiter) bool {
	for {
		first, err := b.take(ctx, t.key, t.job)
		if err == nil && !first {
			// A take whose COMMIT was cut off may have written the record:
			// then it is claimed by this process.
			var by string
			var handled bool
			by, handled, err = b.service.Store.DeliveryClaim(ctx, t.key)
			first = err == nil && by == b.worker && !handled
			if err == nil && !first {
				return false // taken on elsewhere
			}
		}
		if err == nil && first {
			b.log.Info("slack request recorded after the database came back", "key", t.key)
			return true
		}
		if !w.wait() {
			b.log.Error("slack request never recorded: the database stayed unavailable; the person is told to try again",
				"key", t.key, "user", t.job.User, "err", err)
			b.metrics.requests.WithLabelValues("handling", "not_recorded").Inc()
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			at := b.clock.Now()
			if b.service.Calendar != nil {
				at = at.In(b.service.Calendar.Location())
			}
			to := t.job.To
			if t.job.Submission || len(t.job.Event) > 0 {
				to = reply{User: t.job.User}
			}
			to.TriggerID = ""
			if to != (reply{}) {
				b.deliver(ctx, handlers.Reply(msg.T("slack.not_recorded", at.Format("01-02 15:04"))), to)
			}
			return false
		}
	}
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
// with their own commit, and need no second transaction. A database fault
// is retried with backoff for a while: left unmarked, the request would be
// replayed and answered twice.
func (b *Bot) finish(handled context.Context, key string) {
	if storage.HandledIn(handled) {
		return
	}
	b.retryRecord("mark slack request handled", key, func(ctx context.Context) error {
		return b.service.Store.FinishDelivery(ctx, key, storage.DeliveryHandled, b.clock.Now())
	})
}

// release gives back the claim on a request left unhandled by a database
// fault, for a replay; should that fail too, the claim expires.
func (b *Bot) release(key string) {
	b.retryRecord("release slack request for a replay", key, func(ctx context.Context) error {
		return b.service.Store.ReleaseDelivery(ctx, key, b.worker, b.clock.Now())
	})
}

// retryRecord runs op until it succeeds, retrying transient database faults
// for up to half a claim's lease (the claim stays this process's meanwhile).
func (b *Bot) retryRecord(what, key string, op func(ctx context.Context) error) {
	wait := 50 * time.Millisecond
	for spent := time.Duration(0); ; spent += wait {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := op(ctx)
		cancel()
		if err == nil {
			return
		}
		if !storage.Transient(err) || spent+wait > claimLease/2 {
			b.log.Error(what+" failed (it may be replayed)", "key", key, "err", err)
			return
		}
		time.Sleep(wait)
		wait = min(2*wait, 2*time.Second)
	}
}

// runJob handles a job; replay says it was taken on before a crash. It
// reports false when the job met a transient database fault and changed
// nothing (to run again).
func (b *Bot) runJob(ctx context.Context, j job, replay bool) bool {
	if len(j.Event) > 0 {
		ev, err := slackevents.ParseEvent(j.Event, slackevents.OptionNoVerifyToken())
		if err != nil {
			b.log.Error("stored slack event unreadable", "err", err)
			return true
		}
		return b.event(ctx, ev.InnerEvent)
	}
	to := j.To
	if replay {
		to.TriggerID = "" // valid for 3 seconds: long gone
	}
	for _, req := range j.Requests {
		if j.Submission {
			resp, err := b.service.Try(ctx, req)
			if err != nil {
				b.log.Warn("modal submission met a database fault; it will run again", "user", req.User, "err", err)
				return false
			}
			b.lateSubmission(ctx, resp, to.User)
			continue
		}
		if !b.answer(ctx, req, to) {
			return false
		}
	}
	return true
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
				b.spawnFor(taken{key: r.Key, recorded: true, job: j, replay: true},
					func(ctx context.Context) bool { return b.runJob(ctx, j, true) })
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
