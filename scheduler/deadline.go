package scheduler

import (
	"context"
	"fmt"
	"math"
	"time"

	"officebot/chat"
	"officebot/msg"
)

// Deadline is an open item with a due date (a document's Art. 54 limit, a
// meeting action item's report, Art. 47).
type Deadline struct {
	Item  string    // A5, D8
	Title string    // shown after the key (escaped by the job)
	Due   time.Time // the due date (midnight in the office's zone)
	To    []string  // who is reminded: the handling department's head, ...
}

// DeadlineSource lists open items due on or before the given date. It
// should read only those (an index on the due column), so a pass costs what
// is due, not what is stored.
type DeadlineSource func(ctx context.Context, jc *JobContext, dueBy time.Time) ([]Deadline, error)

// DeadlinePolicy says when a deadline is reminded.
type DeadlinePolicy struct {
	Before      int  // remind this many days before the due date (0: not)
	WorkingDays bool // Before counts working days (documents: 2 working days) rather than calendar days
	// OfficeOverdue also lists overdue items in the office channel, daily.
	OfficeOverdue bool
	// Report: the item is a written report to file (Art. 47 落实情况, 报送),
	// not a document to close (办结); the reminders say so.
	Report bool
}

// DeadlineJob reminds the deadlines of src at 09:00 on working days: Before
// days ahead (once), on the due day, and daily while overdue (SPEC §1.5).
func DeadlineJob(name, spec string, src DeadlineSource, p DeadlinePolicy) Job {
	return Job{Name: name, Spec: spec, Run: func(ctx context.Context, jc *JobContext) error {
		return remindDeadlines(ctx, jc, src, p)
	}}
}

func remindDeadlines(ctx context.Context, jc *JobContext, src DeadlineSource, p DeadlinePolicy) error {
	if !jc.Workday() {
		return nil
	}
	horizon := jc.Today
	if p.Before > 0 {
		if p.WorkingDays {
			horizon = jc.Calendar.AddWorkdays(jc.Today, p.Before).Date
		} else {
			horizon = jc.Today.AddDate(0, 0, p.Before)
		}
	}
	ds, err := src(ctx, jc, horizon)
	if err != nil {
		return fmt.Errorf("deadlines due by %s: %w", horizon.Format(time.DateOnly), err)
	}
	var rs []Reminder
	for _, d := range ds {
		due := jc.Calendar.Date(d.Due)
		label := d.Item
		if d.Title != "" {
			label += " " + chat.Escape(d.Title)
		}
		dueText := due.Format(time.DateOnly)
		days := int(math.Round(due.Sub(jc.Today).Hours() / 24))
		var kind, text, day string
		entry := "scheduler.deadline_"
		if p.Report {
			entry = "scheduler.report_"
		}
		switch {
		case days > 0:
			// Once per item and due date, on the first working day inside the window.
			kind, day, text = "deadline.before", dueText, msg.T(entry+"before", label, dueText, days)
		case days == 0:
			kind, text = "deadline.due", msg.T(entry+"due", label, dueText)
		default:
			kind, text = "deadline.overdue", msg.T(entry+"overdue", label, dueText, -days)
		}
		var ms []chat.Message
		for _, to := range d.To {
			ms = append(ms, chat.Message{Channel: to, ItemKey: d.Item, Text: text})
		}
		if days < 0 && p.OfficeOverdue && jc.Org.Channels.Office != "" {
			ms = append(ms, chat.Message{Channel: jc.Org.Channels.Office, ItemKey: d.Item,
				Text: msg.T("scheduler.deadline_office", d.Item, chat.Escape(d.Title), dueText, -days)})
		}
		rs = append(rs, Reminder{Item: d.Item, Kind: kind, Day: day, Messages: ms})
	}
	_, err = jc.Remind(ctx, rs...)
	return err
}
