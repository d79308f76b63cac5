package meeting_test

import (
	"strings"
	"testing"
	"time"

	"officebot/chat"
	"officebot/clock"
	"officebot/directory"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/storage"
)

func at(s string) time.Time { return handlerstest.At(s) }

type harness struct {
	*handlerstest.Bot
	t   *testing.T
	s   *storage.Store
	svc *handlers.Service
	clk *clock.Fake
	org *directory.Org
}

func newHarness(t *testing.T, s *storage.Store, now time.Time) *harness {
	t.Helper()
	b := handlerstest.New(t, s, handlerstest.Options{Start: now})
	return &harness{Bot: b, t: t, s: s, svc: b.Service, clk: b.Clock, org: b.Org}
}

// say types a line as the console and Slack's free text do: "meeting ...".
func (h *harness) say(user, text string) handlers.Response { return h.Say(user, text) }

func (h *harness) click(user string, b chat.Button) handlers.Response {
	return h.Click(user, b.ActionID, b.Value)
}

func (h *harness) submit(user string, m *chat.Modal, values map[string]string) handlers.Response {
	return h.Submit(user, m.CallbackID, m.Private, values)
}

// outbox returns every message written to the outbox, oldest first.
func (h *harness) outbox() []chat.Message { return h.Outbox() }

func (h *harness) count(model any) int64 {
	h.t.Helper()
	var n int64
	if err := h.s.DB.Model(model).Count(&n).Error; err != nil {
		h.t.Fatal(err)
	}
	return n
}

// button returns the labelled button of the latest message in the item's
// thread in the meetings channel: what people click in Slack.
func (h *harness) button(item, label string) chat.Button {
	h.t.Helper()
	ms := h.outbox()
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].ItemKey == item && ms[i].Channel != "" && !strings.HasPrefix(ms[i].Channel, "U") {
			for _, b := range ms[i].Buttons() {
				if b.Label == label {
					return b
				}
			}
			if len(ms[i].Buttons()) > 0 {
				break
			}
		}
	}
	h.t.Fatalf("no button %q on %s", label, item)
	return chat.Button{}
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("reply %q\ndoes not contain %q", got, w)
		}
	}
}
