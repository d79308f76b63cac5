package document

import (
	"context"
	"strings"

	"officebot/chat"
	"officebot/directory"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
	"officebot/scheduler"
)

// Reminder kinds of outgoing documents' open steps: with the document's
// key and the day they make each reminder go out once a day, after a
// restart or on a second replica too (scheduler.JobContext.Remind).
const (
	OutRemindKind   = "document.out.remind"
	OutEscalateKind = "document.out.escalate"
)

// Step reminder thresholds in working days waited (SPEC §1.5, as the
// approval reminders of the other flows).
const (
	outRemindAfter   = 1
	outEscalateAfter = 3
)

// OutgoingJobs are the scheduler jobs of outgoing documents (发文): at
// 09:30 on working days, the person of every open step of a sign-off chain
// that has waited a working day or more is reminded, daily; from three
// working days the office director is told too (Art. 47: the office
// urges and supervises).
func (s *Service) OutgoingJobs() []scheduler.Job {
	return []scheduler.Job{{Name: "document.outgoing", Spec: "30 9 * * *", Run: s.remindSteps}}
}

// OutgoingDigests are the outgoing documents' lines of the 09:00 digest:
// how many wait for each person's step.
func (s *Service) OutgoingDigests() []scheduler.DigestSource {
	return []scheduler.DigestSource{{Name: "documents.outgoing", Lines: s.outgoingDigest}}
}

// waited is how many working days the open step i of o has waited by
// today, and whether it is one of the chain's open steps.
func waited(jc *scheduler.JobContext, o document.Outgoing, i int) int {
	since := o.Chain.WaitingSince(i, o.CreatedAt)
	return jc.Calendar.WorkdaysBetween(jc.Calendar.Date(since), jc.Today)
}

func (s *Service) remindSteps(ctx context.Context, jc *scheduler.JobContext) error {
	if !jc.Workday() {
		return nil
	}
	os, err := jc.Store.Read(ctx).OutgoingInProgress()
	if err != nil {
		return err
	}
	director, hasDirector := jc.Org.First(directory.OfficeDirector)
	var rs []scheduler.Reminder
	for _, o := range os {
		open := o.Chain.Open()
		if len(open) == 0 {
			continue
		}
		// The steps of a stage open together, so they have waited alike.
		days := waited(jc, o, open[0])
		if days < outRemindAfter {
			continue
		}
		title := chat.Escape(o.Title)
		var ms []chat.Message
		var names []string
		directorActs := false
		for _, i := range open {
			st := o.Chain.Steps[i]
			directorActs = directorActs || st.Assignee == director.SlackID
			names = append(names, handlers.PersonName(jc.Org, st.Assignee))
			ms = append(ms, chat.Message{Channel: st.Assignee, ItemKey: o.Key(),
				Text: msg.T("document.out.remind", o.Key(), title, o.Chain.Version, stepName(st.Kind), days)})
		}
		rs = append(rs, scheduler.Reminder{Item: o.Key(), Kind: OutRemindKind, Messages: ms})
		if days >= outEscalateAfter && hasDirector && !directorActs {
			kind := stepName(o.Chain.Steps[open[0]].Kind)
			rs = append(rs, scheduler.Reminder{Item: o.Key(), Kind: OutEscalateKind, Messages: []chat.Message{{
				Channel: director.SlackID, ItemKey: o.Key(),
				Text: msg.T("document.out.escalate", o.Key(), title, strings.Join(names, "、"), kind, days)}}})
		}
	}
	n, err := jc.Remind(ctx, rs...)
	if n > 0 {
		jc.Log.Info("outgoing step reminders queued", "count", n)
	}
	return err
}

// outgoingDigest counts, for each person, the outgoing documents waiting
// for their step, naming the oldest and the longest wait.
func (s *Service) outgoingDigest(ctx context.Context, jc *scheduler.JobContext) (map[string][]string, error) {
	os, err := jc.Store.Read(ctx).OutgoingInProgress()
	if err != nil {
		return nil, err
	}
	type owed struct {
		n, days int
		first   string
	}
	by := map[string]*owed{}
	var people []string
	for _, o := range os { // oldest first
		for _, i := range o.Chain.Open() {
			who := o.Chain.Steps[i].Assignee
			w := by[who]
			if w == nil {
				w = &owed{first: o.Key() + "《" + chat.Escape(o.Title) + "》"}
				by[who] = w
				people = append(people, who)
			}
			w.n, w.days = w.n+1, max(w.days, waited(jc, o, i))
		}
	}
	out := map[string][]string{}
	for _, who := range people {
		w := by[who]
		out[who] = append(out[who], msg.T(msg.OneOrMore("document.out.digest", w.n), w.n, w.first, w.days))
	}
	return out, nil
}
