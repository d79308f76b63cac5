package storage

import (
	"database/sql"
	"fmt"
	"time"

	"officebot/leave"
)

// LeaveRequest is the row of a leave request (leave.Request). Dates are
// calendar dates in the office's zone (Store.Zone, OFFICEBOT_TZ), stored as YYYY-MM-DD so both databases
// compare them as text without zone surprises.
type LeaveRequest struct {
	ID          uint64 `gorm:"primaryKey"`
	Requester   string `gorm:"size:32;not null;index:idx_leave_requester_open,priority:1"`
	Kind        string `gorm:"size:32;not null"` // leave.Kind
	Destination string `gorm:"size:200;not null"`
	StartDate   string `gorm:"size:10;not null;index:idx_leave_state_start,priority:2"`
	StartHalf   int    `gorm:"not null;default:0"` // leave.Half
	EndDate     string `gorm:"size:10;not null;index:idx_leave_requester_open,priority:3"`
	EndHalf     int    `gorm:"not null;default:0"`
	Reason      string `gorm:"type:text"`
	Deputy      string `gorm:"size:32;index"` // who attends meetings instead (代为参会)

	Required       bool   `gorm:"not null;default:false"` // a written request needing approval
	ReasonCode     string `gorm:"size:40;not null"`       // leave.Reason
	Article        int    `gorm:"not null;default:0"`     // 57
	Paragraph      int    `gorm:"not null;default:0"`     // 1 or 2
	Approver       string `gorm:"size:32"`
	ApproverReason string `gorm:"size:48"` // leave.ApproverReason
	MeetingAbsence bool   `gorm:"not null;default:false"`
	Meetings       string `gorm:"type:text"` // names of the meetings missed, joined by 、
	CountsAway     bool   `gorm:"not null;default:false"`

	State           leave.State `gorm:"size:16;not null;index:idx_leave_requester_open,priority:2;index:idx_leave_state_start,priority:1"`
	DecidedBy       string      `gorm:"size:32"`
	DecisionComment string      `gorm:"type:text"`
	CreatedAt       time.Time
	DecidedAt       *time.Time
}

// Key returns the short ID, e.g. L12.
func (r LeaveRequest) Key() string { return leave.Key(r.ID) }

// Period returns the dates of the request, midnights in the office's zone
// loc. Rows written by this package always hold valid dates; a malformed
// one reads as a zero period.
func (r LeaveRequest) Period(loc *time.Location) leave.Period {
	start, _ := time.ParseInLocation(time.DateOnly, r.StartDate, loc)
	end, _ := time.ParseInLocation(time.DateOnly, r.EndDate, loc)
	return leave.Period{Start: start, StartHalf: leave.Half(r.StartHalf), End: end, EndHalf: leave.Half(r.EndHalf)}
}

// SetPeriod stores the dates of p.
func (r *LeaveRequest) SetPeriod(p leave.Period) {
	r.StartDate, r.StartHalf = leave.Day(p.Start).Format(time.DateOnly), int(p.StartHalf)
	r.EndDate, r.EndHalf = leave.Day(p.End).Format(time.DateOnly), int(p.EndHalf)
}

// Request returns the row as the leave package takes it, its dates in the
// office's zone loc.
func (r LeaveRequest) Request(loc *time.Location) leave.Request {
	return leave.Request{ID: r.ID, Requester: r.Requester, Kind: leave.Kind(r.Kind), Destination: r.Destination,
		Period: r.Period(loc), Reason: r.Reason, Deputy: r.Deputy, Required: r.Required, ReasonCode: leave.Reason(r.ReasonCode),
		Article: leave.Article{Number: r.Article, Paragraph: r.Paragraph}, Approver: r.Approver,
		ApproverReason: leave.ApproverReason(r.ApproverReason), MeetingAbsence: r.MeetingAbsence, Meetings: r.Meetings,
		CountsAway: r.CountsAway, State: r.State, DecidedBy: r.DecidedBy, DecisionComment: r.DecisionComment,
		CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt}
}

func leaveRow(r leave.Request) LeaveRequest {
	row := LeaveRequest{ID: r.ID, Requester: r.Requester, Kind: string(r.Kind), Destination: r.Destination, Reason: r.Reason,
		Deputy: r.Deputy, Required: r.Required, ReasonCode: string(r.ReasonCode), Article: r.Article.Number,
		Paragraph: r.Article.Paragraph, Approver: r.Approver, ApproverReason: string(r.ApproverReason),
		MeetingAbsence: r.MeetingAbsence, Meetings: r.Meetings, CountsAway: r.CountsAway, State: r.State,
		DecidedBy: r.DecidedBy, DecisionComment: r.DecisionComment, CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt}
	row.SetPeriod(r.Period)
	return row
}

func leaveRequests(rows []LeaveRequest, loc *time.Location) []leave.Request {
	out := make([]leave.Request, len(rows))
	for i, r := range rows {
		out[i] = r.Request(loc)
	}
	return out
}

// leaveFilingLock is the first key of the PostgreSQL advisory lock that
// serialises one person's filings.
const leaveFilingLock = 7215057

// FileLeave files r (setting its ID) unless it shares a half day with one of
// the requester's requests that still stand: then it files nothing and
// returns that request. The check and the insert are one step: PostgreSQL
// reads committed data only, so two filings of one person take turns on a
// transaction-scoped lock (SQLite's writers are serialised already).
func (tx *Tx) FileLeave(r *leave.Request) (overlap *leave.Request, err error) {
	// The same limits on both databases (PostgreSQL's varchar would refuse
	// what SQLite stores): a *text.TooLongError before anything is written.
	if err := (leave.Application{Destination: r.Destination, Reason: r.Reason}).CheckLengths(); err != nil {
		return nil, err
	}
	if tx.dialect == "postgres" && r.Period.Validate() == nil {
		// The lock and a check by dates in one round trip (issue 15).
		id, err := tx.leaveFilingID(r.Requester, r.Period)
		if err != nil {
			return nil, fmt.Errorf("lock filings of %s: %w", r.Requester, err)
		}
		if id > 0 {
			// None of the person's standing requests shares a date with
			// r, so none shares a half day: r is filed under the ID drawn.
			row := leaveRow(*r)
			row.ID = uint64(id)
			if err := tx.insertLeaveID(row); err != nil {
				return nil, fmt.Errorf("file leave: %w", err)
			}
			r.ID = row.ID
			return nil, nil
		}
		// One shares a date: whether it shares a half day is read below,
		// under the lock just taken.
	} else if tx.dialect == "postgres" {
		if _, err := exec(tx.db, tx.st.xactLock, leaveFilingLock, r.Requester); err != nil {
			return nil, fmt.Errorf("lock filings of %s: %w", r.Requester, err)
		}
	}
	if overlap, err := tx.OverlappingLeave(r.Requester, r.Period); err != nil || overlap != nil {
		return overlap, err
	}
	id, err := tx.insertLeave(leaveRow(*r))
	if err != nil {
		return nil, fmt.Errorf("file leave: %w", err)
	}
	r.ID = id
	return nil, nil
}

// appendFields appends the row's values of leaveFields, in their order,
// to args.
func (row LeaveRequest) appendFields(args []any) []any {
	return append(args, row.Requester, row.Kind, row.Destination, row.StartDate, row.StartHalf, row.EndDate, row.EndHalf,
		row.Reason, row.Deputy, row.Required, row.ReasonCode, row.Article, row.Paragraph, row.Approver,
		row.ApproverReason, row.MeetingAbsence, row.Meetings, row.CountsAway, string(row.State), row.DecidedBy,
		row.DecisionComment, row.CreatedAt, row.DecidedAt)
}

// insertLeave writes a new row and returns its ID: a prepared statement
// rather than GORM's Create, whose reflection over the row cost more than
// the insert (issue 15). The columns and values are those Create wrote,
// zero values included; CreatedAt, when zero, is now as GORM would set it.
func (tx *Tx) insertLeave(row LeaveRequest) (uint64, error) {
	if row.CreatedAt.IsZero() {
		row.CreatedAt = tx.db.NowFunc()
	}
	args := row.appendFields(nil)
	if tx.dialect == "postgres" {
		s, ctx := in(tx.db, tx.st.fileLeave)
		var id uint64
		err := s.QueryRowContext(ctx, args...).Scan(&id)
		return id, err
	}
	res, err := exec(tx.db, tx.st.fileLeave, args...)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	return uint64(id), err
}

// leaveFilingFunction is leave_filing_id (PostgreSQL, installed by
// migrate): it takes the transaction-scoped lock of the person's filings,
// then, if none of the person's requests in the given states shares a date
// with [from, to], draws the next request ID; otherwise it returns 0. Its
// query runs after the lock is granted and, the function being VOLATILE,
// on a snapshot taken then (READ COMMITTED: every filing of the person
// that held the lock before has committed), as a separate statement after
// the lock would; one statement is one round trip fewer per filing.
const leaveFilingFunction = `CREATE OR REPLACE FUNCTION leave_filing_id(lock_key integer, who text, states text[], from_date text, to_date text)
RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(lock_key, hashtext(who));
	IF EXISTS (SELECT 1 FROM leave_requests WHERE requester = who AND state = ANY (states)
		AND end_date >= from_date AND start_date <= to_date) THEN
		RETURN 0;
	END IF;
	RETURN nextval(pg_get_serial_sequence('leave_requests', 'id'));
END
$$`

// leaveFilingID runs leave_filing_id for a filing of requester over p
// (PostgreSQL): the ID to file it under, or 0 when a standing request of
// the person shares a date with p.
func (tx *Tx) leaveFilingID(requester string, p leave.Period) (int64, error) {
	states := make([]string, len(leave.OpenStates))
	for i, st := range leave.OpenStates {
		states[i] = string(st)
	}
	s, ctx := in(tx.db, tx.st.filingID)
	var id int64
	err := s.QueryRowContext(ctx, leaveFilingLock, requester, states, leave.Day(p.Start).Format(time.DateOnly),
		leave.Day(p.End).Format(time.DateOnly)).Scan(&id)
	return id, err
}

// insertLeaveID writes a new row under the ID leaveFilingID drew
// (PostgreSQL), with the transaction's deferred appends when it has them.
func (tx *Tx) insertLeaveID(row LeaveRequest) error {
	if row.CreatedAt.IsZero() {
		row.CreatedAt = tx.db.NowFunc()
	}
	args := row.appendFields(append(make([]any, 0, 24), row.ID))
	if a := tx.deferred(); a != nil {
		a.leave = append(a.leave, args)
		return nil
	}
	_, err := exec(tx.db, tx.st.fileLeaveID, args...)
	return err
}

// OverlappingLeave returns the first of the person's requests that still
// stand (pending or approved) and share a half day with p, or nil. An
// invalid period overlaps nothing.
func (tx *Tx) OverlappingLeave(requester string, p leave.Period) (*leave.Request, error) {
	if p.Validate() != nil {
		return nil, nil
	}
	open, err := tx.OpenLeaveOf(requester, leave.Day(p.Start))
	if err != nil {
		return nil, err
	}
	for _, o := range open {
		if leave.Overlaps(o.Period, p) {
			return &o, nil
		}
	}
	return nil, nil
}

// LeaveByID loads a request; found is false when there is none.
func (tx *Tx) LeaveByID(id uint64) (leave.Request, bool, error) {
	var r LeaveRequest
	res := tx.db.Where("id = ?", id).Limit(1).Find(&r)
	if res.Error != nil {
		return leave.Request{}, false, fmt.Errorf("load leave L%d: %w", id, res.Error)
	}
	return r.Request(tx.loc), res.RowsAffected == 1, nil
}

// LeaveByIDs loads the requests of the IDs that exist.
func (tx *Tx) LeaveByIDs(ids []uint64) ([]leave.Request, error) {
	var rs []LeaveRequest
	if err := tx.db.Where("id IN ?", ids).Order("id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("load leave requests: %w", err)
	}
	return leaveRequests(rs, tx.loc), nil
}

// OpenLeaveOf returns the person's requests that still stand (pending or
// approved) and end on or after the date: the ones a new request may not
// overlap.
func (tx *Tx) OpenLeaveOf(requester string, from time.Time) ([]leave.Request, error) {
	// Prepared: every filing reads it (FileLeave).
	args := make([]any, 0, 2+len(leave.OpenStates))
	args = append(args, requester)
	for _, st := range leave.OpenStates {
		args = append(args, string(st))
	}
	args = append(args, leave.Day(from).Format(time.DateOnly))
	s, ctx := in(tx.db, tx.st.openLeave)
	rows, err := s.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("open leave of %s: %w", requester, err)
	}
	rs, err := scanLeaves(rows)
	if err != nil {
		return nil, fmt.Errorf("open leave of %s: %w", requester, err)
	}
	return leaveRequests(rs, tx.loc), nil
}

// scanLeaves reads rows of leaveColumns and closes them. Text columns a
// migration added to older rows may be NULL: they read as "", as GORM
// read them.
func scanLeaves(rows *sql.Rows) ([]LeaveRequest, error) {
	defer rows.Close()
	var out []LeaveRequest
	for rows.Next() {
		var (
			r                                           LeaveRequest
			reason, deputy, approver, approverReason    sql.NullString
			meetings, decidedBy, decisionComment, state sql.NullString
			created, decided                            sql.NullTime
		)
		if err := rows.Scan(&r.ID, &r.Requester, &r.Kind, &r.Destination, &r.StartDate, &r.StartHalf, &r.EndDate,
			&r.EndHalf, &reason, &deputy, &r.Required, &r.ReasonCode, &r.Article, &r.Paragraph, &approver,
			&approverReason, &r.MeetingAbsence, &meetings, &r.CountsAway, &state, &decidedBy, &decisionComment,
			&created, &decided); err != nil {
			return nil, err
		}
		r.Reason, r.Deputy, r.Approver, r.ApproverReason = reason.String, deputy.String, approver.String, approverReason.String
		r.Meetings, r.DecidedBy, r.DecisionComment, r.State = meetings.String, decidedBy.String, decisionComment.String, leave.State(state.String)
		r.CreatedAt = created.Time
		if decided.Valid {
			t := decided.Time
			r.DecidedAt = &t
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LeaveOf returns the person's requests, newest first, at most limit (0: all).
func (tx *Tx) LeaveOf(requester string, limit int) ([]leave.Request, error) {
	var rs []LeaveRequest
	q := tx.db.Where("requester = ?", requester).Order("id desc")
	if limit > 0 {
		q = q.Limit(limit)
	}
	if err := q.Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("leave of %s: %w", requester, err)
	}
	return leaveRequests(rs, tx.loc), nil
}

// AbsencesDuring returns the approved absences (and the recorded ones that
// count as away: the mayor's) that share a date with [from, to], as the
// Away list of leave.Input.
func (tx *Tx) AbsencesDuring(from, to time.Time) ([]leave.Absence, error) {
	fromDate, toDate := leave.Day(from).Format(time.DateOnly), leave.Day(to).Format(time.DateOnly)
	// Prepared, and only the columns an absence needs: every filing reads
	// it for the policy (issue 15).
	s, ctx := in(tx.db, tx.st.absences)
	rows, err := s.QueryContext(ctx, string(leave.Approved), string(leave.Recorded), true, toDate, fromDate)
	if err != nil {
		return nil, fmt.Errorf("absences %s to %s: %w", fromDate, toDate, err)
	}
	defer rows.Close()
	var rs []LeaveRequest
	for rows.Next() {
		var r LeaveRequest
		var deputy sql.NullString
		if err := rows.Scan(&r.Requester, &r.StartDate, &r.StartHalf, &r.EndDate, &r.EndHalf, &deputy); err != nil {
			return nil, fmt.Errorf("absences %s to %s: %w", fromDate, toDate, err)
		}
		r.Deputy = deputy.String
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("absences %s to %s: %w", fromDate, toDate, err)
	}
	return absences(rs, tx.loc), nil
}

func absences(rs []LeaveRequest, loc *time.Location) []leave.Absence {
	out := make([]leave.Absence, 0, len(rs))
	for _, r := range rs {
		a := r.Period(loc).Absence(r.Requester)
		a.Deputy = r.Deputy
		out = append(out, a)
	}
	return out
}

// DeputisingFor returns the approved absences whose requester named deputy
// to attend meetings in their place (代为参会, Art. 57 ¶2) and that end on
// or after the date, first starting first: the meetings the deputy sits in.
func (tx *Tx) DeputisingFor(deputy string, from time.Time) ([]leave.Absence, error) {
	var rs []LeaveRequest
	err := tx.db.Where("deputy = ? AND state = ? AND end_date >= ?", deputy, leave.Approved, leave.Day(from).Format(time.DateOnly)).
		Order("start_date, id").Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("absences %s deputises for: %w", deputy, err)
	}
	return absences(rs, tx.loc), nil
}

// PendingLeaveStartingBy returns the pending requests whose start date is on
// or before the date, oldest first: the candidates for expiry. The query
// uses the (state, start_date) index, so its cost grows with the requests
// due, not the requests stored.
func (tx *Tx) PendingLeaveStartingBy(date time.Time) ([]leave.Request, error) {
	var rs []LeaveRequest
	err := tx.db.Where("state = ? AND start_date <= ?", leave.Pending, leave.Day(date).Format(time.DateOnly)).
		Order("start_date, id").Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("pending leave starting by %s: %w", date.Format(time.DateOnly), err)
	}
	return leaveRequests(rs, tx.loc), nil
}

// MoveLeave writes a transition of r (leave.Request.Decide, Withdraw, …):
// its state and decision, only if the stored request is still in the state
// from. It reports false when it was not (someone else got there first).
func (tx *Tx) MoveLeave(from leave.State, r leave.Request) (bool, error) {
	res := tx.db.Model(&LeaveRequest{}).Where("id = ? AND state = ?", r.ID, from).
		Updates(map[string]any{"state": r.State, "decided_by": r.DecidedBy, "decision_comment": r.DecisionComment,
			"decided_at": r.DecidedAt})
	if res.Error != nil {
		return false, fmt.Errorf("leave %s %s → %s: %w", r.Key(), from, r.State, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// RerouteLeave writes a pending request's routing again (leave.Reroute:
// Art. 57 ¶2 applied to meetings scheduled after it was filed), only if it
// is still pending. It reports false when it was not.
func (tx *Tx) RerouteLeave(r leave.Request) (bool, error) {
	res := tx.db.Model(&LeaveRequest{}).Where("id = ? AND state = ?", r.ID, leave.Pending).
		Updates(map[string]any{"required": r.Required, "reason_code": string(r.ReasonCode), "article": r.Article.Number,
			"paragraph": r.Article.Paragraph, "approver": r.Approver, "approver_reason": string(r.ApproverReason),
			"meeting_absence": r.MeetingAbsence, "meetings": r.Meetings})
	if res.Error != nil {
		return false, fmt.Errorf("reroute leave %s: %w", r.Key(), res.Error)
	}
	return res.RowsAffected == 1, nil
}

// NameLeaveDeputy writes the deputy of a request (leave.Request.NameDeputy:
// 代为参会, Art. 57 ¶2), only if the stored request is still in r's state.
// It reports false when it was not (decided, withdrawn or expired meanwhile).
func (tx *Tx) NameLeaveDeputy(r leave.Request) (bool, error) {
	res := tx.db.Model(&LeaveRequest{}).Where("id = ? AND state = ?", r.ID, r.State).Update("deputy", r.Deputy)
	if res.Error != nil {
		return false, fmt.Errorf("deputy of leave %s: %w", r.Key(), res.Error)
	}
	return res.RowsAffected == 1, nil
}
