package storage

import (
	"fmt"
	"time"
)

// Entrustment records that the mayor entrusted the executive vice mayor to
// sign minutes on the mayor's behalf (Art. 45: 由市长委托负责常务工作的副市长
// 签发). Only the mayor records one (`/meeting entrust`); the filer of the
// minutes cannot.
type Entrustment struct {
	ID        uint64 `gorm:"primaryKey"`
	Mayor     string `gorm:"size:32;not null;index"`
	Delegate  string `gorm:"size:32;not null"`
	Until     string `gorm:"size:10"` // YYYY-MM-DD in the office zone, inclusive; empty: until revoked
	CreatedAt time.Time
	RevokedAt *time.Time
}

// Entrust records an entrustment, replacing the mayor's earlier ones.
func (tx *Tx) Entrust(e *Entrustment) error {
	if _, err := tx.RevokeEntrustment(e.Mayor, e.CreatedAt); err != nil {
		return err
	}
	e.CreatedAt = e.CreatedAt.UTC()
	if err := tx.db.Create(e).Error; err != nil {
		return fmt.Errorf("entrust: %w", err)
	}
	return nil
}

// RevokeEntrustment ends the mayor's entrustments; it reports whether one
// was in force.
func (tx *Tx) RevokeEntrustment(mayor string, at time.Time) (bool, error) {
	res := tx.db.Model(&Entrustment{}).Where("mayor = ? AND revoked_at IS NULL", mayor).Update("revoked_at", at.UTC())
	if res.Error != nil {
		return false, fmt.Errorf("revoke entrustment: %w", res.Error)
	}
	return res.RowsAffected > 0, nil
}

// Entrusted returns whom the mayor has entrusted on day (YYYY-MM-DD in the
// office zone), if anyone.
func (tx *Tx) Entrusted(mayor, day string) (Entrustment, bool, error) {
	var e Entrustment
	res := tx.db.Where("mayor = ? AND revoked_at IS NULL AND (until = '' OR until IS NULL OR until >= ?)", mayor, day).
		Order("id desc").Limit(1).Find(&e)
	if res.Error != nil {
		return e, false, fmt.Errorf("entrustment of %s: %w", mayor, res.Error)
	}
	return e, res.RowsAffected == 1, nil
}
