// Package docsheet renders an outgoing document's 发文稿纸, the sign-off
// sheet the office files with the document: its number, title and kind,
// the drafting unit and drafter, and every signature of its chain (核稿,
// 会签, 审核, 签发) with names, dates and comments, 密级 and 缓急 if given.
//
// It writes a PDF with codeberg.org/go-pdf/fpdf (maintained, pure Go,
// embeds a subset of a TrueType font) in a CJK font found by the fonts
// package. It is pure rendering: the caller fills a Sheet from the
// document and the directory.
package docsheet

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"officebot/document"
	"officebot/fonts"
	"officebot/msg"
)

// Signature is one person's line on the sheet.
type Signature struct {
	Who     string    // the name, with the unit or title: 财政局 孙局长
	Action  string    // what they did: 同意, 核稿通过, 签发 ("" while pending)
	Comment string    // their comment or reason
	At      time.Time // when; zero while pending
}

// Sheet is what the 发文稿纸 shows.
type Sheet struct {
	Issuer  document.Issuer
	Number  string // 昆政办发〔2026〕3号, "" before the signature
	Title   string
	Kind    string // 文种
	Unit    string // 拟稿单位
	Drafter string // 拟稿人
	Secrecy string // 密级
	Urgency string // 缓急
	Version int    // 第N稿
	Check   []Signature
	CoSign  []Signature
	Review  []Signature
	Sign    []Signature
	// Date is written as the PDF's creation date (the signature's), so the
	// same sheet renders to the same bytes.
	Date time.Time
}

// ErrNoFont: none of the CJK fonts found can be embedded.
var ErrNoFont = errors.New("docsheet: no CJK TrueType font can be embedded")

// Font returns the first CJK font the fonts package finds (getenv reads
// OFFICEBOT_CJK_FONT; nil means os.Getenv) that the PDF can embed: a
// TrueType font, or the first font of a TrueType collection.
func Font(getenv func(string) string) ([]byte, error) {
	paths, err := fonts.Candidates(getenv)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, p := range paths {
		ttf, err := fonts.TrueType(p)
		if err == nil {
			return ttf, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("%w: %w", ErrNoFont, errors.Join(errs...))
}

// Write renders the sheet with the font Font finds.
func Write(w io.Writer, s Sheet, getenv func(string) string, loc *time.Location) error {
	font, err := Font(getenv)
	if err != nil {
		return err
	}
	return Render(w, s, font, loc)
}

const (
	pageW    = 210.0
	margin   = 20.0
	labelW   = 28.0
	lineH    = 7.0
	contentW = pageW - 2*margin
)

// Render writes the sheet as a PDF using the TrueType font's bytes; times
// are shown in loc.
func Render(w io.Writer, s Sheet, font []byte, loc *time.Location) (err error) {
	defer func() {
		// fpdf reads the font with index arithmetic that panics on a broken file.
		if r := recover(); r != nil {
			err = fmt.Errorf("docsheet: render: %v", r)
		}
	}()
	if loc == nil {
		loc = time.UTC
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	date := s.Date
	if date.IsZero() {
		date = time.Unix(0, 0)
	}
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetTitle(s.Title, true)
	pdf.SetCreator("officebot", true)
	pdf.AddUTF8FontFromBytes("cjk", "", font)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("docsheet: font: %w", err)
	}
	pdf.AddPage()
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("docsheet: font: %w", err)
	}

	heading := msg.T("docsheet.heading.government")
	if s.Issuer == document.Office {
		heading = msg.T("docsheet.heading.office")
	}
	pdf.SetFont("cjk", "", 18)
	pdf.CellFormat(contentW, 14, heading, "", 1, "C", false, 0, "")
	pdf.Ln(2)
	pdf.SetFont("cjk", "", 11)

	number := s.Number
	if number == "" {
		number = msg.T("docsheet.unnumbered")
	}
	cells(pdf, []cell{{labelW, msg.T("docsheet.number")}, {58, number}, {20, msg.T("docsheet.secrecy")},
		{22, orNone(s.Secrecy)}, {20, msg.T("docsheet.urgency")}, {22, orNone(s.Urgency)}})
	row(pdf, msg.T("docsheet.sign"), signatures(s.Sign, loc), 3)
	row(pdf, msg.T("docsheet.review"), signatures(s.Review, loc), 2)
	row(pdf, msg.T("docsheet.cosign"), signatures(s.CoSign, loc), 2)
	row(pdf, msg.T("docsheet.check"), signatures(s.Check, loc), 2)
	half := (contentW - 2*labelW) / 2
	cells(pdf, []cell{{labelW, msg.T("docsheet.unit")}, {half, orNone(s.Unit)}, {labelW, msg.T("docsheet.drafter")}, {half, orNone(s.Drafter)}})
	version := msg.T("docsheet.none")
	if s.Version > 0 {
		version = msg.T("docsheet.version_n", s.Version)
	}
	cells(pdf, []cell{{labelW, msg.T("docsheet.kind")}, {half, orNone(s.Kind)}, {labelW, msg.T("docsheet.version")}, {half, version}})
	row(pdf, msg.T("docsheet.title"), s.Title, 3)
	pdf.Ln(4)
	pdf.SetFont("cjk", "", 8)
	pdf.CellFormat(contentW, 5, msg.T("docsheet.footer"), "", 1, "R", false, 0, "")
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("docsheet: write: %w", err)
	}
	return nil
}

type cell struct {
	w    float64
	text string
}

// cells draws a row of bordered one-line cells.
func cells(pdf *fpdf.Fpdf, cs []cell) {
	for i, c := range cs {
		ln := 0
		if i == len(cs)-1 {
			ln = 1
		}
		align := "L"
		if i%2 == 0 {
			align = "C"
		}
		pdf.CellFormat(c.w, lineH+2, c.text, "1", ln, align, false, 0, "")
	}
}

// row draws a label and a text that wraps, at least minLines high.
func row(pdf *fpdf.Fpdf, label, text string, minLines int) {
	x, y := pdf.GetXY()
	_, pageH := pdf.GetPageSize()
	lines := wrap(pdf, text, contentW-labelW-4)
	h := float64(max(len(lines), minLines))*lineH + 2
	if y+h > pageH-margin {
		pdf.AddPage()
		x, y = pdf.GetXY()
	}
	pdf.Rect(x, y, labelW, h, "D")
	pdf.Rect(x+labelW, y, contentW-labelW, h, "D")
	pdf.SetXY(x, y+1)
	pdf.CellFormat(labelW, lineH, label, "", 0, "C", false, 0, "")
	for i, l := range lines {
		pdf.SetXY(x+labelW+2, y+1+float64(i)*lineH)
		pdf.CellFormat(contentW-labelW-4, lineH, l, "", 0, "L", false, 0, "")
	}
	pdf.SetXY(x, y+h)
}

// wrap breaks text into lines no wider than w, between any two characters
// (Chinese has no spaces to break at; fpdf's MultiCell repeats a character
// where it breaks such a line).
func wrap(pdf *fpdf.Fpdf, text string, w float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, r := range para {
			if line != "" && pdf.GetStringWidth(line+string(r)) > w {
				out = append(out, line)
				line = ""
			}
			line += string(r)
		}
		out = append(out, line)
	}
	return out
}

// signatures writes one line per signature: who, what, when, comment.
func signatures(ss []Signature, loc *time.Location) string {
	if len(ss) == 0 {
		return msg.T("docsheet.none")
	}
	var lines []string
	for _, s := range ss {
		parts := []string{s.Who}
		if s.Action == "" {
			parts = append(parts, msg.T("docsheet.pending"))
		} else {
			parts = append(parts, s.Action)
		}
		if !s.At.IsZero() {
			parts = append(parts, s.At.In(loc).Format("2006-01-02 15:04"))
		}
		line := strings.Join(parts, "  ")
		if c := strings.TrimSpace(s.Comment); c != "" {
			line += "  " + strings.Join(strings.Fields(c), " ")
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return msg.T("docsheet.none")
	}
	return s
}
