// Package workbook writes the office's monthly workbook (SPEC §3: officebot
// export, /office export) with github.com/xuri/excelize/v2: the sheets 收文,
// 发文, 会议落实, 请假 and 汇总, Chinese headers, dates as real Excel dates, a
// frozen header row, filters and column widths, and in 汇总 the on-time rate
// by unit with its chart. The four record sheets are streamed
// (excelize.StreamWriter): a month of 100,000 items is read once from its
// iter.Seq source and never held in memory.
package workbook

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"officebot/directory"
	"officebot/msg"
	"officebot/office"
)

// The sheet names, in the order of the workbook.
var (
	SheetIncoming = msg.T("office.sheet.incoming") // 收文
	SheetOutgoing = msg.T("office.sheet.outgoing") // 发文
	SheetItems    = msg.T("office.sheet.items")    // 会议落实
	SheetLeave    = msg.T("office.sheet.leave")    // 请假
	SheetSummary  = msg.T("office.sheet.summary")  // 汇总
)

// Options are what the workbook needs besides the records.
type Options struct {
	// Units name the units (department IDs in the records); a unit not
	// listed shows its ID.
	Units []directory.Department
	// Chart is the on-time rate chart (PNG) placed in 汇总; nil leaves it out.
	Chart []byte
	// Location is the office zone dates are shown in.
	Location *time.Location
}

// Rows counts the records written to each record sheet (headers and 汇总
// aside).
type Rows map[string]int

// Total is the number of records in all the record sheets.
func (r Rows) Total() int {
	n := 0
	for _, v := range r {
		n += v
	}
	return n
}

// Write computes nothing itself: rep is office.Compute's report of src for
// the period; Write streams src's records of the period into their sheets
// and rep into 汇总, and writes the workbook to w. It returns how many
// records each sheet got, so a caller can say a period had none.
func Write(w io.Writer, rep office.Report, src office.Sources, opt Options) (Rows, error) {
	rows := Rows{}
	err := write(w, rep, src, opt, rows)
	return rows, err
}

func write(w io.Writer, rep office.Report, src office.Sources, opt Options, rows Rows) error {
	f := excelize.NewFile()
	defer f.Close()
	src = nonNil(src)
	wb := &book{f: f, rep: rep, src: src, opt: opt, names: map[string]string{}, rows: rows}
	for _, d := range opt.Units {
		wb.names[d.ID] = d.Name
	}
	for _, u := range rep.Units {
		if _, ok := wb.names[u.Unit.ID]; !ok {
			wb.names[u.Unit.ID] = u.Unit.Name
		}
	}
	if err := wb.styles(); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetIncoming); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	for _, s := range []string{SheetOutgoing, SheetItems, SheetLeave, SheetSummary} {
		if _, err := f.NewSheet(s); err != nil {
			return fmt.Errorf("workbook: %w", err)
		}
	}
	// 汇总 is what the reader opens first. Set before streaming: afterwards
	// excelize would read every streamed sheet back into memory.
	f.SetActiveSheet(4)
	for _, step := range []func() error{wb.incoming, wb.outgoing, wb.items, wb.leave, wb.summary} {
		if err := step(); err != nil {
			return err
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("workbook: write: %w", err)
	}
	return nil
}

type book struct {
	f     *excelize.File
	rep   office.Report
	src   office.Sources
	opt   Options
	names map[string]string
	rows  Rows

	header, text, date, percent, number, bold, boldPercent, boldNumber int
}

func (b *book) loc() *time.Location {
	if b.opt.Location != nil {
		return b.opt.Location
	}
	return time.UTC
}

func (b *book) unit(id string) string {
	if n, ok := b.names[id]; ok {
		return n
	}
	if id == "" {
		return msg.T("office.unit.leaders")
	}
	return id
}

func (b *book) styles() error {
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = b.f.NewStyle(s)
		return id
	}
	b.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.text = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	b.date = mk(&excelize.Style{NumFmt: 14, CustomNumFmt: ptr("yyyy-mm-dd"), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}})
	b.percent = mk(&excelize.Style{NumFmt: 10}) // 0.00%
	b.number = mk(&excelize.Style{CustomNumFmt: ptr("0.0")})
	b.bold = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "top", Color: "808080", Style: 1}}})
	b.boldPercent = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 10, Border: []excelize.Border{{Type: "top", Color: "808080", Style: 1}}})
	b.boldNumber = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: ptr("0.0"), Border: []excelize.Border{{Type: "top", Color: "808080", Style: 1}}})
	if err != nil {
		return fmt.Errorf("workbook: styles: %w", err)
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// column is one column of a record sheet: its header key and width.
type column struct {
	key   string
	width float64
}

// sheet streams one record sheet: widths, the frozen header, the rows,
// then the filter over all of them.
type sheet struct {
	b    *book
	name string
	sw   *excelize.StreamWriter
	cols []column
	row  int
}

func (b *book) open(name string, cols []column) (*sheet, error) {
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("workbook: %s: %w", name, err)
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, fmt.Errorf("workbook: %s: %w", name, err)
		}
	}
	// The header row stays in view while scrolling.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, fmt.Errorf("workbook: %s: %w", name, err)
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: b.header, Value: msg.T(c.key)}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 22}); err != nil {
		return nil, fmt.Errorf("workbook: %s: %w", name, err)
	}
	return &sheet{b: b, name: name, sw: sw, cols: cols, row: 1}, nil
}

// add writes a row; a time.Time is a date cell (the zero time an empty
// one), a float64 or int a number, anything else text.
func (s *sheet) add(values ...any) error {
	s.row++
	s.b.rows[s.name]++
	cells := make([]any, len(values))
	for i, v := range values {
		switch v := v.(type) {
		case time.Time:
			if v.IsZero() {
				cells[i] = nil
				continue
			}
			d := office.Date(v, s.b.loc())
			// An Excel date is a day with no zone: write the office's date.
			cells[i] = excelize.Cell{StyleID: s.b.date, Value: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)}
		case int, float64:
			cells[i] = excelize.Cell{Value: v}
		default:
			cells[i] = excelize.Cell{StyleID: s.b.text, Value: v}
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, s.row)
	if err := s.sw.SetRow(cell, cells); err != nil {
		return fmt.Errorf("workbook: %s row %d: %w", s.name, s.row, err)
	}
	return nil
}

func (s *sheet) close() error {
	last, _ := excelize.ColumnNumberToName(len(s.cols))
	// The filter covers the header and every row (at least one, as Excel wants).
	if err := s.b.f.AutoFilter(s.name, fmt.Sprintf("A1:%s%d", last, max(s.row, 2)), nil); err != nil {
		return fmt.Errorf("workbook: %s filter: %w", s.name, err)
	}
	if err := s.sw.Flush(); err != nil {
		return fmt.Errorf("workbook: %s: %w", s.name, err)
	}
	return nil
}

// nonNil replaces nil sources by empty ones.
func nonNil(s office.Sources) office.Sources {
	if s.Incoming == nil {
		s.Incoming = func(func(office.Incoming) bool) {}
	}
	if s.Outgoing == nil {
		s.Outgoing = func(func(office.Outgoing) bool) {}
	}
	if s.Items == nil {
		s.Items = func(func(office.Item) bool) {}
	}
	if s.Leave == nil {
		s.Leave = func(func(office.Leave) bool) {}
	}
	return s
}
