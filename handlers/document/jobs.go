package document

import (
	"context"
	"fmt"
	"time"

	"officebot/chat"
	"officebot/document"
	"officebot/msg"
	"officebot/scheduler"
)

// Jobs are the documents capability's scheduler jobs (SPEC §1.5): at 09:00
// on working days, documents in handling are reminded 2 working days
// before their due date, on the due day and daily while overdue, to the
// handling department's head; overdue ones are also listed to the office.
// Each reminder goes once per document, kind and day (JobContext.Remind).
func (s *Service) Jobs() []scheduler.Job {
	return []scheduler.Job{
		scheduler.DeadlineJob("document.deadlines", "0 9 * * *", s.due,
			scheduler.DeadlinePolicy{Before: 2, WorkingDays: true, OfficeOverdue: true}),
	}
}

// due lists the documents in handling due by the date.
func (s *Service) due(ctx context.Context, jc *scheduler.JobContext, dueBy time.Time) ([]scheduler.Deadline, error) {
	ds, err := s.store.Read(ctx).HandlingDueBy(dueBy.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	out := make([]scheduler.Deadline, 0, len(ds))
	for _, d := range ds {
		due, err := time.ParseInLocation(time.DateOnly, d.Due, dueBy.Location())
		if err != nil {
			return nil, fmt.Errorf("document %s: due %q: %w", d.Key(), d.Due, err)
		}
		dl := scheduler.Deadline{Item: d.Key(), Title: d.Title, Due: due}
		if h, ok := jc.Org.Head(d.HandlingDept); ok {
			dl.To = []string{h.SlackID}
		}
		out = append(out, dl)
	}
	return out, nil
}

// Describer names documents in approval reminders: "发改委 关于…的请示".
func (s *Service) Describer() scheduler.Describer {
	return scheduler.Describer{Prefix: "D", Describe: func(ctx context.Context, jc *scheduler.JobContext, items []string) (map[string]string, error) {
		out := map[string]string{}
		read := s.store.Read(ctx)
		for _, it := range items {
			id, ok := document.ParseKey(it)
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
			unit := d.Department
			if dp, ok := jc.Org.Department(d.Department); ok {
				unit = dp.Name
			}
			out[it] = "《" + d.Title + "》（" + unit + "）"
		}
		return out, nil
	}}
}

// Digests are the documents capability's lines of the daily digest: what
// each handling department's head has in hand and how much is overdue.
func (s *Service) Digests() []scheduler.DigestSource {
	return []scheduler.DigestSource{{Name: "documents.handling", Lines: s.handlingDigest}}
}

func (s *Service) handlingDigest(ctx context.Context, jc *scheduler.JobContext) (map[string][]string, error) {
	// Counted by department in the database: the digest does not read
	// every document in handling (issue 15).
	gs, err := s.store.Read(ctx).HandlingByDept(jc.Today.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, g := range gs {
		h, ok := jc.Org.Head(g.Dept)
		if !ok {
			continue
		}
		first := g.First.Key() + "《" + chat.Escape(g.First.Title) + "》"
		out[h.SlackID] = append(out[h.SlackID], msg.T(msg.OneOrMore("document.digest", g.N), g.N, first, g.Overdue))
	}
	return out, nil
}
