package office

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"officebot/chat"
	"officebot/dates"
	"officebot/handlers"
	"officebot/leave"
	"officebot/msg"
	"officebot/office"
	"officebot/office/chart"
)

// period reads the period of /office stats and /office export: the month
// of now when none is given, else what office.ReadPeriod reads against the
// office's clock and calendar. A phrase that reads two ways is not counted:
// the person is asked, both readings in full (handlers.Fail with the
// question, so nothing is computed or uploaded).
func period(c *handlers.Call, text string) (office.Period, error) {
	if strings.TrimSpace(text) == "" {
		return office.MonthOf(c.Now.In(c.Calendar.Location())), nil
	}
	r, err := office.ReadPeriod(text, dates.At(c.Now, c.Calendar))
	var pe *office.PeriodError
	switch {
	case errors.As(err, &pe):
		return office.Period{}, handlers.Fail(pe.Key, pe.Args()...)
	case dates.Message(err) != "":
		return office.Period{}, handlers.Fail("office.period.bad_date", dates.Message(err))
	case err != nil:
		return office.Period{}, err
	case r.Ambiguous:
		return office.Period{}, handlers.Fail("office.period.question", r.Question())
	}
	return r.Period, nil
}

// uploadTo is where a file answering the request goes: the conversation it
// came from, or the person's DM (the console, App Home).
func uploadTo(c *handlers.Call) string {
	if c.Req.Channel != "" {
		return c.Req.Channel
	}
	return c.Me.SlackID
}

// stats answers /office stats [period]: the figures per unit and overall,
// and the on-time chart uploaded to the conversation.
func (s *Service) stats(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	sc, err := ScopeOf(c.Org, c.Me)
	if err != nil {
		return handlers.Response{}, err
	}
	p, err := period(c, text)
	if err != nil {
		return handlers.Response{}, err
	}
	f, err := s.compute(ctx, c.Org, sc, p, c.Now, c.Calendar)
	if err != nil {
		return handlers.Response{}, err
	}
	reply := renderStats(c, sc, f.Report)
	if loc := c.Calendar.Location(); notStarted(p, c.Now, loc) {
		reply.Blocks = append(reply.Blocks, chat.Note(msg.T("office.stats.ahead", p.Label(), dates.EchoDate(p.Start(loc)))))
	}
	png, err := s.Chart(f)
	switch {
	case errors.Is(err, chart.ErrNoData):
		reply.Blocks = append(reply.Blocks, chat.Note(msg.T("office.stats.no_chart")))
	case err != nil:
		s.log().Warn("office chart", "err", err)
		reply.Blocks = append(reply.Blocks, chat.Note(msg.T("office.stats.chart_failed")))
	default:
		name := fmt.Sprintf("office-%s.png", p)
		up := chat.Message{Channel: uploadTo(c), Text: msg.T("office.chart.title", p.Label()),
			Upload: &chat.Upload{Name: name, Title: msg.T("office.chart.title", p.Label()), Data: png}}
		if err := s.enqueue(ctx, c, up); err != nil {
			return handlers.Response{}, err
		}
		reply.Blocks = append(reply.Blocks, chat.Note(msg.T("office.stats.chart_uploaded", name)))
	}
	return handlers.Response{Messages: []chat.Message{reply}}, nil
}

func pct(f office.Figures) string {
	if r, ok := f.OnTimeRate(); ok {
		return fmt.Sprintf("%.1f%%", r*100)
	}
	return msg.T("office.stats.none")
}

func avg(f office.Figures) string {
	if a, ok := f.AvgWorkdays(); ok {
		return fmt.Sprintf("%.1f", a)
	}
	return msg.T("office.stats.none")
}

func leaveLine(f office.Figures) string {
	var parts []string
	for _, k := range leave.Kinds {
		if f.LeaveTotal(k) == 0 {
			continue
		}
		var outs []string
		for _, st := range office.LeaveStates {
			if n := f.Leave[k][st]; n > 0 {
				outs = append(outs, fmt.Sprintf("%s %d", msg.T("leave.state."+string(st)), n))
			}
		}
		parts = append(parts, fmt.Sprintf("%s（%s）", k.Label(), strings.Join(outs, "、")))
	}
	if len(parts) == 0 {
		return msg.T("office.stats.no_leave")
	}
	return msg.T("office.stats.leave", f.LeaveTotal(""), strings.Join(parts, "；"))
}

func figuresLine(f office.Figures) string {
	return msg.T("office.stats.line", f.Handled, f.OnTime, pct(f), avg(f), f.OverdueNow,
		f.Reports.Due, f.Reports.OnTime, f.Reports.Late, f.Reports.Missing, f.Reports.Pending)
}

func renderStats(c *handlers.Call, sc Scope, r office.Report) chat.Message {
	title := msg.T("office.stats.title", r.Period.Label())
	if !sc.All {
		title = msg.T("office.stats.title_scoped", r.Period.Label(), len(sc.Units))
	}
	blocks := []chat.Block{chat.Title(title),
		chat.Text(msg.T("office.stats.overall") + figuresLine(r.Overall) + "\n" + leaveLine(r.Overall))}
	var b strings.Builder
	for _, u := range r.Units {
		f := u.Figures
		if f.Handled == 0 && f.Received == 0 && f.OverdueNow == 0 && f.Reports.Due == 0 && f.ItemsOverdueNow == 0 && f.LeaveTotal("") == 0 {
			continue
		}
		name := u.Unit.Name
		if u.Unit.Short != "" {
			name = u.Unit.Short
		}
		fmt.Fprintf(&b, "• *%s*：%s\n", chat.Escape(name), figuresLine(f))
	}
	if b.Len() > 0 {
		blocks = append(blocks, chat.Text(strings.TrimRight(b.String(), "\n")))
	} else {
		blocks = append(blocks, chat.Text(msg.T("office.stats.nothing")))
	}
	blocks = append(blocks, chat.Note(msg.T("office.stats.period", r.Period.Echo())), chat.Note(msg.T("office.stats.note")))
	return chat.Message{Text: title, Blocks: blocks}
}

// export answers /office export [period]: the workbook uploaded to the
// conversation.
func (s *Service) export(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	sc, err := ScopeOf(c.Org, c.Me)
	if err != nil {
		return handlers.Response{}, err
	}
	p, err := period(c, text)
	if err != nil {
		return handlers.Response{}, err
	}
	data, x, err := s.Workbook(ctx, c.Org, sc, p, c.Now, c.Calendar)
	if err != nil {
		return handlers.Response{}, err
	}
	if len(data) > chat.MaxUpload {
		return handlers.Response{}, handlers.Fail("office.export.too_big", p.String())
	}
	name := fmt.Sprintf("%s.xlsx", p)
	up := chat.Message{Channel: uploadTo(c), Text: msg.T("office.export.uploaded", p.Label()),
		Upload: &chat.Upload{Name: name, Title: msg.T("office.export.title", p.Label()), Data: data}}
	if err := s.enqueue(ctx, c, up); err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("office.export.uploading", p.Label(), name) + x.Note(c.Calendar.Location())), nil
}
