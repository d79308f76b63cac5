package leave

import (
	"context"
	"errors"
	"strings"

	"officebot/chat"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
	"officebot/storage"
)

// backAudit is the audit action of a report back (销假).
const backAudit = "leave.back"

// reportBack records the requester's report that they are back from an
// approved leave (销假; Art. 57: 严格执行请销假和考勤制度), once: in the
// audit log (the request's history), in its thread for the approver and in
// the office's channel, saying whether the return is early. The request
// keeps its dates: an early return does not shorten the absence others'
// routing reads.
//
//	leave back L12   (or 销假 L12)
func (s *Service) reportBack(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return handlers.Reply(msg.T("leave.usage_back")), nil
	}
	var r leave.Request
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if r, err = load(tx, key); err != nil {
			return err
		}
		// Two reports at once (a retried command) are decided once: the
		// second reads the first's history entry below.
		if err := tx.LockItem(r.Key()); err != nil {
			return err
		}
		switch err := r.ReportBack(c.Me.SlackID, c.Now); {
		case errors.Is(err, leave.ErrNotRequester):
			return handlers.Fail("leave.err_only_requester_back")
		case errors.Is(err, leave.ErrNotBegun):
			return handlers.Fail("leave.err_back_not_begun", r.Key(), leave.FormatPeriod(r.Period))
		case err != nil:
			return handlers.Fail("leave.err_back_state", r.Key(), msgKey("leave.state.", string(r.State)))
		}
		trail, err := tx.AuditTrail(r.Key())
		if err != nil {
			return err
		}
		for _, e := range trail {
			if e.Action == backAudit {
				return handlers.Fail("leave.err_back_twice", r.Key(), e.At.In(c.Calendar.Location()).Format("2006-01-02 15:04"))
			}
		}
		early := r.Early(c.Now)
		if err := tx.Audit(c.Now, c.Me.SlackID, backAudit, r.Key(), nil, map[string]bool{"early": early}); err != nil {
			return err
		}
		when := c.Now.In(c.Calendar.Location()).Format("2006-01-02 15:04")
		note := ""
		if early {
			note = msg.T("leave.back_early")
		}
		who := handlers.PersonName(c.Org, c.Me.SlackID)
		msgs := []chat.Message{threadMessage(c.Org, r, msg.T("leave.thread_back", approverMention(r), who, r.Key(), when, note))}
		if ch := c.Org.Channels.Office; ch != "" {
			msgs = append(msgs, chat.Message{Channel: ch, ItemKey: r.Key(),
				Text: msg.T("leave.office_back", r.Key(), personLabel(c.Org, r.Requester), summary(r), when, note)})
		}
		return tx.Enqueue(c.Now, msgs...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("leave.you_back", r.Key())), nil
}
