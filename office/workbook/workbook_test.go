package workbook_test

import (
	"bytes"
	"image"
	"image/png"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"officebot/calendar"
	"officebot/directory"
	"officebot/leave"
	"officebot/meeting"
	"officebot/office"
	"officebot/office/workbook"
)

var sh, _ = time.LoadLocation("Asia/Shanghai")

func d(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, sh)
	if err != nil {
		panic(err)
	}
	return t.Add(20 * time.Hour) // 20:00 in Shanghai is 12:00 UTC the same day; 23:30 would be the next
}

var units = []directory.Department{{ID: "fgw", Name: "市发展和改革委员会"}, {ID: "czj", Name: "市财政局"}}

func sources() office.Sources {
	return office.Sources{
		Incoming: slices.Values([]office.Incoming{
			{Key: "D1", Number: "昆政办收〔2026〕1号", Title: "关于2027年重大项目的请示", Type: "请示", From: "fgw", Unit: "fgw",
				Received: d("2026-12-01"), Assigned: d("2026-12-01"), Due: d("2026-12-09"), Closed: d("2026-12-08"), State: "已办结"},
			{Key: "D2", Number: "昆政办收〔2026〕2号", Title: "延期办结", Type: "报告", From: "czj", Unit: "fgw",
				Received: d("2026-12-02"), Assigned: d("2026-12-02"), Due: d("2026-12-17"), Extended: true, Closed: d("2026-12-18"), State: "已办结"},
			{Key: "D3", Number: "昆政办收〔2026〕3号", Title: "未办结", Type: "函", From: "czj", Unit: "czj",
				Received: d("2026-12-03"), Assigned: d("2026-12-03"), Due: d("2026-12-11"), State: "办理中"},
			{Key: "D4", Title: "十月已办结", Unit: "czj", Received: d("2026-10-03"), Closed: d("2026-10-09")}, // not December's
		}),
		Outgoing: slices.Values([]office.Outgoing{
			{Key: "D5", Number: "昆政发〔2026〕7号", Title: "关于印发……的通知", Kind: "政府发文", Unit: "fgw", Drafted: d("2026-12-02"), Issued: d("2026-12-09"), State: "已签发"},
		}),
		Items: slices.Values([]office.Item{
			{Key: "A1", Meeting: "2026年第12次常务会议", MeetingDate: d("2026-12-01"), Unit: "fgw", Task: "推进重大项目", Due: d("2026-12-11"), Reported: d("2026-12-10"), State: meeting.ItemReported},
			{Key: "A2", Meeting: "2026年第12次常务会议", MeetingDate: d("2026-12-01"), Unit: "czj", Task: "预算草案", Due: d("2026-12-11"), State: meeting.ItemOpen},
		}),
		Leave: slices.Values([]office.Leave{
			{Key: "L1", Person: "王主任", Unit: "fgw", Kind: leave.BusinessTrip, Destination: "上海", Start: d("2026-12-03"), End: d("2026-12-05"), Days: 3, State: leave.Approved, Approver: "李副市长"},
		}),
	}
}

func write(t *testing.T, chart []byte) *excelize.File {
	t.Helper()
	src := sources()
	cal := calendar.New(sh, nil)
	rep := office.Compute(src, office.Params{Period: office.Period{Span: office.Month, Year: 2026, N: 12},
		Now: time.Date(2026, 12, 21, 10, 0, 0, 0, sh), Calendar: cal, Units: units})
	var buf bytes.Buffer
	if _, err := workbook.Write(&buf, rep, src, workbook.Options{Units: units, Chart: chart, Location: sh}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not reopen: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cell(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, ref, err)
	}
	return v
}

func TestTheWorkbookHasItsSheetsWithChineseHeaders(t *testing.T) {
	t.Parallel()
	f := write(t, nil)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"收文", "发文", "会议落实", "请假", "汇总"}) {
		t.Fatalf("sheets %v", got)
	}
	for sheet, want := range map[string][]string{
		"收文":   {"编号", "文号", "标题", "文种", "来文单位", "单位", "收文日期", "交办日期", "办理期限", "是否延期", "办结日期", "状态", "办理时效"},
		"发文":   {"编号", "文号", "标题", "发文类别", "拟稿单位", "拟稿日期", "办理期限", "签发日期", "状态"},
		"会议落实": {"编号", "会议", "会议日期", "单位", "落实事项", "报送期限", "报送日期", "报送情况"},
		"请假":   {"编号", "姓名", "单位", "请假类别", "目的地", "开始日期", "结束日期", "天数", "状态", "审批人"},
		"汇总":   {"单位", "收文", "办结", "有期限", "按时办结", "按时办结率", "平均办结工作日", "当前逾期公文"},
	} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 || !slices.Equal(rows[0][:len(want)], want) {
			t.Errorf("%s header %v, want %v", sheet, rows[0], want)
		}
	}
}

func TestRecordSheetsHoldThePeriodsRowsCellByCell(t *testing.T) {
	t.Parallel()
	f := write(t, nil)
	rows, _ := f.GetRows("收文")
	if len(rows) != 4 { // header + D1, D2, D3; October's D4 left out
		t.Fatalf("收文 has %d rows, want 4: %v", len(rows), rows)
	}
	for ref, want := range map[string]string{
		"A2": "D1", "B2": "昆政办收〔2026〕1号", "C2": "关于2027年重大项目的请示", "D2": "请示", "E2": "市发展和改革委员会", "F2": "市发展和改革委员会",
		"G2": "2026-12-01", "I2": "2026-12-09", "J2": "否", "K2": "2026-12-08", "M2": "按时办结",
		"E3": "市财政局", "F3": "市发展和改革委员会", "J3": "是", "K3": "2026-12-18", "M3": "逾期办结",
		"K4": "", "M4": "已逾期",
	} {
		if got := cell(t, f, "收文", ref); got != want {
			t.Errorf("收文!%s = %q, want %q", ref, got, want)
		}
	}
	for sheet, cells := range map[string]map[string]string{
		"发文":   {"A2": "D5", "B2": "昆政发〔2026〕7号", "D2": "政府发文", "E2": "市发展和改革委员会", "F2": "2026-12-02", "H2": "2026-12-09"},
		"会议落实": {"A2": "A1", "B2": "2026年第12次常务会议", "C2": "2026-12-01", "F2": "2026-12-11", "G2": "2026-12-10", "H2": "按时报送", "D3": "市财政局", "G3": "", "H3": "逾期未报"},
		"请假":   {"A2": "L1", "B2": "王主任", "C2": "市发展和改革委员会", "D2": "出差", "E2": "上海", "F2": "2026-12-03", "G2": "2026-12-05", "H2": "3", "I2": "已批准", "J2": "李副市长"},
	} {
		for ref, want := range cells {
			if got := cell(t, f, sheet, ref); got != want {
				t.Errorf("%s!%s = %q, want %q", sheet, ref, got, want)
			}
		}
	}
}

func TestDatesAreExcelDates(t *testing.T) {
	t.Parallel()
	f := write(t, nil)
	for _, c := range []struct{ sheet, ref, date string }{
		{"收文", "G2", "2026-12-01"}, {"收文", "K3", "2026-12-18"}, {"发文", "H2", "2026-12-09"},
		{"会议落实", "F2", "2026-12-11"}, {"请假", "G2", "2026-12-05"},
	} {
		raw, err := f.GetCellValue(c.sheet, c.ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		serial, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			t.Errorf("%s!%s holds %q, not an Excel date serial", c.sheet, c.ref, raw)
			continue
		}
		got, err := excelize.ExcelDateToTime(serial, false)
		if err != nil || got.Format(time.DateOnly) != c.date || got.Hour() != 0 {
			t.Errorf("%s!%s = serial %v = %v, want %s at midnight", c.sheet, c.ref, serial, got, c.date)
		}
		if typ, _ := f.GetCellType(c.sheet, c.ref); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s!%s is text", c.sheet, c.ref)
		}
	}
}

func TestSheetsHaveFrozenHeadersFiltersAndWidths(t *testing.T) {
	t.Parallel()
	f := write(t, nil)
	filters := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters[dn.Scope] = dn.RefersTo
		}
	}
	for sheet, want := range map[string]string{
		"收文": "'收文'!$A$1:$M$4", "发文": "'发文'!$A$1:$I$2", "会议落实": "'会议落实'!$A$1:$H$3", "请假": "'请假'!$A$1:$J$2", "汇总": "'汇总'!$A$1:$P$3",
	} {
		if filters[sheet] != want {
			t.Errorf("%s filter %q, want %q (all: %v)", sheet, filters[sheet], want, filters)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s panes %+v %v, want the header row frozen", sheet, panes, err)
		}
	}
	if w, _ := f.GetColWidth("收文", "C"); w != 40 {
		t.Errorf("收文 title column %v wide, want 40", w)
	}
	if w, _ := f.GetColWidth("会议落实", "E"); w != 44 {
		t.Errorf("会议落实 task column %v wide, want 44", w)
	}
}

func TestTheSummaryHoldsTheRatesAndTheChart(t *testing.T) {
	t.Parallel()
	// A small PNG stands in for the chart.
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 40, 20))); err != nil {
		t.Fatal(err)
	}
	chart := img.Bytes()
	f := write(t, chart)
	// fgw: D1 on time, D2 one day after its extended date: 1 of 2. czj: nothing closed.
	for ref, want := range map[string]string{
		"A2": "市发展和改革委员会", "B2": "2", "C2": "2", "D2": "2", "E2": "1", "H2": "0", "J2": "1", "K2": "1", "L2": "1", "P2": "1",
		"A3": "市财政局", "B3": "1", "C3": "0", "F3": "", "H3": "1", "K3": "1", "N3": "1", "O3": "1",
		"A4": "合计", "C4": "2", "E4": "1",
	} {
		if got := cell(t, f, "汇总", ref); got != want {
			t.Errorf("汇总!%s = %q, want %q", ref, got, want)
		}
	}
	// Rates as numbers: fgw 1 of 2; D1 took 5 working days (2,3,4,7,8), D2
	// 12 (3,4,7,8,9,10,11,14,15,16,17,18): (5+12)/2 = 8.5 on average.
	for ref, want := range map[string]string{"F2": "0.5", "F4": "0.5", "G2": "8.5", "G4": "8.5"} {
		if raw, _ := f.GetCellValue("汇总", ref, excelize.Options{RawCellValue: true}); raw != want {
			t.Errorf("汇总!%s raw %q, want %q", ref, raw, want)
		}
	}
	if got := cell(t, f, "汇总", "F2"); got != "50.00%" {
		t.Errorf("汇总!F2 shows %q, want 50.00%%", got)
	}
	// Leave by kind and outcome below the units: a header row at 6, 出差 (third kind) at row 9.
	if got := cell(t, f, "汇总", "A6"); got != "请假类别" {
		t.Errorf("汇总!A6 = %q, want the leave table's header", got)
	}
	if a, b := cell(t, f, "汇总", "A9"), cell(t, f, "汇总", "B9"); a != "出差" || b != "1" {
		t.Errorf("汇总 row 9 = %q %q, want 出差 approved 1", a, b)
	}
	cells, err := f.GetPictureCells("汇总")
	if err != nil || len(cells) != 1 {
		t.Fatalf("pictures in 汇总: %v %v, want the chart", cells, err)
	}
	pics, err := f.GetPictures("汇总", cells[0])
	if err != nil || len(pics) != 1 || !bytes.Equal(pics[0].File, chart) {
		t.Errorf("the chart in 汇总!%s is not the PNG given (%v)", cells[0], err)
	}
}
