package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"officebot/calendar"
	"officebot/text"
)

// CalendarOverride makes one day a working day or a holiday, whatever the
// holiday library says (`officebot calendar add`).
type CalendarOverride struct {
	Day       string `gorm:"primaryKey;size:10"` // YYYY-MM-DD
	Workday   bool   `gorm:"not null"`
	Name      string `gorm:"size:64"`
	CreatedBy string `gorm:"size:32"`
	CreatedAt time.Time
}

// CalendarOverrides returns every override as the calendar takes them.
func (s *Store) CalendarOverrides(ctx context.Context, loc *time.Location) ([]calendar.Override, error) {
	var rows []CalendarOverride
	if err := s.DB.WithContext(ctx).Order("day").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load calendar overrides: %w", err)
	}
	out := make([]calendar.Override, 0, len(rows))
	for _, r := range rows {
		d, err := time.ParseInLocation(time.DateOnly, r.Day, loc)
		if err != nil {
			return nil, fmt.Errorf("calendar override %q: %w", r.Day, err)
		}
		out = append(out, calendar.Override{Day: d, Workday: r.Workday, Name: r.Name})
	}
	return out, nil
}

// SetCalendarOverride adds or replaces the override of a day, audited.
func (s *Store) SetCalendarOverride(ctx context.Context, day time.Time, workday bool, name, actor string, at time.Time) error {
	if err := text.CheckLen("field.calendar_name", name, calendar.MaxNameLen); err != nil {
		return err
	}
	row := CalendarOverride{Day: day.Format(time.DateOnly), Workday: workday, Name: name, CreatedBy: actor}
	return s.inTx(ctx, func(tx *gorm.DB) error {
		var old CalendarOverride
		found := tx.Where("day = ?", row.Day).Limit(1).Find(&old).RowsAffected == 1
		if err := tx.Save(&row).Error; err != nil {
			return fmt.Errorf("save calendar override %s: %w", row.Day, err)
		}
		return audit(tx, at, actor, "calendar.set", "day:"+row.Day, nilIfZero(old, found), row)
	})
}

// RemoveCalendarOverride deletes the override of a day; it reports whether one existed.
func (s *Store) RemoveCalendarOverride(ctx context.Context, day time.Time, actor string, at time.Time) (bool, error) {
	key := day.Format(time.DateOnly)
	var removed bool
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		var old CalendarOverride
		if tx.Where("day = ?", key).Limit(1).Find(&old).RowsAffected == 0 {
			return nil
		}
		if err := tx.Delete(&CalendarOverride{}, "day = ?", key).Error; err != nil {
			return fmt.Errorf("remove calendar override %s: %w", key, err)
		}
		removed = true
		return audit(tx, at, actor, "calendar.remove", "day:"+key, old, nil)
	})
	return removed, err
}

// CalendarYear records that an admin entered a year's whole holiday
// schedule as overrides (`officebot calendar complete YEAR`): deadlines in
// it are no longer provisional.
type CalendarYear struct {
	Year        int    `gorm:"primaryKey;autoIncrement:false"`
	CompletedBy string `gorm:"size:32"`
	CreatedAt   time.Time
}

// CompleteCalendarYear marks the year complete, audited; it reports false
// when it already was.
func (s *Store) CompleteCalendarYear(ctx context.Context, year int, actor string, at time.Time) (bool, error) {
	var added bool
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		if tx.Where("year = ?", year).Limit(1).Find(&CalendarYear{}).RowsAffected == 1 {
			return nil
		}
		row := CalendarYear{Year: year, CompletedBy: actor, CreatedAt: at.UTC()}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("complete calendar year %d: %w", year, err)
		}
		added = true
		return audit(tx, at, actor, "calendar.complete", fmt.Sprintf("year:%d", year), nil, row)
	})
	return added, err
}

// CalendarCompleteYears returns the years marked complete.
func (s *Store) CalendarCompleteYears(ctx context.Context) ([]int, error) {
	var years []int
	if err := s.DB.WithContext(ctx).Model(&CalendarYear{}).Order("year").Pluck("year", &years).Error; err != nil {
		return nil, fmt.Errorf("load complete calendar years: %w", err)
	}
	return years, nil
}

// Calendar returns the working-day calendar of the zone with the admins'
// overrides and the years they marked complete.
func (s *Store) Calendar(ctx context.Context, loc *time.Location) (*calendar.Calendar, error) {
	overrides, err := s.CalendarOverrides(ctx, loc)
	if err != nil {
		return nil, err
	}
	years, err := s.CalendarCompleteYears(ctx)
	if err != nil {
		return nil, err
	}
	c := calendar.New(loc, overrides)
	c.SetCompleteYears(years)
	return c, nil
}
