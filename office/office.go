// Package office is the government office's supervision desk (Art. 20, 30,
// 47 and 54: 检查、催办、督查、反馈) as pure functions: the period a
// statistic covers (ParsePeriod), the records the desk reads from the other
// capabilities (Incoming, Outgoing, Item, Leave, delivered as iter.Seq
// sources so a month of 100,000 rows is never held at once), the figures per
// unit and overall (Compute), and the open items with their deadlines
// (Open). It knows nothing of Slack or the database: storage delivers the
// records, handlers/office talks to people, office/chart and
// office/workbook render the figures.
package office

import (
	"iter"
	"time"

	"officebot/leave"
)

// Incoming is an incoming document (收文, Art. 48-54) as the desk counts
// it. Times are zero when the step has not happened.
type Incoming struct {
	Key      string // D8
	Number   string // 昆政办收〔2026〕17号
	Title    string
	Type     string // 请示, 报告, 函, …
	From     string // submitting unit (department ID)
	Unit     string // the unit it is counted for: the handling unit once assigned (交办), else the submitter
	Received time.Time
	Assigned time.Time // 交办: the Art. 54 clock starts
	// Due is the date it must be closed by, after every extension the
	// leader granted (a granted extension moves the deadline: closing by the
	// new date is on time).
	Due      time.Time
	Extended bool
	Closed   time.Time // 办结
	// Settled marks a document that ended without being handled: returned
	// (退回) or approved with nothing to handle (批示同意).
	Settled     bool
	State       string // where it stands, in Chinese, for lists and the workbook
	Responsible string // Slack ID a 催办 goes to
}

// Open reports whether the document is still being handled.
func (d Incoming) Open() bool { return d.Closed.IsZero() && !d.Settled }

// Outgoing is an outgoing document (发文, Art. 50-52) as the desk counts it.
type Outgoing struct {
	Key         string
	Number      string // 昆政发〔2026〕3号, empty until issued
	Title       string
	Kind        string // 政府发文 / 办公室发文, in Chinese
	Unit        string // drafting unit (department ID)
	Drafted     time.Time
	Due         time.Time // zero: no deadline
	Issued      time.Time // 签发
	State       string
	Responsible string // who signs next
}

// Open reports whether the document is not issued yet.
func (d Outgoing) Open() bool { return d.Issued.IsZero() }

// Item is a meeting decision a unit carries out and reports on in writing
// within ten days (Art. 47: 会议落实).
type Item struct {
	Key         string // A5
	Meeting     string // 2026年第12次常务会议
	MeetingDate time.Time
	Unit        string
	Task        string
	Due         time.Time
	Reported    time.Time // the report the office accepted or still has; zero: none standing
	State       string    // meeting.ItemOpen, ItemReported, ItemReturned
	Responsible string    // the unit's head
}

// Open reports whether no report stands for the item.
func (a Item) Open() bool { return a.Reported.IsZero() }

// Leave is a leave request (Art. 57) as the desk counts it.
type Leave struct {
	Key         string // L12
	Person      string // name
	Unit        string
	Kind        leave.Kind
	Destination string
	Start, End  time.Time
	Days        float64
	State       leave.State
	Filed       time.Time
	Approver    string // name
}

// Sources are the records of a period, each read once, in any order. A
// source delivers what falls in the period (received, drafted, due,
// started) and everything still open, so the desk also sees what is
// overdue now; Compute and the workbook decide what counts where. A nil
// source is empty.
type Sources struct {
	Incoming iter.Seq[Incoming]
	Outgoing iter.Seq[Outgoing]
	Items    iter.Seq[Item]
	Leave    iter.Seq[Leave]
}

// Date returns t's calendar date at midnight in loc.
func Date(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

func each[T any](seq iter.Seq[T], f func(T)) {
	if seq == nil {
		return
	}
	for v := range seq {
		f(v)
	}
}
