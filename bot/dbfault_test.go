package bot_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"officebot/bot"
	"officebot/bot/slacktest"
	"officebot/clock"
	"officebot/msg"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// A database fault in the middle of a stream of /leave filings (issue 11
// items 21-23): PostgreSQL's connections cut through a proxy (the shared
// server is never restarted), or the SQLite file locked by another writer.
// Every acknowledged filing is filed once, its person reads one outcome (and
// at most one "received, will be done" note before it), and every message
// reaches the leave channel once, soon after the database is back.

// faultyDB is a store whose database a test can take away and give back.
type faultyDB struct {
	store   *storage.Store
	cut     func()
	restore func()
}

// cutPostgres is a store on a fresh PostgreSQL schema reached through a
// proxy: cut closes its connections and refuses new ones.
func cutPostgres(t *testing.T) faultyDB {
	t.Helper()
	dsn := storagetest.PostgresDSN(t) // skips without OFFICEBOT_TEST_POSTGRES
	p := storagetest.NewProxy(t, dsn)
	s, err := storage.Open(context.Background(), p.DSN(dsn), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return faultyDB{store: s, cut: p.Cut, restore: p.Restore}
}

// lockedSQLite is a store on a SQLite file with a short busy timeout: cut
// takes the write lock from another connection, as a second writer would.
func lockedSQLite(t *testing.T) faultyDB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "officebot.db")
	s, err := storage.Open(context.Background(), "sqlite:"+path+"?_busy_timeout=100", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	other, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	if err := other.Ping(); err != nil {
		t.Fatal(err)
	}
	var lock *sql.Tx
	return faultyDB{store: s,
		cut: func() {
			if lock, err = other.Begin(); err == nil {
				_, err = lock.Exec("INSERT INTO sequences (name, year, value) VALUES ('lock', 1, 1)")
			}
			if err != nil {
				t.Errorf("lock the database: %v", err)
			}
		},
		restore: func() {
			if lock != nil {
				lock.Rollback()
			}
		}}
}

func TestADatabaseFaultMidStreamFilesEveryAcknowledgedRequestOnceAndTellsOneOutcome(t *testing.T) {
	t.Run("postgres", func(t *testing.T) { drill(t, cutPostgres(t), 44, 10, 2500*time.Millisecond) })
	t.Run("sqlite", func(t *testing.T) { drill(t, lockedSQLite(t), 22, 6, 1500*time.Millisecond) })
}

var leaveKey = regexp.MustCompile(`\bL\d+\b`)

// drill files n leave requests through the signed HTTP endpoint, one every
// 60 ms, with the outbox delivering to the fake Slack; the database is taken
// away right after the cutAt-th request's ack (the last of four sent back to
// back, whose handling is then under way) for outage, then given back.
func drill(t *testing.T, db faultyDB, n, cutAt int, outage time.Duration) {
	h := newHarness(t, db.store, bot.Config{BusyNotice: time.Second})
	// The outbox as serve runs it, unpaced (a fake clock that never moves
	// would hold a paced conversation forever).
	o := &scheduler.Outbox{Store: db.store, Sender: h.bot.Sender(), Clock: h.clock, PollInterval: 50 * time.Millisecond,
		BackoffBase: 100 * time.Millisecond, BackoffMax: time.Second}
	h.bot.Service().Queued = o.Notify
	ctx, stop := context.WithCancel(context.Background())
	outboxDone := make(chan error, 1)
	go func() { outboxDone <- o.Run(ctx) }()
	defer func() { stop(); <-outboxDone }()

	heads := []string{"U0FGWHEAD", "U0CZJHEAD", "U0ZJJHEAD", "U0JYJHEAD", "U0WJWHEAD", "U0SWJHEAD",
		"U0ZRZYHEAD", "U0RSJHEAD", "U0ZHOUSHIHEAD", "U0ZHANGPUHEAD", "U0KFQHEAD"}
	var restored time.Time
	for i := range n {
		if i == cutAt {
			db.cut()
			time.AfterFunc(outage, func() {
				restored = time.Now()
				db.restore()
			})
		}
		// Each head files trips on different days: none overlaps another.
		day := time.Date(2026, 12, 1+i/len(heads), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		body := slash(heads[i%len(heads)], "/leave", "出差 上海 "+day+" 至 "+day+" 参加招商推介会", h.slack.ResponseURL(fmt.Sprint("f", i)))
		if status, ack := h.post(t, "/slack/commands", form, body); status != http.StatusOK || ack != "" {
			t.Fatalf("request %d: got %d %q, want an empty ack", i, status, ack)
		}
		if i >= cutAt-4 && i < cutAt {
			// Back to back, and the cut right after the last ack: these
			// are recorded and their handling meets the fault.
			continue
		}
		time.Sleep(60 * time.Millisecond)
	}
	// Wait (bounded well below the outbox's 2-minute lease) for every
	// outcome and every message.
	deadline := time.Now().Add(60 * time.Second)
	outcomes := func() map[string][]string {
		by := map[string][]string{}
		for _, c := range h.slack.CallsTo("response_url") {
			text, _ := c.JSON["text"].(string)
			by[c.Path] = append(by[c.Path], text)
		}
		return by
	}
	var lastAnswer, lastMessage time.Time
	for {
		answered := 0
		for _, texts := range outcomes() {
			if texts[len(texts)-1] != msg.T("slack.received_busy") {
				answered++
			}
		}
		if answered == n && lastAnswer.IsZero() {
			lastAnswer = time.Now()
		}
		if len(h.slack.Messages("C0LEAVE")) >= n && lastMessage.IsZero() {
			lastMessage = time.Now()
		}
		if !lastAnswer.IsZero() && !lastMessage.IsZero() {
			break
		}
		if st, err := db.store.OutboxStats(ctx); err == nil && !lastAnswer.IsZero() && st.Pending == 0 {
			break // every person answered, nothing left to send: check what arrived
		}
		if time.Now().After(deadline) {
			var first storage.OutboxMessage
			db.store.DB.Where("state = ?", storage.OutboxPending).Order("id").Take(&first)
			t.Fatalf("after 60 s: %d of %d answered, %d messages in the leave channel; the first pending: %d claimed by %q until %s, due %s",
				answered, n, len(h.slack.Messages("C0LEAVE")), first.ID, first.ClaimedBy, first.ClaimedUntil, first.NextAttempt)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	<-outboxDone
	outboxDone <- nil
	h.bot.Wait()

	// Each person read one outcome: the filing, never "internal error" or
	// "retry"; before it at most one note that it was received.
	busy, unconfirmed := 0, 0
	filed := map[string]bool{}
	for path, texts := range outcomes() {
		if texts[0] == msg.T("slack.received_busy") {
			busy++
			texts = texts[1:]
		}
		if len(texts) != 1 {
			t.Errorf("%s was answered %d times: %q", path, len(texts), texts)
			continue
		}
		if texts[0] == msg.T("common.done_unconfirmed") {
			// Its COMMIT was cut off and went through: filed, the answer lost.
			unconfirmed++
			continue
		}
		key := leaveKey.FindString(texts[0])
		if !strings.Contains(texts[0], "已提交请假申请") || key == "" {
			t.Errorf("%s: the outcome is %q, want the filing", path, texts[0])
		}
		if filed[key] {
			t.Errorf("%s: %s told to two people", path, key)
		}
		filed[key] = true
	}
	if len(filed)+unconfirmed != n {
		t.Errorf("%d filings told (and %d done unconfirmed), want %d", len(filed), unconfirmed, n)
	}
	// Filed once each, and nothing left to replay.
	var leaves, unhandled int64
	if err := db.store.DB.Table("leave_requests").Count(&leaves).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.store.DB.Model(&storage.SlackDelivery{}).Where("handled_at IS NULL").Count(&unhandled).Error; err != nil {
		t.Fatal(err)
	}
	if leaves != int64(n) || unhandled != 0 {
		t.Errorf("%d leave requests filed, %d requests unhandled; want %d and 0", leaves, unhandled, n)
	}
	// Every root message delivered once.
	posted := map[string]int{}
	for _, m := range h.slack.Messages("C0LEAVE") {
		posted[leaveKey.FindString(m.Text)]++
	}
	for key, times := range posted {
		if times != 1 {
			t.Errorf("%s posted %d times to the leave channel", key, times)
		}
	}
	if len(posted) != n {
		t.Errorf("%d items posted, want %d: %v", len(posted), n, posted)
	}
	t.Logf("%d filings, database away for %s after the %dth: %d told \"received, busy\" first, %d done unconfirmed; last answer %s and last channel message %s after the database came back",
		n, outage, cutAt, busy, unconfirmed, lastAnswer.Sub(restored).Round(time.Millisecond), lastMessage.Sub(restored).Round(time.Millisecond))
}

// The database cut at the very first query of an approval typed in the
// leave's thread (an event, recorded before its ack): the reply is taken
// again once the database answers, the leave approved once and the
// requester told once — not dropped as chatter, not answered "内部错误".
func TestAThreadApprovalMeetingACutIsDecidedOnceWhenTheDatabaseAnswers(t *testing.T) {
	dsn := storagetest.PostgresDSN(t) // skips without OFFICEBOT_TEST_POSTGRES
	p := storagetest.NewProxy(t, dsn)
	s, err := storage.Open(context.Background(), p.DSN(dsn), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	h := newHarness(t, s, bot.Config{BusyNotice: 500 * time.Millisecond})
	o := &scheduler.Outbox{Store: s, Sender: h.bot.Sender(), Clock: h.clock, PollInterval: 50 * time.Millisecond,
		BackoffBase: 100 * time.Millisecond, BackoffMax: time.Second}
	h.bot.Service().Queued = o.Notify
	ctx, stop := context.WithCancel(context.Background())
	outboxDone := make(chan error, 1)
	go func() { outboxDone <- o.Run(ctx) }()
	defer func() { stop(); <-outboxDone }()
	if err := h.bot.CheckAuth(ctx); err != nil {
		t.Fatal(err)
	}

	h.post(t, "/slack/commands", form, slash("U0FGWHEAD", "/leave", "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会", h.slack.ResponseURL("file")))
	root, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == "C0LEAVE" && c.TS != ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := waitThread(t, s, "L1"); !ok {
		t.Fatal("the root's thread was not recorded")
	}
	// Cut when the reply's handling first reads (its thread's item), and
	// give the database back 1.5 s later.
	var once sync.Once
	err = s.DB.Callback().Query().Before("gorm:query").Register("test:cut", func(db *gorm.DB) {
		if db.Statement.Table == "slack_threads" {
			once.Do(func() {
				p.Cut()
				time.AfterFunc(1500*time.Millisecond, p.Restore)
			})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	status, _ := h.post(t, "/slack/events", "application/json", event(t, "EvApprove1", map[string]any{
		"type": "message", "channel": "C0LEAVE", "channel_type": "channel", "user": "U0VMLI",
		"text": "同意", "ts": "1800000050.000200", "thread_ts": root.TS}))
	if status != http.StatusOK {
		t.Fatalf("event: status %d", status)
	}
	// The requester is told in a direct message, through the outbox.
	if _, err := h.slack.WaitFor(20*time.Second, func(c slacktest.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == "U0FGWHEAD"
	}); err != nil {
		t.Fatal(err)
	}
	h.bot.Wait()
	var state string
	if err := s.DB.Table("leave_requests").Select("state").Where("id = 1").Scan(&state).Error; err != nil || state != "approved" {
		t.Fatalf("L1 is %q (%v), want approved", state, err)
	}
	var decisions int64
	s.DB.Table("audit_entries").Where("subject = ? AND action LIKE ?", "L1", "%approve%").Count(&decisions)
	if decisions != 1 {
		t.Fatalf("%d approvals audited, want 1", decisions)
	}
	dms := 0
	for _, c := range h.slack.CallsTo("chat.postMessage") {
		if c.Param("channel") == "U0FGWHEAD" {
			dms++
		}
		if strings.Contains(c.Param("text"), "内部错误") {
			t.Errorf("posted %q", c.Param("text"))
		}
	}
	if dms != 1 {
		t.Fatalf("the requester was told %d times, want once", dms)
	}
	if p.Cuts() == 0 {
		t.Fatal("the database was never cut: the test did not test")
	}
}

// waitThread waits for item's root message to be recorded.
func waitThread(t *testing.T, s *storage.Store, item string) (storage.SlackThread, bool, error) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		th, ok, err := s.Thread(context.Background(), item)
		if ok || err != nil || time.Now().After(deadline) {
			return th, ok, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A request the database stays away from for longer than its handling
// waits (here: the process stopping, Bot.Stop) stays recorded, its claim
// given back: a replay does it once the database answers, and its answer is
// the one outcome after the "received, busy" note — the replay says nothing
// about being busy.
func TestARequestStillFailingIsLeftForAReplayWhoseAnswerIsTheOneOutcome(t *testing.T) {
	db := cutPostgres(t)
	h := newHarness(t, db.store, bot.Config{BusyNotice: 300 * time.Millisecond})
	// Recorded before the ack; cut at the handling's first read.
	var once sync.Once
	err := db.store.DB.Callback().Query().Before("gorm:query").Register("test:cut", func(*gorm.DB) { once.Do(db.cut) })
	if err != nil {
		t.Fatal(err)
	}
	h.post(t, "/slack/commands", form, slash("U0FGWHEAD", "/leave", "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会", h.slack.ResponseURL("file")))
	if _, err := h.slack.WaitFor(wait, func(c slacktest.Call) bool { return c.Method == "response_url" }); err != nil {
		t.Fatal(err)
	}
	h.bot.Stop() // gives up waiting, and gives the claim back once it can
	time.AfterFunc(500*time.Millisecond, db.restore)
	h.bot.Wait()
	var d storage.SlackDelivery
	if err := db.store.DB.Where(`"key" LIKE ?`, "command:%").Take(&d).Error; err != nil {
		t.Fatal(err)
	}
	if d.HandledAt != nil || d.Payload == "" || d.Attempts != 0 {
		t.Fatalf("left for a replay: %+v, want unhandled, with its payload, no attempt counted", d)
	}
	other := replica(t, h, clock.System{})
	if n, err := other.ReplayOnce(context.Background()); err != nil || n != 1 {
		t.Fatalf("replayed %d (%v), want 1", n, err)
	}
	other.Wait()
	var texts []string
	for _, c := range h.slack.CallsTo("response_url") {
		text, _ := c.JSON["text"].(string)
		texts = append(texts, text)
	}
	if len(texts) != 2 || texts[0] != msg.T("slack.received_busy") || !strings.Contains(texts[1], "已提交请假申请 *L1*") {
		t.Fatalf("the person read %q, want the busy note then the filing", texts)
	}
	var leaves int64
	db.store.DB.Table("leave_requests").Count(&leaves)
	if leaves != 1 {
		t.Fatalf("%d leave requests, want 1", leaves)
	}
}

// A leave form submitted while the database is cut (at the handling's first
// read, after the record): the modal closes within Slack's time, the person
// is told by direct message that it was received, and the filing follows
// once in a direct message when the database answers.
func TestALeaveFormSubmittedDuringACutIsFiledOnceAndToldByDirectMessage(t *testing.T) {
	db := cutPostgres(t)
	h := newHarness(t, db.store, bot.Config{BusyNotice: 300 * time.Millisecond, SubmitTimeout: 200 * time.Millisecond})
	var once sync.Once
	err := db.store.DB.Callback().Query().Before("gorm:query").Register("test:cut", func(*gorm.DB) {
		once.Do(func() {
			db.cut()
			time.AfterFunc(time.Second, db.restore)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	value := func(v string) map[string]any { return map[string]any{"type": "plain_text_input", "value": v} }
	status, body := h.post(t, "/slack/interactions", form, interaction(t, map[string]any{
		"type": "view_submission", "trigger_id": "tf1", "user": map[string]any{"id": "U0FGWHEAD"},
		"view": map[string]any{"id": "V1", "callback_id": "leave.new",
			"state": map[string]any{"values": map[string]any{
				"kind":        map[string]any{"kind": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "出差"}}},
				"destination": map[string]any{"destination": value("上海")},
				"start":       map[string]any{"start": map[string]any{"type": "datepicker", "selected_date": "2026-12-03"}},
				"end":         map[string]any{"end": map[string]any{"type": "datepicker", "selected_date": "2026-12-05"}},
				"reason":      map[string]any{"reason": value("参加长三角招商推介会")},
			}}}}))
	if status != http.StatusOK || body != "" {
		t.Fatalf("got %d %q, want the modal closed", status, body)
	}
	filed := func(c slacktest.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == "U0FGWHEAD" && strings.Contains(c.Param("text"), "已提交请假申请")
	}
	if _, err := h.slack.WaitFor(20*time.Second, filed); err != nil {
		t.Fatal(err)
	}
	h.bot.Wait()
	var texts []string
	for _, c := range h.slack.CallsTo("chat.postMessage") {
		if c.Param("channel") == "U0FGWHEAD" {
			texts = append(texts, c.Param("text"))
		}
	}
	outcomes := 0
	for _, text := range texts {
		if strings.Contains(text, "已提交请假申请") {
			outcomes++
		}
		if strings.Contains(text, "内部错误") {
			t.Errorf("told %q", text)
		}
	}
	if len(texts) != 2 || outcomes != 1 || texts[0] != msg.T("slack.received_busy") {
		t.Fatalf("direct messages %q: want the busy note, then the filing", texts)
	}
	var leaves int64
	db.store.DB.Table("leave_requests").Count(&leaves)
	if leaves != 1 {
		t.Fatalf("%d leave requests, want 1", leaves)
	}
}
