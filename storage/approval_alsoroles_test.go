package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"officebot/approval"
	"officebot/directory"
	"officebot/storage"
	"officebot/storage/storagetest"
)

var alsoNow = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// TestAlsoRolesLetEitherRoleDecide covers the additive AlsoRoles field: a
// step of the office director that the deputy director may also decide
// (专题会议纪要, Art. 45), while everybody else is refused.
func TestAlsoRolesLetEitherRoleDecide(t *testing.T) {
	t.Parallel()
	dir := directory.Person{SlackID: "U0OFFDIR", Role: directory.OfficeDirector, Active: true}
	dep := directory.Person{SlackID: "U0OFFDEP", Role: directory.OfficeDeputyDirector, Active: true}
	staff := directory.Person{SlackID: "U0OFFSTAFF", Role: directory.OfficeStaff, Active: true}
	vm := directory.Person{SlackID: "U0VMLI", Role: directory.ViceMayor, Active: true}
	tests := []struct {
		name    string
		step    approval.Step
		actor   directory.Person
		wantErr error
	}{
		{"role holder decides", approval.Step{Role: directory.OfficeDirector, AlsoRoles: []directory.Role{directory.OfficeDeputyDirector}}, dir, nil},
		{"also-role holder decides", approval.Step{Role: directory.OfficeDirector, AlsoRoles: []directory.Role{directory.OfficeDeputyDirector}}, dep, nil},
		{"other role refused", approval.Step{Role: directory.OfficeDirector, AlsoRoles: []directory.Role{directory.OfficeDeputyDirector}}, staff, approval.ErrNotYours},
		{"assignee plus also-role: also-role decides", approval.Step{Assignee: "U0OFFDIR", AlsoRoles: []directory.Role{directory.OfficeDeputyDirector}}, dep, nil},
		{"assignee plus also-role: stranger refused", approval.Step{Assignee: "U0OFFDIR", AlsoRoles: []directory.Role{directory.OfficeDeputyDirector}}, vm, approval.ErrNotYours},
		{"without also-roles only the role", approval.Step{Role: directory.OfficeDirector}, dep, approval.ErrNotYours},
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				subject := "T" + string(rune('a'+i))
				tt.step.Kind, tt.step.Actions = "review", []approval.Action{approval.Approve}
				err := s.Tx(context.Background(), func(tx *storage.Tx) error {
					if err := tx.StartApproval(subject, []approval.Step{tt.step}, alsoNow); err != nil {
						return err
					}
					pending, err := tx.PendingFor(tt.actor)
					if err != nil {
						return err
					}
					listed := false
					for _, p := range pending {
						listed = listed || p.Subject == subject
					}
					if listed != (tt.wantErr == nil) {
						t.Errorf("PendingFor lists the step for %s: %v, want %v", tt.actor.SlackID, listed, tt.wantErr == nil)
					}
					_, err = tx.Decide(approval.Decision{Subject: subject, Actor: tt.actor, Action: approval.Approve}, alsoNow)
					return err
				})
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("decide: %v, want %v", err, tt.wantErr)
				}
			})
		}
	})
}

func TestReassignDropsAlsoRoles(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		dep := directory.Person{SlackID: "U0OFFDEP", Role: directory.OfficeDeputyDirector, Active: true}
		err := s.Tx(context.Background(), func(tx *storage.Tx) error {
			if err := tx.StartApproval("X1", []approval.Step{{Kind: "review", Role: directory.OfficeDirector,
				AlsoRoles: []directory.Role{directory.OfficeDeputyDirector}, Actions: []approval.Action{approval.Approve}}}, alsoNow); err != nil {
				return err
			}
			if err := tx.ReassignStep("X1", "U0MAYOR", "handed on"); err != nil {
				return err
			}
			_, err := tx.Decide(approval.Decision{Subject: "X1", Actor: dep, Action: approval.Approve}, alsoNow)
			return err
		})
		if !errors.Is(err, approval.ErrNotYours) {
			t.Fatalf("deputy decides a reassigned step: %v, want ErrNotYours", err)
		}
	})
}
