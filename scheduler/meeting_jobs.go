package scheduler

import (
	"context"
	"fmt"
	"time"

	"officebot/chat"
	"officebot/msg"
	"officebot/storage"
)

// MeetingJobs are the meetings capability's jobs (SPEC §1.5): attendees reminded the day
// before and an hour before, the monthly and half-yearly cadence check, and
// the Art. 47 implementation reports (3 days before, on the day, daily while
// overdue).
func MeetingJobs() []Job {
	return append([]Job{CadenceJob(meetingStore{}), DeadlineJob("meeting.reports", "0 9 * * *", reportsDue, DeadlinePolicy{Before: 3})},
		MeetingReminderJobs(meetingStore{})...)
}

// MeetingDigests are the meetings capability's lines of the digest: the
// meetings of the day, and the reports a department owes.
var MeetingDigests = []DigestSource{{Name: "meetings.today", Lines: meetingsTodayDigest}, {Name: "meeting.reports", Lines: reportsDigest}}

// meetingsTodayDigest lists, for each attendee, the meetings starting today.
func meetingsTodayDigest(_ context.Context, jc *JobContext) (map[string][]string, error) {
	ms, err := storage.MeetingsStarting(jc.Store.DB, jc.Today, jc.Today.AddDate(0, 0, 1))
	if err != nil {
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
func reportsDigest(_ context.Context, jc *JobContext) (map[string][]string, error) {
	items, err := storage.ItemsDueBy(jc.Store.DB, "9999-12-31") // every open item: the digest is their summary
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
			o = &owed{first: it.Key()}
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
		out[head.SlackID] = append(out[head.SlackID], msg.T("scheduler.digest_reports", o.n, o.first, o.overdue))
	}
	return out, nil
}

// meetingStore adapts the meetings tables to the jobs' sources.
type meetingStore struct{}

func (meetingStore) ExecutiveScheduled(ctx context.Context, jc *JobContext, year int, month time.Month) (bool, error) {
	return storage.ExecutiveScheduled(jc.Store.DB.WithContext(ctx), jc.Today.Location(), year, month)
}

func (meetingStore) PlenaryScheduled(ctx context.Context, jc *JobContext, year, half int) (bool, error) {
	return storage.PlenaryScheduled(jc.Store.DB.WithContext(ctx), jc.Today.Location(), year, half)
}

func (meetingStore) MeetingsBetween(ctx context.Context, jc *JobContext, from, to time.Time) ([]UpcomingMeeting, error) {
	ms, err := storage.MeetingsStarting(jc.Store.DB.WithContext(ctx), from, to)
	if err != nil {
		return nil, err
	}
	out := make([]UpcomingMeeting, 0, len(ms))
	for _, m := range ms {
		out = append(out, UpcomingMeeting{Key: m.Key(), Title: m.Name(), Place: m.Place, Start: m.Start, Attendees: m.AttendeeIDs()})
	}
	return out, nil
}

// reportsDue lists the open action items due by the date, reminding the
// head of each item's department.
func reportsDue(ctx context.Context, jc *JobContext, dueBy time.Time) ([]Deadline, error) {
	db := jc.Store.DB.WithContext(ctx)
	items, err := storage.ItemsDueBy(db, dueBy.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, nil
	}
	org, err := storage.LoadOrg(db)
	if err != nil {
		return nil, err
	}
	out := make([]Deadline, 0, len(items))
	for _, it := range items {
		due, err := time.ParseInLocation(time.DateOnly, it.Due, dueBy.Location())
		if err != nil {
			return nil, fmt.Errorf("action item A%d: due %q: %w", it.ID, it.Due, err)
		}
		d := Deadline{Item: fmt.Sprintf("A%d", it.ID), Title: it.Task, Due: due}
		if head, ok := org.Head(it.Department); ok {
			d.To = []string{head.SlackID}
		}
		out = append(out, d)
	}
	return out, nil
}
