package office

import (
	"context"
	"strings"
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/document"
	"officebot/handlers"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
)

// urgeKind is the reminder kind that records an office 催办 of an item
// with no urge column of its own (a pending approval, an outgoing
// document): once per item per day, also across replicas.
const urgeKind = "office-urge"

// urge reminds the person responsible for a line of the desk (催办): the
// office only (Art. 47: 市政府办公室负责检查、催办、督查、反馈; Art. 20, 30),
// once per item per day, recorded in the audit log. Action items and
// incoming documents are urged exactly as /meeting urge and /doc urge do
// (the same column, the same message), so a second urge the same day from
// either place is refused.
func (s *Service) urge(ctx context.Context, c *handlers.Call, subject string) (handlers.Response, error) {
	if !c.Me.Role.IsOffice() {
		return handlers.Response{}, handlers.Fail("office.err.urge_office_only")
	}
	subject = strings.TrimSpace(subject)
	if subject == "" {
		return handlers.Response{}, handlers.Fail("office.err.urge_what")
	}
	var key string
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		switch {
		case strings.HasPrefix(subject, "A"):
			key, err = s.urgeItem(tx, c, subject)
		case strings.HasPrefix(subject, "D"):
			key, err = s.urgeDocument(tx, c, subject)
		case kindOf(subject) != "":
			key, err = s.urgeApproval(tx, c, subject)
		default:
			err = handlers.Fail("office.err.no_item", chat.Fragment(subject))
		}
		return err
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("office.urged", key)), nil
}

// urgeItem is /meeting urge A5: the department head is told to report.
func (s *Service) urgeItem(tx *storage.Tx, c *handlers.Call, subject string) (string, error) {
	id, ok := meeting.ParseKey("A", subject)
	if !ok {
		return "", handlers.Fail("office.err.no_item", chat.Fragment(subject))
	}
	it, found, err := tx.ActionItemByID(id)
	if err != nil {
		return "", err
	}
	if !found {
		return "", handlers.Fail("office.err.no_item", chat.Fragment(subject))
	}
	if it.State == meeting.ItemReported {
		return "", handlers.Fail("meeting.err.already_reported", it.Key())
	}
	h, ok := c.Org.Head(it.Department)
	if !ok {
		return "", handlers.Fail("meeting.parse.no_head", unitName(c.Org, it.Department))
	}
	loc := c.Calendar.Location()
	if err := it.CheckUrge(c.Now, loc); err != nil {
		return "", handlers.Fail("meeting.err.urged_today", it.Key(), it.UrgedAt.In(loc).Format("15:04"))
	}
	urged, err := tx.UrgeItem(it, c.Now, c.Calendar.Date(c.Now))
	if err != nil {
		return "", err
	}
	if !urged { // urged by someone else a moment ago
		return "", handlers.Fail("meeting.err.urged_today", it.Key(), c.Now.In(loc).Format("15:04"))
	}
	if err := tx.Audit(c.Now, c.Me.SlackID, "meeting.report.urge", it.Key(), nil, map[string]string{"to": h.SlackID, "from": "office"}); err != nil {
		return "", err
	}
	return it.Key(), tx.Enqueue(c.Now, chat.Message{Channel: h.SlackID, ItemKey: it.Key(),
		Text: msg.T("meeting.urge_dm", it.Key(), chat.Escape(it.Task), it.Due, personName(c.Org, c.Me.SlackID), it.Key())})
}

// urgeDocument is /doc urge D8 for an incoming document being handled, and
// a reminder to whoever signs next for an outgoing one.
func (s *Service) urgeDocument(tx *storage.Tx, c *handlers.Call, subject string) (string, error) {
	id, ok := meeting.ParseKey("D", subject)
	if !ok {
		return "", handlers.Fail("office.err.no_item", chat.Fragment(subject))
	}
	dir, found, err := tx.DocumentDirection(id)
	if err != nil {
		return "", err
	}
	if !found {
		return "", handlers.Fail("office.err.no_item", chat.Fragment(subject))
	}
	if dir == document.Out {
		o, _, err := tx.OutgoingByID(id)
		if err != nil {
			return "", err
		}
		open := o.Chain.Open()
		if len(open) == 0 {
			return "", handlers.Fail("office.err.not_waiting", o.Key())
		}
		return o.Key(), s.remindOnce(tx, c, o.Key(), o.Chain.Steps[open[0]].Assignee,
			msg.T("office.urge_dm.outgoing", o.Key(), chat.Escape(o.Title), personName(c.Org, c.Me.SlackID)))
	}
	d, _, err := tx.IncomingByID(id)
	if err != nil {
		return "", err
	}
	loc := c.Calendar.Location()
	urged, err := d.Urge(c.Me.SlackID, c.Now, loc)
	switch {
	case err == document.ErrUrgedToday:
		return "", handlers.Fail("office.err.urged_today", d.Key())
	case err != nil:
		return "", handlers.Fail("office.err.not_handling", d.Key())
	}
	if ok, err := tx.MoveIncoming(urged); err != nil {
		return "", err
	} else if !ok {
		return "", handlers.Fail("office.err.urged_today", d.Key())
	}
	if err := tx.Audit(c.Now, c.Me.SlackID, "document.urge", d.Key(), nil, map[string]any{"urges": urged.Urges, "from": "office"}); err != nil {
		return "", err
	}
	due := urged.Due
	if due == "" {
		due = msg.T("document.no_due")
	}
	label := msg.T("document.label", d.Key(), d.Number.String(), chat.Escape(d.Title))
	text := msg.T("document.urged", personName(c.Org, c.Me.SlackID), label, unitName(c.Org, d.HandlingDept), due, urged.Urges)
	ch := c.Org.Channels.Documents
	if ch == "" {
		ch = c.Org.Channels.Office
	}
	var out []chat.Message
	if ch != "" {
		out = append(out, chat.Message{Channel: ch, ItemKey: d.Key(), InThread: true, Text: text})
	}
	if h, ok := c.Org.Head(d.HandlingDept); ok {
		out = append(out, chat.Message{Channel: h.SlackID, ItemKey: d.Key(), Text: text})
	}
	return d.Key(), tx.Enqueue(c.Now, out...)
}

// urgeApproval reminds the person an approval step waits for.
func (s *Service) urgeApproval(tx *storage.Tx, c *handlers.Call, subject string) (string, error) {
	st, ok, err := tx.CurrentStep(subject)
	if err != nil {
		return "", err
	}
	key := subjectKey(subject)
	if !ok {
		return "", handlers.Fail("office.err.no_item", chat.Fragment(subject))
	}
	if st.State != approval.Pending {
		return "", handlers.Fail("office.err.not_waiting", key)
	}
	who := st.Assignee
	if who == "" {
		if p, ok := c.Org.First(st.Role); ok {
			who = p.SlackID
		}
	}
	if who == "" {
		return "", handlers.Fail("office.err.not_waiting", key)
	}
	since := st.CreatedAt
	if st.ActivatedAt != nil {
		since = *st.ActivatedAt
	}
	kind, by := msg.T("office.kind."+kindOf(subject)), personName(c.Org, c.Me.SlackID)
	text := msg.T("office.urge_dm.approval_today", key, kind, by)
	if waited := c.Calendar.WorkdaysBetween(since, c.Now); waited > 0 {
		text = msg.T("office.urge_dm.approval", key, kind, waited, by)
	}
	return key, s.remindOnce(tx, c, subject, who, text)
}

// remindOnce records the urge of item for today and DMs to; a second urge
// the same day (another click, another replica) is refused.
func (s *Service) remindOnce(tx *storage.Tx, c *handlers.Call, item, to, text string) error {
	day := c.Now.In(c.Calendar.Location()).Format(time.DateOnly)
	r := storage.Reminder{Item: item, Kind: urgeKind, Day: day, QueuedAt: c.Now}
	fresh, err := tx.ClaimReminders([]storage.Reminder{r})
	if err != nil {
		return err
	}
	key := subjectKey(item)
	if !fresh[storage.ReminderKey(item, urgeKind, day)] {
		return handlers.Fail("office.err.urged_today", key)
	}
	if err := tx.Audit(c.Now, c.Me.SlackID, "office.urge", key, nil, map[string]string{"to": to, "subject": item}); err != nil {
		return err
	}
	return tx.Enqueue(c.Now, chat.Message{Channel: to, ItemKey: key, Text: text})
}
