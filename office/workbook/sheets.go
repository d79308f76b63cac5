package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"officebot/leave"
	"officebot/msg"
	"officebot/office"
)

func yesNo(b bool) string {
	if b {
		return msg.T("office.xlsx.yes")
	}
	return msg.T("office.xlsx.no")
}

func (b *book) incoming() error {
	s, err := b.open(SheetIncoming, []column{
		{"office.col.key", 8}, {"office.col.number", 24}, {"office.col.title", 40}, {"office.col.type", 8},
		{"office.col.from", 22}, {"office.col.unit", 22}, {"office.col.received", 12}, {"office.col.assigned", 12},
		{"office.col.due", 12}, {"office.col.extended", 8}, {"office.col.closed", 12}, {"office.col.state", 12},
		{"office.col.timeliness", 12},
	})
	if err != nil {
		return err
	}
	p, loc := b.rep.Period, b.loc()
	today := office.Date(b.rep.Now, loc)
	end := p.End(loc)
	for d := range b.src.Incoming {
		if !(p.Contains(d.Received, loc) || p.Contains(d.Closed, loc) || (d.Open() && d.Received.Before(end))) {
			continue
		}
		var timeliness string
		switch {
		case d.Due.IsZero():
			timeliness = msg.T("office.timeliness.no_due")
		case !d.Open() && !office.Date(d.Closed, loc).After(office.Date(d.Due, loc)):
			timeliness = msg.T("office.timeliness.on_time")
		case !d.Open():
			timeliness = msg.T("office.timeliness.late")
		case office.Date(d.Due, loc).Before(today):
			timeliness = msg.T("office.timeliness.overdue")
		default:
			timeliness = msg.T("office.timeliness.open")
		}
		if err := s.add(d.Key, d.Number, d.Title, d.Type, b.unit(d.From), b.unit(d.Unit), d.Received, d.Assigned,
			d.Due, yesNo(d.Extended), d.Closed, d.State, timeliness); err != nil {
			return err
		}
	}
	return s.close()
}

func (b *book) outgoing() error {
	s, err := b.open(SheetOutgoing, []column{
		{"office.col.key", 8}, {"office.col.number", 24}, {"office.col.title", 40}, {"office.col.kind", 12},
		{"office.col.drafter", 22}, {"office.col.drafted", 12}, {"office.col.due", 12}, {"office.col.issued", 12},
		{"office.col.state", 14},
	})
	if err != nil {
		return err
	}
	p, loc := b.rep.Period, b.loc()
	end := p.End(loc)
	for d := range b.src.Outgoing {
		if !(p.Contains(d.Drafted, loc) || p.Contains(d.Issued, loc) || (d.Open() && d.Drafted.Before(end))) {
			continue
		}
		if err := s.add(d.Key, d.Number, d.Title, d.Kind, b.unit(d.Unit), d.Drafted, d.Due, d.Issued, d.State); err != nil {
			return err
		}
	}
	return s.close()
}

func (b *book) items() error {
	s, err := b.open(SheetItems, []column{
		{"office.col.key", 8}, {"office.col.meeting", 26}, {"office.col.meeting_date", 12}, {"office.col.unit", 22},
		{"office.col.task", 44}, {"office.col.report_due", 12}, {"office.col.reported", 12}, {"office.col.report_state", 12},
	})
	if err != nil {
		return err
	}
	p, loc := b.rep.Period, b.loc()
	today := office.Date(b.rep.Now, loc)
	for a := range b.src.Items {
		due := office.Date(a.Due, loc)
		overdue := a.Open() && due.Before(today)
		if !p.Contains(a.Due, loc) && !overdue {
			continue
		}
		var state string
		switch {
		case !a.Open() && !office.Date(a.Reported, loc).After(due):
			state = msg.T("office.report.on_time")
		case !a.Open():
			state = msg.T("office.report.late")
		case overdue:
			state = msg.T("office.report.missing")
		default:
			state = msg.T("office.report.pending")
		}
		if err := s.add(a.Key, a.Meeting, a.MeetingDate, b.unit(a.Unit), a.Task, a.Due, a.Reported, state); err != nil {
			return err
		}
	}
	return s.close()
}

func (b *book) leave() error {
	s, err := b.open(SheetLeave, []column{
		{"office.col.key", 8}, {"office.col.person", 12}, {"office.col.unit", 22}, {"office.col.leave_kind", 10},
		{"office.col.destination", 16}, {"office.col.start", 12}, {"office.col.end", 12}, {"office.col.days", 8},
		{"office.col.state", 12}, {"office.col.approver", 12},
	})
	if err != nil {
		return err
	}
	p, loc := b.rep.Period, b.loc()
	for l := range b.src.Leave {
		if !p.Contains(l.Start, loc) {
			continue
		}
		if err := s.add(l.Key, l.Person, b.unit(l.Unit), l.Kind.String(), l.Destination, l.Start, l.End, l.Days,
			msg.T("leave.state."+string(l.State)), l.Approver); err != nil {
			return err
		}
	}
	return s.close()
}

// summary writes 汇总 with the ordinary (not streaming) API: a row a unit
// is small, and the chart image needs it.
func (b *book) summary() error {
	f, name := b.f, SheetSummary
	cols := []column{
		{"office.col.unit", 24}, {"office.col.received_n", 8}, {"office.col.handled", 8}, {"office.col.timed", 8},
		{"office.col.on_time", 8}, {"office.col.on_time_rate", 12}, {"office.col.avg_days", 12}, {"office.col.overdue_now", 10},
		{"office.col.drafted_n", 8}, {"office.col.issued_n", 8}, {"office.col.reports_due", 10}, {"office.col.reports_on_time", 10},
		{"office.col.reports_late", 10}, {"office.col.reports_missing", 10}, {"office.col.items_overdue", 12}, {"office.col.leave_n", 8},
	}
	for i, c := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, c.width); err != nil {
			return fmt.Errorf("workbook: %s: %w", name, err)
		}
		if err := f.SetCellStyle(name, col+"1", col+"1", b.header); err != nil {
			return fmt.Errorf("workbook: %s: %w", name, err)
		}
		if err := f.SetCellValue(name, col+"1", msg.T(c.key)); err != nil {
			return fmt.Errorf("workbook: %s: %w", name, err)
		}
	}
	row := 1
	put := func(label string, g office.Figures, total bool) error {
		row++
		vals := []any{label, g.Received, g.Handled, g.Timed, g.OnTime, nil, nil, g.OverdueNow, g.Drafted, g.Issued,
			g.Reports.Due, g.Reports.OnTime, g.Reports.Late, g.Reports.Missing, g.ItemsOverdueNow, g.LeaveTotal("")}
		if rate, ok := g.OnTimeRate(); ok {
			vals[5] = rate
		}
		if avg, ok := g.AvgWorkdays(); ok {
			vals[6] = avg
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(name, cell, &vals); err != nil {
			return fmt.Errorf("workbook: %s: %w", name, err)
		}
		styles := map[int]int{6: b.percent, 7: b.number}
		if total {
			last, _ := excelize.CoordinatesToCellName(len(cols), row)
			if err := f.SetCellStyle(name, cell, last, b.bold); err != nil {
				return err
			}
			styles = map[int]int{6: b.boldPercent, 7: b.boldNumber}
		}
		for c, st := range styles {
			ref, _ := excelize.CoordinatesToCellName(c, row)
			if err := f.SetCellStyle(name, ref, ref, st); err != nil {
				return err
			}
		}
		return nil
	}
	for _, u := range b.rep.Units {
		if err := put(b.unit(u.Unit.ID), u.Figures, false); err != nil {
			return err
		}
	}
	if err := put(msg.T("office.chart.overall"), b.rep.Overall, true); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	if err := f.AutoFilter(name, fmt.Sprintf("A1:%s%d", last, row-1), nil); err != nil {
		return fmt.Errorf("workbook: %s filter: %w", name, err)
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("workbook: %s: %w", name, err)
	}

	// Leave by kind and outcome, below the units.
	row += 2
	head := []any{msg.T("office.col.leave_kind")}
	for _, st := range office.LeaveStates {
		head = append(head, msg.T("leave.state."+string(st)))
	}
	head = append(head, msg.T("office.col.total"))
	cell, _ := excelize.CoordinatesToCellName(1, row)
	if err := f.SetSheetRow(name, cell, &head); err != nil {
		return err
	}
	end, _ := excelize.CoordinatesToCellName(len(head), row)
	if err := f.SetCellStyle(name, cell, end, b.header); err != nil {
		return err
	}
	for _, k := range leave.Kinds {
		row++
		vals := []any{k.Label()}
		for _, st := range office.LeaveStates {
			vals = append(vals, b.rep.Overall.Leave[k][st])
		}
		vals = append(vals, b.rep.Overall.LeaveTotal(k))
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(name, cell, &vals); err != nil {
			return err
		}
	}

	// Note on how the rate is counted, and the chart below.
	row += 2
	note, _ := excelize.CoordinatesToCellName(1, row)
	if err := f.SetCellValue(name, note, msg.T("office.xlsx.note", b.rep.Period.Label())); err != nil {
		return err
	}
	if len(b.opt.Chart) > 0 {
		at, _ := excelize.CoordinatesToCellName(1, row+2)
		if err := f.AddPictureFromBytes(name, at, &excelize.Picture{Extension: ".png", File: b.opt.Chart,
			Format: &excelize.GraphicOptions{AltText: msg.T("office.chart.title", b.rep.Period.Label()), ScaleX: 0.8, ScaleY: 0.8}}); err != nil {
			return fmt.Errorf("workbook: chart: %w", err)
		}
	}
	return nil
}
