package storage

import "officebot/approval"

// For storage_test: the rows GORM's Create is given for a request and a
// step, to compare with what the prepared inserts write.
var (
	LeaveRowOf = leaveRow
	StepRowOf  = func(r approval.Record) ApprovalStep { return stepRow(r) }
)
