// Package todo is the App Home section 待我办理: in one list, everything
// waiting for the person viewing it — leave to approve, minutes to review
// or sign, city-wide meeting applications, incoming documents to decide,
// outgoing documents' steps (核稿、会签、审核、签发), the incoming documents
// their unit handles, and the Art. 47 reports their unit owes. Each line
// names the item as officials do (《标题》 昆政办收〔2026〕3号, 请假 L12
// 王主任 12月28日至29日), the most urgent first, capped with the count of
// the rest.
//
// It reads every capability's data through storage (capabilities do not
// import each other, docs/architecture.md); the other capabilities' App
// Home sections keep what is the person's own (their requests, their
// meetings) and leave what waits for them to this one.
package todo

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"officebot/calendar"
	"officebot/chat"
	"officebot/directory"
	"officebot/document"
	"officebot/handlers"
	"officebot/leave"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
)

// MaxLines caps the lines shown; the rest are counted in one line.
const MaxLines = 12

// The leave capability's buttons (handlers/leave): the App Home offers
// them on each leave line, as the leave section did before this one.
const (
	leaveApprove = "leave.approve"
	leaveReject  = "leave.reject"
)

// Service builds the section.
type Service struct{ store *storage.Store }

// New returns the section's service on the store.
func New(store *storage.Store) *Service { return &Service{store: store} }

// Capability is the section: an App Home and nothing else (no command).
func (s *Service) Capability() *handlers.Capability {
	return &handlers.Capability{Name: "todo", Home: s.home}
}

// item is one line: rank orders the list (the due date of what has one,
// else when it began waiting: earliest first, so the overdue and the
// longest waiting lead).
type item struct {
	rank    time.Time
	text    string
	buttons []chat.Button
}

func (s *Service) home(ctx context.Context, c *handlers.Call) ([]chat.Block, error) {
	items, err := s.Items(ctx, c)
	if err != nil {
		return nil, err
	}
	out := []chat.Block{chat.Title(msg.T("todo.title"))}
	if len(items) == 0 {
		return append(out, chat.Note(msg.T("todo.none"))), nil
	}
	for i, it := range items {
		if i == MaxLines {
			out = append(out, chat.Note(msg.T("todo.more", len(items)-MaxLines)))
			break
		}
		out = append(out, chat.Text(it.text))
		if len(it.buttons) > 0 {
			out = append(out, chat.Buttons(it.buttons...))
		}
	}
	return out, nil
}

// Items returns every line waiting for the person, most urgent first.
func (s *Service) Items(ctx context.Context, c *handlers.Call) ([]item, error) {
	read := s.store.Read(ctx)
	today := c.Calendar.Date(c.Now)
	var items []item
	steps, err := read.PendingFor(c.Me)
	if err != nil {
		return nil, err
	}
	for _, st := range steps {
		since := st.CreatedAt
		if st.ActivatedAt != nil {
			since = *st.ActivatedAt
		}
		wait := waited(c, since)
		switch {
		case strings.HasPrefix(st.Subject, "L"):
			id, err := leave.ParseKey(st.Subject)
			if err != nil {
				continue
			}
			r, ok, err := read.LeaveByID(id)
			if err != nil {
				return nil, err
			}
			if !ok || r.State != leave.Pending || r.Requester == c.Me.SlackID {
				continue
			}
			items = append(items, item{rank: since,
				text: msg.T("todo.leave", r.Key(), personName(c.Org, r.Requester), r.Kind.String(), chat.Escape(r.Destination),
					span(r.Period.Start, r.Period.End), wait),
				buttons: []chat.Button{
					{Label: msg.T("leave.btn_approve"), ActionID: leaveApprove, Value: r.Key(), Style: chat.Primary},
					{Label: msg.T("leave.btn_reject"), ActionID: leaveReject, Value: r.Key(), Style: chat.Danger},
				}})
		case strings.HasPrefix(st.Subject, "M"):
			id, rev, _, ok := meeting.ParseSubject(st.Subject)
			if !ok {
				continue
			}
			m, found, err := read.LoadMeeting(id)
			if err != nil {
				return nil, err
			}
			if !found {
				continue
			}
			items = append(items, item{rank: since, text: msg.T("todo.minutes", m.MinutesLabel(rev), msg.T("meeting.step."+st.Kind), wait)})
		case strings.HasPrefix(st.Subject, "P"):
			a, found, err := applicationOf(read, st.Subject)
			if err != nil {
				return nil, err
			}
			if !found {
				continue
			}
			items = append(items, item{rank: since, text: msg.T("todo.application", a.Key(), chat.Escape(a.Title),
				deptName(c.Org, a.Department), span(a.StartAt.In(c.Calendar.Location()), a.StartAt.In(c.Calendar.Location())), wait)})
		case strings.HasPrefix(st.Subject, "D"):
			id, ok := document.ParseKey(st.Subject)
			if !ok {
				continue
			}
			d, found, err := read.IncomingByID(id)
			if err != nil {
				return nil, err
			}
			if !found {
				continue
			}
			items = append(items, item{rank: since, text: msg.T("todo.incoming_decide", incomingLabel(d),
				deptName(c.Org, d.Department), msg.T("document.step."+st.Kind), wait)})
		}
	}
	outs, err := read.OutgoingWaitingFor(c.Me.SlackID)
	if err != nil {
		return nil, err
	}
	for _, o := range outs {
		i, err := o.Chain.MayAct(c.Me.SlackID)
		if err != nil {
			continue
		}
		since := o.Chain.WaitingSince(i, o.CreatedAt)
		items = append(items, item{rank: since, text: msg.T("todo.outgoing", chat.Escape(o.Title), o.Key(), o.Chain.Version,
			msg.T("document.out.step."+string(o.Chain.Steps[i].Kind)), waited(c, since))})
	}
	if dept := c.Me.Department; dept != "" {
		ds, err := read.IncomingList(storage.IncomingFilter{Department: dept, States: []document.State{document.Handling}, Limit: 50})
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			if d.HandlingDept != dept && !slices.Contains(d.HandlingCo, dept) {
				continue // submitted by the unit, handled by another
			}
			rank, due := c.Now, msg.T("todo.no_due")
			if d.Due != "" {
				if t, err := c.Calendar.ParseDate(d.Due); err == nil {
					rank = t
				}
				due = docDue(c.Calendar, d, today)
			}
			role := msg.T("todo.handling_lead")
			if d.HandlingDept != dept {
				role = msg.T("todo.handling_co")
			}
			items = append(items, item{rank: rank, text: msg.T("todo.incoming_handle", incomingLabel(d), role, due)})
		}
		its, err := read.OpenItemsOf(dept)
		if err != nil {
			return nil, err
		}
		names := map[uint64]string{}
		for _, it := range its {
			name, ok := names[it.MeetingID]
			if !ok {
				m, found, err := read.LoadMeeting(it.MeetingID)
				if err != nil {
					return nil, err
				}
				name = meeting.Key(it.MeetingID)
				if found {
					name = m.Name()
				}
				names[it.MeetingID] = name
			}
			rank := c.Now
			if t, err := c.Calendar.ParseDate(it.Due); err == nil {
				rank = t
			}
			items = append(items, item{rank: rank, text: msg.T("todo.report", it.Key(), chat.Escape(it.Task), name,
				itemDue(c.Calendar, it, today))})
		}
	}
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.rank.Unix(), b.rank.Unix()) })
	return items, nil
}

func applicationOf(read *storage.Tx, subject string) (meeting.Application, bool, error) {
	var id uint64
	for _, r := range subject[1:] {
		if r < '0' || r > '9' {
			return meeting.Application{}, false, nil
		}
		id = id*10 + uint64(r-'0')
	}
	return read.ApplicationByID(id)
}

// incomingLabel is an incoming document as officials name it: 《标题》
// 昆政办收〔2026〕3号, with its short ID for the commands (D12).
func incomingLabel(d document.Incoming) string {
	if d.Number.IsZero() {
		return msg.T("todo.doc_label_unnumbered", chat.Escape(d.Title), d.Key())
	}
	return msg.T("todo.doc_label", chat.Escape(d.Title), d.Number.String(), d.Key())
}

// docDue is an Art. 54 due date with the working days left or the days
// overdue.
func docDue(cal *calendar.Calendar, d document.Incoming, today time.Time) string {
	date := shortDate(mustDate(cal, d.Due))
	if d.DueProvisional {
		date += msg.T("document.provisional")
	}
	left, err := document.DaysLeft(cal, d.Due, today)
	switch {
	case err != nil:
		return msg.T("todo.due", date)
	case left > 0:
		return msg.T("todo.due_workdays_left", date, left)
	case left == 0:
		return msg.T("todo.due_today", date)
	}
	return msg.T("todo.overdue", date, -left)
}

// itemDue is an Art. 47 report's due date (calendar days) with the days
// left or overdue.
func itemDue(cal *calendar.Calendar, it meeting.ActionItem, today time.Time) string {
	due, err := cal.ParseDate(it.Due)
	if err != nil {
		return msg.T("todo.due", it.Due)
	}
	date := shortDate(due)
	if it.DueProvisional {
		date += msg.T("document.provisional")
	}
	switch days := int(due.Sub(today).Hours()/24 + 0.5*sign(due.Sub(today))); {
	case days > 0:
		return msg.T("todo.due_days_left", date, days)
	case days == 0:
		return msg.T("todo.due_today", date)
	default:
		return msg.T("todo.overdue", date, -days)
	}
}

func sign(d time.Duration) float64 {
	if d < 0 {
		return -1
	}
	return 1
}

func mustDate(cal *calendar.Calendar, s string) time.Time {
	t, _ := cal.ParseDate(s)
	return t
}

// shortDate is 12月9日.
func shortDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return msg.T("todo.date", int(t.Month()), t.Day())
}

// span is 12月9日, 12月9日至11日, or 12月31日至1月2日.
func span(start, end time.Time) string {
	sy, sm, sd := start.Date()
	ey, em, ed := end.Date()
	switch {
	case sy == ey && sm == em && sd == ed:
		return shortDate(start)
	case sy == ey && sm == em:
		return msg.T("todo.span_same_month", int(sm), sd, ed)
	}
	return msg.T("todo.span", shortDate(start), shortDate(end))
}

// waited says how long an item has waited: 今天, 3 天.
func waited(c *handlers.Call, since time.Time) string {
	days := int(c.Calendar.Date(c.Now).Sub(c.Calendar.Date(since)).Hours()/24 + 0.5)
	if days <= 0 {
		return msg.T("todo.waited_today")
	}
	return msg.T("todo.waited_days", days)
}

func personName(org *directory.Org, id string) string {
	if p, ok := org.Person(id); ok {
		return chat.Escape(p.Name)
	}
	return "<@" + id + ">"
}

func deptName(org *directory.Org, id string) string {
	if d, ok := org.Department(id); ok {
		return chat.Escape(d.Short)
	}
	return chat.Escape(id)
}
