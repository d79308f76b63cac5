package storage

import (
	"context"
	"iter"
	"sync"
	"time"

	"gorm.io/gorm"

	"officebot/directory"
	"officebot/document"
	"officebot/meeting"
	"officebot/msg"
	"officebot/office"
)

// officeBatch is how many rows an office source reads at a time: a month
// of 100,000 items is read in pages, never held whole.
const officeBatch = 500

// OfficeRecords are the office desk's sources for a period (office.Sources):
// the documents, action items and leave of the period and everything still
// open, read from the database page by page each time a source is ranged
// over. A source stops at the first database error; Err reports it.
type OfficeRecords struct {
	db     *gorm.DB
	org    *directory.Org
	loc    *time.Location
	period office.Period
	// overdue, when set (YYYY-MM-DD), narrows the records to what is open
	// and was due before that day (OverdueRecords).
	overdue string

	mu  sync.Mutex
	err error
}

// OfficeRecords returns the office's records for the period, named and
// attributed to units with the directory org.
func (s *Store) OfficeRecords(ctx context.Context, org *directory.Org, p office.Period, loc *time.Location) *OfficeRecords {
	return &OfficeRecords{db: s.DB.WithContext(ctx), org: org, loc: loc, period: p}
}

// OverdueRecords returns only the office's records that are open and
// overdue on the day today (YYYY-MM-DD): incoming documents not settled
// whose due date is before it and action items with no report standing
// due before it; no outgoing documents and no leave. The daily overdue list
// reads these, through the (state, due) indexes, so its cost follows what
// is overdue, not what is open (issue 15).
func (s *Store) OverdueRecords(ctx context.Context, org *directory.Org, today string, loc *time.Location) *OfficeRecords {
	return &OfficeRecords{db: s.DB.WithContext(ctx), org: org, loc: loc, overdue: today}
}

// Err returns the first error a source met, if any.
func (r *OfficeRecords) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

func (r *OfficeRecords) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		r.err = err
	}
}

// Sources returns the records as the office package reads them.
func (r *OfficeRecords) Sources() office.Sources {
	return office.Sources{Incoming: r.Incoming(), Outgoing: r.Outgoing(), Items: r.Items(), Leave: r.Leave()}
}

// bounds are the period as instants (UTC) and as the YYYY-MM-DD dates
// stored for due dates.
func (r *OfficeRecords) bounds() (from, to time.Time, fromDay, toDay string) {
	from, to = r.period.Start(r.loc), r.period.End(r.loc)
	return from.UTC(), to.UTC(), from.Format(time.DateOnly), to.Format(time.DateOnly)
}

// pages reads the rows q selects in pages by ascending ID and yields each.
func pages[R any](r *OfficeRecords, q func(*gorm.DB) *gorm.DB, id func(R) uint64) iter.Seq[R] {
	return func(yield func(R) bool) {
		var last uint64
		for {
			var rows []R
			if err := q(r.db).Where("id > ?", last).Order("id").Limit(officeBatch).Find(&rows).Error; err != nil {
				r.fail(err)
				return
			}
			for _, row := range rows {
				if !yield(row) {
					return
				}
			}
			if len(rows) < officeBatch {
				return
			}
			last = id(rows[len(rows)-1])
		}
	}
}

// whole reads the rows q selects at once, in the order it gives, and
// yields each: for the overdue records, which are what is due (few), read
// through the (state, due) indexes. Pages by ID would have the planner
// walk the table in ID order instead.
func whole[R any](r *OfficeRecords, q func(*gorm.DB) *gorm.DB) iter.Seq[R] {
	return func(yield func(R) bool) {
		var rows []R
		if err := q(r.db).Find(&rows).Error; err != nil {
			r.fail(err)
			return
		}
		for _, row := range rows {
			if !yield(row) {
				return
			}
		}
	}
}

func (r *OfficeRecords) day(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, r.loc)
	if err != nil {
		return time.Time{}
	}
	return t
}

func at(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// Incoming delivers the incoming documents received, closed or due in the
// period, and those still open.
func (r *OfficeRecords) Incoming() iter.Seq[office.Incoming] {
	from, to, fromDay, toDay := r.bounds()
	open := []string{string(document.Pending), string(document.Handling), string(document.Opinion)}
	rows := pages(r, func(db *gorm.DB) *gorm.DB {
		return db.Model(&Document{}).Where("direction = ?", string(document.In)).
			Where(db.Where("created_at >= ? AND created_at < ?", from, to).
				Or("done_at >= ? AND done_at < ?", from, to).
				Or("due >= ? AND due < ?", fromDay, toDay).
				Or("state IN ?", open))
	}, func(d Document) uint64 { return d.ID })
	if r.overdue != "" {
		rows = whole[Document](r, func(db *gorm.DB) *gorm.DB {
			return db.Model(&Document{}).Where("state IN ? AND due <> '' AND due < ? AND direction = ?", open, r.overdue, string(document.In)).
				Order("due, id")
		})
	}
	return func(yield func(office.Incoming) bool) {
		for row := range rows {
			if !yield(r.incoming(row)) {
				return
			}
		}
	}
}

func (r *OfficeRecords) incoming(row Document) office.Incoming {
	st := document.State(row.State)
	d := office.Incoming{
		Key: document.Key(row.ID), Title: row.Title, Type: row.Type, From: row.Department, Unit: row.Department,
		Received: row.CreatedAt, Assigned: at(row.AssignedAt), Due: r.day(row.Due), Extended: row.Extensions > 0,
		Closed: at(row.DoneAt), Settled: !st.Open() && st != document.Done, State: msg.T("office.doc_state." + row.State),
		Responsible: row.Leader,
	}
	if st != document.Done {
		d.Closed = time.Time{}
	}
	if row.Number != nil {
		d.Number = document.Number{Register: document.Register(row.Register), Year: row.Year, N: *row.Number}.String()
	}
	if row.HandlingDept != "" {
		d.Unit = row.HandlingDept
		if st == document.Handling {
			if h, ok := r.org.Head(row.HandlingDept); ok {
				d.Responsible = h.SlackID
			}
		}
	}
	return d
}

// Outgoing delivers the outgoing documents drafted or issued in the
// period, and those not issued yet.
func (r *OfficeRecords) Outgoing() iter.Seq[office.Outgoing] {
	if r.overdue != "" {
		return func(func(office.Outgoing) bool) {}
	}
	from, to, _, _ := r.bounds()
	rows := pages(r, func(db *gorm.DB) *gorm.DB {
		return db.Model(&Document{}).Where("direction = ?", string(document.Out)).
			Where(db.Where("created_at >= ? AND created_at < ?", from, to).
				Or("state <> ?", string(document.ChainSigned)).
				Or("id IN (?)", db.Session(&gorm.Session{NewDB: true}).Model(&OutgoingDoc{}).Select("document_id").
					Where("signed_at >= ? AND signed_at < ?", from, to)))
	}, func(d Document) uint64 { return d.ID })
	return func(yield func(office.Outgoing) bool) {
		batch := make([]Document, 0, officeBatch)
		flush := func() bool {
			defer func() { batch = batch[:0] }()
			if len(batch) == 0 {
				return true
			}
			ids := make([]uint64, len(batch))
			for i, d := range batch {
				ids[i] = d.ID
			}
			var extra []OutgoingDoc
			if err := r.db.Where("document_id IN ?", ids).Find(&extra).Error; err != nil {
				r.fail(err)
				return false
			}
			by := make(map[uint64]OutgoingDoc, len(extra))
			for _, e := range extra {
				by[e.DocumentID] = e
			}
			for _, row := range batch {
				e := by[row.ID]
				o := office.Outgoing{Key: document.Key(row.ID), Title: row.Title, Kind: msg.T("office.issuer." + e.Issuer),
					Unit: row.Department, Drafted: row.CreatedAt, Issued: at(e.SignedAt), State: msg.T("office.chain_state." + row.State)}
				if row.State != string(document.ChainSigned) {
					o.Issued = time.Time{}
				}
				if row.Number != nil {
					o.Number = document.Number{Register: document.Register(row.Register), Year: row.Year, N: *row.Number}.String()
				}
				if w := splitIDs(e.Waiting); len(w) > 0 {
					o.Responsible = w[0]
				}
				if !yield(o) {
					return false
				}
			}
			return true
		}
		for row := range rows {
			if batch = append(batch, row); len(batch) == officeBatch && !flush() {
				return
			}
		}
		flush()
	}
}

// Items delivers the Art. 47 action items due in the period, and those
// with no report standing whatever their due date.
func (r *OfficeRecords) Items() iter.Seq[office.Item] {
	_, _, fromDay, toDay := r.bounds()
	rows := pages(r, func(db *gorm.DB) *gorm.DB {
		return db.Model(&ActionItem{}).Where(db.Where("due >= ? AND due < ?", fromDay, toDay).
			Or("state <> ?", meeting.ItemReported))
	}, func(a ActionItem) uint64 { return a.ID })
	if r.overdue != "" {
		rows = whole[ActionItem](r, func(db *gorm.DB) *gorm.DB {
			return db.Model(&ActionItem{}).Where("state IN ? AND due < ?", []string{meeting.ItemOpen, meeting.ItemReturned}, r.overdue).
				Order("due, id")
		})
	}
	meetings := map[uint64]Meeting{}
	return func(yield func(office.Item) bool) {
		for row := range rows {
			m, ok := meetings[row.MeetingID]
			if !ok {
				if err := r.db.Where("id = ?", row.MeetingID).Limit(1).Find(&m).Error; err != nil {
					r.fail(err)
					return
				}
				meetings[row.MeetingID] = m
			}
			a := office.Item{Key: meeting.ItemKey(row.ID), Unit: row.Department, Task: row.Task, Due: r.day(row.Due),
				State: row.State, MeetingDate: m.StartAt}
			if m.ID != 0 {
				a.Meeting = meeting.Name(meeting.Type(m.Type), m.Year, m.Number)
			}
			if row.State == meeting.ItemReported {
				a.Reported = at(row.ReportedAt)
			}
			if h, ok := r.org.Head(row.Department); ok {
				a.Responsible = h.SlackID
			}
			if !yield(a) {
				return
			}
		}
	}
}

// Leave delivers the leave requests starting in the period.
func (r *OfficeRecords) Leave() iter.Seq[office.Leave] {
	if r.overdue != "" {
		return func(func(office.Leave) bool) {}
	}
	_, _, fromDay, toDay := r.bounds()
	rows := pages(r, func(db *gorm.DB) *gorm.DB {
		return db.Model(&LeaveRequest{}).Where("start_date >= ? AND start_date < ?", fromDay, toDay)
	}, func(l LeaveRequest) uint64 { return l.ID })
	return func(yield func(office.Leave) bool) {
		for row := range rows {
			req := row.Request(r.loc)
			l := office.Leave{Key: req.Key(), Person: row.Requester, Kind: req.Kind, Destination: req.Destination,
				Start: r.day(row.StartDate), End: r.day(row.EndDate), Days: req.Period.Days(), State: req.State,
				Filed: row.CreatedAt, Approver: row.Approver}
			if p, ok := r.org.Person(row.Requester); ok {
				l.Person, l.Unit = p.Name, p.Department
			}
			if p, ok := r.org.Person(row.Approver); ok {
				l.Approver = p.Name
			}
			if !yield(l) {
				return
			}
		}
	}
}
