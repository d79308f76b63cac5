package leave

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
	"officebot/storage"
)

// transition is one change of a request's state that is not the approver's
// decision: withdraw and revoke by the requester, expiry by the system.
type transition struct {
	action string      // the audit's action: leave.withdraw
	actor  string      // a Slack ID, or "system"
	from   leave.State // where the stored request must still be for the change
	// move is the domain's transition (leave.Request.Withdraw, …); its
	// error, said for the person, refuses the change.
	move func(r leave.Request) (leave.Request, error)
	// lost is the error when another change got there first: the stored
	// request left from, or its approval was closed meanwhile.
	lost func(r leave.Request) error
	// cancel closes the request's approval chain with it.
	cancel bool
	// tell are the messages the change causes; note is the approval's
	// routing note, shown on the request's card.
	tell func(r leave.Request, note string) []chat.Message
	// also runs in the transaction after the change (the absence hooks).
	also func(tx *storage.Tx, r leave.Request) error
}

// transition runs t on the request load reads, in one transaction: load →
// the domain's check → the change, written only if the request is still
// where it was read → the approval closed → audit → messages.
func (s *Service) transition(ctx context.Context, load func(tx *storage.Tx) (leave.Request, error), t transition, at time.Time) (leave.Request, error) {
	var r leave.Request
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		cur, err := load(tx)
		if err != nil {
			return err
		}
		next, err := t.move(cur)
		if err != nil {
			return err
		}
		ok, err := tx.MoveLeave(t.from, next)
		if err != nil {
			return err
		}
		if !ok {
			return t.lost(cur)
		}
		if t.cancel {
			if err := tx.CancelApproval(next.Key()); errors.Is(err, approval.ErrAlreadyDecided) {
				return t.lost(cur)
			} else if err != nil {
				return err
			}
		}
		if err := tx.Audit(at, t.actor, t.action, next.Key(), auditState(cur), auditState(next)); err != nil {
			return err
		}
		note, err := tx.StepNote(next.Key())
		if err != nil {
			return err
		}
		r = next
		if t.also != nil {
			if err := t.also(tx, next); err != nil {
				return err
			}
		}
		return tx.Enqueue(at, t.tell(next, note)...)
	})
	return r, err
}

// byKey loads the request a person named.
func byKey(key string) func(tx *storage.Tx) (leave.Request, error) {
	return func(tx *storage.Tx) (leave.Request, error) { return load(tx, key) }
}

// withdraw lets the requester take back a request before the decision.
func (s *Service) withdraw(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	if strings.TrimSpace(key) == "" {
		return handlers.Reply(msg.T("leave.usage_withdraw")), nil
	}
	r, err := s.transition(ctx, byKey(key), transition{
		action: "leave.withdraw", actor: c.Me.SlackID, from: leave.Pending, cancel: true,
		move: func(r leave.Request) (leave.Request, error) {
			next, err := r.Withdraw(c.Me.SlackID, c.Now)
			switch {
			case errors.Is(err, leave.ErrNotRequester):
				return r, handlers.Fail("leave.err_only_requester_withdraw")
			case err != nil && r.State == leave.Approved:
				return r, handlers.Fail("leave.err_withdraw_approved", r.Key(), r.Key())
			case err != nil:
				return r, settled(r)
			}
			return next, nil
		},
		lost: func(leave.Request) error { return approval.ErrAlreadyDecided },
		tell: func(r leave.Request, note string) []chat.Message {
			who := handlers.PersonName(c.Org, c.Me.SlackID)
			return []chat.Message{
				rootUpdate(c.Org, r, note, msg.T("leave.outcome_withdrawn", who, c.Now.Format("2006-01-02 15:04"))),
				threadMessage(c.Org, r, msg.T("leave.thread_withdrawn", approverMention(r), who, r.Key())),
			}
		},
	}, c.Now)
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("leave.you_withdrew", r.Key())), nil
}

// revoke lets the requester cancel an approved leave before it ends
// (通过后撤销); the approver and the office are told.
func (s *Service) revoke(ctx context.Context, c *handlers.Call, key, reason string) (handlers.Response, error) {
	if strings.TrimSpace(key) == "" {
		return handlers.Reply(msg.T("leave.usage_cancel")), nil
	}
	why := ""
	if reason != "" {
		why = msg.T("leave.reason_clause", chat.Escape(reason))
	}
	r, err := s.transition(ctx, byKey(key), transition{
		action: "leave.revoke", actor: c.Me.SlackID, from: leave.Approved,
		move: func(r leave.Request) (leave.Request, error) {
			next, err := r.Revoke(c.Me.SlackID, reason, c.Now)
			switch {
			case errors.Is(err, leave.ErrNotRequester):
				return r, handlers.Fail("leave.err_only_requester_cancel")
			case err != nil && r.State == leave.Pending:
				return r, handlers.Fail("leave.err_cancel_pending", r.Key(), r.Key())
			case errors.Is(err, leave.ErrEnded):
				return r, handlers.Fail("leave.err_cancel_ended", r.Key())
			case err != nil:
				return r, settled(r)
			}
			return next, nil
		},
		lost: func(r leave.Request) error {
			return handlers.Fail("leave.err_settled", r.Key(), msg.T("leave.state.revoked"))
		},
		// The meetings the leave missed sit with the requester again.
		// and whoever took it into a calendar gets its cancellation.
		also: func(tx *storage.Tx, r leave.Request) error {
			if err := s.absenceChanged(tx, c, r); err != nil {
				return err
			}
			files, err := cancellations(tx, c, r)
			if err != nil {
				return err
			}
			return tx.Enqueue(c.Now, files...)
		},
		tell: func(r leave.Request, note string) []chat.Message {
			who := handlers.PersonName(c.Org, c.Me.SlackID)
			msgs := []chat.Message{
				rootUpdate(c.Org, r, note, msg.T("leave.outcome_revoked", who, c.Now.Format("2006-01-02 15:04"), why)),
				threadMessage(c.Org, r, msg.T("leave.thread_revoked", approverMention(r), who, r.Key(), why)),
			}
			if ch := c.Org.Channels.Office; ch != "" {
				msgs = append(msgs, chat.Message{Channel: ch, ItemKey: r.Key(),
					Text: msg.T("leave.office_revoked", r.Key(), personLabel(c.Org, r.Requester), summary(r), why, meetingsClause(r))})
			}
			return msgs
		},
	}, c.Now)
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("leave.you_revoked", r.Key())), nil
}

// approverMention is "@approver " for a thread message, or nothing when the
// office routes the request.
func approverMention(r leave.Request) string {
	if r.Approver == "" {
		return ""
	}
	return chat.Mention(r.Approver) + " "
}

// Expire closes the pending requests whose start has passed without a
// decision: state expired, approval step cancelled, audited, and the
// requester (DM) and the office (office channel) told; the root message
// loses its buttons. A request expires once its absence has begun, or, when
// it was filed on its first day, once that day is over. Each request is its
// own transaction, so a failure leaves the others done. It returns how many
// it expired. The scheduler's leave.expire job calls it; calling it again
// at once does nothing.
func (s *Service) Expire(ctx context.Context, now time.Time) (int, error) {
	org, err := s.store.Org(ctx)
	if err != nil {
		return 0, err
	}
	due, err := s.store.Read(ctx).PendingLeaveStartingBy(leave.Today(now, s.store.Zone()))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range due {
		if _, ok := r.Expire(now); !ok {
			continue
		}
		_, err := s.transition(ctx, func(tx *storage.Tx) (leave.Request, error) { return r, nil }, expiry(org, now), now)
		switch {
		case errors.Is(err, errSkip):
		case err != nil:
			return n, fmt.Errorf("expire %s: %w", r.Key(), err)
		default:
			n++
		}
	}
	return n, nil
}

// expiry is the transition of a request the system expires.
func expiry(org *directory.Org, now time.Time) transition {
	return transition{
		action: "leave.expire", actor: "system", from: leave.Pending, cancel: true,
		move: func(r leave.Request) (leave.Request, error) {
			next, ok := r.Expire(now)
			if !ok {
				return r, errSkip
			}
			return next, nil
		},
		lost: func(leave.Request) error { return errSkip },
		tell: func(r leave.Request, note string) []chat.Message {
			approver := msg.T("leave.office_routes")
			if r.Approver != "" {
				approver = handlers.PersonName(org, r.Approver)
			}
			msgs := []chat.Message{
				rootUpdate(org, r, note, msg.T("leave.outcome_expired", approver)),
				{Channel: r.Requester, ItemKey: r.Key(), Text: msg.T("leave.dm_expired", r.Key(), summary(r), approver)},
			}
			if ch := org.Channels.Office; ch != "" {
				msgs = append(msgs, chat.Message{Channel: ch, ItemKey: r.Key(),
					Text: msg.T("leave.office_expired", r.Key(), personLabel(org, r.Requester), summary(r), approver)})
			}
			return msgs
		},
	}
}
