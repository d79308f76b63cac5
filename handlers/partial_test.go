package handlers_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/msg"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// twoSaves is a capability whose request saves twice and fails after the
// first save committed, as a flow of several transactions can.
func twoSaves() *handlers.Capability {
	return &handlers.Capability{Name: "twosaves", Commands: []string{"twosaves"},
		Command: func(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
			if err := c.Store.Tx(ctx, func(tx *storage.Tx) error {
				return tx.Audit(c.Now, c.Me.SlackID, "test.first", "T1", nil, nil)
			}); err != nil {
				return handlers.Response{}, err
			}
			if c.Req.Text == "fail" {
				return handlers.Response{}, errors.New("the second save failed")
			}
			return handlers.Reply("ok"), nil
		}}
}

// A request that fails after one of its saves committed does not read "try
// again" (it would repeat what was saved): it is told part was saved.
func TestAFailureAfterASaveCommittedSaysPartWasSaved(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := handlerstest.New(t, s, handlerstest.Options{Extra: []*handlers.Capability{twoSaves()}})
		got := b.Command("U0FGWHEAD", "twosaves", "fail").Text()
		if got != msg.T("common.partial") {
			t.Fatalf("reply %q, want %q", got, msg.T("common.partial"))
		}
		if strings.Contains(got, "请稍后重试") {
			t.Fatalf("a partly saved request is told to retry: %q", got)
		}
		trail, err := s.Read(context.Background()).AuditTrail("T1")
		if err != nil || len(trail) != 1 {
			t.Fatalf("first save: %d entries, %v", len(trail), err)
		}
	})
}

// A failure before anything committed still reads the internal-error text.
func TestAFailureBeforeAnySaveIsTheInternalError(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		fail := &handlers.Capability{Name: "nosave", Commands: []string{"nosave"},
			Command: func(context.Context, *handlers.Call) (handlers.Response, error) {
				return handlers.Response{}, errors.New("broken")
			}}
		b := handlerstest.New(t, s, handlerstest.Options{Extra: []*handlers.Capability{fail}})
		if got := b.Command("U0FGWHEAD", "nosave", "").Text(); got != msg.T("common.internal") {
			t.Fatalf("reply %q, want %q", got, msg.T("common.internal"))
		}
	})
}
