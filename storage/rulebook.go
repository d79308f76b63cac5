package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Rulebook is a regulation imported beside the embedded working rules
// (`officebot rules import`); the text is kept whole and parsed at start.
type Rulebook struct {
	ID         uint   `gorm:"primaryKey"`
	Title      string `gorm:"size:200;uniqueIndex;not null"`
	Text       string `gorm:"type:text;not null"`
	ImportedBy string `gorm:"size:32"`
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// SaveRulebook adds a rulebook or replaces the one with the same title, audited.
func (s *Store) SaveRulebook(ctx context.Context, title, text, actor string, at time.Time) (replaced bool, err error) {
	err = s.inTx(ctx, func(tx *gorm.DB) error {
		var old Rulebook
		replaced = tx.Where("title = ?", title).Limit(1).Find(&old).RowsAffected == 1
		row := Rulebook{ID: old.ID, Title: title, Text: text, ImportedBy: actor, CreatedAt: old.CreatedAt}
		if err := tx.Save(&row).Error; err != nil {
			return fmt.Errorf("save rulebook %q: %w", title, err)
		}
		return audit(tx, at, actor, "rules.import", "rulebook:"+title, nil, map[string]any{"title": title, "bytes": len(text), "replaced": replaced})
	})
	return replaced, err
}

// Rulebooks returns the imported rulebooks in import order.
func (s *Store) Rulebooks(ctx context.Context) ([]Rulebook, error) {
	var rs []Rulebook
	if err := s.DB.WithContext(ctx).Order("id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("load rulebooks: %w", err)
	}
	return rs, nil
}
