package storage

import "officebot/approval"

// For storage_test: the rows GORM's Create is given for a request and a
// step, to compare with what the prepared inserts write.
var (
	LeaveRowOf = leaveRow
	StepRowOf  = func(r approval.Record) ApprovalStep { return stepRow(r) }
)

// AfterMarkHandled calls f with the key after each delivery's mark, before
// its transaction's COMMIT, until the test ends.
func AfterMarkHandled(t interface{ Cleanup(func()) }, f func(key string)) {
	afterMarkHandled.Store(&f)
	t.Cleanup(func() { afterMarkHandled.Store(nil) })
}
