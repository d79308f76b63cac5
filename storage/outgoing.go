package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"officebot/chat"
	"officebot/document"
)

// OutgoingDoc holds what only an outgoing document (发文) has, beside its
// Document row (direction "out"): the draft's issuer and areas, the row of
// the sign-off table it follows, and its chain (document.Chain) as JSON.
// The chain is one value changed whole by each decision, written with the
// Document row's version check, so two clicks are decided once.
type OutgoingDoc struct {
	DocumentID   uint64 `gorm:"primaryKey"`
	Issuer       string `gorm:"size:16;not null"`
	MayorMatter  string `gorm:"size:32"`
	Areas        string `gorm:"type:text"` // ",fgw,zjj,"
	CoSign       string `gorm:"type:text"`
	ByExecutive  bool   `gorm:"not null;default:false"`
	Secrecy      string `gorm:"size:8"`
	Urgency      string `gorm:"size:8"`
	Condition    string `gorm:"size:16;not null"`
	Article      string `gorm:"size:32"`
	Chain        string `gorm:"type:text;not null"` // JSON document.Chain
	RepeatOf     string `gorm:"size:64"`
	RepeatReason string `gorm:"type:text"`
	SheetFile    string `gorm:"size:32"`
	// Waiting lists the assignees of the open steps (",U0OFFDEP,"), so
	// what waits for a person is found without reading every chain.
	Waiting  string `gorm:"type:text"`
	SignedAt *time.Time
}

// waiting returns the assignees of the chain's open steps as stored.
func waiting(c document.Chain) string {
	var ids []string
	for _, i := range c.Open() {
		ids = append(ids, c.Steps[i].Assignee)
	}
	return joinIDs(ids)
}

func outgoingRows(o document.Outgoing) (Document, OutgoingDoc, error) {
	chain, err := json.Marshal(o.Chain)
	if err != nil {
		return Document{}, OutgoingDoc{}, fmt.Errorf("chain of %s: %w", o.Key(), err)
	}
	doc := Document{ID: o.ID, Direction: string(document.Out), Title: o.Title, NormTitle: document.NormalTitle(o.Title),
		Type: o.Kind, Department: o.Unit, Submitter: o.Drafter, Major: o.Major, State: string(o.Chain.State),
		Version: o.Version, CreatedAt: o.CreatedAt.UTC()}
	if !o.Number.IsZero() {
		n := o.Number.N
		doc.Register, doc.Year, doc.Number = string(o.Number.Register), o.Number.Year, &n
	}
	if len(o.Links) > 0 {
		b, err := json.Marshal(o.Links)
		if err != nil {
			return doc, OutgoingDoc{}, err
		}
		doc.Links = string(b)
	}
	if len(o.Files) > 0 {
		b, err := json.Marshal(o.Files)
		if err != nil {
			return doc, OutgoingDoc{}, err
		}
		doc.Files = string(b)
	}
	out := OutgoingDoc{DocumentID: o.ID, Issuer: string(o.Issuer), MayorMatter: string(o.MayorMatter), Areas: joinIDs(o.Areas),
		CoSign: joinIDs(o.CoSign), ByExecutive: o.ByExecutive, Secrecy: o.Secrecy, Urgency: o.Urgency,
		Condition: string(o.Condition), Article: o.Article, Chain: string(chain), RepeatOf: o.RepeatOf,
		RepeatReason: o.RepeatReason, SheetFile: o.SheetFile, Waiting: waiting(o.Chain), SignedAt: o.SignedAt}
	return doc, out, nil
}

// Outgoing maps the rows to the domain's outgoing document.
func (r OutgoingDoc) Outgoing(doc Document) (document.Outgoing, error) {
	o := document.Outgoing{ID: doc.ID, Draft: document.Draft{Issuer: document.Issuer(r.Issuer), Title: doc.Title, Kind: doc.Type,
		Major: doc.Major, MayorMatter: document.MayorMatter(r.MayorMatter), Areas: splitIDs(r.Areas), CoSign: splitIDs(r.CoSign),
		ByExecutive: r.ByExecutive, Secrecy: r.Secrecy, Urgency: r.Urgency, Drafter: doc.Submitter, Unit: doc.Department},
		Condition: document.Condition(r.Condition), Article: r.Article, RepeatOf: r.RepeatOf, RepeatReason: r.RepeatReason,
		SheetFile: r.SheetFile, SignedAt: r.SignedAt, CreatedAt: doc.CreatedAt, Version: doc.Version}
	if err := json.Unmarshal([]byte(r.Chain), &o.Chain); err != nil {
		return o, fmt.Errorf("chain of %s: %w", o.Key(), err)
	}
	if doc.Number != nil {
		o.Number = document.Number{Register: document.Register(doc.Register), Year: doc.Year, N: *doc.Number}
	}
	if doc.Links != "" {
		if err := json.Unmarshal([]byte(doc.Links), &o.Links); err != nil {
			return o, fmt.Errorf("links of %s: %w", o.Key(), err)
		}
	}
	if doc.Files != "" {
		var fs []chat.File
		if err := json.Unmarshal([]byte(doc.Files), &fs); err != nil {
			return o, fmt.Errorf("files of %s: %w", o.Key(), err)
		}
		o.Files = fs
	}
	return o, nil
}

// DraftOutgoing inserts a new outgoing document, setting its ID (from the
// D sequence incoming documents share).
func (tx *Tx) DraftOutgoing(o *document.Outgoing) error {
	doc, out, err := outgoingRows(*o)
	if err != nil {
		return err
	}
	doc.ID = 0
	if err := tx.db.Create(&doc).Error; err != nil {
		return fmt.Errorf("draft %q: %w", o.Title, err)
	}
	out.DocumentID = doc.ID
	if err := tx.db.Create(&out).Error; err != nil {
		return fmt.Errorf("draft %s: %w", document.Key(doc.ID), err)
	}
	o.ID = doc.ID
	return nil
}

// OutgoingByID loads an outgoing document.
func (tx *Tx) OutgoingByID(id uint64) (document.Outgoing, bool, error) {
	var doc Document
	res := tx.db.Where("id = ? AND direction = ?", id, string(document.Out)).Limit(1).Find(&doc)
	if res.Error != nil {
		return document.Outgoing{}, false, fmt.Errorf("load %s: %w", document.Key(id), res.Error)
	}
	if res.RowsAffected == 0 {
		return document.Outgoing{}, false, nil
	}
	var out OutgoingDoc
	if err := tx.db.Where("document_id = ?", id).Take(&out).Error; err != nil {
		return document.Outgoing{}, false, fmt.Errorf("load %s: %w", document.Key(id), err)
	}
	o, err := out.Outgoing(doc)
	return o, err == nil, err
}

// MoveOutgoing writes the document as changed (a decision or a revision of
// its chain, a new file), only if the stored row is still at the version
// read; it reports false when someone changed it first. The new version is
// o.Version+1.
func (tx *Tx) MoveOutgoing(o document.Outgoing) (bool, error) {
	doc, out, err := outgoingRows(o)
	if err != nil {
		return false, err
	}
	res := tx.db.Model(&Document{}).Where("id = ? AND version = ? AND direction = ?", o.ID, o.Version, string(document.Out)).
		Updates(map[string]any{"state": doc.State, "links": doc.Links, "files": doc.Files, "version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return false, fmt.Errorf("change %s: %w", o.Key(), res.Error)
	}
	if res.RowsAffected != 1 {
		return false, nil
	}
	if err := tx.db.Model(&OutgoingDoc{}).Where("document_id = ?", o.ID).Updates(map[string]any{
		"chain": out.Chain, "waiting": out.Waiting, "repeat_reason": out.RepeatReason, "sheet_file": out.SheetFile, "signed_at": out.SignedAt,
	}).Error; err != nil {
		return false, fmt.Errorf("change %s: %w", o.Key(), err)
	}
	return true, nil
}

// ErrNotSigned: NumberOutgoing was asked to number a document whose chain
// is not signed.
var ErrNotSigned = errors.New("storage: the document is not signed")

// NumberOutgoing gives a signed document its number in its issuer's
// register for the year (昆政发〔2026〕7号 / 昆政办发〔2026〕7号) and records
// when it was signed. Call it in the transaction that moved the chain to
// signed: the number is used only if that transaction commits, and
// concurrent signatures wait on the sequence's row lock, so the numbers of
// a year and issuer are consecutive without gaps.
func (tx *Tx) NumberOutgoing(o *document.Outgoing, year int, at time.Time) error {
	if o.Chain.State != document.ChainSigned {
		return ErrNotSigned
	}
	reg := o.Issuer.Register()
	n, err := tx.NextNumber(reg.Sequence(), year)
	if err != nil {
		return err
	}
	t := at.UTC()
	res := tx.db.Model(&Document{}).Where("id = ? AND number IS NULL", o.ID).
		Updates(map[string]any{"register": string(reg), "year": year, "number": n})
	if res.Error != nil {
		return fmt.Errorf("number %s: %w", o.Key(), res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("number %s: already numbered", o.Key())
	}
	if err := tx.db.Model(&OutgoingDoc{}).Where("document_id = ?", o.ID).Update("signed_at", &t).Error; err != nil {
		return fmt.Errorf("number %s: %w", o.Key(), err)
	}
	o.Number, o.SignedAt = document.Number{Register: reg, Year: year, N: n}, &t
	return nil
}

// SetSheetFile records the Slack file the 发文稿纸 was uploaded as.
func (tx *Tx) SetSheetFile(id uint64, file string) error {
	if err := tx.db.Model(&OutgoingDoc{}).Where("document_id = ?", id).Update("sheet_file", file).Error; err != nil {
		return fmt.Errorf("sheet of %s: %w", document.Key(id), err)
	}
	return nil
}

// OutgoingSameTitle returns the outgoing documents with the same
// normalised title that are still in their chain or were issued in the
// year: what Art. 53's repeat check compares a new draft with.
func (tx *Tx) OutgoingSameTitle(title string, year int) ([]document.Earlier, error) {
	var rs []Document
	err := tx.db.Select("id", "title", "register", "year", "number").
		Where("norm_title = ? AND direction = ? AND (state IN ? OR (state = ? AND year = ?))", document.NormalTitle(title),
			string(document.Out), []string{string(document.ChainInProgress), string(document.ChainReturned)},
			string(document.ChainSigned), year).Order("id").Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("outgoing titled %q: %w", title, err)
	}
	out := make([]document.Earlier, len(rs))
	for i, r := range rs {
		out[i] = document.Earlier{ID: r.ID, Title: r.Title}
		if r.Number != nil {
			out[i].Number = document.Number{Register: document.Register(r.Register), Year: r.Year, N: *r.Number}.String()
		}
	}
	return out, nil
}

// OutgoingWaitingFor returns the outgoing documents with an open step of
// the person (App Home 待我签批), oldest first.
func (tx *Tx) OutgoingWaitingFor(slackID string) ([]document.Outgoing, error) {
	var ids []uint64
	if err := tx.db.Model(&OutgoingDoc{}).Where("waiting LIKE ?", "%,"+slackID+",%").Order("document_id").
		Pluck("document_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("outgoing waiting for %s: %w", slackID, err)
	}
	out := make([]document.Outgoing, 0, len(ids))
	for _, id := range ids {
		o, ok, err := tx.OutgoingByID(id)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, o)
		}
	}
	return out, nil
}
