package storage

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"officebot/meeting"
)

// Meeting is the row of a scheduled government meeting (meeting.Meeting,
// Art. 39-44), short ID M3, numbered per type and year (2026年第12次常务会议).
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
	Note      string    `gorm:"type:text"`          // why it was cancelled
	Sequence  int       `gorm:"not null;default:0"` // iCalendar SEQUENCE: +1 on every move and on cancellation
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

func (r Meeting) domain(att []MeetingAttendee) meeting.Meeting {
	m := meeting.Meeting{ID: r.ID, Type: meeting.Type(r.Type), Year: r.Year, Number: r.Number, Start: r.StartAt,
		End: r.EndAt, Place: r.Place, Convener: r.Convener, CreatedBy: r.CreatedBy, State: r.State, Sequence: r.Sequence}
	if r.Topics != "" {
		m.Topics = strings.Split(r.Topics, "\n")
	}
	for _, a := range att {
		m.Attendees = append(m.Attendees, meeting.Attendee{SlackID: a.SlackID, Role: a.Role})
	}
	return m
}

// CreateMeeting numbers the meeting within its type and year (the year of
// its start in loc), inserts it with its attendees, and sets m.ID, m.Year,
// m.Number and m.State.
func (tx *Tx) CreateMeeting(m *meeting.Meeting, loc *time.Location, now time.Time) error {
	year := m.Start.In(loc).Year()
	n, err := tx.NextNumber("meeting_"+string(m.Type), year)
	if err != nil {
		return err
	}
	row := Meeting{Type: string(m.Type), Year: year, Number: int(n), StartAt: m.Start.UTC(), EndAt: m.End.UTC(),
		Place: m.Place, Topics: strings.Join(m.Topics, "\n"), Convener: m.Convener, CreatedBy: m.CreatedBy,
		State: meeting.Scheduled, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	if err := tx.db.Create(&row).Error; err != nil {
		return fmt.Errorf("create meeting: %w", err)
	}
	m.ID, m.Year, m.Number, m.State = row.ID, row.Year, row.Number, row.State
	for _, a := range m.Attendees {
		if err := tx.db.Create(&MeetingAttendee{MeetingID: row.ID, SlackID: a.SlackID, Role: a.Role}).Error; err != nil {
			return fmt.Errorf("create meeting %s: attendee %s: %w", m.Key(), a.SlackID, err)
		}
	}
	return nil
}

// LoadMeeting returns a meeting with its attendees.
func (tx *Tx) LoadMeeting(id uint64) (meeting.Meeting, bool, error) {
	var r Meeting
	res := tx.db.Where("id = ?", id).Limit(1).Find(&r)
	if res.Error != nil {
		return meeting.Meeting{}, false, fmt.Errorf("load meeting %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return meeting.Meeting{}, false, nil
	}
	ms, err := withAttendees(tx.db, []Meeting{r})
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

// MeetingByNumber finds the meeting of a type by its year and number, as its
// official name gives them (2026年第12次常务会议).
func (tx *Tx) MeetingByNumber(t meeting.Type, year, number int) (uint64, bool, error) {
	var row Meeting
	res := tx.db.Where("type = ? AND year = ? AND number = ?", string(t), year, number).Limit(1).Find(&row)
	if res.Error != nil {
		return 0, false, fmt.Errorf("meeting %s %d/%d: %w", t, year, number, res.Error)
	}
	return row.ID, res.RowsAffected == 1, nil
}

// MeetingsBetween returns the meetings that are not cancelled and take place
// at some time within [from, to), with their attendees, by start. Leave
// requests use it to find the meetings an absence overlaps (Art. 57 ¶2).
func (tx *Tx) MeetingsBetween(from, to time.Time) ([]meeting.Meeting, error) {
	var rows []Meeting
	if err := tx.db.Where("state <> ? AND start_at < ? AND end_at > ?", meeting.Cancelled, to.UTC(), from.UTC()).
		Order("start_at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("meetings between %s and %s: %w", from, to, err)
	}
	return withAttendees(tx.db, rows)
}

// MeetingsStarting returns the meetings that are not cancelled and start
// within [from, to), with their attendees: the day-before and hour-before
// reminders (SPEC §1.5).
func (tx *Tx) MeetingsStarting(from, to time.Time) ([]meeting.Meeting, error) {
	var rows []Meeting
	if err := tx.db.Where("state <> ? AND start_at >= ? AND start_at < ?", meeting.Cancelled, from.UTC(), to.UTC()).
		Order("start_at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("meetings starting between %s and %s: %w", from, to, err)
	}
	return withAttendees(tx.db, rows)
}

// UpcomingMeetings returns up to limit meetings that are not cancelled and
// start at or after from; with attendee set, only those the person attends
// or convenes.
func (tx *Tx) UpcomingMeetings(from time.Time, attendee string, limit int) ([]meeting.Meeting, error) {
	q := tx.db.Where("state <> ? AND start_at >= ?", meeting.Cancelled, from.UTC())
	if attendee != "" {
		q = q.Where("convener = ? OR id IN (?)", attendee,
			tx.db.Model(&MeetingAttendee{}).Select("meeting_id").Where("slack_id = ?", attendee))
	}
	var rows []Meeting
	if err := q.Order("start_at, id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("upcoming meetings: %w", err)
	}
	return withAttendees(tx.db, rows)
}

// ExecutiveScheduled reports whether an executive meeting that is not
// cancelled starts in the month of year (in loc): the monthly cadence check
// of Art. 41.
func (tx *Tx) ExecutiveScheduled(loc *time.Location, year int, month time.Month) (bool, error) {
	from := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	return tx.typeStarts(meeting.Executive, from, from.AddDate(0, 1, 0))
}

// PlenaryScheduled reports whether a plenary meeting that is not cancelled
// starts in the half year (1 or 2) of year (in loc): the Art. 40 check.
func (tx *Tx) PlenaryScheduled(loc *time.Location, year, half int) (bool, error) {
	from, to := meeting.HalfBounds(loc, year, half)
	return tx.typeStarts(meeting.Plenary, from, to)
}

func (tx *Tx) typeStarts(t meeting.Type, from, to time.Time) (bool, error) {
	var n int64
	if err := tx.db.Model(&Meeting{}).Where("type = ? AND state <> ? AND start_at >= ? AND start_at < ?",
		string(t), meeting.Cancelled, from.UTC(), to.UTC()).Count(&n).Error; err != nil {
		return false, fmt.Errorf("%s meetings between %s and %s: %w", t, from, to, err)
	}
	return n > 0, nil
}

// MoveMeeting writes a meeting moved (meeting.Meeting.Move) at now, only if
// it is still in one of the states from. Of a move, a cancel and minutes
// decided at the same moment the first wins; the others get false and the
// state they met (a plain check on read would let both write).
func (tx *Tx) MoveMeeting(m meeting.Meeting, from []string, now time.Time) (string, bool, error) {
	return tx.updateMeetingIf(m.ID, from, map[string]any{
		"start_at": m.Start.UTC(), "end_at": m.End.UTC(), "place": m.Place, "state": m.State, "sequence": m.Sequence, "updated_at": now.UTC()})
}

// CancelMeeting writes a meeting cancelled for the reason at now, only if it
// is still in one of the states from (see MoveMeeting).
func (tx *Tx) CancelMeeting(m meeting.Meeting, from []string, reason string, now time.Time) (string, bool, error) {
	return tx.updateMeetingIf(m.ID, from, map[string]any{"state": m.State, "note": reason, "sequence": m.Sequence, "updated_at": now.UTC()})
}

// HoldMeeting marks a meeting held (its minutes were filed) at now, only if
// it is still in one of the states from (see MoveMeeting).
func (tx *Tx) HoldMeeting(m meeting.Meeting, from []string, now time.Time) (string, bool, error) {
	return tx.updateMeetingIf(m.ID, from, map[string]any{"state": meeting.Held, "updated_at": now.UTC()})
}

// updateMeetingIf updates the meeting only if it is still in one of the
// states from, in the same statement; otherwise it reports the state it is in.
func (tx *Tx) updateMeetingIf(id uint64, from []string, upd map[string]any) (string, bool, error) {
	res := tx.db.Model(&Meeting{}).Where("id = ? AND state IN ?", id, from).Updates(upd)
	if res.Error != nil {
		return "", false, fmt.Errorf("update %s: %w", meeting.Key(id), res.Error)
	}
	if res.RowsAffected == 1 {
		s, _ := upd["state"].(string)
		return s, true, nil
	}
	var now Meeting
	if err := tx.db.Select("state").Where("id = ?", id).First(&now).Error; err != nil {
		return "", false, fmt.Errorf("update %s: %w", meeting.Key(id), err)
	}
	return now.State, false, nil
}
