package office

import (
	"slices"
	"time"

	"officebot/calendar"
	"officebot/directory"
	"officebot/leave"
	"officebot/meeting"
	"officebot/msg"
)

// Params say what Compute counts.
type Params struct {
	Period   Period
	Now      time.Time
	Calendar *calendar.Calendar // working days and the office zone
	// Units are the units reported on, in their order; records of a unit
	// not listed are counted under its ID after them, unless Only is set.
	Units []directory.Department
	// Only counts the records of Units alone: a vice mayor's view of the
	// units in their charge (Art. 9 分工).
	Only bool
}

// Reports count the Art. 47 implementation reports of the action items due
// in the period.
type Reports struct {
	Due     int // items due in the period
	OnTime  int // reported on or before the due date
	Late    int // reported after it
	Missing int // no report and the due date has passed
	Pending int // no report yet, not due yet
}

// Figures are one unit's (or everyone's) numbers for a period.
type Figures struct {
	Received int // incoming documents received in the period
	// Handled counts incoming documents closed (办结) in the period.
	Handled int
	// Timed counts the handled ones that had a due date; OnTime those of
	// them closed on or before it (Art. 54 time limits; a granted extension
	// counts with its new date), Extended those whose date was extended.
	Timed, OnTime, Extended int
	// CloseWorkdays sums the working days from assignment (or receipt) to
	// 办结 over Handled; AvgWorkdays divides.
	CloseWorkdays int
	// OverdueNow counts incoming documents open past their due date now,
	// whatever the period.
	OverdueNow int
	Drafted    int // outgoing documents drafted in the period
	Issued     int // outgoing documents issued (签发) in the period
	Reports    Reports
	// ItemsOverdueNow counts action items with no report past their due
	// date now, whatever the period.
	ItemsOverdueNow int
	// Leave counts leave requests starting in the period by kind and
	// outcome (Art. 57).
	Leave map[leave.Kind]map[leave.State]int
}

// OfPeriod counts the records that belong to the period itself: incoming
// documents received or closed in it, outgoing ones drafted or issued in
// it, action items due in it and leave starting in it (what is open or
// overdue now, whatever the period, is not counted).
func (f Figures) OfPeriod() int {
	return f.Received + f.Handled + f.Drafted + f.Issued + f.Reports.Due + f.LeaveTotal("")
}

// OnTimeRate is the share of timed handled documents closed on time (按时办结率),
// false when none was handled.
func (f Figures) OnTimeRate() (float64, bool) {
	if f.Timed == 0 {
		return 0, false
	}
	return float64(f.OnTime) / float64(f.Timed), true
}

// AvgWorkdays is the mean number of working days to close a handled
// document, false when none was handled.
func (f Figures) AvgWorkdays() (float64, bool) {
	if f.Handled == 0 {
		return 0, false
	}
	return float64(f.CloseWorkdays) / float64(f.Handled), true
}

// LeaveTotal counts the leave requests of the kind (all kinds when empty).
func (f Figures) LeaveTotal(kind leave.Kind) int {
	n := 0
	for k, states := range f.Leave {
		if kind != "" && k != kind {
			continue
		}
		for _, c := range states {
			n += c
		}
	}
	return n
}

// UnitFigures are the figures of one unit.
type UnitFigures struct {
	Unit directory.Department
	Figures
}

// Report is what /office stats shows and the workbook's 汇总 sheet holds.
type Report struct {
	Period  Period
	Now     time.Time
	Units   []UnitFigures
	Overall Figures
}

// Compute reads the sources once and counts, per unit and overall.
func Compute(src Sources, p Params) Report {
	loc := p.Calendar.Location()
	today := Date(p.Now, loc)
	r := Report{Period: p.Period, Now: p.Now}
	index := map[string]int{}
	for _, d := range p.Units {
		index[d.ID] = len(r.Units)
		r.Units = append(r.Units, UnitFigures{Unit: d})
	}
	unit := func(id string) *Figures {
		i, ok := index[id]
		if !ok {
			if p.Only {
				return nil
			}
			i = len(r.Units)
			index[id] = i
			name := id
			if id == "" {
				name = msg.T("office.unit.leaders") // city leaders belong to no unit
			}
			r.Units = append(r.Units, UnitFigures{Unit: directory.Department{ID: id, Name: name}})
		}
		return &r.Units[i].Figures
	}
	both := func(id string, f func(*Figures)) {
		if u := unit(id); u != nil {
			f(u)
			f(&r.Overall)
		}
	}
	in := func(t time.Time) bool { return p.Period.Contains(t, loc) }

	each(src.Incoming, func(d Incoming) {
		both(d.Unit, func(f *Figures) {
			if in(d.Received) {
				f.Received++
			}
			if !d.Open() && in(d.Closed) {
				f.Handled++
				start := d.Assigned
				if start.IsZero() {
					start = d.Received
				}
				f.CloseWorkdays += p.Calendar.WorkdaysBetween(start, d.Closed)
				if !d.Due.IsZero() {
					f.Timed++
					if !Date(d.Closed, loc).After(Date(d.Due, loc)) {
						f.OnTime++
					}
					if d.Extended {
						f.Extended++
					}
				}
			}
			if d.Open() && !d.Due.IsZero() && Date(d.Due, loc).Before(today) {
				f.OverdueNow++
			}
		})
	})
	each(src.Outgoing, func(d Outgoing) {
		both(d.Unit, func(f *Figures) {
			if in(d.Drafted) {
				f.Drafted++
			}
			if !d.Open() && in(d.Issued) {
				f.Issued++
			}
		})
	})
	each(src.Items, func(a Item) {
		both(a.Unit, func(f *Figures) {
			due := Date(a.Due, loc)
			late := due.Before(today)
			if in(a.Due) {
				f.Reports.Due++
				switch {
				case !a.Open() && !Date(a.Reported, loc).After(due):
					f.Reports.OnTime++
				case !a.Open():
					f.Reports.Late++
				case late:
					f.Reports.Missing++
				default:
					f.Reports.Pending++
				}
			}
			if a.Open() && late && a.State != meeting.ItemReported {
				f.ItemsOverdueNow++
			}
		})
	})
	each(src.Leave, func(l Leave) {
		if !in(l.Start) {
			return
		}
		both(l.Unit, func(f *Figures) {
			if f.Leave == nil {
				f.Leave = map[leave.Kind]map[leave.State]int{}
			}
			if f.Leave[l.Kind] == nil {
				f.Leave[l.Kind] = map[leave.State]int{}
			}
			f.Leave[l.Kind][l.State]++
		})
	})
	// Units met only in the records come after the directory's, by ID.
	n := len(p.Units)
	slices.SortStableFunc(r.Units[n:], func(a, b UnitFigures) int {
		switch {
		case a.Unit.ID < b.Unit.ID:
			return -1
		case a.Unit.ID > b.Unit.ID:
			return 1
		}
		return 0
	})
	return r
}

// LeaveStates lists the outcomes of a leave request in the order the desk
// shows them.
var LeaveStates = []leave.State{leave.Approved, leave.Pending, leave.Rejected, leave.Withdrawn, leave.Revoked, leave.Expired, leave.Recorded}
