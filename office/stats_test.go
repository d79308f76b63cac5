package office_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"officebot/calendar"
	"officebot/directory"
	"officebot/leave"
	"officebot/meeting"
	"officebot/office"
)

var sh = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// d is a date in Shanghai; d("") is the zero time (the step has not happened).
func d(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, sh)
	if err != nil {
		panic(err)
	}
	return t.Add(15 * time.Hour) // an afternoon: only the date counts
}

var units = []directory.Department{
	{ID: "fgw", Name: "市发展和改革委员会"},
	{ID: "czj", Name: "市财政局"},
	{ID: "zhoushi", Name: "周市镇"},
}

// history is a month of the office's records. December 2026 has no public
// holiday: its working days are Monday to Friday (1 December is a Tuesday).
// The answers are worked out by hand beside each record.
func history() office.Sources {
	incoming := []office.Incoming{
		// fgw: 5 working days (2,3,4,7,8), closed before the due date: on time.
		{Key: "D1", Unit: "fgw", Received: d("2026-12-01"), Assigned: d("2026-12-01"), Due: d("2026-12-09"), Closed: d("2026-12-08")},
		// fgw: due 12-10 extended to 12-17 by the leader, closed 12-16: on
		// time with the extension; 10 working days (3,4,7,8,9,10,11,14,15,16).
		{Key: "D2", Unit: "fgw", Received: d("2026-12-02"), Assigned: d("2026-12-02"), Due: d("2026-12-17"), Extended: true, Closed: d("2026-12-16")},
		// fgw: closed 12-14 after its due date 12-11: late; 7 working days (4,7,8,9,10,11,14).
		{Key: "D3", Unit: "fgw", Received: d("2026-12-03"), Assigned: d("2026-12-03"), Due: d("2026-12-11"), Closed: d("2026-12-14")},
		// fgw: received in November, closed 12-02 after 12-01: late, counted in
		// December; 7 working days from 11-23 (24,25,26,27,30,1,2).
		{Key: "D4", Unit: "fgw", Received: d("2026-11-20"), Assigned: d("2026-11-23"), Due: d("2026-12-01"), Closed: d("2026-12-02")},
		// fgw: open, due 12-18: overdue on 12-21.
		{Key: "D5", Unit: "fgw", Received: d("2026-12-10"), Assigned: d("2026-12-10"), Due: d("2026-12-18")},
		// czj: closed on its due date: on time; 6 working days (8,9,10,11,14,15).
		{Key: "D6", Unit: "czj", Received: d("2026-12-04"), Assigned: d("2026-12-07"), Due: d("2026-12-15"), Closed: d("2026-12-15")},
		// czj: open, due 12-22: not overdue yet.
		{Key: "D7", Unit: "czj", Received: d("2026-12-14"), Assigned: d("2026-12-14"), Due: d("2026-12-22")},
		// czj: closed in November: not December's.
		{Key: "D8", Unit: "czj", Received: d("2026-11-20"), Assigned: d("2026-11-20"), Due: d("2026-11-30"), Closed: d("2026-11-30")},
		// zhoushi: closed with no due date: handled, not timed; 2 working days (17,18).
		{Key: "D9", Unit: "zhoushi", Received: d("2026-12-15"), Assigned: d("2026-12-16"), Closed: d("2026-12-18")},
		// jtj, a unit not in the list: on time, 4 working days from 11-30 (1,2,3,4).
		{Key: "D10", Unit: "jtj", Received: d("2026-11-30"), Assigned: d("2026-11-30"), Due: d("2026-12-04"), Closed: d("2026-12-04")},
	}
	outgoing := []office.Outgoing{
		{Key: "D11", Unit: "fgw", Drafted: d("2026-12-02"), Issued: d("2026-12-09")},
		{Key: "D12", Unit: "czj", Drafted: d("2026-11-28"), Issued: d("2026-12-01")},
		{Key: "D13", Unit: "czj", Drafted: d("2026-12-15")},
	}
	items := []office.Item{
		{Key: "A1", Unit: "fgw", Due: d("2026-12-10"), Reported: d("2026-12-09"), State: meeting.ItemReported}, // on time
		{Key: "A2", Unit: "fgw", Due: d("2026-12-10"), Reported: d("2026-12-12"), State: meeting.ItemReported}, // late
		{Key: "A3", Unit: "fgw", Due: d("2026-12-18"), State: meeting.ItemOpen},                                // missing, overdue now
		{Key: "A4", Unit: "czj", Due: d("2026-12-28"), State: meeting.ItemOpen},                                // not due yet
		{Key: "A5", Unit: "czj", Due: d("2026-12-18"), State: meeting.ItemReturned},                            // report sent back: missing, overdue
		{Key: "A6", Unit: "zhoushi", Due: d("2026-11-25"), State: meeting.ItemOpen},                            // November's, overdue now
		{Key: "A7", Unit: "zhoushi", Due: d("2026-12-21"), State: meeting.ItemOpen},                            // due today: not missing yet
	}
	leaves := []office.Leave{
		{Key: "L1", Unit: "fgw", Kind: leave.BusinessTrip, State: leave.Approved, Start: d("2026-12-03")},
		{Key: "L2", Unit: "fgw", Kind: leave.BusinessTrip, State: leave.Rejected, Start: d("2026-12-08")},
		{Key: "L3", Unit: "czj", Kind: leave.Holiday, State: leave.Approved, Start: d("2026-12-20")},
		{Key: "L4", Unit: "", Kind: leave.Visit, State: leave.Pending, Start: d("2026-12-28")},
		{Key: "L5", Unit: "czj", Kind: leave.Private, State: leave.Withdrawn, Start: d("2026-11-28")}, // November's
	}
	return office.Sources{
		Incoming: slices.Values(incoming), Outgoing: slices.Values(outgoing),
		Items: slices.Values(items), Leave: slices.Values(leaves),
	}
}

func params() office.Params {
	return office.Params{
		Period:   office.Period{Span: office.Month, Year: 2026, N: 12},
		Now:      time.Date(2026, 12, 21, 10, 0, 0, 0, sh), // a Monday
		Calendar: calendar.New(sh, nil),
		Units:    units,
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func byID(r office.Report) map[string]office.Figures {
	m := map[string]office.Figures{}
	for _, u := range r.Units {
		m[u.Unit.ID] = u.Figures
	}
	return m
}

func TestComputeCountsDocumentsPerUnitAndOverall(t *testing.T) {
	t.Parallel()
	r := office.Compute(history(), params())
	if got := []string{r.Units[0].Unit.ID, r.Units[1].Unit.ID, r.Units[2].Unit.ID, r.Units[3].Unit.ID, r.Units[4].Unit.ID}; !slices.Equal(got, []string{"fgw", "czj", "zhoushi", "", "jtj"}) || len(r.Units) != 5 {
		t.Fatalf("units in order %v (%d); want the directory's, then the others by ID", got, len(r.Units))
	}
	if r.Units[3].Unit.Name != "市政府领导" {
		t.Errorf("the leaders' row is named %q", r.Units[3].Unit.Name)
	}
	u := byID(r)
	for _, tc := range []struct {
		unit                                            string
		received, handled, timed, onTime, extended, wds int
		rate                                            float64 // -1: none
		avg                                             float64
		overdue, drafted, issued                        int
	}{
		// fgw: D1..D4 handled, D1 and D2 (extended) on time: 2 of 4.
		{"fgw", 4, 4, 4, 2, 1, 5 + 10 + 7 + 7, 2.0 / 4, 29.0 / 4, 1, 1, 1},
		{"czj", 2, 1, 1, 1, 0, 6, 1, 6, 0, 1, 1},
		{"zhoushi", 1, 1, 0, 0, 0, 2, -1, 2, 0, 0, 0},
		{"jtj", 0, 1, 1, 1, 0, 4, 1, 4, 0, 0, 0},
	} {
		f := u[tc.unit]
		if f.Received != tc.received || f.Handled != tc.handled || f.Timed != tc.timed || f.OnTime != tc.onTime ||
			f.Extended != tc.extended || f.CloseWorkdays != tc.wds || f.OverdueNow != tc.overdue || f.Drafted != tc.drafted || f.Issued != tc.issued {
			t.Errorf("%s: %+v; want received %d handled %d timed %d on time %d extended %d workdays %d overdue %d drafted %d issued %d",
				tc.unit, f, tc.received, tc.handled, tc.timed, tc.onTime, tc.extended, tc.wds, tc.overdue, tc.drafted, tc.issued)
		}
		rate, ok := f.OnTimeRate()
		if (tc.rate < 0) == ok || (ok && !near(rate, tc.rate)) {
			t.Errorf("%s: on-time rate %v %v, want %v", tc.unit, rate, ok, tc.rate)
		}
		if avg, ok := f.AvgWorkdays(); !ok || !near(avg, tc.avg) {
			t.Errorf("%s: average working days %v %v, want %v", tc.unit, avg, ok, tc.avg)
		}
	}
	o := r.Overall
	// Everyone: 7 handled (D1-D4, D6, D9, D10), 6 with a due date, 4 on time.
	if rate, _ := o.OnTimeRate(); o.Handled != 7 || o.Timed != 6 || o.OnTime != 4 || !near(rate, 4.0/6) || o.Received != 7 || o.OverdueNow != 1 {
		t.Errorf("overall %+v rate %v; want 7 handled, 6 timed, 4 on time (4/6), 7 received, 1 overdue", o, rate)
	}
	if avg, _ := o.AvgWorkdays(); !near(avg, 41.0/7) {
		t.Errorf("overall average %v working days, want 41/7", avg)
	}
}

func TestComputeCountsMeetingReportsAndLeave(t *testing.T) {
	t.Parallel()
	r := office.Compute(history(), params())
	u := byID(r)
	for unit, want := range map[string]office.Reports{
		"fgw":     {Due: 3, OnTime: 1, Late: 1, Missing: 1},
		"czj":     {Due: 2, Missing: 1, Pending: 1},
		"zhoushi": {Due: 1, Pending: 1},
	} {
		if u[unit].Reports != want {
			t.Errorf("%s reports %+v, want %+v", unit, u[unit].Reports, want)
		}
	}
	if want := (office.Reports{Due: 6, OnTime: 1, Late: 1, Missing: 2, Pending: 2}); r.Overall.Reports != want {
		t.Errorf("overall reports %+v, want %+v", r.Overall.Reports, want)
	}
	// A3, A5 and November's A6 have no report past their date; A7 is due today.
	if u["fgw"].ItemsOverdueNow != 1 || u["czj"].ItemsOverdueNow != 1 || u["zhoushi"].ItemsOverdueNow != 1 || r.Overall.ItemsOverdueNow != 3 {
		t.Errorf("items overdue now: fgw %d czj %d zhoushi %d overall %d; want 1, 1, 1, 3",
			u["fgw"].ItemsOverdueNow, u["czj"].ItemsOverdueNow, u["zhoushi"].ItemsOverdueNow, r.Overall.ItemsOverdueNow)
	}
	l := r.Overall.Leave
	if l[leave.BusinessTrip][leave.Approved] != 1 || l[leave.BusinessTrip][leave.Rejected] != 1 || l[leave.Holiday][leave.Approved] != 1 ||
		l[leave.Visit][leave.Pending] != 1 || l[leave.Private] != nil || r.Overall.LeaveTotal("") != 4 || r.Overall.LeaveTotal(leave.BusinessTrip) != 2 {
		t.Errorf("leave by kind and outcome %v; want 出差 approved 1 rejected 1, 休假 approved 1, 出访 pending 1, November's 因私外出 left out", l)
	}
	if u["fgw"].LeaveTotal("") != 2 || u[""].Leave[leave.Visit][leave.Pending] != 1 {
		t.Errorf("leave per unit: fgw %v leaders %v", u["fgw"].Leave, u[""].Leave)
	}
}

func TestComputeForAViceMayorCountsOnlyTheirUnits(t *testing.T) {
	t.Parallel()
	p := params()
	p.Units, p.Only = units[:1], true // the vice mayor in charge of fgw
	r := office.Compute(history(), p)
	if len(r.Units) != 1 || r.Units[0].Unit.ID != "fgw" {
		t.Fatalf("units %v, want fgw alone", r.Units)
	}
	o, f := r.Overall, r.Units[0].Figures
	if o.Handled != f.Handled || o.OnTime != f.OnTime || o.Reports != f.Reports || o.LeaveTotal("") != 2 || o.OverdueNow != 1 {
		t.Errorf("overall %+v is not fgw's %+v", o, f)
	}
}

func TestComputeOverAQuarterAndAYear(t *testing.T) {
	t.Parallel()
	p := params()
	p.Period = office.Period{Span: office.Quarter, Year: 2026, N: 4}
	q := office.Compute(history(), p)
	// The quarter adds November's D8 (czj, on time) to December's 7.
	if q.Overall.Handled != 8 || q.Overall.OnTime != 5 || q.Overall.Reports.Due != 7 || q.Overall.LeaveTotal("") != 5 {
		t.Errorf("Q4: handled %d on time %d reports due %d leave %d; want 8, 5, 7, 5",
			q.Overall.Handled, q.Overall.OnTime, q.Overall.Reports.Due, q.Overall.LeaveTotal(""))
	}
	p.Period = office.Period{Span: office.Year, Year: 2027}
	y := office.Compute(history(), p)
	if y.Overall.Handled != 0 || y.Overall.OverdueNow != 1 {
		t.Errorf("2027: handled %d overdue now %d; want 0 and the 1 overdue now", y.Overall.Handled, y.Overall.OverdueNow)
	}
	if _, ok := y.Overall.OnTimeRate(); ok {
		t.Error("an on-time rate with nothing handled")
	}
}
