package storage

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// CalendarToken is a person's private calendar subscription
// (/calendar/<token>.ics). Only the token's SHA-256 is kept: a token is shown
// once, when issued; issuing a new one revokes the old.
type CalendarToken struct {
	ID      uint64 `gorm:"primaryKey"`
	SlackID string `gorm:"size:32;not null;uniqueIndex"`
	Hash    string `gorm:"size:64;not null;uniqueIndex"` // hex SHA-256 of the token
	// Hint is the token's first characters, shown in App Home so a person
	// can tell which address they subscribed to; far too few to guess the
	// rest (a 256-bit token less 24 bits).
	Hint      string `gorm:"size:8;not null;default:''"`
	CreatedAt time.Time
}

// CalendarFeed is what App Home shows of a person's subscription: when it
// was issued and the token's first characters.
type CalendarFeed struct {
	Hint      string
	CreatedAt time.Time
}

// SetCalendarToken makes hash the person's only calendar token, revoking
// any earlier one; hint is the token's first characters.
func (tx *Tx) SetCalendarToken(slackID, hash, hint string, now time.Time) error {
	if err := tx.db.Where("slack_id = ?", slackID).Delete(&CalendarToken{}).Error; err != nil {
		return fmt.Errorf("revoke calendar token of %s: %w", slackID, err)
	}
	if err := tx.db.Create(&CalendarToken{SlackID: slackID, Hash: hash, Hint: hint, CreatedAt: now.UTC()}).Error; err != nil {
		return fmt.Errorf("set calendar token of %s: %w", slackID, err)
	}
	return nil
}

// RevokeCalendarToken removes the person's calendar token; it reports
// whether there was one.
func (tx *Tx) RevokeCalendarToken(slackID string) (bool, error) {
	res := tx.db.Where("slack_id = ?", slackID).Delete(&CalendarToken{})
	if res.Error != nil {
		return false, fmt.Errorf("revoke calendar token of %s: %w", slackID, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// CalendarTokenOwner returns whose token has this hash.
func (tx *Tx) CalendarTokenOwner(hash string) (string, bool, error) {
	var t CalendarToken
	err := tx.db.Where("hash = ?", hash).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("calendar token: %w", err)
	}
	return t.SlackID, true, nil
}

// CalendarFeedOf returns the person's subscription, if they have one.
func (tx *Tx) CalendarFeedOf(slackID string) (CalendarFeed, bool, error) {
	var t CalendarToken
	err := tx.db.Where("slack_id = ?", slackID).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return CalendarFeed{}, false, nil
	}
	if err != nil {
		return CalendarFeed{}, false, fmt.Errorf("calendar token of %s: %w", slackID, err)
	}
	return CalendarFeed{Hint: t.Hint, CreatedAt: t.CreatedAt}, true, nil
}
