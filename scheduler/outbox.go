// Package scheduler runs the bot's timed work: the outbox delivery worker
// and the cron jobs that remind people of deadlines.
package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"time"

	"officebot/chat"
	"officebot/clock"
	"officebot/storage"
)

// Sender delivers a message to a chat platform: Slack, or the console.
//
// What a Sender returns decides what the outbox does with the message:
//   - nil: sent.
//   - *PermanentError (channel_not_found, invalid_auth, ...): moved to the
//     failed state with the error, for an admin (`officebot outbox list --failed`).
//   - an error with RetryAfterDuration() (use RateLimited; bot wraps slack-go's
//     *slack.RateLimitedError with its RetryAfter): retried after that delay;
//     the conversation waits, others go on.
//   - an error with Retryable() true (slack-go's StatusCodeError for 5xx),
//     a net.Error, a timeout: retried with capped exponential backoff and
//     jitter, for as long as it takes (a Slack outage delays, loses nothing).
//   - an error with Retryable() false (an HTTP 4xx): failed.
//   - anything else: retried with backoff up to MaxAttempts, then failed.
type Sender interface {
	// Post posts m to channel (a person's ID for a direct message), in the
	// thread threadTS when it is set, and returns where it landed.
	Post(ctx context.Context, channel, threadTS string, m chat.Message) (postedChannel, ts string, err error)
	// Update replaces the message at channel and ts.
	Update(ctx context.Context, channel, ts string, m chat.Message) error
}

// DeliveryChecker is optionally implemented by a Sender that can tell
// whether a message was already delivered (e.g. the Slack sender tags each
// post with the outbox ID from OutboxID(ctx) as message metadata and looks
// for it in conversations.history). The outbox asks it before re-sending a
// message whose previous worker died mid-send, which closes the
// at-least-once window.
//
// Delivered reports whether the message of outbox row outboxID, addressed
// to channel, is already there, and where (as Post would have answered).
// ok with a nil error: the row is marked sent (an item's root recorded as
// its thread) and not sent again; not ok with a nil error: it was not
// delivered and is sent now; an error (network, rate limit, a search that
// could not finish): it is sent again, as without a checker. Its ctx carries
// a DeliveryWindow (CheckWindow) saying where and since when to look; it is
// not asked about an update (chat.update is idempotent).
type DeliveryChecker interface {
	Delivered(ctx context.Context, channel string, outboxID uint64) (postedChannel, ts string, ok bool, err error)
}

// DeliveryWindow tells a DeliveryChecker where to look for a message.
type DeliveryWindow struct {
	// Since is the row's first claim, by the database server's clock: the
	// message cannot have been posted before it (give or take clock skew
	// between the database and the platform). Zero when the row does not
	// know (claimed before the column existed).
	Since time.Time
	// ThreadTS is the item's thread the message goes into, if any.
	ThreadTS string
	// File and Text are set for a message that posts a copy of a file: such
	// a post carries no metadata tag, so it is recognised by the file's name
	// and its comment.
	File, Text string
}

type windowKey struct{}

// CheckWindow returns the DeliveryWindow of a DeliveryChecker call.
func CheckWindow(ctx context.Context) (DeliveryWindow, bool) {
	w, ok := ctx.Value(windowKey{}).(DeliveryWindow)
	return w, ok
}

// PermanentError marks a send that will never succeed (channel_not_found,
// invalid_auth, ...): the row is moved to the failed state.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// RetryAfterError is a rate-limit answer (HTTP 429) telling when to retry.
type RetryAfterError interface {
	error
	RetryAfterDuration() time.Duration
}

// RateLimited wraps err as a RetryAfterError: the message is retried after d.
func RateLimited(d time.Duration, err error) error { return &rateLimited{d: d, err: err} }

type rateLimited struct {
	d   time.Duration
	err error
}

func (e *rateLimited) Error() string {
	return fmt.Sprintf("rate limited, retry after %s: %v", e.d, e.err)
}
func (e *rateLimited) Unwrap() error                     { return e.err }
func (e *rateLimited) RetryAfterDuration() time.Duration { return e.d }

// Limits paces deliveries to the platform's rate limits. The zero value
// does not pace (the console).
type Limits struct {
	// PerConversation is the least time between two messages to one channel
	// or person. It holds across replicas: a conversation is not claimed
	// while its last message was sent less than this long ago.
	PerConversation time.Duration
	// Global is the least time between two API calls of this process (the
	// method tier); a replica each has its own.
	Global time.Duration
}

// SlackLimits are Slack's documented limits: chat.postMessage allows about
// one message per second per channel, and several hundred per minute per
// workspace.
var SlackLimits = Limits{PerConversation: time.Second, Global: 50 * time.Millisecond}

// Outbox delivers the outbox table through a Sender: in order per
// conversation, paced, retried, each message once. Store, Sender and Clock
// are required; every other field has a working default. Several Outboxes
// (in one process or in replicas on one PostgreSQL database) may run at
// once: rows are claimed with a lease.
//
// A worker that dies after Slack accepted a message but before its
// one-statement "sent" update commits leaves the claim behind; when the
// lease expires another worker takes the row in doubt and, if the Sender is
// a DeliveryChecker, asks it first: found, the row is marked sent; not
// found, it is sent; the check failing, it is sent again (at-least-once).
// Sends time out well before the lease ends, so a live worker never loses a
// claim it is using.
type Outbox struct {
	Store  *storage.Store
	Sender Sender
	Clock  clock.Clock
	Log    *slog.Logger

	Limits       Limits
	Worker       string        // this worker's name in claims; default host-pid-random
	Lease        time.Duration // how long a claim keeps other workers away; default 2 min
	SendTimeout  time.Duration // one API call; default 30 s (keep well below Lease)
	Concurrency  int           // conversations sent to at once by Run; default 16
	BackoffBase  time.Duration // first retry delay; default 2 s
	BackoffMax   time.Duration // retry delay cap; default 5 min
	MaxAttempts  int           // for unclassified errors; default 10
	PollInterval time.Duration // how often Run looks for work it was not told of; default 1 s
	// After, when set, limits DrainOnce to the messages with an ID above it
	// (storage.ClaimOutboxAfter): a one-shot pass delivering only what it
	// queued, leaving older messages for the worker that serves Slack.
	After uint64

	// markSent records a delivery; Store.MarkOutboxSent unless a test
	// makes the database fail (export_test.go).
	markSent func(ctx context.Context, id uint64, worker string, at time.Time, thread *storage.SlackThread) (bool, error)
	// claim takes rows for Run; Store.ClaimOutbox unless a test makes the
	// database fail.
	claim func(ctx context.Context, worker string, now time.Time, lease, pace time.Duration, limit int) ([]storage.OutboxMessage, error)

	initOnce sync.Once
	metrics  *metrics
	wake     chan struct{}
	global   pacer
}

func (o *Outbox) init() {
	o.initOnce.Do(func() {
		if o.Worker == "" {
			host, _ := os.Hostname()
			o.Worker = host + "-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatUint(rand.Uint64()%1e6, 36)
		}
		if o.Lease <= 0 {
			o.Lease = 2 * time.Minute
		}
		if o.SendTimeout <= 0 {
			o.SendTimeout = 30 * time.Second
		}
		if o.Concurrency <= 0 {
			o.Concurrency = 16
		}
		if o.BackoffBase <= 0 {
			o.BackoffBase = 2 * time.Second
		}
		if o.BackoffMax <= 0 {
			o.BackoffMax = 5 * time.Minute
		}
		if o.MaxAttempts <= 0 {
			o.MaxAttempts = 10
		}
		if o.PollInterval <= 0 {
			o.PollInterval = time.Second
		}
		if o.Log == nil {
			o.Log = slog.New(slog.DiscardHandler)
		}
		o.metrics = newMetrics(o)
		o.wake = make(chan struct{}, 1)
	})
}

// Notify tells a running worker that new messages were queued, so it looks
// now rather than at its next poll.
func (o *Outbox) Notify() {
	o.init()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// outcome is what became of one delivery attempt.
type outcome struct {
	id           uint64
	conversation string
	sent         bool
	retryAt      time.Time // when the conversation may go on; zero = now
	err          error     // the send error, if not sent
}

// DrainOnce delivers every due message synchronously, conversation by
// conversation in order, pacing with Limits, and reports how many it sent.
// Messages that must wait for a retry stay queued (Run or a later DrainOnce
// sends them); the error then says how many and why.
func (o *Outbox) DrainOnce(ctx context.Context) (int, error) {
	o.init()
	sent, waiting := 0, 0
	var firstErr error
	lastSent := map[string]time.Time{}
	for {
		var rows []storage.OutboxMessage
		var err error
		if o.After > 0 {
			rows, err = o.Store.ClaimOutboxAfter(ctx, o.Worker, o.Clock.Now(), o.Lease, o.After, 100)
		} else {
			rows, err = o.Store.ClaimOutbox(ctx, o.Worker, o.Clock.Now(), o.Lease, 0, 100)
		}
		if err != nil {
			return sent, err
		}
		if len(rows) == 0 {
			break
		}
		for _, row := range rows {
			if err := ctx.Err(); err != nil {
				o.release(row)
				continue
			}
			if o.Limits.PerConversation > 0 {
				if t, ok := lastSent[row.Conversation]; ok {
					sleep(ctx, time.Until(t.Add(o.Limits.PerConversation)))
				}
			}
			out := o.deliver(ctx, row)
			if out.sent {
				sent++
				lastSent[row.Conversation] = o.realNow()
			} else if out.err != nil {
				waiting++
				if firstErr == nil {
					firstErr = out.err
				}
			}
		}
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
	}
	if firstErr != nil {
		return sent, fmt.Errorf("outbox: %d messages not delivered (retried later or failed), first: %w", waiting, firstErr)
	}
	return sent, nil
}

// Run delivers the outbox until ctx ends, then waits for the sends in
// flight (each bounded by SendTimeout) and returns. It sends to up to
// Concurrency conversations at once; a conversation waiting for a retry or
// for its pace holds up nobody else.
func (o *Outbox) Run(ctx context.Context) error {
	o.init()
	var (
		wg       sync.WaitGroup
		done     = make(chan outcome, o.Concurrency)
		inflight = 0
		wakeAt   []time.Time // when a conversation we sent to may go on
		timer    = time.NewTimer(0)
	)
	defer timer.Stop()
	defer wg.Wait()
	sending := map[uint64]bool{} // the rows being delivered
	orphans := false             // a claim may have committed unseen
	for {
		free := o.Concurrency - inflight
		if orphans && ctx.Err() == nil {
			orphans = !o.releaseOrphans(ctx, sending)
		}
		if free > 0 && ctx.Err() == nil && !orphans {
			claim := o.claim
			if claim == nil {
				claim = o.Store.ClaimOutbox
			}
			rows, err := claim(ctx, o.Worker, o.Clock.Now(), o.Lease, o.Limits.PerConversation, free)
			if err != nil && ctx.Err() == nil {
				o.Log.Error("outbox claim", "err", err)
				orphans = storage.Transient(err)
			}
			for _, row := range rows {
				inflight++
				sending[row.ID] = true
				wg.Add(1)
				go func() {
					defer wg.Done()
					done <- o.deliver(ctx, row)
				}()
			}
		}
		// Sleep until a send finishes, someone queues, a conversation's pace
		// or retry ends, or the poll interval passes.
		next := o.realNow().Add(o.PollInterval)
		kept := wakeAt[:0]
		now := o.realNow()
		for _, t := range wakeAt {
			if t.After(now) {
				kept = append(kept, t)
				if t.Before(next) {
					next = t
				}
			}
		}
		wakeAt = kept
		resetTimer(timer, time.Until(next))
		select {
		case <-ctx.Done():
			for inflight > 0 {
				<-done
				inflight--
			}
			return nil
		case out := <-done:
			inflight--
			delete(sending, out.id)
			if out.retryAt.IsZero() {
				break
			}
			wakeAt = append(wakeAt, out.retryAt.Add(2*time.Millisecond))
		case <-o.wake:
		case <-timer.C:
		}
	}
}

// deliver sends one claimed row and records the outcome. The send is not
// cancelled with ctx (a send cut in half leaves the message in doubt); it is
// bounded by SendTimeout. Recording uses a context that outlives ctx too, so
// a message Slack accepted is marked sent even during shutdown.
func (o *Outbox) deliver(ctx context.Context, row storage.OutboxMessage) outcome {
	out := outcome{id: row.ID, conversation: row.Conversation}
	if o.Limits.Global > 0 {
		if err := o.global.wait(ctx, o.Limits.Global); err != nil {
			o.release(row)
			return out
		}
	}
	if ctx.Err() != nil {
		o.release(row)
		return out
	}
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.SendTimeout)
	defer cancel()
	sendCtx = withOutboxID(sendCtx, row.ID)

	m, err := row.Message()
	if err != nil {
		return o.record(row, &PermanentError{Err: err}, "", "", m)
	}
	var threadTS string
	if m.ItemKey != "" && (m.InThread || m.Update) {
		t, ok, err := o.Store.Thread(sendCtx, m.ItemKey)
		if err != nil {
			return o.record(row, err, "", "", m)
		}
		if ok {
			if m.Update {
				// Replacing the root again is harmless: no check needed.
				err := o.Sender.Update(sendCtx, t.Channel, t.TS, m)
				return o.record(row, err, "", "", m)
			}
			if t.Channel == m.Channel {
				threadTS = t.TS
			}
		}
		// The root was never posted: post the new state instead of losing it.
		m.Update = false
	}
	if row.InDoubt {
		dc, ok := o.Sender.(DeliveryChecker)
		if ok {
			w := DeliveryWindow{ThreadTS: threadTS}
			if m.File != nil {
				w.File, w.Text = m.File.Name, m.Text
			}
			if row.FirstClaimedAt != nil {
				w.Since = *row.FirstClaimedAt
			}
			ch, ts, found, err := dc.Delivered(context.WithValue(sendCtx, windowKey{}, w), m.Channel, row.ID)
			switch {
			case err == nil && found:
				o.Log.Info("outbox message found delivered after a lost claim", "id", row.ID)
				o.metrics.sends.WithLabelValues("recovered").Inc()
				return o.record(row, nil, ch, ts, m)
			case err == nil:
				o.Log.Info("outbox message whose last send may have arrived was not delivered; sending it", "id", row.ID)
			default:
				o.Log.Warn("outbox re-sending a message whose last send may have arrived; the check failed, it may arrive twice",
					"id", row.ID, "conversation", row.Conversation, "err", err)
			}
		} else {
			o.Log.Warn("outbox re-sending a message whose last send may have arrived; it may arrive twice", "id", row.ID, "conversation", row.Conversation)
		}
	}
	var uploaded string
	ch, ts, err := o.Sender.Post(context.WithValue(sendCtx, uploadKey{}, &uploaded), m.Channel, threadTS, m)
	if err == nil && uploaded != "" && m.File != nil {
		// Best effort: the message is delivered whether or not this is kept.
		if rerr := o.Store.RecordUpload(sendCtx, m.File.ID, uploaded); rerr != nil {
			o.Log.Warn("outbox: upload delivered, its file ID not recorded", "id", row.ID, "file", uploaded, "err", rerr)
		}
	}
	return o.record(row, err, ch, ts, m)
}

// record stores the outcome of a send.
func (o *Outbox) record(row storage.OutboxMessage, sendErr error, ch, ts string, m chat.Message) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out := outcome{id: row.ID, conversation: row.Conversation}
	now := o.Clock.Now()
	if sendErr == nil {
		var thread *storage.SlackThread
		if m.Root && m.ItemKey != "" && ts != "" {
			thread = &storage.SlackThread{ItemKey: m.ItemKey, Channel: ch, TS: ts}
		}
		owned, err := o.markDelivered(row, now, thread)
		if err != nil {
			o.Log.Error("outbox: message sent but not marked; it will be checked and perhaps sent again when the lease expires", "id", row.ID, "err", err)
		} else if !owned {
			o.Log.Warn("outbox: lease lost before the send finished; another worker may have sent it too", "id", row.ID)
		}
		o.metrics.sends.WithLabelValues("sent").Inc()
		out.sent = true
		out.retryAt = o.realNow().Add(o.Limits.PerConversation)
		if o.Limits.PerConversation == 0 {
			out.retryAt = time.Time{}
		}
		return out
	}
	out.err = fmt.Errorf("outbox %d to %s: %w", row.ID, row.Conversation, sendErr)
	c := classify(sendErr)
	attempts := row.Attempts + 1
	if c.kind == errUnknown && attempts >= o.MaxAttempts {
		c.kind = errPermanent
	}
	switch c.kind {
	case errPermanent:
		o.metrics.sends.WithLabelValues("failed").Inc()
		o.Log.Error("outbox message failed permanently", "id", row.ID, "conversation", row.Conversation, "attempts", attempts, "err", sendErr)
		if err := o.Store.FailOutbox(ctx, row.ID, row.ClaimedBy, sendErr.Error()); err != nil {
			o.Log.Error("outbox", "err", err)
		}
		return out
	case errRateLimited:
		o.metrics.sends.WithLabelValues("rate_limited").Inc()
	default:
		o.metrics.sends.WithLabelValues("retried").Inc()
		c.after = o.backoff(attempts)
	}
	o.Log.Warn("outbox send will be retried", "id", row.ID, "conversation", row.Conversation, "attempts", attempts, "in", c.after, "err", sendErr)
	// A 429 says Slack refused the message; a timeout, a dropped connection
	// or a 5xx does not say whether it arrived: the next attempt checks.
	doubtful := c.kind == errTransient || c.kind == errUnknown
	if err := o.Store.RescheduleOutbox(ctx, row.ID, row.ClaimedBy, now.Add(c.after), true, sendErr.Error(), doubtful); err != nil {
		o.Log.Error("outbox", "err", err)
	}
	out.retryAt = o.realNow().Add(c.after)
	return out
}

// markDelivered records that row was delivered. This worker knows the
// outcome, so when the database refuses (restarting, connection cut) it
// keeps trying with backoff, up to half the lease, rather than leaving the
// row claimed until the lease expires: the conversation's later messages
// wait behind it, and a worker taking it over would have to check or resend
// it. The lease stays for workers that died.
func (o *Outbox) markDelivered(row storage.OutboxMessage, now time.Time, thread *storage.SlackThread) (bool, error) {
	mark := o.markSent
	if mark == nil {
		mark = o.Store.MarkOutboxSent
	}
	deadline := o.realNow().Add(o.Lease / 2)
	wait := 50 * time.Millisecond
	for attempt := 1; ; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		owned, err := mark(ctx, row.ID, row.ClaimedBy, now, thread)
		cancel()
		if err == nil || o.realNow().Add(wait).After(deadline) {
			if err == nil && attempt > 1 {
				o.Log.Info("outbox: delivery recorded after the database came back", "id", row.ID, "attempts", attempt)
			}
			return owned, err
		}
		o.Log.Warn("outbox: message sent but not yet marked; retrying", "id", row.ID, "attempt", attempt, "in", wait, "err", err)
		time.Sleep(wait)
		wait = min(wait*2, 2*time.Second)
	}
}

// releaseOrphans gives back the claims of this worker it is not using,
// after a claim that failed with a lost connection: its COMMIT may have
// gone through, and the rows it claimed would otherwise wait for the lease
// to expire, holding up their conversations. It reports whether it could.
func (o *Outbox) releaseOrphans(ctx context.Context, sending map[uint64]bool) bool {
	keep := make([]uint64, 0, len(sending))
	for id := range sending {
		keep = append(keep, id)
	}
	n, err := o.Store.ReleaseOutboxClaims(ctx, o.Worker, keep)
	if err != nil {
		return false
	}
	if n > 0 {
		o.Log.Info("outbox: released claims a failed claim had taken after all", "rows", n)
	}
	return true
}

// release gives a claimed row back untouched (shutdown before the send).
func (o *Outbox) release(row storage.OutboxMessage) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := o.Store.RescheduleOutbox(ctx, row.ID, row.ClaimedBy, row.NextAttempt, false, "", false); err != nil {
		o.Log.Error("outbox release", "err", err)
	}
}

// backoff is the delay before attempt n+1: exponential from BackoffBase,
// capped at BackoffMax, with jitter in [d/2, d] so that many messages
// failing together do not retry together.
func (o *Outbox) backoff(attempts int) time.Duration {
	d := o.BackoffBase
	for i := 1; i < attempts && d < o.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, o.BackoffMax)
	return d/2 + rand.N(d/2+1)
}

// realNow reads the real clock for pacing: rate limits are about real time
// even when the process clock is shifted (OFFICEBOT_CLOCK).
func (o *Outbox) realNow() time.Time { return clock.System{}.Now() }

func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func resetTimer(t *time.Timer, d time.Duration) {
	t.Stop()
	select {
	case <-t.C:
	default:
	}
	t.Reset(max(d, 0))
}

// pacer spaces calls at least gap apart.
type pacer struct {
	mu   sync.Mutex
	next time.Time
}

func (p *pacer) wait(ctx context.Context, gap time.Duration) error {
	p.mu.Lock()
	now := clock.System{}.Now()
	at := p.next
	if at.Before(now) {
		at = now
	}
	p.next = at.Add(gap)
	p.mu.Unlock()
	sleep(ctx, at.Sub(now))
	return ctx.Err()
}

type outboxIDKey struct{}

func withOutboxID(ctx context.Context, id uint64) context.Context {
	return context.WithValue(ctx, outboxIDKey{}, id)
}

// OutboxID returns the ID of the outbox row a Sender is delivering, so it can
// tag the message (Slack message metadata) for DeliveryChecker.
func OutboxID(ctx context.Context) (uint64, bool) {
	id, ok := ctx.Value(outboxIDKey{}).(uint64)
	return id, ok
}

type uploadKey struct{}

// NoteUpload lets a Sender say which Slack file an upload it made became
// (files.completeUploadExternal's file ID); the outbox then records it
// with the file the message carried (Store.RecordUpload).
func NoteUpload(ctx context.Context, fileID string) {
	if p, ok := ctx.Value(uploadKey{}).(*string); ok {
		*p = fileID
	}
}
