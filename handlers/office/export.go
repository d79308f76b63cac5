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
	"officebot/directory"
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

// WriteWorkbook writes the office's workbook of the period for the scope
// to w (SPEC §3: officebot export, /office export), with the chart in 汇总
// when one can be drawn.
func (s *Service) WriteWorkbook(ctx context.Context, w io.Writer, org *directory.Org, sc Scope, p office.Period, now time.Time, cal *calendar.Calendar) error {
	f, err := s.compute(ctx, org, sc, p, now, cal)
	if err != nil {
		return err
	}
	png, err := s.Chart(f)
	if err != nil && !errors.Is(err, chart.ErrNoData) {
		// A machine without a CJK font still gets its workbook, without the picture.
		s.log().Warn("office chart left out of the workbook", "err", err)
	}
	if err := workbook.Write(w, f.Report, f.sources, workbook.Options{Units: org.Departments, Chart: png, Location: cal.Location()}); err != nil {
		return err
	}
	return f.records.Err()
}

// ExportFile writes the workbook to path, whole or not at all: a temporary
// file in the same directory renamed into place.
func (s *Service) ExportFile(ctx context.Context, path string, org *directory.Org, p office.Period, now time.Time, cal *calendar.Calendar) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".officebot-export-*.xlsx")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = s.WriteWorkbook(ctx, tmp, org, Everything(org), p, now, cal); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Workbook returns the workbook of the period for the scope, in memory
// (for an upload).
func (s *Service) Workbook(ctx context.Context, org *directory.Org, sc Scope, p office.Period, now time.Time, cal *calendar.Calendar) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.WriteWorkbook(ctx, &buf, org, sc, p, now, cal); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
