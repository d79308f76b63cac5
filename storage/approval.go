package storage

import "time"

// ApprovalStep is one step of an approval chain (SPEC §2): leave, meeting
// applications, minutes, incoming and outgoing documents are all chains of
// these rows. A step is decided once: decisions are conditional updates on
// Version inside a transaction.
type ApprovalStep struct {
	ID          uint64 `gorm:"primaryKey"`
	Subject     string `gorm:"size:32;not null;uniqueIndex:idx_step_seq,priority:1"` // item key, e.g. L12
	Seq         int    `gorm:"not null;uniqueIndex:idx_step_seq,priority:2"`
	Kind        string `gorm:"size:32;not null"` // what the step is: approve, review, sign, ...
	Assignee    string `gorm:"size:32;index:idx_step_assignee,priority:1"`
	Role        string `gorm:"size:32"`           // when set, anyone with this role may act
	AlsoRoles   string `gorm:"size:128"`          // comma-separated roles that may act besides Assignee/Role
	Actions     string `gorm:"size:128;not null"` // comma-separated allowed actions
	State       string `gorm:"size:16;not null;index:idx_step_assignee,priority:2;index:idx_step_due,priority:1"`
	DecidedBy   string `gorm:"size:32"`
	Action      string `gorm:"size:16"`
	Comment     string `gorm:"type:text"`
	Note        string `gorm:"type:text"` // why this assignee (routing reason), for messages
	Version     int    `gorm:"not null;default:0"`
	CreatedAt   time.Time
	ActivatedAt *time.Time `gorm:"index;index:idx_step_due,priority:2"` // idx_step_due: the reminder pass reads only what is due
	DecidedAt   *time.Time
}

func init() { register(&ApprovalStep{}) }
