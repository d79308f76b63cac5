package storage

import (
	"fmt"

	"officebot/document"
	"officebot/leave"
)

// IncomingHandledDueBetween returns the incoming documents in handling whose
// unit (lead or joint, 主办/会同) is dept and whose due date lies in
// [from, to] (YYYY-MM-DD): the due dates of a person's calendar feed.
func (tx *Tx) IncomingHandledDueBetween(dept, from, to string) ([]document.Incoming, error) {
	if dept == "" {
		return nil, nil
	}
	var rs []Document
	err := tx.db.Where("direction = ? AND state = ? AND due <> '' AND due >= ? AND due <= ? AND (handling_dept = ? OR handling_co LIKE ?)",
		string(document.In), string(document.Handling), from, to, dept, "%,"+dept+",%").
		Order("due, id").Limit(500).Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("documents of %s due %s to %s: %w", dept, from, to, err)
	}
	return incomings(rs)
}

// ApprovedLeaveDecidedBy returns the approved leave requests the person
// decided (or is the approver of) that share a date with [from, to]
// (YYYY-MM-DD): the leave of a person's calendar feed.
func (tx *Tx) ApprovedLeaveDecidedBy(who, from, to string) ([]leave.Request, error) {
	var rs []LeaveRequest
	err := tx.db.Where("state = ? AND (decided_by = ? OR approver = ?) AND start_date <= ? AND end_date >= ?",
		leave.Approved, who, who, to, from).Order("start_date, id").Limit(500).Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("leave approved by %s %s to %s: %w", who, from, to, err)
	}
	return leaveRequests(rs, tx.loc), nil
}
