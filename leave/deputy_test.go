package leave

import (
	"errors"
	"testing"
	"time"
)

// A requester names the deputy in the request's thread in a few exact
// forms; anything else is conversation, and a name the directory does not
// know is an error naming it.
func TestParseDeputyReply(t *testing.T) {
	t.Parallel()
	org := testOrg()
	for _, tc := range []struct {
		reply string
		want  string // Slack ID; "" with ok: an unknown name
		ok    bool
	}{
		{"代为参会：@钱副主任", "U0FGWDEP", true},
		{"代为参会:<@U0FGWDEP>", "U0FGWDEP", true},
		{"代会人：钱副主任。", "U0FGWDEP", true},
		{"由钱副主任代为参会", "U0FGWDEP", true},
		{"由 <@U0FGWDEP|钱副主任> 代为参会", "U0FGWDEP", true},
		{"钱副主任代为参加！", "U0FGWDEP", true},
		{"由钱副主任同志代会", "U0FGWDEP", true},
		{"请钱副主任参会", "U0FGWDEP", true},
		{"委派钱副主任出席", "U0FGWDEP", true},
		{"由张三代为参会", "", true},
		{"钱副主任参会", "", false},            // no 由/请/委派 before a bare 参会
		{"钱副主任代为参会可以吗？", "", false},      // a question
		{"同意", "", false},                // a verdict, not a deputy
		{"请问谁代为参会比较合适，钱副主任？", "", false}, // conversation
	} {
		t.Run(tc.reply, func(t *testing.T) {
			got, ok, err := ParseDeputyReply(tc.reply, org)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (got %q, %v)", ok, tc.ok, got, err)
			}
			if !ok {
				return
			}
			if tc.want == "" {
				var pe *ParseError
				if !errors.As(err, &pe) || !errors.Is(pe.Err, ErrUnknownDeputy) || pe.Fragment == "" {
					t.Fatalf("unknown name: got %q, %v", got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %s", got, err, tc.want)
			}
		})
	}
}

// Only the requester names the deputy, while the request stands and
// before the leave ends.
func TestNameDeputy(t *testing.T) {
	t.Parallel()
	r := Request{ID: 1, Requester: "U0FGWHEAD", Period: days("2026-12-03", "2026-12-05"), State: Pending}
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	if got, err := r.NameDeputy("U0FGWHEAD", "U0FGWDEP", now); err != nil || got.Deputy != "U0FGWDEP" {
		t.Fatalf("pending: %+v %v", got, err)
	}
	approved := r
	approved.State = Approved
	if _, err := approved.NameDeputy("U0FGWHEAD", "U0FGWDEP", now); err != nil {
		t.Fatalf("approved: %v", err)
	}
	if _, err := r.NameDeputy("U0VMLI", "U0FGWDEP", now); !errors.Is(err, ErrNotRequester) {
		t.Fatalf("someone else: %v", err)
	}
	rejected := r
	rejected.State = Rejected
	if _, err := rejected.NameDeputy("U0FGWHEAD", "U0FGWDEP", now); !errors.Is(err, ErrNotInState) {
		t.Fatalf("rejected: %v", err)
	}
	if _, err := approved.NameDeputy("U0FGWHEAD", "U0FGWDEP", r.Period.To()); !errors.Is(err, ErrEnded) {
		t.Fatalf("ended: %v", err)
	}
}
