package calendar

import (
	"fmt"
	"time"
)

// Category is an Art. 54 handling category for a document.
type Category string

// The Art. 54 categories.
const (
	InRemit       Category = "in_remit"       // 属职权范围内的事项: 6 working days
	NeedsApproval Category = "needs_approval" // 需要报市政府审批: written opinion within 6
	Joint         Category = "joint"          // 主办部门会同相关部门: 9
	Investigation Category = "investigation"  // 需要调查论证: no more than 20
	Urgent        Category = "urgent"         // 特急、紧急: as the government states
)

// Categories lists the categories with a fixed number of working days.
var Categories = []Category{InRemit, NeedsApproval, Joint, Investigation}

// WorkingDays returns the Art. 54 limit of the category, or false for Urgent
// and unknown categories.
func (c Category) WorkingDays() (int, bool) {
	switch c {
	case InRemit, NeedsApproval:
		return 6, true
	case Joint:
		return 9, true
	case Investigation:
		return 20, true
	}
	return 0, false
}

// ErrNoFixedLimit is returned for categories whose limit the government states
// case by case (urgent) or that are unknown.
var ErrNoFixedLimit = fmt.Errorf("category has no fixed working-day limit")

// Deadline returns the Art. 54 due date of an item of the category assigned on from.
func (c *Calendar) Deadline(cat Category, from time.Time) (Due, error) {
	n, ok := cat.WorkingDays()
	if !ok {
		return Due{}, fmt.Errorf("deadline for %q: %w", cat, ErrNoFixedLimit)
	}
	return c.AddWorkdays(from, n), nil
}
