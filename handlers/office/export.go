package office

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"officebot/calendar"
	"officebot/dates"
	"officebot/directory"
	"officebot/handlers"
	"officebot/msg"
	"officebot/office"
	"officebot/office/chart"
	"officebot/office/workbook"
)

// Figures are a period's report with what made it, for one viewer.
type Figures struct {
	Report  office.Report
	records interface{ Err() error }
	sources office.Sources
}

// compute reads the period's records once and counts them for the units
// the scope allows.
func (s *Service) compute(ctx context.Context, org *directory.Org, sc Scope, p office.Period, now time.Time, cal *calendar.Calendar) (Figures, error) {
	rec := s.store.OfficeRecords(ctx, org, p, cal.Location())
	src := sc.filter(rec.Sources())
	rep := office.Compute(src, office.Params{Period: p, Now: now, Calendar: cal, Units: sc.Units, Only: !sc.All})
	if err := rec.Err(); err != nil {
		return Figures{}, fmt.Errorf("office: read records: %w", err)
	}
	return Figures{Report: rep, records: rec, sources: src}, nil
}

// Chart draws the on-time rate chart of the figures; chart.ErrNoData when
// nothing was handled, fonts.ErrNotFound (wrapped) when no CJK font is
// installed.
func (s *Service) Chart(f Figures) ([]byte, error) {
	r, err := s.renderer()
	if err != nil {
		return nil, err
	}
	return r.OnTimeRate(f.Report)
}

func (s *Service) renderer() (*chart.Renderer, error) {
	s.chartOnce.Do(func() { s.charts, s.chartErr = chart.New(s.getenv) })
	return s.charts, s.chartErr
}

// Export is what a workbook holds: the period's report and how many rows
// each record sheet got.
type Export struct {
	Report office.Report
	Rows   workbook.Rows
}

// WriteWorkbook writes the office's workbook of the period for the scope
// to w (SPEC §3: officebot export, /office export), with the chart in 汇总
// when one can be drawn.
func (s *Service) WriteWorkbook(ctx context.Context, w io.Writer, org *directory.Org, sc Scope, p office.Period, now time.Time, cal *calendar.Calendar) (Export, error) {
	f, err := s.compute(ctx, org, sc, p, now, cal)
	if err != nil {
		return Export{}, err
	}
	png, err := s.Chart(f)
	if err != nil && !errors.Is(err, chart.ErrNoData) {
		// A machine without a CJK font still gets its workbook, without the picture.
		s.log().Warn("office chart left out of the workbook", "err", err)
	}
	rows, err := workbook.Write(w, f.Report, f.sources, workbook.Options{Units: org.Departments, Chart: png, Location: cal.Location()})
	if err != nil {
		return Export{}, err
	}
	return Export{Report: f.Report, Rows: rows}, f.records.Err()
}

// notStarted says whether the period begins after now's date in loc.
func notStarted(p office.Period, now time.Time, loc *time.Location) bool {
	return p.Start(loc).After(office.Date(now, loc))
}

// exportable refuses the workbook of a period that has not begun when
// nothing is filed for it yet (leave is filed beforehand, action items
// fall due ahead): its sheets would only repeat what is open today.
func (x Export) exportable(loc *time.Location) error {
	p := x.Report.Period
	if notStarted(p, x.Report.Now, loc) && x.Report.Overall.OfPeriod() == 0 {
		return handlers.Fail("office.export.not_started", p.Label(), dates.EchoDate(p.Start(loc)))
	}
	return nil
}

// Note is what a reply adds about the workbook's content, "" when there is
// nothing to say: a period with no records of its own (its sheets hold
// only what is open or overdue now, or headers alone), a period not begun
// (only what is filed for it so far).
func (x Export) Note(loc *time.Location) string {
	p := x.Report.Period
	switch {
	case x.Rows.Total() == 0:
		return "\n" + msg.T("office.export.empty")
	case x.Report.Overall.OfPeriod() == 0:
		return "\n" + msg.T("office.export.only_open")
	case notStarted(p, x.Report.Now, loc):
		return "\n" + msg.T("office.export.ahead", p.Label())
	}
	return ""
}

// ExportFile writes the workbook to path, whole or not at all: a temporary
// file in the same directory renamed into place. A period not begun with
// nothing filed for it writes no file (a *handlers.UserError).
func (s *Service) ExportFile(ctx context.Context, path string, org *directory.Org, p office.Period, now time.Time, cal *calendar.Calendar) (x Export, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".officebot-export-*.xlsx")
	if err != nil {
		return Export{}, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if x, err = s.WriteWorkbook(ctx, tmp, org, Everything(org), p, now, cal); err != nil {
		return Export{}, err
	}
	if err = x.exportable(cal.Location()); err != nil {
		return Export{}, err
	}
	if err = tmp.Close(); err != nil {
		return Export{}, err
	}
	return x, os.Rename(tmp.Name(), path)
}

// Workbook returns the workbook of the period for the scope, in memory
// (for an upload), with its record counts.
func (s *Service) Workbook(ctx context.Context, org *directory.Org, sc Scope, p office.Period, now time.Time, cal *calendar.Calendar) ([]byte, Export, error) {
	var buf bytes.Buffer
	x, err := s.WriteWorkbook(ctx, &buf, org, sc, p, now, cal)
	if err != nil {
		return nil, Export{}, err
	}
	if err := x.exportable(cal.Location()); err != nil {
		return nil, Export{}, err
	}
	return buf.Bytes(), x, nil
}
