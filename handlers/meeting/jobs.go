package meeting

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"officebot/chat"
	"officebot/meeting"
	"officebot/msg"
	"officebot/scheduler"
)

// Jobs are the meetings capability's scheduler jobs (SPEC §1.5): attendees
// reminded the day before and an hour before, the monthly and half-yearly
// cadence check (Art. 40-41), and the Art. 47 implementation reports (3
// days before, on the day, daily while overdue).
func (s *Service) Jobs() []scheduler.Job {
	src := source{s}
	jobs := []scheduler.Job{
		scheduler.CadenceJob(src),
		scheduler.DeadlineJob("meeting.reports", "0 9 * * *", s.reportsDue, scheduler.DeadlinePolicy{Before: 3, Report: true}),
	}
	return append(jobs, scheduler.MeetingReminderJobs(src)...)
}

// Describer names minutes in approval reminders and digests as officials
// name them — M3 2026年第3次常务会议纪要（第2稿）— never by their internal
// approval subject (M3-minutes-2).
func (s *Service) Describer() scheduler.Describer {
	return scheduler.Describer{Prefix: "M", Labels: true, Describe: func(ctx context.Context, jc *scheduler.JobContext, items []string) (map[string]string, error) {
		read := s.store.Read(ctx)
		out := make(map[string]string, len(items))
		for _, it := range items {
			id, rev, _, ok := meeting.ParseSubject(it)
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
			out[it] = m.MinutesLabel(rev)
		}
		return out, nil
	}}
}

// ApplicationDescriber names city-wide meeting applications in approval
// reminders and digests: P4 《全市项目推进会》（发改委）, never a bare P4.
func (s *Service) ApplicationDescriber() scheduler.Describer {
	return scheduler.Describer{Prefix: "P", Describe: func(ctx context.Context, jc *scheduler.JobContext, items []string) (map[string]string, error) {
		read := s.store.Read(ctx)
		out := make(map[string]string, len(items))
		for _, it := range items {
			id, err := strconv.ParseUint(strings.TrimPrefix(it, "P"), 10, 64)
			if err != nil {
				continue
			}
			a, found, err := read.ApplicationByID(id)
			if err != nil {
				return nil, err
			}
			if !found {
				continue
			}
			unit := a.Department
			if d, ok := jc.Org.Department(a.Department); ok {
				unit = d.Short
			}
			out[it] = "《" + a.Title + "》（" + unit + "）"
		}
		return out, nil
	}}
}

// Digests are the meetings capability's lines of the daily digest: the
// meetings of the day, and the reports a department owes.
func (s *Service) Digests() []scheduler.DigestSource {
	return []scheduler.DigestSource{
		{Name: "meetings.today", Lines: s.todayDigest},
		{Name: "meeting.reports", Lines: s.reportsDigest},
	}
}

// todayDigest lists, for each attendee, the meetings starting today.
func (s *Service) todayDigest(ctx context.Context, jc *scheduler.JobContext) (map[string][]string, error) {
	read := s.store.Read(ctx)
	ms, err := read.MeetingsStarting(jc.Today, jc.Today.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	if ms, err = seatedAll(read, ms); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, m := range ms {
		line := msg.T("scheduler.digest_meeting", m.Start.In(jc.Today.Location()).Format("15:04"), m.Key(), m.Name(), chat.Escape(m.Place))
		for _, id := range m.AttendeeIDs() {
			out[id] = append(out[id], line)
		}
	}
	return out, nil
}

// reportsDigest tells each department head how many Art. 47 reports their
// department still owes, and how many are overdue.
func (s *Service) reportsDigest(ctx context.Context, jc *scheduler.JobContext) (map[string][]string, error) {
	items, err := s.store.Read(ctx).ItemsDueBy("9999-12-31") // every open item: the digest is their summary
	if err != nil {
		return nil, err
	}
	type owed struct {
		n, overdue int
		first      string
	}
	byDept := map[string]*owed{}
	var depts []string
	today := jc.Today.Format(time.DateOnly)
	for _, it := range items {
		o := byDept[it.Department]
		if o == nil {
			o = &owed{first: it.Key() + " " + chat.Escape(it.Task)}
			byDept[it.Department] = o
			depts = append(depts, it.Department)
		}
		o.n++
		if it.Due < today {
			o.overdue++
		}
	}
	out := map[string][]string{}
	for _, d := range depts {
		head, ok := jc.Org.Head(d)
		if !ok {
			continue
		}
		o := byDept[d]
		out[head.SlackID] = append(out[head.SlackID], msg.T(msg.OneOrMore("scheduler.digest_reports", o.n), o.n, o.first, o.overdue))
	}
	return out, nil
}

// source adapts the meetings tables to the scheduler's cadence check and
// meeting reminders.
type source struct{ s *Service }

func (src source) ExecutiveScheduled(ctx context.Context, jc *scheduler.JobContext, year int, month time.Month) (bool, error) {
	return src.s.store.Read(ctx).ExecutiveScheduled(jc.Today.Location(), year, month)
}

func (src source) PlenaryScheduled(ctx context.Context, jc *scheduler.JobContext, year, half int) (bool, error) {
	return src.s.store.Read(ctx).PlenaryScheduled(jc.Today.Location(), year, half)
}

func (src source) MeetingsBetween(ctx context.Context, _ *scheduler.JobContext, from, to time.Time) ([]scheduler.UpcomingMeeting, error) {
	read := src.s.store.Read(ctx)
	ms, err := read.MeetingsStarting(from, to)
	if err != nil {
		return nil, err
	}
	// The deputy of an attendee on approved leave is reminded in their
	// place (Art. 57 ¶2).
	if ms, err = seatedAll(read, ms); err != nil {
		return nil, err
	}
	out := make([]scheduler.UpcomingMeeting, 0, len(ms))
	for _, m := range ms {
		out = append(out, scheduler.UpcomingMeeting{Key: m.Key(), Title: m.Name(), Place: m.Place, Start: m.Start, Attendees: m.AttendeeIDs()})
	}
	return out, nil
}

// reportsDue lists the open action items due by the date, reminding the
// head of each item's department.
func (s *Service) reportsDue(ctx context.Context, jc *scheduler.JobContext, dueBy time.Time) ([]scheduler.Deadline, error) {
	items, err := s.store.Read(ctx).ItemsDueBy(dueBy.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	out := make([]scheduler.Deadline, 0, len(items))
	for _, it := range items {
		due, err := time.ParseInLocation(time.DateOnly, it.Due, dueBy.Location())
		if err != nil {
			return nil, fmt.Errorf("action item %s: due %q: %w", it.Key(), it.Due, err)
		}
		d := scheduler.Deadline{Item: it.Key(), Title: it.Task, Due: due}
		if head, ok := jc.Org.Head(it.Department); ok {
			d.To = []string{head.SlackID}
		}
		out = append(out, d)
	}
	return out, nil
}
