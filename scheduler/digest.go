package scheduler

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"officebot/chat"
	"officebot/msg"
	"officebot/storage"
)

// DigestJob sends the 09:00 working-day digest (SPEC §1.5): one direct
// message to each person with open items, with the lines of every source
// in the order given.
func DigestJob(sources ...DigestSource) Job {
	return Job{Name: "digest", Spec: "0 9 * * *", Run: func(ctx context.Context, jc *JobContext) error {
		return sendDigest(ctx, jc, sources)
	}}
}

// DigestSource contributes a capability's lines to the daily digest: for
// every person with something open in it, Chinese lines keyed by Slack ID.
// Lines should read in bulk (one or two queries), not per person.
type DigestSource struct {
	Name  string
	Lines func(ctx context.Context, jc *JobContext) (map[string][]string, error)
}

// ApprovalDigest counts each person's pending approval steps and names the
// first of them through the describers (never a bare key such as L7 or
// an internal one such as M3-minutes-1).
func ApprovalDigest(describers ...Describer) DigestSource {
	return DigestSource{Name: "approvals", Lines: func(ctx context.Context, jc *JobContext) (map[string][]string, error) {
		return approvalDigest(ctx, jc, describers)
	}}
}

func sendDigest(ctx context.Context, jc *JobContext, sources []DigestSource) error {
	if !jc.Workday() {
		return nil
	}
	lines := map[string][]string{}
	for _, s := range sources {
		got, err := s.Lines(ctx, jc)
		if err != nil {
			return fmt.Errorf("digest source %s: %w", s.Name, err)
		}
		for who, ls := range got {
			lines[who] = append(lines[who], ls...)
		}
	}
	people := make([]string, 0, len(lines))
	for who := range lines {
		people = append(people, who)
	}
	sort.Strings(people)
	var rs []Reminder
	for _, who := range people {
		p, ok := jc.Org.Person(who)
		if !ok || !p.Active || len(lines[who]) == 0 {
			continue
		}
		text := msg.T("scheduler.digest_title", p.Name, jc.Day()+" "+msg.T(fmt.Sprintf("weekday.%d", jc.Today.Weekday()))) + "\n" +
			strings.Join(lines[who], "\n") + "\n" + msg.T("scheduler.digest_footer")
		rs = append(rs, Reminder{Item: who, Kind: "digest", Messages: []chat.Message{{Channel: who, Text: text}}})
	}
	_, err := jc.Remind(ctx, rs...)
	return err
}

// approvalDigest counts each person's pending approval steps in one
// grouped query.
func approvalDigest(ctx context.Context, jc *JobContext, ds []Describer) (map[string][]string, error) {
	gs, err := jc.Store.Read(ctx).PendingApprovalGroups()
	if err != nil {
		return nil, err
	}
	firsts := make([]string, len(gs))
	for i, g := range gs {
		firsts[i] = g.First
	}
	// The first item is named as officials name it (L7 王主任 出差 上海,
	// M3 2026年第3次常务会议纪要), never by a bare or internal key
	// (issue 11 item 14).
	labels := describe(ctx, jc, ds, firsts)
	waited := waitCounter(jc)
	// A person's steps come in several groups (addressed to them by name,
	// to their role): one line for all of them.
	type sum struct {
		n      int
		oldest time.Time
		first  string
	}
	sums := map[string]*sum{}
	var order []string
	add := func(who string, g storage.PendingGroup) {
		t, ok := sums[who]
		if !ok {
			t = &sum{first: g.First}
			sums[who] = t
			order = append(order, who)
		}
		t.n += g.N
		if !g.Oldest.IsZero() && (t.oldest.IsZero() || g.Oldest.Before(t.oldest)) {
			t.oldest, t.first = g.Oldest, g.First
		}
	}
	for _, g := range gs {
		if g.Assignee != "" {
			add(g.Assignee, g)
			continue
		}
		for _, p := range jc.Org.WithRole(g.Role) {
			add(p.SlackID, g)
		}
	}
	out := map[string][]string{}
	for _, who := range order {
		t := sums[who]
		days := 0
		if !t.oldest.IsZero() {
			days = waited(t.oldest)
		}
		out[who] = append(out[who], msg.T(msg.OneOrMore("scheduler.digest_approvals", t.n), t.n, labels[t.first], days))
	}
	return out, nil
}
