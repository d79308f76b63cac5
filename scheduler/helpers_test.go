package scheduler_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"officebot/approval"
	"officebot/calendar"
	"officebot/chat"
	"officebot/clock"
	"officebot/directory"
	"officebot/handlers/handlerstest"
	"officebot/storage"
)

var shanghai = handlerstest.Shanghai

// at reads "2026-11-23 09:30" in Shanghai.
func at(_ testing.TB, s string) time.Time { return handlerstest.At(s) }

func importDemo(t testing.TB, s *storage.Store) *directory.Org {
	t.Helper()
	return handlerstest.Demo(t, s, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
}

func startApproval(t testing.TB, s *storage.Store, subject, assignee string, now time.Time) {
	t.Helper()
	err := s.Tx(context.Background(), func(tx *storage.Tx) error {
		return tx.StartApproval(subject, []approval.Step{{Kind: "approve", Assignee: assignee,
			Actions: []approval.Action{approval.Approve, approval.Reject}}}, now)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func newCalendar() *calendar.Calendar { return calendar.New(shanghai, nil) }

// sent is one message as a fake Slack received it.
type sent struct {
	Channel, ThreadTS, Text, ItemKey string
}

// fakeSlack is an in-process Sender that records what arrives and can
// answer with errors first (fail decides, per call, what to return).
type fakeSlack struct {
	mu    sync.Mutex
	got   []sent
	calls int
	fail  func(call int, channel string, m chat.Message) error
}

func (f *fakeSlack) Post(_ context.Context, channel, threadTS string, m chat.Message) (string, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.fail != nil {
		if err := f.fail(f.calls, channel, m); err != nil {
			return "", "", err
		}
	}
	f.got = append(f.got, sent{channel, threadTS, m.Text, m.ItemKey})
	return channel, fmt.Sprintf("%d.000%d", 1700000000+len(f.got), len(f.got)), nil
}

func (f *fakeSlack) Update(ctx context.Context, channel, ts string, m chat.Message) error {
	_, _, err := f.Post(ctx, channel, ts, m)
	return err
}

func (f *fakeSlack) messages() []sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.got)
}

func (f *fakeSlack) to(channel string) []string {
	var out []string
	for _, m := range f.messages() {
		if m.Channel == channel {
			out = append(out, m.Text)
		}
	}
	return out
}

var _ clock.Clock = (*clock.Fake)(nil)
