package office

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"officebot/approval"
	"officebot/calendar"
	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/msg"
	"officebot/office"
	"officebot/storage"
)

// maxDeskLines caps the lines of one /office answer (Slack allows 50
// blocks a message); the rest is counted and left to the workbook.
const maxDeskLines = 40

// Line is one open thing on the desk: a document, an Art. 47 report, an
// outgoing document or a pending approval, with whom to urge.
type Line struct {
	Key         string
	Subject     string // what 催办 names: the key, or an approval's subject (M3-minutes-1)
	Unit        string // department ID; "" for items of no unit
	Text        string // mrkdwn, escaped
	Responsible string
	Due         time.Time // zero: no due date (waiting since Since)
	Since       time.Time
	Overdue     int // days past the due date, 0 when not overdue
	Left        int // days left, when due and not overdue
}

// Desk is what /office shows: the open lines of the scope, grouped by unit.
type Desk struct {
	Lines                 []Line
	Docs, DocsOverdue     int
	Items, ItemsOverdue   int
	Pending, OutgoingOpen int
}

// desk reads what is open for the scope at now.
func (s *Service) desk(ctx context.Context, org *directory.Org, sc Scope, now time.Time, loc *time.Location) (Desk, error) {
	return s.deskOf(ctx, s.store.OfficeRecords(ctx, org, office.MonthOf(now.In(loc)), loc), true, org, sc, now, loc)
}

// deskOf is desk on the records rec, with the pending approvals when
// approvals is set.
func (s *Service) deskOf(ctx context.Context, rec *storage.OfficeRecords, approvals bool, org *directory.Org, sc Scope, now time.Time, loc *time.Location) (Desk, error) {
	today := office.Date(now, loc)
	days := func(due time.Time) (overdue, left int) {
		d := int(office.Date(due, loc).Sub(today).Hours() / 24)
		if d < 0 {
			return -d, 0
		}
		return 0, d
	}
	var desk Desk
	src := sc.filter(rec.Sources())
	for d := range src.Incoming {
		if !d.Open() {
			continue
		}
		l := Line{Key: d.Key, Unit: d.Unit, Responsible: d.Responsible, Due: d.Due, Since: d.Received,
			Text: msg.T("office.desk.doc", d.Key, chat.Escape(d.Title), d.State)}
		desk.Docs++
		if !d.Due.IsZero() {
			if l.Overdue, l.Left = days(d.Due); l.Overdue > 0 {
				desk.DocsOverdue++
			}
		}
		desk.Lines = append(desk.Lines, l)
	}
	for a := range src.Items {
		if !a.Open() {
			continue
		}
		l := Line{Key: a.Key, Unit: a.Unit, Responsible: a.Responsible, Due: a.Due,
			Text: msg.T("office.desk.item", a.Key, chat.Escape(a.Task), a.Meeting)}
		desk.Items++
		if l.Overdue, l.Left = days(a.Due); l.Overdue > 0 {
			desk.ItemsOverdue++
		}
		desk.Lines = append(desk.Lines, l)
	}
	for o := range src.Outgoing {
		if !o.Open() {
			continue
		}
		desk.OutgoingOpen++
		desk.Lines = append(desk.Lines, Line{Key: o.Key, Unit: o.Unit, Responsible: o.Responsible, Since: o.Drafted,
			Text: msg.T("office.desk.outgoing", o.Key, chat.Escape(o.Title), o.State)})
	}
	if err := rec.Err(); err != nil {
		return Desk{}, err
	}
	// Pending sign-offs of leave, minutes and applications (the approval
	// chain); outgoing documents are counted above with their own chain.
	var steps []approval.Record
	if approvals {
		var err error
		if steps, err = s.store.Read(ctx).DueApprovals(now); err != nil {
			return Desk{}, err
		}
	}
	for _, st := range steps {
		kind := kindOf(st.Subject)
		if kind == "" {
			continue
		}
		unit := ""
		if kind == "leave" {
			if p, ok := org.Person(requesterOf(ctx, s, st.Subject)); ok {
				unit = p.Department
			}
		}
		if !sc.All && (unit == "" || !sc.Has(unit)) {
			continue
		}
		who := st.Assignee
		if who == "" {
			if p, ok := org.First(st.Role); ok {
				who = p.SlackID
			}
		}
		desk.Pending++
		since := st.CreatedAt
		if st.ActivatedAt != nil {
			since = *st.ActivatedAt
		}
		desk.Lines = append(desk.Lines, Line{Key: subjectKey(st.Subject), Subject: st.Subject, Unit: unit, Responsible: who, Since: since,
			Text: msg.T("office.desk.approval."+kind, subjectKey(st.Subject), personName(org, who))})
	}
	// Most overdue first, then the nearest due, then the longest waiting.
	slices.SortStableFunc(desk.Lines, func(a, b Line) int {
		if c := cmp.Compare(b.Overdue, a.Overdue); c != 0 {
			return c
		}
		if a.Due.IsZero() != b.Due.IsZero() {
			if a.Due.IsZero() {
				return 1
			}
			return -1
		}
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return a.Since.Compare(b.Since)
	})
	return desk, nil
}

// kindOf names the kind of an approval subject the desk lists: leave L12,
// minutes M3-minutes-1, applications P4.
func kindOf(subject string) string {
	switch {
	case strings.HasPrefix(subject, "L"):
		return "leave"
	case strings.HasPrefix(subject, "M") && strings.Contains(subject, "-minutes-"):
		return "minutes"
	case strings.HasPrefix(subject, "P"):
		return "application"
	}
	return ""
}

// subjectKey is the short ID people read for a subject: M3 for its minutes.
func subjectKey(subject string) string {
	k, _, _ := strings.Cut(subject, "-")
	return k
}

func requesterOf(ctx context.Context, s *Service, subject string) string {
	var id uint64
	if _, err := fmt.Sscanf(subject, "L%d", &id); err != nil {
		return ""
	}
	r, ok, err := s.store.Read(ctx).LeaveByID(id)
	if err != nil || !ok {
		return ""
	}
	return r.Requester
}

func personName(org *directory.Org, id string) string {
	if p, ok := org.Person(id); ok {
		return p.Name
	}
	if id == "" {
		return msg.T("office.desk.nobody")
	}
	return "<@" + id + ">"
}

func unitName(org *directory.Org, id string) string {
	if id == "" {
		return msg.T("office.desk.no_unit")
	}
	if d, ok := org.Department(id); ok {
		return d.Name
	}
	return id
}

// when says how a line stands: overdue, days left, or how long it waited,
// in working days as the approval reminders count it (SPEC §1.5).
func when(l Line, now time.Time, cal *calendar.Calendar) string {
	loc := cal.Location()
	switch {
	case l.Overdue > 0:
		return msg.T("office.desk.overdue", l.Due.In(loc).Format(time.DateOnly), l.Overdue)
	case !l.Due.IsZero():
		return msg.T("office.desk.left", l.Due.In(loc).Format(time.DateOnly), l.Left)
	case !l.Since.IsZero():
		return waitedText(cal, l.Since, now)
	}
	return ""
}

// waitedText is how long something has waited since: 今日提交, or 已等待 N
// 个工作日.
func waitedText(cal *calendar.Calendar, since, now time.Time) string {
	if n := cal.WorkdaysBetween(since, now); n > 0 {
		return msg.T("office.desk.waited", n)
	}
	return msg.T("office.desk.waited_today")
}

// show answers /office: the open lines by unit with 催办 buttons for the
// office (Art. 47: the office checks, urges and supervises).
func (s *Service) show(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	sc, err := ScopeOf(c.Org, c.Me)
	if err != nil {
		return handlers.Response{}, err
	}
	loc := c.Calendar.Location()
	desk, err := s.desk(ctx, c.Org, sc, c.Now, loc)
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Response{Messages: []chat.Message{renderDesk(c, sc, desk, loc)}}, nil
}

func renderDesk(c *handlers.Call, sc Scope, desk Desk, loc *time.Location) chat.Message {
	urge := c.Me.Role.IsOffice()
	title := msg.T("office.desk.title", c.Now.In(loc).Format(time.DateOnly))
	if !sc.All {
		title = msg.T("office.desk.title_scoped", c.Now.In(loc).Format(time.DateOnly), len(sc.Units))
	}
	summary := msg.T("office.desk.summary", desk.Docs, desk.DocsOverdue, desk.Items, desk.ItemsOverdue, desk.OutgoingOpen, desk.Pending)
	blocks := []chat.Block{chat.Title(title), chat.Text(summary)}
	if len(desk.Lines) == 0 {
		blocks = append(blocks, chat.Text(msg.T("office.desk.empty")))
		return chat.Message{Text: title, Blocks: blocks}
	}
	shown := desk.Lines[:min(len(desk.Lines), maxDeskLines)]
	// Group by unit in the order each unit's most urgent line comes.
	var order []string
	by := map[string][]Line{}
	for _, l := range shown {
		if _, ok := by[l.Unit]; !ok {
			order = append(order, l.Unit)
		}
		by[l.Unit] = append(by[l.Unit], l)
	}
	hidden := len(desk.Lines) - len(shown)
	for i, u := range order {
		if len(blocks) > 44 { // Slack's 50 blocks, with room for the notes
			for _, rest := range order[i:] {
				hidden += len(by[rest])
			}
			break
		}
		var b strings.Builder
		b.WriteString("*" + chat.Escape(unitName(c.Org, u)) + "*")
		var buttons []chat.Button
		for _, l := range by[u] {
			fmt.Fprintf(&b, "\n• %s — %s", l.Text, when(l, c.Now, c.Calendar))
			if urge && l.Responsible != "" && len(buttons) < 25 {
				value := l.Subject
				if value == "" {
					value = l.Key
				}
				buttons = append(buttons, chat.Button{Label: msg.T("office.btn.urge", l.Key), ActionID: actUrge, Value: value})
			}
		}
		blocks = append(blocks, chat.Divide(), chat.Text(b.String()))
		if len(buttons) > 0 {
			blocks = append(blocks, chat.Buttons(buttons...))
		}
	}
	if hidden > 0 {
		blocks = append(blocks, chat.Note(msg.T("office.desk.more", hidden)))
	}
	blocks = append(blocks, chat.Note(msg.T("office.desk.note")))
	return chat.Message{Text: title, Blocks: blocks}
}
