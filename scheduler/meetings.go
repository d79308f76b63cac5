package scheduler

import (
	"context"
	"fmt"
	"time"

	"officebot/chat"
	"officebot/msg"
)

// Meeting jobs (SPEC §1.3, §1.5). The meetings capability owns the data; it
// plugs in by implementing these small interfaces and returning the jobs
// from its Jobs, which cmd/officebot passes to New:
//
//	scheduler.CadenceJob(cadence)
//	scheduler.MeetingReminderJobs(upcoming)
//	scheduler.DeadlineJob("meeting.reports", "0 9 * * *", reportsDue, scheduler.DeadlinePolicy{Before: 3})

// CadenceSource answers whether the regular meetings are scheduled (Art. 40:
// the plenary 全体会议 twice a year; Art. 41: the executive meeting 常务会议
// monthly). Implemented by the meetings capability.
type CadenceSource interface {
	// Months and half years are those of the office's zone (jc.Today).
	ExecutiveScheduled(ctx context.Context, jc *JobContext, year int, month time.Month) (bool, error)
	// PlenaryScheduled: half is 1 (January-June) or 2 (July-December).
	PlenaryScheduled(ctx context.Context, jc *JobContext, year, half int) (bool, error)
}

// CadenceJob checks the meeting cadence at 09:00 on the first working day
// of each month: no executive meeting scheduled that month, or (January and
// July) no plenary that half-year → a reminder in the office channel.
func CadenceJob(src CadenceSource) Job {
	return Job{Name: "meetings.cadence", Spec: "0 9 * * *", Run: func(ctx context.Context, jc *JobContext) error {
		return checkCadence(ctx, jc, src)
	}}
}

func checkCadence(ctx context.Context, jc *JobContext, src CadenceSource) error {
	first := time.Date(jc.Today.Year(), jc.Today.Month(), 1, 0, 0, 0, 0, jc.Today.Location())
	if !jc.Workday() || !jc.Calendar.NextWorkday(first).Equal(jc.Today) {
		return nil
	}
	office := jc.Org.Channels.Office
	if office == "" {
		return nil
	}
	year, month := jc.Today.Year(), jc.Today.Month()
	period := fmt.Sprintf("%04d-%02d", year, month)
	var rs []Reminder
	ok, err := src.ExecutiveScheduled(ctx, jc, year, month)
	if err != nil {
		return fmt.Errorf("executive meeting of %s: %w", period, err)
	}
	if !ok {
		rs = append(rs, Reminder{Item: "cadence:" + period, Kind: "cadence.executive",
			Messages: []chat.Message{{Channel: office, Text: msg.T("scheduler.cadence_executive", year, int(month))}}})
	}
	if month == time.January || month == time.July {
		half := 1
		if month == time.July {
			half = 2
		}
		ok, err := src.PlenaryScheduled(ctx, jc, year, half)
		if err != nil {
			return fmt.Errorf("plenary of %d/%d: %w", year, half, err)
		}
		if !ok {
			rs = append(rs, Reminder{Item: fmt.Sprintf("cadence:%d-H%d", year, half), Kind: "cadence.plenary",
				Messages: []chat.Message{{Channel: office, Text: msg.T("scheduler.cadence_plenary", year, msg.T(fmt.Sprintf("scheduler.half_%d", half)))}}})
		}
	}
	_, err = jc.Remind(ctx, rs...)
	return err
}

// UpcomingMeeting is a scheduled meeting as the reminders need it.
type UpcomingMeeting struct {
	Key       string // M3
	Title     string // e.g. 2026年第12次常务会议 (escaped by the job)
	Place     string
	Start     time.Time
	Attendees []string // Slack IDs
}

// MeetingSource lists scheduled (not cancelled) meetings that start in
// [from, to). Implemented by the meetings capability.
type MeetingSource interface {
	MeetingsBetween(ctx context.Context, jc *JobContext, from, to time.Time) ([]UpcomingMeeting, error)
}

// MeetingReminderJobs remind attendees the day before (at 15:00 on the
// working day before: Friday covers a Monday meeting) and one hour before
// (checked every 5 minutes, any day: a meeting is a meeting).
func MeetingReminderJobs(src MeetingSource) []Job {
	return []Job{
		{Name: "meetings.day_before", Spec: "0 15 * * *", Run: func(ctx context.Context, jc *JobContext) error {
			if !jc.Workday() {
				return nil
			}
			from := jc.Today.AddDate(0, 0, 1)
			to := jc.Calendar.NextWorkday(from).AddDate(0, 0, 1)
			return remindMeetings(ctx, jc, src, from, to, "meeting.day_before", "scheduler.meeting_day_before")
		}},
		{Name: "meetings.hour_before", Spec: "*/5 * * * *", Run: func(ctx context.Context, jc *JobContext) error {
			// Starting within the next hour, the hour itself included:
			// one microsecond past it, the finest instant PostgreSQL keeps
			// (a nanosecond is rounded away there, and a meeting at
			// exactly an hour from now was left to the next run).
			return remindMeetings(ctx, jc, src, jc.Now, jc.Now.Add(time.Hour+time.Microsecond), "meeting.hour_before", "scheduler.meeting_hour")
		}},
	}
}

func remindMeetings(ctx context.Context, jc *JobContext, src MeetingSource, from, to time.Time, kind, key string) error {
	ms, err := src.MeetingsBetween(ctx, jc, from, to)
	if err != nil {
		return fmt.Errorf("meetings between %s and %s: %w", from.Format(time.RFC3339), to.Format(time.RFC3339), err)
	}
	var rs []Reminder
	for _, m := range ms {
		when := m.Start.In(jc.Now.Location()).Format("2006-01-02 15:04")
		var out []chat.Message
		for _, a := range m.Attendees {
			out = append(out, chat.Message{Channel: a, ItemKey: m.Key,
				Text: msg.T(key, m.Key+" "+chat.Escape(m.Title), when, chat.Escape(m.Place))})
		}
		// Keyed by the meeting's start instant: once per meeting and time,
		// whichever day the job runs; a meeting moved to another time (even
		// on the same day) is reminded of the new one.
		rs = append(rs, Reminder{Item: m.Key, Kind: kind, Day: m.Start.In(jc.Now.Location()).Format(time.DateOnly), At: m.Start, Messages: out})
	}
	_, err = jc.Remind(ctx, rs...)
	return err
}
