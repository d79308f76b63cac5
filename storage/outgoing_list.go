package storage

import (
	"context"
	"fmt"
	"strings"

	"officebot/document"
)

// outgoingOf maps document rows (direction "out") to outgoing documents,
// reading their outgoing rows in one query.
func (tx *Tx) outgoingOf(docs []Document) ([]document.Outgoing, error) {
	if len(docs) == 0 {
		return nil, nil
	}
	ids := make([]uint64, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	var rows []OutgoingDoc
	if err := tx.db.Where("document_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("outgoing rows: %w", err)
	}
	by := make(map[uint64]OutgoingDoc, len(rows))
	for _, r := range rows {
		by[r.DocumentID] = r
	}
	out := make([]document.Outgoing, 0, len(docs))
	for _, d := range docs {
		r, ok := by[d.ID]
		if !ok {
			continue
		}
		o, err := r.Outgoing(d)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// OutgoingInProgress returns the outgoing documents whose chain has open
// steps (not returned to the drafter, not signed), oldest first: what the
// step reminders look at.
func (tx *Tx) OutgoingInProgress() ([]document.Outgoing, error) {
	var docs []Document
	if err := tx.db.Where("direction = ? AND state = ?", string(document.Out), string(document.ChainInProgress)).
		Order("id").Find(&docs).Error; err != nil {
		return nil, fmt.Errorf("outgoing in progress: %w", err)
	}
	return tx.outgoingOf(docs)
}

// OutgoingFilter selects outgoing documents for a list.
type OutgoingFilter struct {
	Person     string // drafted by this person or waiting for them
	Department string // drafted by this unit, or naming it for 会签
	States     []document.ChainState
	Limit      int // default 50
}

// OutgoingList returns the outgoing documents that match any of the
// filter's person and unit, in its states, newest first.
func (tx *Tx) OutgoingList(f OutgoingFilter) ([]document.Outgoing, error) {
	q := tx.db.Table("documents").Select("documents.*").
		Joins("JOIN outgoing_docs ON outgoing_docs.document_id = documents.id").
		Where("documents.direction = ?", string(document.Out))
	var ors []string
	var args []any
	if f.Person != "" {
		ors = append(ors, "documents.submitter = ?", "outgoing_docs.waiting LIKE ?")
		args = append(args, f.Person, "%,"+f.Person+",%")
	}
	if f.Department != "" {
		ors = append(ors, "documents.department = ?", "outgoing_docs.co_sign LIKE ?")
		args = append(args, f.Department, "%,"+f.Department+",%")
	}
	if len(ors) > 0 {
		q = q.Where("("+strings.Join(ors, " OR ")+")", args...)
	}
	docs, err := documentPage(q, "documents.state", f.States, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("outgoing list: %w", err)
	}
	return tx.outgoingOf(docs)
}

// SheetFileID is the ID of the file message carrying an outgoing
// document's 发文稿纸 (chat.File.ID): RecordUpload knows it by it.
func SheetFileID(key string) string { return "sheet-" + key }

// RecordUpload records the Slack file an upload the bot made became, by
// the ID the message's file carried: the 发文稿纸 of an outgoing document
// (SheetFileID) is kept with the document (OutgoingDoc.SheetFile). Other
// uploads are not recorded.
func (s *Store) RecordUpload(ctx context.Context, madeID, slackFileID string) error {
	key, ok := strings.CutPrefix(madeID, "sheet-")
	if !ok {
		return nil
	}
	id, ok := document.ParseKey(key)
	if !ok {
		return nil
	}
	return s.Tx(ctx, func(tx *Tx) error { return tx.SetSheetFile(id, slackFileID) })
}
