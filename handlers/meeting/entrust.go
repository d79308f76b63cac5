package meeting

import (
	"context"
	"strings"
	"time"

	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
)

// entrust records the mayor's entrustment of the executive vice mayor to
// sign the minutes of the plenary, executive and mayor's office meetings on
// the mayor's behalf, or ends it. Art. 45: 报市长签发，或由市长委托负责常务工作
// 的副市长签发 — the entrustment is the mayor's to give, so only the mayor
// records it; minutes marked 代签 are refused without one.
//
//	meeting entrust @陈常务副市长 [至 2026-12-31]
//	meeting entrust 取消
func (s *Service) entrust(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	if c.Me.Role != directory.Mayor {
		return handlers.Response{}, handlers.Fail("meeting.err.entrust_not_mayor")
	}
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return handlers.Response{}, handlers.Fail("meeting.usage.entrust")
	}
	if len(fields) == 1 && (fields[0] == "取消" || fields[0] == "撤销" || strings.EqualFold(fields[0], "off")) {
		var ended bool
		err := s.store.Tx(ctx, func(tx *storage.Tx) error {
			var err error
			if ended, err = tx.RevokeEntrustment(c.Me.SlackID, c.Now); err != nil || !ended {
				return err
			}
			return tx.Audit(c.Now, c.Me.SlackID, "meeting.entrust.revoke", "entrust:"+c.Me.SlackID, nil, nil)
		})
		if err != nil {
			return handlers.Response{}, err
		}
		if !ended {
			return handlers.Reply(msg.T("meeting.entrust_none")), nil
		}
		return handlers.Reply(msg.T("meeting.entrust_revoked")), nil
	}
	who := strings.TrimPrefix(fields[0], "@")
	var delegate directory.Person
	if who == "常务副市长" {
		delegate, _ = c.Org.First(directory.ExecutiveViceMayor)
	} else if ids, err := meeting.ParsePeople(fields[0], c.Org); err == nil && len(ids) == 1 {
		delegate, _ = c.Org.Person(ids[0])
	}
	if delegate.Role != directory.ExecutiveViceMayor {
		// Art. 45 names 负责常务工作的副市长: nobody else signs for the mayor.
		return handlers.Response{}, handlers.Fail("meeting.err.entrust_not_executive", chat.Fragment(fields[0]))
	}
	until := ""
	rest := fields[1:]
	if len(rest) > 0 && (rest[0] == "至" || rest[0] == "到") {
		rest = rest[1:]
	}
	switch {
	case len(rest) == 1:
		d, question, err := untilDate(c, strings.TrimPrefix(strings.TrimPrefix(rest[0], "至"), "到"))
		if question != "" {
			return handlers.Response{}, handlers.Fail("meeting.parse.ambiguous_date", chat.Escape(question))
		}
		if err != nil {
			return handlers.Response{}, handlers.Fail("meeting.err.entrust_bad_date", chat.Fragment(rest[0]))
		}
		if d.Before(c.Calendar.Date(c.Now)) {
			return handlers.Response{}, handlers.Fail("meeting.err.entrust_past", d.Format(time.DateOnly))
		}
		until = d.Format(time.DateOnly)
	case len(rest) > 1:
		return handlers.Response{}, handlers.Fail("meeting.usage.entrust")
	}
	period := msg.T("meeting.entrust_until_revoked")
	if until != "" {
		period = msg.T("meeting.entrust_until", until)
	}
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		e := storage.Entrustment{Mayor: c.Me.SlackID, Delegate: delegate.SlackID, Until: until, CreatedAt: c.Now}
		if err := tx.Entrust(&e); err != nil {
			return err
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "meeting.entrust", "entrust:"+c.Me.SlackID, nil, e); err != nil {
			return err
		}
		return tx.Enqueue(c.Now, chat.Message{Channel: delegate.SlackID,
			Text: msg.T("meeting.entrust_notice", name(c, c.Me.SlackID), period)})
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("meeting.entrusted", name(c, delegate.SlackID), period)), nil
}

// checkEntrusted refuses minutes marked 代签 when the mayor has not
// entrusted the executive vice mayor for today (Art. 45).
func checkEntrusted(tx *storage.Tx, c *handlers.Call) error {
	mayor, ok := c.Org.First(directory.Mayor)
	if !ok {
		return meeting.ErrNoMayor
	}
	e, ok, err := tx.Entrusted(mayor.SlackID, c.Calendar.Date(c.Now).Format(time.DateOnly))
	if err != nil {
		return err
	}
	if !ok {
		return handlers.Fail("meeting.err.not_entrusted")
	}
	if ev, found := c.Org.First(directory.ExecutiveViceMayor); !found || ev.SlackID != e.Delegate {
		return handlers.Fail("meeting.err.not_entrusted")
	}
	return nil
}
