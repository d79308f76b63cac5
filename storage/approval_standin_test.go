package storage_test

import (
	"context"
	"testing"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// Issue 11 item 4: the steps that move when their assignee goes on leave,
// and where each item's thread is before its root was sent.
func TestOpenStepsAssignedToAndItemChannel(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		approve := []approval.Action{approval.Approve}
		startChain(t, s, "L1", approval.Step{Kind: "approve", Assignee: vm.SlackID, Actions: approve})
		startChain(t, s, "L2", approval.Step{Kind: "approve", Assignee: mayor.SlackID, Actions: approve})
		startChain(t, s, "X1", approval.Step{Kind: "review", Role: directory.ViceMayor, Actions: approve})
		startChain(t, s, "L3", approval.Step{Kind: "approve", Assignee: vm.SlackID, Actions: approve})
		if _, err := decide(s, approval.Decision{Subject: "L3", Actor: vm, Action: approval.Approve}); err != nil {
			t.Fatal(err)
		}
		err := s.Tx(context.Background(), func(tx *storage.Tx) error {
			steps, err := tx.OpenStepsAssignedTo(vm.SlackID)
			if err != nil {
				return err
			}
			if len(steps) != 1 || steps[0].Subject != "L1" {
				t.Errorf("open steps of %s = %+v, want only L1", vm.SlackID, steps)
			}
			if _, ok, err := tx.ItemChannel("L1"); err != nil || ok {
				t.Errorf("channel of L1 before any message = %v, %v", ok, err)
			}
			if err := tx.Enqueue(now, chat.Message{Channel: "U0X", ItemKey: "L1", Text: "dm"},
				chat.Message{Channel: "C0LEAVE", ItemKey: "L1", Root: true, Text: "root"}); err != nil {
				return err
			}
			ch, ok, err := tx.ItemChannel("L1")
			if err != nil || !ok || ch != "C0LEAVE" {
				t.Errorf("channel of L1 = %q %v %v, want C0LEAVE", ch, ok, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
