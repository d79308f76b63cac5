package scheduler

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/msg"
)

// Pending approvals (SPEC §1.5): after 1 working day remind the assignee,
// then daily; after 3 working days also the office director.
func init() {
	Register(Job{Name: "approvals", Spec: "30 9 * * *", Run: remindApprovals})
}

// Approval reminder thresholds, in working days waited.
const (
	approvalRemindAfter   = 1
	approvalEscalateAfter = 3
)

// Describer names items for reminders ("L12 李副市长出差上海"): given item
// keys, it returns a short description of those it knows.
type Describer func(ctx context.Context, db *gorm.DB, items []string) (map[string]string, error)

var (
	describersMu sync.Mutex
	describers   = map[string]Describer{}
)

// RegisterDescriber lets a capability name its items (by key prefix, e.g.
// "L") in reminders; without one a reminder shows the bare key.
func RegisterDescriber(prefix string, d Describer) {
	describersMu.Lock()
	defer describersMu.Unlock()
	if _, dup := describers[prefix]; dup {
		panic("scheduler: duplicate describer " + prefix)
	}
	describers[prefix] = d
}

// Describe returns each item's label: its key, with the description a
// capability registered for it.
func Describe(ctx context.Context, db *gorm.DB, items []string) map[string]string {
	byPrefix := map[string][]string{}
	out := make(map[string]string, len(items))
	for _, it := range items {
		out[it] = it
		p := strings.TrimRight(it, "0123456789")
		byPrefix[p] = append(byPrefix[p], it)
	}
	describersMu.Lock()
	ds := make(map[string]Describer, len(describers))
	for k, v := range describers {
		ds[k] = v
	}
	describersMu.Unlock()
	for p, keys := range byPrefix {
		d, ok := ds[p]
		if !ok {
			continue
		}
		names, err := d(ctx, db, keys)
		if err != nil {
			continue // a reminder with a bare key beats no reminder
		}
		for k, n := range names {
			if n != "" {
				out[k] = k + " " + chat.Escape(n)
			}
		}
	}
	return out
}

func remindApprovals(ctx context.Context, jc *JobContext) error {
	if !jc.Workday() {
		return nil
	}
	// Only what is due is read: pending steps activated before the cut-off,
	// through the (state, activated_at) index.
	remindBefore := jc.WorkdaysAgo(approvalRemindAfter - 1).UTC()
	escalateBefore := jc.WorkdaysAgo(approvalEscalateAfter - 1).UTC()
	steps, err := jc.Store.Read(ctx).DueApprovals(remindBefore)
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
	labels := Describe(ctx, jc.Store.DB.WithContext(ctx), items)
	director, hasDirector := jc.Org.First(directory.OfficeDirector)
	waited := waitCounter(jc)
	var rs []Reminder
	for _, s := range steps {
		days := waited(*s.ActivatedAt)
		kind := msg.T("scheduler.step_kind")
		to := recipients(jc.Org, s)
		var ms []chat.Message
		for _, p := range to {
			ms = append(ms, chat.Message{Channel: p, ItemKey: s.Subject,
				Text: msg.T("scheduler.approval_remind", labels[s.Subject], kind, days)})
		}
		rs = append(rs, Reminder{Item: s.Subject, Kind: "approval.remind", Messages: ms})
		if s.ActivatedAt.Before(escalateBefore) && hasDirector && !contains(to, director.SlackID) {
			rs = append(rs, Reminder{Item: s.Subject, Kind: "approval.escalate", Messages: []chat.Message{{
				Channel: director.SlackID, ItemKey: s.Subject,
				Text: msg.T("scheduler.approval_escalate", labels[s.Subject], assigneeName(jc.Org, s), kind, days)}}})
		}
	}
	n, err := jc.Remind(ctx, rs...)
	if n > 0 {
		jc.Log.Info("approval reminders queued", "count", n)
	}
	return err
}

// recipients are who may decide the step: its assignee, or everyone with its role.
func recipients(org *directory.Org, s approval.Record) []string {
	if s.Assignee != "" {
		return []string{s.Assignee}
	}
	var ids []string
	for _, p := range org.WithRole(s.Role) {
		ids = append(ids, p.SlackID)
	}
	sort.Strings(ids)
	return ids
}

func assigneeName(org *directory.Org, s approval.Record) string {
	if s.Assignee != "" {
		if p, ok := org.Person(s.Assignee); ok {
			return p.Name
		}
		return s.Assignee
	}
	return msg.T("scheduler.anyone_with_role", msg.T("role."+string(s.Role)))
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
