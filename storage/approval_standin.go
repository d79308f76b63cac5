package storage

import (
	"fmt"

	"officebot/approval"
)

// OpenStepsAssignedTo returns the open steps assigned to the person by name
// (not those open to a role), oldest first: what moves to a stand-in when
// the person goes on leave (issue 11 item 4).
func (tx *Tx) OpenStepsAssignedTo(slackID string) ([]approval.Record, error) {
	var ss []ApprovalStep
	if err := tx.db.Where("state = ? AND assignee = ?", approval.Pending, slackID).
		Order("activated_at, id").Find(&ss).Error; err != nil {
		return nil, fmt.Errorf("open steps of %s: %w", slackID, err)
	}
	return records(ss), nil
}

// ItemChannel returns the channel of an item's thread: where its root was
// posted, or, while the root is still queued, the channel of its queued
// root message. It reports false when the item has no root message.
func (tx *Tx) ItemChannel(itemKey string) (string, bool, error) {
	var t SlackThread
	res := tx.db.Where("item_key = ?", itemKey).Limit(1).Find(&t)
	if res.Error != nil {
		return "", false, fmt.Errorf("thread of %s: %w", itemKey, res.Error)
	}
	if res.RowsAffected == 1 {
		return t.Channel, true, nil
	}
	var rows []OutboxMessage
	if err := tx.db.Where("item_key = ?", itemKey).Order("id").Find(&rows).Error; err != nil {
		return "", false, fmt.Errorf("queued root of %s: %w", itemKey, err)
	}
	for _, o := range rows {
		if m, err := o.Message(); err == nil && m.Root {
			return o.Conversation, true, nil
		}
	}
	return "", false, nil
}
