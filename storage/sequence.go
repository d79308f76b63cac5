package storage

import (
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Sequence is a gap-free counter per name and year, for registration numbers
// such as 昆政办收〔2026〕17号 and meeting numbers (第12次常务会议).
type Sequence struct {
	Name  string `gorm:"primaryKey;size:64"`
	Year  int    `gorm:"primaryKey"`
	Value int64  `gorm:"not null"`
}

// NextNumber takes the next number of the sequence for the year.
// Numbers are gap-free: a number is only used if tx commits, and concurrent
// transactions wait on the row lock instead of sharing a number.
func (t *Tx) NextNumber(name string, year int) (int64, error) {
	tx := t.db
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&Sequence{Name: name, Year: year, Value: 0}).Error; err != nil {
		return 0, fmt.Errorf("next number %s/%d: create: %w", name, year, err)
	}
	var seq Sequence
	res := tx.Model(&seq).Clauses(clause.Returning{Columns: []clause.Column{{Name: "value"}}}).
		Where("name = ? AND year = ?", name, year).
		UpdateColumn("value", gorm.Expr("value + 1"))
	if res.Error != nil {
		return 0, fmt.Errorf("next number %s/%d: %w", name, year, res.Error)
	}
	if res.RowsAffected != 1 {
		return 0, fmt.Errorf("next number %s/%d: %d rows updated", name, year, res.RowsAffected)
	}
	return seq.Value, nil
}
