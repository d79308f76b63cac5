package chart_test

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"officebot/directory"
	"officebot/fonts"
	"officebot/office"
	"officebot/office/chart"
)

func report() office.Report {
	unit := func(id, name, short string, handled, onTime int) office.UnitFigures {
		return office.UnitFigures{Unit: directory.Department{ID: id, Name: name, Short: short},
			Figures: office.Figures{Handled: handled, Timed: handled, OnTime: onTime}}
	}
	return office.Report{
		Period: office.Period{Span: office.Month, Year: 2026, N: 12},
		Units: []office.UnitFigures{
			unit("fgw", "市发展和改革委员会", "发改委", 4, 2),
			unit("czj", "市财政局", "", 3, 3),
			unit("zhoushi", "周市镇", "", 0, 0), // nothing handled: no bar
			unit("jtj", "市交通运输局", "交通局", 5, 4),
		},
		Overall: office.Figures{Handled: 12, Timed: 12, OnTime: 9},
	}
}

func renderer(t *testing.T) *chart.Renderer {
	t.Helper()
	r, err := chart.New(nil)
	if errors.Is(err, fonts.ErrNotFound) {
		t.Skip("no CJK font installed: apt-get install fonts-wqy-microhei (or set OFFICEBOT_CJK_FONT)")
	}
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestBarsAreTheUnitsWithARateThenEveryone(t *testing.T) {
	t.Parallel()
	got := chart.Bars(report())
	want := []chart.Bar{{"发改委", 0.5}, {"市财政局", 1}, {"交通局", 0.8}, {"合计", 0.75}}
	if len(got) != len(want) {
		t.Fatalf("bars %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("bar %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestOnTimeRateIsAPNGWithABarPerUnit(t *testing.T) {
	t.Parallel()
	r := renderer(t)
	data, err := r.OnTimeRate(report())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 900 || b.Dy() < 240 {
		t.Errorf("image %v, want 900 wide and at least 240 high", b)
	}
	if n := colouredRows(img); n < 4*10 {
		t.Errorf("%d rows of the image hold a coloured bar, want four bars' worth", n)
	}
	if os.Getenv("OFFICEBOT_WRITE_DOCS") != "" {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "office-chart.png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTheChartNeedsARate(t *testing.T) {
	t.Parallel()
	r := renderer(t)
	_, err := r.OnTimeRate(office.Report{Period: office.Period{Span: office.Year, Year: 2026}, Units: report().Units[2:3]})
	if !errors.Is(err, chart.ErrNoData) {
		t.Fatalf("chart of nothing handled: %v, want ErrNoData", err)
	}
}

func TestConcurrentChartsDoNotRace(t *testing.T) {
	t.Parallel()
	r := renderer(t)
	done := make(chan error, 4)
	for range 4 {
		go func() { _, err := r.OnTimeRate(report()); done <- err }()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// colouredRows counts the rows holding a run of saturated pixels: the bars.
func colouredRows(img image.Image) int {
	b := img.Bounds()
	rows := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		run := 0
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			hi, lo := max(r, g, bl), min(r, g, bl)
			if hi-lo > 0x3000 {
				run++
			} else {
				run = 0
			}
			if run > 50 {
				rows++
				break
			}
		}
	}
	return rows
}
