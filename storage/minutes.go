package storage

import (
	"encoding/json"
	"fmt"
	"time"

	"officebot/meeting"
)

// MeetingMinutes is the row of a revision of a meeting's minutes
// (meeting.Minutes); each revision has its own approval chain, subject
// meeting.MinutesSubject.
type MeetingMinutes struct {
	ID        uint64 `gorm:"primaryKey"`
	MeetingID uint64 `gorm:"not null;uniqueIndex:idx_minutes_rev,priority:1"`
	Revision  int    `gorm:"not null;uniqueIndex:idx_minutes_rev,priority:2"`
	Text      string `gorm:"type:text"`
	Items     string `gorm:"type:text"`              // JSON []meeting.Item, made action items on signing
	CityWide  bool   `gorm:"not null;default:false"` // special-topic: decided at review (ScopedBy)
	// CityWideProposed: the filer wrote 全市性; the reviewer decides.
	CityWideProposed bool   `gorm:"not null;default:false"`
	ScopedBy         string `gorm:"size:32"` // who decided CityWide at review (Art. 45)
	Delegated        bool   `gorm:"not null;default:false"`
	State            string `gorm:"size:16;not null"`
	FiledBy          string `gorm:"size:32;not null"`
	SignedBy         string `gorm:"size:32"`
	CreatedAt        time.Time
	SignedAt         *time.Time
}

// ActionItem is the row of an action item (meeting.ActionItem, Art. 47),
// short ID A5.
type ActionItem struct {
	ID             uint64 `gorm:"primaryKey"`
	MeetingID      uint64 `gorm:"not null;index"`
	MinutesID      uint64 `gorm:"not null"`
	Department     string `gorm:"size:64;not null;index"`
	Task           string `gorm:"type:text;not null"`
	Due            string `gorm:"size:10;not null;index:idx_item_due,priority:2"` // YYYY-MM-DD in the office zone
	DueProvisional bool   `gorm:"not null;default:false"`
	State          string `gorm:"size:16;not null;index:idx_item_due,priority:1"`
	CreatedAt      time.Time
	ReportedAt     *time.Time
	UrgedAt        *time.Time
}

// ActionReport is the row of a department's report on an action item
// (meeting.Report).
type ActionReport struct {
	ID           uint64    `gorm:"primaryKey"`
	ActionItemID uint64    `gorm:"not null;index"`
	Text         string    `gorm:"type:text;not null"`
	FileLink     string    `gorm:"type:text"`
	Files        string    `gorm:"type:text"` // JSON []chat.File: files shared with the report
	FiledBy      string    `gorm:"size:32;not null"`
	FiledAt      time.Time `gorm:"not null"`
	Late         bool      `gorm:"not null;default:false"`
	State        string    `gorm:"size:16;not null"` // filed or returned
	ReturnedBy   string    `gorm:"size:32"`
	ReturnReason string    `gorm:"type:text"`
	ReturnedAt   *time.Time
}

// MeetingApplication is the row of a city-wide meeting application
// (meeting.Application, Art. 46), short ID P4.
type MeetingApplication struct {
	ID         uint64    `gorm:"primaryKey"`
	Department string    `gorm:"size:64;not null;index"`
	Applicant  string    `gorm:"size:32;not null"`
	Title      string    `gorm:"type:text;not null"`
	StartAt    time.Time `gorm:"not null"`
	EndAt      time.Time `gorm:"not null"`
	Place      string    `gorm:"type:text;not null"`
	Scope      string    `gorm:"type:text"` // who attends, how many
	State      string    `gorm:"size:16;not null;index"`
	DecidedBy  string    `gorm:"size:32"`
	Comment    string    `gorm:"type:text"`
	CreatedAt  time.Time
	DecidedAt  *time.Time
}

func (m MeetingMinutes) domain() (meeting.Minutes, error) {
	out := meeting.Minutes{Text: m.Text, CityWide: m.CityWide, CityWideProposed: m.CityWideProposed, ScopedBy: m.ScopedBy,
		Delegated: m.Delegated, ID: m.ID, MeetingID: m.MeetingID,
		Revision: m.Revision, State: m.State, FiledBy: m.FiledBy, SignedBy: m.SignedBy, CreatedAt: m.CreatedAt, SignedAt: m.SignedAt}
	if m.Items != "" {
		if err := json.Unmarshal([]byte(m.Items), &out.Items); err != nil {
			return out, fmt.Errorf("minutes %d: items: %w", m.ID, err)
		}
	}
	return out, nil
}

func minutesRow(m meeting.Minutes) MeetingMinutes {
	row := MeetingMinutes{ID: m.ID, MeetingID: m.MeetingID, Revision: m.Revision, Text: m.Text, CityWide: m.CityWide,
		CityWideProposed: m.CityWideProposed, ScopedBy: m.ScopedBy,
		Delegated: m.Delegated, State: m.State, FiledBy: m.FiledBy, SignedBy: m.SignedBy, CreatedAt: m.CreatedAt, SignedAt: m.SignedAt}
	if len(m.Items) > 0 {
		b, _ := json.Marshal(m.Items) // a slice of plain strings always marshals
		row.Items = string(b)
	}
	return row
}

func (a ActionItem) domain() meeting.ActionItem {
	return meeting.ActionItem{ID: a.ID, MeetingID: a.MeetingID, MinutesID: a.MinutesID, Department: a.Department, Task: a.Task,
		Due: a.Due, DueProvisional: a.DueProvisional, State: a.State, CreatedAt: a.CreatedAt, ReportedAt: a.ReportedAt, UrgedAt: a.UrgedAt}
}

func items(rows []ActionItem) []meeting.ActionItem {
	out := make([]meeting.ActionItem, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out
}

// Key returns the item's short ID.
func (a ActionItem) Key() string { return meeting.ItemKey(a.ID) }

func (r ActionReport) domain() meeting.Report {
	out := meeting.Report{ID: r.ID, ActionItemID: r.ActionItemID, Text: r.Text, FileLink: r.FileLink, FiledBy: r.FiledBy,
		FiledAt: r.FiledAt, Late: r.Late, State: r.State, ReturnedBy: r.ReturnedBy, ReturnReason: r.ReturnReason, ReturnedAt: r.ReturnedAt}
	if r.Files != "" {
		_ = json.Unmarshal([]byte(r.Files), &out.Files) // written by FileReport; unreadable means none
	}
	return out
}

func (a MeetingApplication) domain() meeting.Application {
	return meeting.Application{ID: a.ID, Department: a.Department, Applicant: a.Applicant, Title: a.Title, StartAt: a.StartAt,
		EndAt: a.EndAt, Place: a.Place, Scope: a.Scope, State: a.State, DecidedBy: a.DecidedBy, Comment: a.Comment,
		CreatedAt: a.CreatedAt, DecidedAt: a.DecidedAt}
}

// Key returns the application's short ID.
func (a MeetingApplication) Key() string { return meeting.ApplicationKey(a.ID) }

// LatestMinutes returns the latest revision of a meeting's minutes.
func (tx *Tx) LatestMinutes(meetingID uint64) (meeting.Minutes, bool, error) {
	var m MeetingMinutes
	res := tx.db.Where("meeting_id = ?", meetingID).Order("revision desc").Limit(1).Find(&m)
	if res.Error != nil {
		return meeting.Minutes{}, false, fmt.Errorf("minutes of M%d: %w", meetingID, res.Error)
	}
	if res.RowsAffected == 0 {
		return meeting.Minutes{}, false, nil
	}
	out, err := m.domain()
	return out, err == nil, err
}

// MinutesOf returns a revision of a meeting's minutes.
func (tx *Tx) MinutesOf(meetingID uint64, revision int) (meeting.Minutes, bool, error) {
	var m MeetingMinutes
	res := tx.db.Where("meeting_id = ? AND revision = ?", meetingID, revision).Limit(1).Find(&m)
	if res.Error != nil {
		return meeting.Minutes{}, false, fmt.Errorf("minutes %s: %w", meeting.MinutesSubject(meetingID, revision), res.Error)
	}
	if res.RowsAffected == 0 {
		return meeting.Minutes{}, false, nil
	}
	out, err := m.domain()
	return out, err == nil, err
}

// FileMinutes inserts a revision of minutes (meeting.Meeting.FileMinutes)
// and sets its ID.
func (tx *Tx) FileMinutes(m *meeting.Minutes) error {
	row := minutesRow(*m)
	if err := tx.db.Create(&row).Error; err != nil {
		return fmt.Errorf("file minutes of %s: %w", meeting.Key(m.MeetingID), err)
	}
	m.ID = row.ID
	return nil
}

// ReturnMinutes writes minutes sent back for changes (meeting.Minutes.Return).
func (tx *Tx) ReturnMinutes(m meeting.Minutes) error {
	if err := tx.db.Model(&MeetingMinutes{}).Where("id = ?", m.ID).Update("state", m.State).Error; err != nil {
		return fmt.Errorf("return minutes %s: %w", m.Subject(), err)
	}
	return nil
}

// ScopeMinutes writes the reviewer's decision whether special-topic
// minutes concern a city-wide matter (meeting.Minutes.Scope, Art. 45), only
// while they are in review. It reports false when they no longer are.
func (tx *Tx) ScopeMinutes(m meeting.Minutes) (bool, error) {
	res := tx.db.Model(&MeetingMinutes{}).Where("id = ? AND state = ?", m.ID, meeting.MinutesInReview).
		Updates(map[string]any{"city_wide": m.CityWide, "scoped_by": m.ScopedBy})
	if res.Error != nil {
		return false, fmt.Errorf("scope of minutes %s: %w", m.Subject(), res.Error)
	}
	return res.RowsAffected == 1, nil
}

// SignMinutes writes signed minutes (meeting.Minutes.Sign).
func (tx *Tx) SignMinutes(m meeting.Minutes) error {
	if err := tx.db.Model(&MeetingMinutes{}).Where("id = ?", m.ID).
		Updates(map[string]any{"state": m.State, "signed_by": m.SignedBy, "signed_at": m.SignedAt}).Error; err != nil {
		return fmt.Errorf("sign minutes %s: %w", m.Subject(), err)
	}
	return nil
}

// CreateActionItems inserts the action items of signed minutes
// (meeting.Minutes.ActionItems) and returns them with their IDs.
func (tx *Tx) CreateActionItems(its []meeting.ActionItem) ([]meeting.ActionItem, error) {
	out := make([]meeting.ActionItem, 0, len(its))
	for _, it := range its {
		row := ActionItem{MeetingID: it.MeetingID, MinutesID: it.MinutesID, Department: it.Department, Task: it.Task,
			Due: it.Due, DueProvisional: it.DueProvisional, State: it.State, CreatedAt: it.CreatedAt}
		if err := tx.db.Create(&row).Error; err != nil {
			return nil, fmt.Errorf("action item of %s: %w", meeting.Key(it.MeetingID), err)
		}
		out = append(out, row.domain())
	}
	return out, nil
}

// ActionItemByID loads an action item.
func (tx *Tx) ActionItemByID(id uint64) (meeting.ActionItem, bool, error) {
	var it ActionItem
	res := tx.db.Where("id = ?", id).Limit(1).Find(&it)
	if res.Error != nil {
		return meeting.ActionItem{}, false, fmt.Errorf("load action item %d: %w", id, res.Error)
	}
	return it.domain(), res.RowsAffected == 1, nil
}

// ItemsDueBy returns the action items still waiting for a report (open, or
// sent back) that are due on or before the date (YYYY-MM-DD), earliest
// first: the scheduler's report reminders and overdue escalation.
func (tx *Tx) ItemsDueBy(date string) ([]meeting.ActionItem, error) {
	var rows []ActionItem
	if err := tx.db.Where("state IN ? AND due <= ?", []string{meeting.ItemOpen, meeting.ItemReturned}, date).
		Order("due, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("action items due by %s: %w", date, err)
	}
	return items(rows), nil
}

// OpenItemsOf returns the action items of a department still waiting for a
// report, earliest due first.
func (tx *Tx) OpenItemsOf(department string) ([]meeting.ActionItem, error) {
	var rows []ActionItem
	if err := tx.db.Where("department = ? AND state IN ?", department, []string{meeting.ItemOpen, meeting.ItemReturned}).
		Order("due, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("open action items of %s: %w", department, err)
	}
	return items(rows), nil
}

// ItemsOfMeeting returns a meeting's action items in order.
func (tx *Tx) ItemsOfMeeting(meetingID uint64) ([]meeting.ActionItem, error) {
	var rows []ActionItem
	if err := tx.db.Where("meeting_id = ?", meetingID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("action items of M%d: %w", meetingID, err)
	}
	return items(rows), nil
}

// LatestReports returns the latest report of each of the items, by item ID.
func (tx *Tx) LatestReports(itemIDs []uint64) (map[uint64]meeting.Report, error) {
	out := map[uint64]meeting.Report{}
	if len(itemIDs) == 0 {
		return out, nil
	}
	var rs []ActionReport
	if err := tx.db.Where("action_item_id IN ?", itemIDs).Order("id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	for _, r := range rs {
		out[r.ActionItemID] = r.domain()
	}
	return out, nil
}

// FileReport inserts the report on the item (setting its ID) and marks the
// item reported at the report's time, only if the item is still in the
// state it was read in; it reports false when it was not (reported by
// someone else a moment ago).
func (tx *Tx) FileReport(r *meeting.Report, it meeting.ActionItem) (bool, error) {
	row := ActionReport{ActionItemID: it.ID, Text: r.Text, FileLink: r.FileLink, FiledBy: r.FiledBy,
		FiledAt: r.FiledAt.UTC(), Late: r.Late, State: r.State}
	if len(r.Files) > 0 {
		b, err := json.Marshal(r.Files)
		if err != nil {
			return false, fmt.Errorf("report on %s: %w", it.Key(), err)
		}
		row.Files = string(b)
	}
	if err := tx.db.Create(&row).Error; err != nil {
		return false, fmt.Errorf("report on %s: %w", it.Key(), err)
	}
	r.ID = row.ID
	res := tx.db.Model(&ActionItem{}).Where("id = ? AND state = ?", it.ID, it.State).
		Updates(map[string]any{"state": meeting.ItemReported, "reported_at": r.FiledAt.UTC()})
	if res.Error != nil {
		return false, fmt.Errorf("report on %s: %w", it.Key(), res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ReturnReport writes the report sent back (meeting.Report.Return) and the
// item waiting for another, only if the item is still reported; it reports
// false when it was not.
func (tx *Tx) ReturnReport(it meeting.ActionItem, r meeting.Report) (bool, error) {
	if err := tx.db.Model(&ActionReport{}).Where("id = ?", r.ID).Updates(map[string]any{
		"state": r.State, "returned_by": r.ReturnedBy, "return_reason": r.ReturnReason, "returned_at": r.ReturnedAt}).Error; err != nil {
		return false, fmt.Errorf("return report on %s: %w", it.Key(), err)
	}
	res := tx.db.Model(&ActionItem{}).Where("id = ? AND state = ?", it.ID, meeting.ItemReported).
		Updates(map[string]any{"state": meeting.ItemReturned, "reported_at": nil})
	if res.Error != nil {
		return false, fmt.Errorf("return report on %s: %w", it.Key(), res.Error)
	}
	return res.RowsAffected == 1, nil
}

// UrgeItem records that the item was urged at the instant, only if it was
// not urged since dayStart (the start of that day); it reports false when
// someone else urged it meanwhile, so the reminder goes once a day.
func (tx *Tx) UrgeItem(it meeting.ActionItem, at, dayStart time.Time) (bool, error) {
	res := tx.db.Model(&ActionItem{}).Where("id = ? AND (urged_at IS NULL OR urged_at < ?)", it.ID, dayStart.UTC()).
		Update("urged_at", at.UTC())
	if res.Error != nil {
		return false, fmt.Errorf("urge %s: %w", it.Key(), res.Error)
	}
	return res.RowsAffected == 1, nil
}

// CreateApplication inserts a city-wide meeting application and sets its ID.
func (tx *Tx) CreateApplication(a *meeting.Application) error {
	row := MeetingApplication{Department: a.Department, Applicant: a.Applicant, Title: a.Title, StartAt: a.StartAt.UTC(),
		EndAt: a.EndAt.UTC(), Place: a.Place, Scope: a.Scope, State: a.State, CreatedAt: a.CreatedAt.UTC()}
	if err := tx.db.Create(&row).Error; err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	a.ID = row.ID
	return nil
}

// ApplicationByID loads a city-wide meeting application.
func (tx *Tx) ApplicationByID(id uint64) (meeting.Application, bool, error) {
	var a MeetingApplication
	res := tx.db.Where("id = ?", id).Limit(1).Find(&a)
	if res.Error != nil {
		return meeting.Application{}, false, fmt.Errorf("load %s: %w", meeting.ApplicationKey(id), res.Error)
	}
	return a.domain(), res.RowsAffected == 1, nil
}

// DecideApplication writes the office's decision (meeting.Application.Decide).
func (tx *Tx) DecideApplication(a meeting.Application) error {
	if err := tx.db.Model(&MeetingApplication{}).Where("id = ?", a.ID).Updates(map[string]any{
		"state": a.State, "decided_by": a.DecidedBy, "comment": a.Comment, "decided_at": a.DecidedAt}).Error; err != nil {
		return fmt.Errorf("decide %s: %w", a.Key(), err)
	}
	return nil
}
