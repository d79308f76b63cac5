package scheduler

import (
	"context"
	"sort"
	"strings"
	"time"

	"officebot/chat"
	"officebot/directory"
	"officebot/msg"
)

// ApprovalsJob reminds pending approvals (SPEC §1.5) at 09:30 on working
// days: after 1 working day the assignee, then daily; after 3 working days
// also the office director. The describers name the items in the reminders.
func ApprovalsJob(describers ...Describer) Job {
	return Job{Name: "approvals", Spec: "30 9 * * *", Run: func(ctx context.Context, jc *JobContext) error {
		return remindApprovals(ctx, jc, describers)
	}}
}

// Approval reminder thresholds, in working days waited.
const (
	approvalRemindAfter   = 1
	approvalEscalateAfter = 3
)

// Describer names a capability's items for reminders ("L12 李副市长出差上海"):
// given item keys starting with Prefix, Describe returns a short
// description of those it knows.
//
// An item matches when its key is Prefix followed by a digit: "M" takes
// M3-minutes-1 as well as M3.
type Describer struct {
	Prefix   string // "L"
	Describe func(ctx context.Context, jc *JobContext, items []string) (map[string]string, error)
	// Labels says Describe returns whole labels, the item as officials
	// name it ("M3 2026年第3次常务会议纪要"), shown instead of the key: the
	// key is internal (M3-minutes-1) and must not reach a person.
	Labels bool
}

// describe returns each item's label: its key, with the description a
// describer gives it; without one a reminder shows the bare key.
func describe(ctx context.Context, jc *JobContext, ds []Describer, items []string) map[string]string {
	out := make(map[string]string, len(items))
	for _, it := range items {
		out[it] = it
	}
	for _, d := range ds {
		var keys []string
		for _, it := range items {
			if rest, ok := strings.CutPrefix(it, d.Prefix); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				keys = append(keys, it)
			}
		}
		if len(keys) == 0 {
			continue
		}
		names, err := d.Describe(ctx, jc, keys)
		if err != nil {
			continue // a reminder with a bare key beats no reminder
		}
		for k, n := range names {
			switch {
			case n == "":
			case d.Labels:
				out[k] = chat.Escape(n)
			default:
				out[k] = k + " " + chat.Escape(n)
			}
		}
	}
	return out
}

func remindApprovals(ctx context.Context, jc *JobContext, ds []Describer) error {
	if !jc.Workday() {
		return nil
	}
	// Only what is due is read: pending steps activated before the cut-off,
	// through the (state, activated_at) index.
	remindBefore := jc.WorkdaysAgo(approvalRemindAfter - 1).UTC()
	escalateBefore := jc.WorkdaysAgo(approvalEscalateAfter - 1).UTC()
	steps, err := jc.Store.Read(ctx).DueSteps(remindBefore)
	if err != nil {
		return err
	}
	if len(steps) == 0 {
		return nil
	}
	items := make([]string, len(steps))
	for i, s := range steps {
		items[i] = s.Subject
	}
	labels := describe(ctx, jc, ds, items)
	director, hasDirector := jc.Org.First(directory.OfficeDirector)
	waited := waitCounter(jc)
	var rs []Reminder
	for _, s := range steps {
		days := waited(s.ActivatedAt)
		kind := msg.T("scheduler.step_kind")
		to := recipients(jc.Org, s.Assignee, s.Role)
		var ms []chat.Message
		for _, p := range to {
			ms = append(ms, chat.Message{Channel: p, ItemKey: s.Subject,
				Text: msg.T("scheduler.approval_remind", labels[s.Subject], kind, days)})
		}
		rs = append(rs, Reminder{Item: s.Subject, Kind: "approval.remind", Messages: ms})
		if s.ActivatedAt.Before(escalateBefore) && hasDirector && !contains(to, director.SlackID) {
			rs = append(rs, Reminder{Item: s.Subject, Kind: "approval.escalate", Messages: []chat.Message{{
				Channel: director.SlackID, ItemKey: s.Subject,
				Text: msg.T("scheduler.approval_escalate", labels[s.Subject], assigneeName(jc.Org, s.Assignee, s.Role), kind, days)}}})
		}
	}
	n, err := jc.Remind(ctx, rs...)
	if n > 0 {
		jc.Log.Info("approval reminders queued", "count", n)
	}
	return err
}

// recipients are who may decide the step: its assignee, or everyone with its role.
func recipients(org *directory.Org, assignee string, role directory.Role) []string {
	if assignee != "" {
		return []string{assignee}
	}
	var ids []string
	for _, p := range org.WithRole(role) {
		ids = append(ids, p.SlackID)
	}
	sort.Strings(ids)
	return ids
}

func assigneeName(org *directory.Org, assignee string, role directory.Role) string {
	if assignee != "" {
		if p, ok := org.Person(assignee); ok {
			return p.Name
		}
		return assignee
	}
	return msg.T("scheduler.anyone_with_role", msg.T("role."+string(role)))
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// waitCounter counts the working days from an instant's date to today,
// memoised per date (many items share a date).
func waitCounter(jc *JobContext) func(time.Time) int {
	memo := map[time.Time]int{}
	return func(t time.Time) int {
		d := jc.Calendar.Date(t)
		n, ok := memo[d]
		if !ok {
			n = jc.Calendar.WorkdaysBetween(d, jc.Today)
			memo[d] = n
		}
		return n
	}
}
