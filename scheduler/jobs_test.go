package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"officebot/approval"
	"officebot/clock"
	"officebot/directory"
	"officebot/handlers/handlerstest"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// pass runs the jobs (none given: the program's) due at now and delivers
// what they queued.
func pass(t *testing.T, s *storage.Store, clk *clock.Fake, slack *fakeSlack, now time.Time, jobs ...scheduler.Job) (queued int) {
	t.Helper()
	if len(jobs) == 0 {
		jobs = handlerstest.Jobs(s)
	}
	clk.Set(now)
	before, _ := s.OutboxStats(context.Background())
	sch := scheduler.New(scheduler.Deps{Store: s, Clock: clk, Location: shanghai, Calendar: newCalendar()}, jobs...)
	if err := sch.RunPass(context.Background(), now); err != nil {
		t.Fatalf("pass at %s: %v", now, err)
	}
	after, _ := s.OutboxStats(context.Background())
	o := &scheduler.Outbox{Store: s, Sender: slack, Clock: clk}
	if _, err := o.DrainOnce(context.Background()); err != nil {
		t.Fatalf("drain at %s: %v", now, err)
	}
	return int(after.Pending - before.Pending)
}

func approvalsJob(s *storage.Store) scheduler.Job { return handlerstest.Job(s, "approvals") }

func TestPendingApprovalIsRemindedAfterOneWorkingDayThenDailyAndEscalatedAfterThree(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		importDemo(t, s)
		clk := clock.NewFake(at(t, "2026-11-23 10:00")) // a Monday
		startApproval(t, s, "L7", "U0VMLI", clk.Now())
		slack := &fakeSlack{}
		job := approvalsJob(s)
		for _, tc := range []struct {
			day                string
			assignee, director int // messages received that day
			waited             string
		}{
			{"2026-11-23", 0, 0, ""},       // activated today
			{"2026-11-24", 1, 0, "1 个工作日"}, // Tuesday: 1 working day
			{"2026-11-25", 1, 0, "2 个工作日"},
			{"2026-11-26", 1, 1, "3 个工作日"}, // Thursday: 3 working days, the office director too
			{"2026-11-27", 1, 1, "4 个工作日"},
			{"2026-11-28", 0, 0, ""}, // Saturday
			{"2026-11-29", 0, 0, ""}, // Sunday
			{"2026-11-30", 1, 1, "5 个工作日"},
		} {
			before := len(slack.messages())
			pass(t, s, clk, slack, at(t, tc.day+" 09:30"), job)
			got := slack.messages()[before:]
			var toAssignee, toDirector int
			for _, m := range got {
				switch m.Channel {
				case "U0VMLI":
					toAssignee++
					if !strings.Contains(m.Text, "L7") || !strings.Contains(m.Text, tc.waited) {
						t.Errorf("%s: reminder %q should name L7 and %q", tc.day, m.Text, tc.waited)
					}
				case "U0OFFDIR":
					toDirector++
					if !strings.Contains(m.Text, "李副市长") {
						t.Errorf("%s: escalation %q should name the assignee", tc.day, m.Text)
					}
				default:
					t.Errorf("%s: unexpected message to %s: %q", tc.day, m.Channel, m.Text)
				}
			}
			if toAssignee != tc.assignee || toDirector != tc.director {
				t.Errorf("%s: assignee got %d, director %d; want %d and %d", tc.day, toAssignee, toDirector, tc.assignee, tc.director)
			}
		}
	})
}

func TestNothingNonUrgentIsSentOnRestDaysAndHolidays(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		importDemo(t, s)
		clk := clock.NewFake(at(t, "2026-09-29 10:00")) // Tuesday before National Day
		startApproval(t, s, "D3", "U0MAYOR", clk.Now())
		slack := &fakeSlack{}
		jobs := handlerstest.Jobs(s) // approvals, digest, housekeeping, ...
		want := map[string]int{
			"2026-09-30": 2, // reminder + digest
			"2026-10-01": 0, "2026-10-02": 0, "2026-10-03": 0, "2026-10-04": 0,
			"2026-10-05": 0, "2026-10-06": 0, "2026-10-07": 0,
			"2026-10-08": 3, // first day back: 2 working days waited; and October's cadence check (no executive meeting yet)
			"2026-10-09": 3, // 3 working days: the director too
			"2026-10-10": 3, // Saturday made a working day (调休)
			"2026-10-11": 0, // ordinary Sunday
		}
		for d := at(t, "2026-09-30 18:00"); d.Before(at(t, "2026-10-12 00:00")); d = d.AddDate(0, 0, 1) {
			day := d.Format(time.DateOnly)
			before := len(slack.messages())
			pass(t, s, clk, slack, d, jobs...)
			if got := len(slack.messages()) - before; got != want[day] {
				t.Errorf("%s: %d messages, want %d: %v", day, got, want[day], slack.messages()[before:])
			}
		}
	})
}

func TestTheSamePassRunTwiceSendsNothingNew(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		importDemo(t, s)
		clk := clock.NewFake(at(t, "2026-11-23 10:00"))
		for i, who := range []string{"U0VMLI", "U0MAYOR", "U0EXEC"} {
			startApproval(t, s, "L"+string(rune('1'+i)), who, clk.Now())
		}
		slack := &fakeSlack{}
		now := at(t, "2026-11-27 18:00")
		first := pass(t, s, clk, slack, now, handlerstest.Jobs(s)...)
		n := len(slack.messages())
		if first == 0 || n != first {
			t.Fatalf("first pass queued %d, delivered %d", first, n)
		}
		// A restart (a new Scheduler) and a second replica both run the same pass.
		if again := pass(t, s, clk, slack, now.Add(time.Minute), handlerstest.Jobs(s)...); again != 0 {
			t.Errorf("second pass queued %d new messages", again)
		}
		if got := len(slack.messages()); got != n {
			t.Errorf("second pass delivered %d more messages", got-n)
		}
	})
}

func TestAMissedRunCatchesUpLaterTheSameDayButNotBeforeItsTime(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		importDemo(t, s)
		clk := clock.NewFake(at(t, "2026-11-23 10:00"))
		startApproval(t, s, "L1", "U0VMLI", clk.Now())
		slack := &fakeSlack{}
		// 08:00 on Tuesday: neither the 09:00 digest nor the 09:30 approvals are due yet.
		if n := pass(t, s, clk, slack, at(t, "2026-11-24 08:00"), handlerstest.Jobs(s)...); n != 0 {
			t.Fatalf("at 08:00 %d messages were queued", n)
		}
		// The process was down at 09:00 and 09:30 and starts at 14:00.
		if n := pass(t, s, clk, slack, at(t, "2026-11-24 14:00"), handlerstest.Jobs(s)...); n != 2 {
			t.Fatalf("catch-up at 14:00 queued %d messages, want the digest and the reminder", n)
		}
	})
}

func TestDigestListsEachPersonsPendingApprovalsOnWorkingDays(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		importDemo(t, s)
		clk := clock.NewFake(at(t, "2026-11-20 10:00"))
		startApproval(t, s, "L1", "U0VMLI", clk.Now())
		startApproval(t, s, "L2", "U0VMLI", at(t, "2026-11-23 08:00"))
		digest := handlerstest.Job(s, "digest")
		slack := &fakeSlack{}
		pass(t, s, clk, slack, at(t, "2026-11-23 09:00"), digest)
		got := slack.to("U0VMLI")
		if len(got) != 1 || !strings.Contains(got[0], "待您审批 2 件") || !strings.Contains(got[0], "已等待 1 个工作日") {
			t.Fatalf("digest: %q", got)
		}
		if other := len(slack.messages()) - len(got); other != 0 {
			t.Errorf("%d digests to people without open items", other)
		}
	})
}

type cadence struct{ executive, plenary bool }

func (c cadence) ExecutiveScheduled(context.Context, *scheduler.JobContext, int, time.Month) (bool, error) {
	return c.executive, nil
}
func (c cadence) PlenaryScheduled(context.Context, *scheduler.JobContext, int, int) (bool, error) {
	return c.plenary, nil
}

func TestCadenceRemindsTheOfficeOnTheFirstWorkingDayOfTheMonth(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		src     cadence
		day     string
		want    int
		mention string
	}{
		{"no executive meeting on Dec 1", cadence{}, "2026-12-01", 1, "常务会议"},
		{"executive meeting scheduled", cadence{executive: true}, "2026-12-01", 0, ""},
		{"not the first working day", cadence{}, "2026-12-02", 0, ""},
		// 2026-11-01 is a Sunday: the check runs on Monday the 2nd.
		{"Sunday the first", cadence{}, "2026-11-01", 0, ""},
		{"Monday the second", cadence{}, "2026-11-02", 1, "常务会议"},
		{"July without plenary", cadence{executive: true}, "2026-07-01", 1, "全体会议"},
		{"January with neither", cadence{}, "2027-01-04", 2, "全体会议"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := storagetest.SQLite(t)
			importDemo(t, s)
			slack := &fakeSlack{}
			clk := clock.NewFake(at(t, tc.day+" 09:00"))
			pass(t, s, clk, slack, clk.Now(), scheduler.CadenceJob(tc.src))
			got := slack.to("C0OFFICE")
			if len(got) != tc.want || (tc.mention != "" && !strings.Contains(strings.Join(got, "\n"), tc.mention)) {
				t.Errorf("office got %q, want %d mentioning %q", got, tc.want, tc.mention)
			}
		})
	}
}

type meetings []scheduler.UpcomingMeeting

func (ms meetings) MeetingsBetween(_ context.Context, _ *scheduler.JobContext, from, to time.Time) ([]scheduler.UpcomingMeeting, error) {
	var out []scheduler.UpcomingMeeting
	for _, m := range ms {
		if !m.Start.Before(from) && m.Start.Before(to) {
			out = append(out, m)
		}
	}
	return out, nil
}

func TestMeetingAttendeesAreRemindedTheWorkingDayBeforeAndAnHourBefore(t *testing.T) {
	t.Parallel()
	s := storagetest.SQLite(t)
	importDemo(t, s)
	src := meetings{{Key: "M3", Title: "2026年第12次常务会议", Place: "第一会议室",
		Start: at(t, "2026-11-30 09:00"), Attendees: []string{"U0MAYOR", "U0EXEC"}}} // a Monday
	jobs := scheduler.MeetingReminderJobs(src)
	slack := &fakeSlack{}
	clk := clock.NewFake(at(t, "2026-11-27 15:00"))
	for _, tc := range []struct {
		now  string
		want int
	}{
		{"2026-11-27 15:00", 2}, // Friday: the working day before
		{"2026-11-27 15:05", 0}, // once
		{"2026-11-29 15:00", 0}, // Sunday
		{"2026-11-30 07:55", 0}, // more than an hour before
		{"2026-11-30 08:00", 2}, // one hour before
		{"2026-11-30 08:05", 0},
	} {
		before := len(slack.messages())
		pass(t, s, clk, slack, at(t, tc.now), jobs...)
		if got := len(slack.messages()) - before; got != tc.want {
			t.Errorf("%s: %d reminders, want %d", tc.now, got, tc.want)
		}
	}
}

// A report's deadline asks for the report (报送), a document's for closing
// it (办结).
func TestReportDeadlinesAskForTheReport(t *testing.T) {
	t.Parallel()
	s := storagetest.SQLite(t)
	importDemo(t, s)
	due := at(t, "2026-12-03 00:00") // Thursday
	src := func(_ context.Context, _ *scheduler.JobContext, dueBy time.Time) ([]scheduler.Deadline, error) {
		if due.After(dueBy) {
			return nil, nil
		}
		return []scheduler.Deadline{{Item: "A5", Title: "落实招商项目", Due: due, To: []string{"U0FGWHEAD"}}}, nil
	}
	job := scheduler.DeadlineJob("reports", "0 9 * * *", src, scheduler.DeadlinePolicy{Before: 3, Report: true})
	slack := &fakeSlack{}
	clk := clock.NewFake(at(t, "2026-11-30 09:00"))
	for _, day := range []string{"2026-11-30", "2026-12-03", "2026-12-04"} {
		before := len(slack.messages())
		pass(t, s, clk, slack, at(t, day+" 09:00"), job)
		ms := slack.messages()[before:]
		if len(ms) != 1 || !strings.Contains(ms[0].Text, "报送") || strings.Contains(ms[0].Text, "办结") {
			t.Errorf("%s: %+v, want one reminder asking for the report", day, ms)
		}
	}
}

func TestDeadlinesAreRemindedBeforeOnTheDayAndDailyWhileOverdue(t *testing.T) {
	t.Parallel()
	s := storagetest.SQLite(t)
	importDemo(t, s)
	due := at(t, "2026-12-03 00:00") // Thursday
	src := func(_ context.Context, _ *scheduler.JobContext, dueBy time.Time) ([]scheduler.Deadline, error) {
		if due.After(dueBy) {
			return nil, nil
		}
		return []scheduler.Deadline{{Item: "A5", Title: "落实招商项目", Due: due, To: []string{"U0FGWHEAD"}}}, nil
	}
	job := scheduler.DeadlineJob("reports", "0 9 * * *", src, scheduler.DeadlinePolicy{Before: 3, OfficeOverdue: true})
	slack := &fakeSlack{}
	clk := clock.NewFake(at(t, "2026-11-29 09:00"))
	for _, tc := range []struct {
		day        string
		head, offc int
		text       string
	}{
		{"2026-11-29", 0, 0, ""},       // Sunday
		{"2026-11-30", 1, 0, "还有 3 天"}, // 3 days before
		{"2026-12-01", 0, 0, ""},       // "before" is sent once
		{"2026-12-03", 1, 0, "今天"},     // due day
		{"2026-12-04", 1, 1, "逾期 1 天"}, // overdue, also the office
		{"2026-12-05", 0, 0, ""},       // Saturday
		{"2026-12-07", 1, 1, "逾期 4 天"}, // daily while overdue
	} {
		before := len(slack.messages())
		pass(t, s, clk, slack, at(t, tc.day+" 09:00"), job)
		var head, offc int
		for _, m := range slack.messages()[before:] {
			if m.Channel == "U0FGWHEAD" {
				head++
				if !strings.Contains(m.Text, tc.text) {
					t.Errorf("%s: %q should contain %q", tc.day, m.Text, tc.text)
				}
			} else if m.Channel == "C0OFFICE" {
				offc++
			}
		}
		if head != tc.head || offc != tc.offc {
			t.Errorf("%s: head %d office %d, want %d and %d", tc.day, head, offc, tc.head, tc.offc)
		}
	}
}

// One line per person however their steps are addressed: the director's
// own step and one addressed to the office director's role are counted
// together, not as two "待您审批" lines.
func TestDigestCountsAPersonsStepsByNameAndByRoleOnOneLine(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		importDemo(t, s)
		clk := clock.NewFake(at(t, "2026-11-20 10:00"))
		startApproval(t, s, "L1", "U0OFFDIR", clk.Now())
		err := s.Tx(context.Background(), func(tx *storage.Tx) error {
			return tx.StartApproval("L2", []approval.Step{{Kind: "approve", Role: directory.OfficeDirector,
				Actions: []approval.Action{approval.Approve, approval.Reject}}}, at(t, "2026-11-23 08:00"))
		})
		if err != nil {
			t.Fatal(err)
		}
		slack := &fakeSlack{}
		pass(t, s, clk, slack, at(t, "2026-11-23 09:00"), handlerstest.Job(s, "digest"))
		got := slack.to("U0OFFDIR")
		if len(got) != 1 || strings.Count(got[0], "待您审批") != 1 || !strings.Contains(got[0], "待您审批 2 件") ||
			!strings.Contains(got[0], "已等待 1 个工作日") {
			t.Fatalf("digest: %q", got)
		}
	})
}

// A pass runs the jobs that change state first, one after the other, and
// only then the others, together (as cron runs the jobs of one minute);
// every job's error is reported.
func TestAPassRunsStateChangesFirstThenTheOtherJobsTogether(t *testing.T) {
	t.Parallel()
	s := storagetest.SQLite(t)
	importDemo(t, s)
	now := at(t, "2026-11-24 10:00")
	var (
		mu      sync.Mutex
		log     []string
		changed = make(chan struct{}) // closed when both state-changing jobs ended
		started = make(chan struct{}, 3)
		ends    int
	)
	record := func(s string) {
		mu.Lock()
		log = append(log, s)
		mu.Unlock()
	}
	changes := func(name string) scheduler.Job {
		return scheduler.Job{Name: name, Spec: "0 9 * * *", Changes: true, Run: func(context.Context, *scheduler.JobContext) error {
			record(name)
			mu.Lock()
			defer mu.Unlock()
			if ends++; ends == 2 {
				close(changed)
			}
			return nil
		}}
	}
	// Each of these waits until all three have started: run one after the
	// other, the first would wait for ever (the context's deadline ends it).
	together := func(name string, fail bool) scheduler.Job {
		return scheduler.Job{Name: name, Spec: "0 9 * * *", Run: func(ctx context.Context, _ *scheduler.JobContext) error {
			select {
			case <-changed:
			default:
				record(name + " started before the state changes ended")
			}
			started <- struct{}{}
			for len(started) < 3 {
				select {
				case <-ctx.Done():
					return fmt.Errorf("%s waited alone: %w", name, ctx.Err())
				case <-time.After(time.Millisecond):
				}
			}
			record(name)
			if fail {
				return errors.New(name + " failed")
			}
			return nil
		}}
	}
	sch := scheduler.New(scheduler.Deps{Store: s, Clock: clock.NewFake(now), Location: shanghai, Calendar: newCalendar()},
		together("a.remind", true), changes("z.expire"), together("b.remind", false), changes("y.expire"), together("c.remind", true),
		scheduler.Job{Name: "later", Spec: "0 11 * * *", Run: func(context.Context, *scheduler.JobContext) error {
			record("later")
			return nil
		}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := sch.RunPass(ctx, now)
	if err == nil || !strings.Contains(err.Error(), "a.remind failed") || !strings.Contains(err.Error(), "1 more error") {
		t.Errorf("RunPass = %v, want a.remind's error first and one more", err)
	}
	if len(log) != 5 || log[0] != "y.expire" || log[1] != "z.expire" {
		t.Fatalf("ran %q, want y.expire, z.expire, then the three reminders together, and not the job due at 11:00", log)
	}
	for _, l := range log {
		if strings.Contains(l, "started before") || strings.Contains(l, "later") {
			t.Fatalf("ran %q", log)
		}
	}
}
