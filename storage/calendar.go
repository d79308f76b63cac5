package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"officebot/calendar"
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
