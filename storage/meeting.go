package storage

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"officebot/meeting"
	"officebot/text"
)

// Meeting is a scheduled government meeting (Art. 39-44), short ID M3,
// numbered per type and year (2026年第12次常务会议).
type Meeting struct {
	ID        uint64    `gorm:"primaryKey"`
	Type      string    `gorm:"size:16;not null;uniqueIndex:idx_meeting_number,priority:1"`
	Year      int       `gorm:"not null;uniqueIndex:idx_meeting_number,priority:2"`
	Number    int       `gorm:"not null;uniqueIndex:idx_meeting_number,priority:3"`
	StartAt   time.Time `gorm:"not null;index"`
	EndAt     time.Time `gorm:"not null"`
	Place     string    `gorm:"type:text;not null"`
	Topics    string    `gorm:"type:text"` // one per line
	Convener  string    `gorm:"size:32;not null"`
	CreatedBy string    `gorm:"size:32;not null"`
	State     string    `gorm:"size:16;not null;index"`
	Note      string    `gorm:"type:text"` // why it was cancelled
	CreatedAt time.Time
	UpdatedAt time.Time
}

// MeetingAttendee is a person invited to a meeting: attendee or observer (列席).
type MeetingAttendee struct {
	ID        uint64 `gorm:"primaryKey"`
	MeetingID uint64 `gorm:"not null;uniqueIndex:idx_attendee,priority:1"`
	SlackID   string `gorm:"size:32;not null;uniqueIndex:idx_attendee,priority:2;index"`
	Role      string `gorm:"size:16;not null"`
}

// MeetingApplication is a department's application to hold a city-wide
// meeting (Art. 46: 全市性会议应当提前报送市政府办公室审批), short ID P4.
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

// MeetingMinutes is one filing of a meeting's minutes (纪要). Minutes sent
// back for changes (退回修改) are filed again as the next revision; each
// revision has its own approval chain, subject MinutesSubject.
type MeetingMinutes struct {
	ID        uint64 `gorm:"primaryKey"`
	MeetingID uint64 `gorm:"not null;uniqueIndex:idx_minutes_rev,priority:1"`
	Revision  int    `gorm:"not null;uniqueIndex:idx_minutes_rev,priority:2"`
	Text      string `gorm:"type:text"`
	Items     string `gorm:"type:text"` // JSON []meeting.Item, made action items on signing
	CityWide  bool   `gorm:"not null;default:false"`
	Delegated bool   `gorm:"not null;default:false"`
	State     string `gorm:"size:16;not null"`
	FiledBy   string `gorm:"size:32;not null"`
	SignedBy  string `gorm:"size:32"`
	CreatedAt time.Time
	SignedAt  *time.Time
}

// ActionItem is a decision of signed minutes a department carries out and
// reports on within ten days (Art. 47), short ID A5.
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

// ActionReport is a department's written implementation report on an action item.
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

// Minutes states.
const (
	MinutesInReview = "in_review"
	MinutesSigned   = "signed"
	MinutesReturned = "returned"
)

// Action item states.
const (
	ItemOpen     = "open"     // waiting for the department's report
	ItemReported = "reported" // report filed
	ItemReturned = "returned" // report sent back for more (退回补充)
)

// Report states.
const (
	ReportFiled    = "filed"
	ReportReturned = "returned"
)

// Application states.
const (
	ApplicationPending  = "pending"
	ApplicationApproved = "approved"
	ApplicationRejected = "rejected"
)

// ItemKey returns the short ID of an action item, A5.
func ItemKey(id uint64) string { return "A" + strconv.FormatUint(id, 10) }

// ApplicationKey returns the short ID of a city-wide meeting application, P4.
func ApplicationKey(id uint64) string { return "P" + strconv.FormatUint(id, 10) }

// MinutesSubject is the approval subject of a revision of a meeting's minutes.
func MinutesSubject(meetingID uint64, revision int) string {
	return fmt.Sprintf("M%d-minutes-%d", meetingID, revision)
}

// Key returns the item's short ID.
func (a ActionItem) Key() string { return ItemKey(a.ID) }

// Key returns the application's short ID.
func (a MeetingApplication) Key() string { return ApplicationKey(a.ID) }

// ParseKey reads a short ID with or without its letter ("M3", "m3", "3").
func ParseKey(letter, s string) (uint64, bool) {
	s = strings.TrimSpace(text.HalfWidth(s))
	if len(s) > 0 && strings.EqualFold(s[:1], letter) {
		s = s[1:]
	}
	id, err := strconv.ParseUint(s, 10, 64)
	return id, err == nil && id > 0
}

// ParsedItems decodes the action items filed with the minutes.
func (m MeetingMinutes) ParsedItems() ([]meeting.Item, error) {
	var items []meeting.Item
	if m.Items == "" {
		return nil, nil
	}
	if err := json.Unmarshal([]byte(m.Items), &items); err != nil {
		return nil, fmt.Errorf("minutes %d: items: %w", m.ID, err)
	}
	return items, nil
}

// EncodeItems encodes action items for MeetingMinutes.Items.
func EncodeItems(items []meeting.Item) string {
	if len(items) == 0 {
		return ""
	}
	b, _ := json.Marshal(items) // a slice of plain strings always marshals
	return string(b)
}

func (r Meeting) domain(att []MeetingAttendee) meeting.Meeting {
	m := meeting.Meeting{ID: r.ID, Type: meeting.Type(r.Type), Year: r.Year, Number: r.Number, Start: r.StartAt,
		End: r.EndAt, Place: r.Place, Convener: r.Convener, CreatedBy: r.CreatedBy, State: r.State}
	if r.Topics != "" {
		m.Topics = strings.Split(r.Topics, "\n")
	}
	for _, a := range att {
		m.Attendees = append(m.Attendees, meeting.Attendee{SlackID: a.SlackID, Role: a.Role})
	}
	return m
}

// CreateMeeting numbers the meeting within its type and year (the year of
// its start in loc), inserts it with its attendees inside tx, and sets m.ID,
// m.Year and m.Number.
func CreateMeeting(tx *gorm.DB, m *meeting.Meeting, loc *time.Location, now time.Time) error {
	year := m.Start.In(loc).Year()
	n, err := NextNumber(tx, "meeting_"+string(m.Type), year)
	if err != nil {
		return err
	}
	row := Meeting{Type: string(m.Type), Year: year, Number: int(n), StartAt: m.Start.UTC(), EndAt: m.End.UTC(),
		Place: m.Place, Topics: strings.Join(m.Topics, "\n"), Convener: m.Convener, CreatedBy: m.CreatedBy,
		State: meeting.Scheduled, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("create meeting: %w", err)
	}
	m.ID, m.Year, m.Number, m.State = row.ID, row.Year, row.Number, row.State
	for _, a := range m.Attendees {
		if err := tx.Create(&MeetingAttendee{MeetingID: row.ID, SlackID: a.SlackID, Role: a.Role}).Error; err != nil {
			return fmt.Errorf("create meeting %s: attendee %s: %w", m.Key(), a.SlackID, err)
		}
	}
	return nil
}

// LoadMeeting returns a meeting with its attendees.
func LoadMeeting(db *gorm.DB, id uint64) (meeting.Meeting, bool, error) {
	var r Meeting
	res := db.Where("id = ?", id).Limit(1).Find(&r)
	if res.Error != nil {
		return meeting.Meeting{}, false, fmt.Errorf("load meeting %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return meeting.Meeting{}, false, nil
	}
	ms, err := withAttendees(db, []Meeting{r})
	if err != nil {
		return meeting.Meeting{}, false, err
	}
	return ms[0], true, nil
}

func withAttendees(db *gorm.DB, rows []Meeting) ([]meeting.Meeting, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]uint64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var att []MeetingAttendee
	if err := db.Where("meeting_id IN ?", ids).Order("id").Find(&att).Error; err != nil {
		return nil, fmt.Errorf("load attendees: %w", err)
	}
	by := map[uint64][]MeetingAttendee{}
	for _, a := range att {
		by[a.MeetingID] = append(by[a.MeetingID], a)
	}
	out := make([]meeting.Meeting, len(rows))
	for i, r := range rows {
		out[i] = r.domain(by[r.ID])
	}
	return out, nil
}

// MeetingsBetween returns the meetings that are not cancelled and take place
// at some time within [from, to), with their attendees, by start. Leave
// requests use it to find the meetings an absence overlaps (Art. 57 ¶2).
func MeetingsBetween(db *gorm.DB, from, to time.Time) ([]meeting.Meeting, error) {
	var rows []Meeting
	if err := db.Where("state <> ? AND start_at < ? AND end_at > ?", meeting.Cancelled, to.UTC(), from.UTC()).
		Order("start_at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("meetings between %s and %s: %w", from, to, err)
	}
	return withAttendees(db, rows)
}

// MeetingsStarting returns the meetings that are not cancelled and start
// within [from, to), with their attendees: the day-before and hour-before
// reminders (SPEC §1.5).
func MeetingsStarting(db *gorm.DB, from, to time.Time) ([]meeting.Meeting, error) {
	var rows []Meeting
	if err := db.Where("state <> ? AND start_at >= ? AND start_at < ?", meeting.Cancelled, from.UTC(), to.UTC()).
		Order("start_at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("meetings starting between %s and %s: %w", from, to, err)
	}
	return withAttendees(db, rows)
}

// UpcomingMeetings returns up to limit meetings that are not cancelled and
// start at or after from; with attendee set, only those the person attends
// or convenes.
func UpcomingMeetings(db *gorm.DB, from time.Time, attendee string, limit int) ([]meeting.Meeting, error) {
	q := db.Where("state <> ? AND start_at >= ?", meeting.Cancelled, from.UTC())
	if attendee != "" {
		q = q.Where("convener = ? OR id IN (?)", attendee,
			db.Model(&MeetingAttendee{}).Select("meeting_id").Where("slack_id = ?", attendee))
	}
	var rows []Meeting
	if err := q.Order("start_at, id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("upcoming meetings: %w", err)
	}
	return withAttendees(db, rows)
}

// ExecutiveScheduled reports whether an executive meeting that is not
// cancelled starts in the month of year (in loc): the monthly cadence check
// of Art. 41.
func ExecutiveScheduled(db *gorm.DB, loc *time.Location, year int, month time.Month) (bool, error) {
	from := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	return typeStarts(db, meeting.Executive, from, from.AddDate(0, 1, 0))
}

// PlenaryScheduled reports whether a plenary meeting that is not cancelled
// starts in the half year (1 or 2) of year (in loc): the Art. 40 check.
func PlenaryScheduled(db *gorm.DB, loc *time.Location, year, half int) (bool, error) {
	from, to := meeting.HalfBounds(loc, year, half)
	return typeStarts(db, meeting.Plenary, from, to)
}

func typeStarts(db *gorm.DB, t meeting.Type, from, to time.Time) (bool, error) {
	var n int64
	if err := db.Model(&Meeting{}).Where("type = ? AND state <> ? AND start_at >= ? AND start_at < ?",
		string(t), meeting.Cancelled, from.UTC(), to.UTC()).Count(&n).Error; err != nil {
		return false, fmt.Errorf("%s meetings between %s and %s: %w", t, from, to, err)
	}
	return n > 0, nil
}

// ItemsDueBy returns the action items still waiting for a report (open, or
// sent back) that are due on or before the date (YYYY-MM-DD), earliest
// first: the scheduler's report reminders and overdue escalation.
func ItemsDueBy(db *gorm.DB, date string) ([]ActionItem, error) {
	var items []ActionItem
	if err := db.Where("state IN ? AND due <= ?", []string{ItemOpen, ItemReturned}, date).
		Order("due, id").Find(&items).Error; err != nil {
		return nil, fmt.Errorf("action items due by %s: %w", date, err)
	}
	return items, nil
}

// OpenItemsOf returns the action items of a department still waiting for a
// report, earliest due first.
func OpenItemsOf(db *gorm.DB, department string) ([]ActionItem, error) {
	var items []ActionItem
	if err := db.Where("department = ? AND state IN ?", department, []string{ItemOpen, ItemReturned}).
		Order("due, id").Find(&items).Error; err != nil {
		return nil, fmt.Errorf("open action items of %s: %w", department, err)
	}
	return items, nil
}

// ItemsOfMeeting returns a meeting's action items in order.
func ItemsOfMeeting(db *gorm.DB, meetingID uint64) ([]ActionItem, error) {
	var items []ActionItem
	if err := db.Where("meeting_id = ?", meetingID).Order("id").Find(&items).Error; err != nil {
		return nil, fmt.Errorf("action items of M%d: %w", meetingID, err)
	}
	return items, nil
}

// LatestReports returns the latest report of each of the items, by item ID.
func LatestReports(db *gorm.DB, itemIDs []uint64) (map[uint64]ActionReport, error) {
	out := map[uint64]ActionReport{}
	if len(itemIDs) == 0 {
		return out, nil
	}
	var rs []ActionReport
	if err := db.Where("action_item_id IN ?", itemIDs).Order("id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	for _, r := range rs {
		out[r.ActionItemID] = r
	}
	return out, nil
}

// LatestMinutes returns the latest revision of a meeting's minutes.
func LatestMinutes(db *gorm.DB, meetingID uint64) (MeetingMinutes, bool, error) {
	var m MeetingMinutes
	res := db.Where("meeting_id = ?", meetingID).Order("revision desc").Limit(1).Find(&m)
	if res.Error != nil {
		return m, false, fmt.Errorf("minutes of M%d: %w", meetingID, res.Error)
	}
	return m, res.RowsAffected == 1, nil
}

// MeetingByNumber finds the meeting of a type by its year and number, as its
// official name gives them (2026年第12次常务会议).
func MeetingByNumber(db *gorm.DB, t meeting.Type, year, number int) (uint64, bool, error) {
	var row Meeting
	res := db.Where("type = ? AND year = ? AND number = ?", string(t), year, number).Limit(1).Find(&row)
	if res.Error != nil {
		return 0, false, fmt.Errorf("meeting %s %d/%d: %w", t, year, number, res.Error)
	}
	return row.ID, res.RowsAffected == 1, nil
}

// MeetingsBetween returns the meetings that are not cancelled and take
// place at some time within [from, to), with their attendees, by start.
func (tx *Tx) MeetingsBetween(from, to time.Time) ([]meeting.Meeting, error) {
	return MeetingsBetween(tx.db, from, to)
}
