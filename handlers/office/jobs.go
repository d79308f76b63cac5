package office

import (
	"context"
	"fmt"
	"strings"
	"time"

	"officebot/chat"
	"officebot/msg"
	"officebot/office"
	"officebot/scheduler"
)

// OverdueKind is the reminder kind of the daily overdue list: with the
// item "office" and the day it makes the list go out once a day, after a
// restart or on a second replica too.
const OverdueKind = "office.overdue"

// overdueHour is when the list goes out: the start of the working day.
const overdueHour = 9

// Jobs are the desk's scheduler jobs: the daily overdue list.
func (s *Service) Jobs() []scheduler.Job {
	return []scheduler.Job{{Name: "office.overdue", Spec: fmt.Sprintf("0 %d * * *", overdueHour), Run: s.overdueJob}}
}

// overdueJob posts the overdue Art. 47 reports and incoming documents to
// the office channel at 09:00 on working days, one message grouped by
// unit: the office checks, urges and supervises them (Art. 47; Art. 54's
// time limits). A pass before 09:00 (a restart at 08:30) sends nothing
// yet; the reminder key sends it once per day.
func (s *Service) overdueJob(ctx context.Context, jc *scheduler.JobContext) error {
	if !jc.Workday() || jc.Now.Hour() < overdueHour {
		return nil
	}
	ch := jc.Org.Channels.Office
	if ch == "" {
		return nil
	}
	loc := jc.Calendar.Location()
	// Only what is overdue is read (not the whole desk): the pass's cost
	// follows the overdue items, not the open ones (issue 15).
	rec := s.store.OverdueRecords(ctx, jc.Org, office.Date(jc.Now, loc).Format(time.DateOnly), loc)
	desk, err := s.deskOf(ctx, rec, false, jc.Org, Everything(jc.Org), jc.Now, loc)
	if err != nil {
		return err
	}
	var over []Line
	for _, l := range desk.Lines {
		if l.Overdue > 0 && (strings.HasPrefix(l.Key, "A") || strings.HasPrefix(l.Key, "D")) {
			over = append(over, l)
		}
	}
	if len(over) == 0 {
		return nil
	}
	m := overdueMessage(jc, ch, over, loc)
	_, err = jc.Remind(ctx, scheduler.Reminder{Item: "office", Kind: OverdueKind, Messages: []chat.Message{m}})
	return err
}

func overdueMessage(jc *scheduler.JobContext, ch string, over []Line, loc *time.Location) chat.Message {
	title := msg.T("office.overdue.title", jc.Today.Format(time.DateOnly), len(over))
	blocks := []chat.Block{chat.Title(title)}
	var order []string
	by := map[string][]Line{}
	for _, l := range over {
		if _, ok := by[l.Unit]; !ok {
			order = append(order, l.Unit)
		}
		by[l.Unit] = append(by[l.Unit], l)
	}
	for i, u := range order {
		if len(blocks) > 45 {
			rest := 0
			for _, r := range order[i:] {
				rest += len(by[r])
			}
			blocks = append(blocks, chat.Note(msg.T("office.desk.more", rest)))
			break
		}
		var b strings.Builder
		b.WriteString("*" + chat.Escape(unitName(jc.Org, u)) + "*")
		for _, l := range by[u] {
			fmt.Fprintf(&b, "\n• %s — %s", l.Text, when(l, jc.Now, jc.Calendar))
		}
		blocks = append(blocks, chat.Text(b.String()))
	}
	blocks = append(blocks, chat.Note(msg.T("office.overdue.note")))
	return chat.Message{Channel: ch, Text: title, Blocks: blocks}
}
