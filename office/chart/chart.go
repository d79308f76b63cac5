// Package chart draws the office's figures as PNG images with Chinese
// labels, rendered in Go (github.com/go-analyze/charts) with a CJK
// TrueType font the fonts package finds: the on-time rate by unit that
// /office stats uploads, the workbook's 汇总 sheet embeds and the board
// shows.
package chart

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"

	"officebot/fonts"
	"officebot/msg"
	"officebot/office"
)

// ErrNoData: no unit handled a document with a due date in the period, so
// there is no rate to draw.
var ErrNoData = errors.New("chart: no on-time rate to draw")

// Size of the image in pixels; the height grows with the units.
const (
	width     = 900
	rowHeight = 34
	minHeight = 240
)

// Renderer draws charts with one CJK font. It is safe for concurrent use.
type Renderer struct {
	font *truetype.Font
	mu   sync.Mutex // the chart library shares state while drawing
}

// New returns a renderer with the first CJK font fonts.Candidates finds
// that the renderer can read (getenv nil: os.Getenv).
func New(getenv func(string) string) (*Renderer, error) {
	paths, err := fonts.Candidates(getenv)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f, err := truetype.Parse(data)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
			continue
		}
		if f.Index('率') == 0 {
			errs = append(errs, fmt.Errorf("%s: no Chinese glyphs", p))
			continue
		}
		return &Renderer{font: f}, nil
	}
	return nil, fmt.Errorf("chart: no readable CJK TrueType font: %w", errors.Join(append(errs, fonts.ErrNotFound)...))
}

// Bar is one bar of the on-time chart.
type Bar struct {
	Label string
	Rate  float64 // 0..1
}

// Bars are the units of the report that have an on-time rate, in the
// report's order, then everyone's (合计).
func Bars(r office.Report) []Bar {
	var out []Bar
	for _, u := range r.Units {
		if rate, ok := u.OnTimeRate(); ok {
			label := u.Unit.Short
			if label == "" {
				label = u.Unit.Name
			}
			out = append(out, Bar{Label: label, Rate: rate})
		}
	}
	if rate, ok := r.Overall.OnTimeRate(); ok && len(out) > 0 {
		out = append(out, Bar{Label: msg.T("office.chart.overall"), Rate: rate})
	}
	return out
}

// OnTimeRate draws the on-time rate (按时办结率) by unit of the report as a
// PNG horizontal bar chart, the first unit on top; ErrNoData when no unit
// has a rate.
func (r *Renderer) OnTimeRate(rep office.Report) ([]byte, error) {
	bars := Bars(rep)
	if len(bars) == 0 {
		return nil, ErrNoData
	}
	// The horizontal chart draws its first category at the bottom.
	labels := make([]string, len(bars))
	values := make([]float64, len(bars))
	for i, b := range bars {
		labels[len(bars)-1-i] = b.Label
		values[len(bars)-1-i] = b.Rate * 100
	}
	opt := charts.NewBarChartOptionWithData([][]float64{values})
	opt.Horizontal = true
	opt.Title = charts.TitleOption{
		Text:             msg.T("office.chart.title", rep.Period.Label()),
		Subtext:          msg.T("office.chart.subtitle"),
		FontStyle:        charts.FontStyle{Font: r.font, FontSize: 16},
		SubtextFontStyle: charts.FontStyle{Font: r.font, FontSize: 11},
	}
	opt.Padding = charts.Box{Top: 20, Right: 60, Bottom: 20, Left: 20}
	opt.CategoryAxis = charts.CategoryAxisOption{
		Labels:         labels,
		LabelFontStyle: charts.FontStyle{Font: r.font, FontSize: 12},
	}
	opt.ValueAxis = []charts.ValueAxisOption{{
		Min: charts.Ptr(0.0), Max: charts.Ptr(100.0), Unit: 20,
		LabelFontStyle: charts.FontStyle{Font: r.font, FontSize: 11},
		ValueFormatter: func(v float64) string { return fmt.Sprintf("%.0f%%", v) },
	}}
	opt.SeriesList[0].Label = charts.SeriesLabel{
		Show:           charts.Ptr(true),
		ValueFormatter: func(v float64) string { return fmt.Sprintf("%.1f%%", v) },
		FontStyle:      charts.FontStyle{Font: r.font, FontSize: 11},
	}
	opt.SeriesList[0].Name = msg.T("office.chart.series")
	opt.Legend.Show = charts.Ptr(false)

	r.mu.Lock()
	defer r.mu.Unlock()
	p := charts.NewPainter(charts.PainterOptions{
		OutputFormat: charts.ChartOutputPNG,
		Width:        width,
		Height:       max(minHeight, 110+rowHeight*len(bars)),
		Font:         r.font,
	})
	if err := p.BarChart(opt); err != nil {
		return nil, fmt.Errorf("chart: on-time rate: %w", err)
	}
	return p.Bytes()
}
