package storage

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"officebot/leave"
	"officebot/text"
)

// Leave request states.
const (
	LeavePending   = "pending"   // waiting for the approver
	LeaveApproved  = "approved"  // 批准
	LeaveRejected  = "rejected"  // 驳回
	LeaveWithdrawn = "withdrawn" // 撤回: by the requester before the decision
	LeaveExpired   = "expired"   // the start passed with no decision
	LeaveRevoked   = "revoked"   // 通过后撤销: by the requester after approval
	LeaveRecorded  = "recorded"  // no written request required: kept for information (备查)
)

// LeaveOpenStates are the states in which a request still stands: a new
// request of the same person may not overlap one of them.
var LeaveOpenStates = []string{LeavePending, LeaveApproved}

// LeaveRequest is a leave request (请假) under Art. 57. Its short ID is "L"
// and the row ID (L12). Dates are calendar dates in Asia/Shanghai, stored as
// YYYY-MM-DD so both databases compare them as text without zone surprises.
type LeaveRequest struct {
	ID          uint64 `gorm:"primaryKey"`
	Requester   string `gorm:"size:32;not null;index:idx_leave_requester_state,priority:1"`
	Kind        string `gorm:"size:32;not null"` // leave.Kind
	Destination string `gorm:"size:200;not null"`
	StartDate   string `gorm:"size:10;not null;index:idx_leave_state_start,priority:2"`
	StartHalf   int    `gorm:"not null;default:0"` // leave.Half
	EndDate     string `gorm:"size:10;not null"`
	EndHalf     int    `gorm:"not null;default:0"`
	Reason      string `gorm:"type:text"`
	Deputy      string `gorm:"size:32"` // who attends meetings instead (代为参会)

	Required       bool   `gorm:"not null;default:false"` // a written request needing approval
	ReasonCode     string `gorm:"size:40;not null"`       // leave.Reason
	Article        int    `gorm:"not null;default:0"`     // 57
	Paragraph      int    `gorm:"not null;default:0"`     // 1 or 2
	Approver       string `gorm:"size:32"`
	ApproverReason string `gorm:"size:48"` // leave.ApproverReason
	MeetingAbsence bool   `gorm:"not null;default:false"`
	Meetings       string `gorm:"type:text"` // names of the meetings missed, joined by 、
	// CountsAway marks a recorded absence that routing treats like approved
	// leave: the mayor's own absences (leave.ReasonMayor).
	CountsAway bool `gorm:"not null;default:false"`

	State           string `gorm:"size:16;not null;index:idx_leave_requester_state,priority:2;index:idx_leave_state_start,priority:1"`
	DecidedBy       string `gorm:"size:32"`
	DecisionComment string `gorm:"type:text"`
	CreatedAt       time.Time
	DecidedAt       *time.Time
}

// Key returns the short ID, e.g. L12.
func (r LeaveRequest) Key() string { return "L" + strconv.FormatUint(r.ID, 10) }

// Period returns the dates of the request. Rows written by this package
// always hold valid dates; a malformed one reads as a zero period.
func (r LeaveRequest) Period() leave.Period {
	start, _ := time.ParseInLocation(time.DateOnly, r.StartDate, leave.Shanghai)
	end, _ := time.ParseInLocation(time.DateOnly, r.EndDate, leave.Shanghai)
	return leave.Period{Start: start, StartHalf: leave.Half(r.StartHalf), End: end, EndHalf: leave.Half(r.EndHalf)}
}

// SetPeriod stores the dates of p.
func (r *LeaveRequest) SetPeriod(p leave.Period) {
	r.StartDate, r.StartHalf = leave.Day(p.Start).Format(time.DateOnly), int(p.StartHalf)
	r.EndDate, r.EndHalf = leave.Day(p.End).Format(time.DateOnly), int(p.EndHalf)
}

// Open reports whether the request still stands (pending or approved).
func (r LeaveRequest) Open() bool { return r.State == LeavePending || r.State == LeaveApproved }

// ErrBadLeaveKey reports text that is not a leave short ID.
var ErrBadLeaveKey = errors.New("not a leave request ID")

// ParseLeaveKey reads a leave short ID with or without its letter: "L12",
// "l12", "12".
func ParseLeaveKey(s string) (uint64, error) {
	s = strings.TrimSpace(text.HalfWidth(s))
	if rest, ok := strings.CutPrefix(s, "L"); ok {
		s = rest
	} else if rest, ok := strings.CutPrefix(s, "l"); ok {
		s = rest
	}
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil || id == 0 {
		return 0, fmt.Errorf("%w: %q", ErrBadLeaveKey, s)
	}
	return id, nil
}

// LeaveByID loads a request; found is false when there is none.
func LeaveByID(db *gorm.DB, id uint64) (LeaveRequest, bool, error) {
	var r LeaveRequest
	res := db.Where("id = ?", id).Limit(1).Find(&r)
	if res.Error != nil {
		return r, false, fmt.Errorf("load leave L%d: %w", id, res.Error)
	}
	return r, res.RowsAffected == 1, nil
}

// OpenLeaveOf returns the person's requests that still stand (pending or
// approved) and end on or after the date (YYYY-MM-DD): the ones a new
// request may not overlap.
func OpenLeaveOf(db *gorm.DB, requester, fromDate string) ([]LeaveRequest, error) {
	var rs []LeaveRequest
	err := db.Where("requester = ? AND state IN ? AND end_date >= ?", requester, LeaveOpenStates, fromDate).
		Order("start_date, id").Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("open leave of %s: %w", requester, err)
	}
	return rs, nil
}

// LeaveOf returns the person's requests, newest first, at most limit (0: all).
func LeaveOf(db *gorm.DB, requester string, limit int) ([]LeaveRequest, error) {
	var rs []LeaveRequest
	q := db.Where("requester = ?", requester).Order("id desc")
	if limit > 0 {
		q = q.Limit(limit)
	}
	if err := q.Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("leave of %s: %w", requester, err)
	}
	return rs, nil
}

// AbsencesDuring returns the approved absences (and the recorded ones that
// count as away: the mayor's) that share a date with [fromDate, toDate], as
// the Away list of leave.Input.
func AbsencesDuring(db *gorm.DB, fromDate, toDate string) ([]leave.Absence, error) {
	var rs []LeaveRequest
	err := db.Where("(state = ? OR (state = ? AND counts_away = ?)) AND start_date <= ? AND end_date >= ?",
		LeaveApproved, LeaveRecorded, true, toDate, fromDate).Order("id").Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("absences %s to %s: %w", fromDate, toDate, err)
	}
	out := make([]leave.Absence, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.Period().Absence(r.Requester))
	}
	return out, nil
}

// PendingLeaveStartingBy returns the pending requests whose start date is on
// or before the date (YYYY-MM-DD), oldest first: the candidates for expiry.
// The query uses the (state, start_date) index, so its cost grows with the
// requests due, not the requests stored.
func PendingLeaveStartingBy(db *gorm.DB, date string) ([]LeaveRequest, error) {
	var rs []LeaveRequest
	err := db.Where("state = ? AND start_date <= ?", LeavePending, date).Order("start_date, id").Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("pending leave starting by %s: %w", date, err)
	}
	return rs, nil
}

// SetLeaveState moves a request from one state to another inside tx, with
// the other columns in fields. It reports false when the request was no
// longer in the from state (someone else got there first).
func SetLeaveState(tx *gorm.DB, id uint64, from, to string, fields map[string]any) (bool, error) {
	upd := map[string]any{"state": to}
	for k, v := range fields {
		upd[k] = v
	}
	res := tx.Model(&LeaveRequest{}).Where("id = ? AND state = ?", id, from).Updates(upd)
	if res.Error != nil {
		return false, fmt.Errorf("leave L%d %s → %s: %w", id, from, to, res.Error)
	}
	return res.RowsAffected == 1, nil
}
