package storage

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"officebot/calendar"
	"officebot/chat"
	"officebot/document"
)

// Document is the row of an official document, incoming (收文,
// document.Incoming) or outgoing (发文), short ID D8.
//
// One table for both directions, with a Direction column, because the
// short ID names a document whatever its direction: /doc status D8 and a
// thread reply in D8's thread find it by primary key without knowing
// which way it goes, and the two can never hand out the same D number.
// The columns every document has (number, title, unit, state) are here;
// the incoming ones are here too. Fields only outgoing documents have go
// in a table of their own keyed by DocumentID (as ActionReport hangs on
// ActionItem), so neither direction's changes touch the other's file.
type Document struct {
	ID        uint64 `gorm:"primaryKey;index:idx_doc_dept_due,priority:5"`
	Direction string `gorm:"size:8;not null;index;index:idx_doc_handling,priority:1;index:idx_doc_dept_due,priority:2"`
	// The registration number (昆政办收〔2026〕17号): NULL until numbered, so
	// the unique index allows any number of unnumbered drafts.
	Register  string `gorm:"size:32;uniqueIndex:idx_doc_number,priority:1"`
	Year      int    `gorm:"uniqueIndex:idx_doc_number,priority:2"`
	Number    *int64 `gorm:"uniqueIndex:idx_doc_number,priority:3"`
	Title     string `gorm:"type:text;not null"`
	NormTitle string `gorm:"size:600;index:idx_doc_title,priority:2"` // document.NormalTitle, for the Art. 48 duplicate check
	Type      string `gorm:"size:16"`
	// Department is the submitting unit (incoming) or the drafting one.
	Department    string `gorm:"size:64;not null;index:idx_doc_title,priority:1"`
	Submitter     string `gorm:"size:32;not null;index"`
	Signer        string `gorm:"size:32"`
	Category      string `gorm:"size:24"`
	UrgentDue     string `gorm:"size:10"`
	CoDepartments string `gorm:"type:text"` // ",czj,zjj,": a LIKE finds a department
	Consulted     bool   `gorm:"not null;default:false"`
	Disagreement  string `gorm:"type:text"`
	Reasons       string `gorm:"type:text"`
	Major         bool   `gorm:"not null;default:false"`
	Matters       int    `gorm:"not null;default:1"`
	Links         string `gorm:"type:text"` // JSON []string
	Files         string `gorm:"type:text"` // JSON []chat.File
	Resubmits     uint64 `gorm:"not null;default:0"`

	State     string `gorm:"size:16;not null;index:idx_doc_due,priority:1;index:idx_doc_handling,priority:2;index:idx_doc_dept_due,priority:3"`
	Leader    string `gorm:"size:32;index"`
	Comment   string `gorm:"type:text"`
	DecidedBy string `gorm:"size:32"`

	HandlingDept   string `gorm:"size:64;index:idx_doc_handling,priority:4;index:idx_doc_dept_due,priority:1"`
	HandlingCo     string `gorm:"type:text"` // ",czj,zjj,"
	Instruction    string `gorm:"type:text"`
	AssignedBy     string `gorm:"size:32"`
	AssignedAt     *time.Time
	Due            string `gorm:"size:10;index:idx_doc_due,priority:2;index:idx_doc_handling,priority:3;index:idx_doc_dept_due,priority:4"` // YYYY-MM-DD in the office zone
	DueProvisional bool   `gorm:"not null;default:false"`
	Extensions     int    `gorm:"not null;default:0"`
	ExtDue         string `gorm:"size:10"`
	ExtReason      string `gorm:"type:text"`
	Opinion        string `gorm:"type:text"`
	Result         string `gorm:"type:text"`
	DoneBy         string `gorm:"size:32"`
	DoneAt         *time.Time
	UrgedAt        *time.Time
	UrgedBy        string `gorm:"size:32"`
	Urges          int    `gorm:"not null;default:0"`
	Version        int    `gorm:"not null;default:0"`
	CreatedAt      time.Time
}

// DocumentExtension is the row of one extension request of a document (延期).
type DocumentExtension struct {
	ID          uint64 `gorm:"primaryKey"`
	DocumentID  uint64 `gorm:"not null;uniqueIndex:idx_doc_ext,priority:1"`
	Seq         int    `gorm:"not null;uniqueIndex:idx_doc_ext,priority:2"`
	RequestedBy string `gorm:"size:32;not null"`
	FromDue     string `gorm:"size:10;not null"`
	ToDue       string `gorm:"size:10;not null"`
	Reason      string `gorm:"type:text"`
	State       string `gorm:"size:16;not null"` // pending, granted, refused
	DecidedBy   string `gorm:"size:32"`
	Comment     string `gorm:"type:text"`
	CreatedAt   time.Time
	DecidedAt   *time.Time
}

// Extension states.
const (
	ExtensionPending = "pending"
	ExtensionGranted = "granted"
	ExtensionRefused = "refused"
)

func joinIDs(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return "," + strings.Join(ids, ",") + ","
}

func splitIDs(s string) []string {
	s = strings.Trim(s, ",")
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func incomingRow(d document.Incoming) (Document, error) {
	row := Document{ID: d.ID, Direction: string(document.In), Title: d.Title, NormTitle: document.NormalTitle(d.Title),
		Type: string(d.Type), Department: d.Department, Submitter: d.Submitter, Signer: d.Signer, Category: string(d.Category),
		UrgentDue: d.UrgentDue, CoDepartments: joinIDs(d.CoDepartments), Consulted: d.Consulted, Disagreement: d.Disagreement,
		Reasons: d.Reasons, Major: d.Major, Matters: d.Matters, Resubmits: d.Resubmits, State: string(d.State), Leader: d.Leader,
		Comment: d.Comment, DecidedBy: d.DecidedBy, HandlingDept: d.HandlingDept, HandlingCo: joinIDs(d.HandlingCo),
		Instruction: d.Instruction, AssignedBy: d.AssignedBy, AssignedAt: d.AssignedAt, Due: d.Due, DueProvisional: d.DueProvisional,
		Extensions: d.Extensions, ExtDue: d.ExtDue, ExtReason: d.ExtReason, Opinion: d.Opinion, Result: d.Result, DoneBy: d.DoneBy,
		DoneAt: d.DoneAt, UrgedAt: d.UrgedAt, UrgedBy: d.UrgedBy, Urges: d.Urges, Version: d.Version, CreatedAt: d.CreatedAt.UTC()}
	if !d.Number.IsZero() {
		n := d.Number.N
		row.Register, row.Year, row.Number = string(d.Number.Register), d.Number.Year, &n
	}
	if len(d.Links) > 0 {
		b, err := json.Marshal(d.Links)
		if err != nil {
			return row, err
		}
		row.Links = string(b)
	}
	if len(d.Files) > 0 {
		b, err := json.Marshal(d.Files)
		if err != nil {
			return row, err
		}
		row.Files = string(b)
	}
	return row, nil
}

// Incoming maps the row to the domain's incoming document.
func (r Document) Incoming() (document.Incoming, error) {
	d := document.Incoming{ID: r.ID, Title: r.Title, Type: document.Type(r.Type), Department: r.Department, Submitter: r.Submitter,
		Signer: r.Signer, Category: calendar.Category(r.Category), UrgentDue: r.UrgentDue, CoDepartments: splitIDs(r.CoDepartments),
		Consulted: r.Consulted, Disagreement: r.Disagreement, Reasons: r.Reasons, Major: r.Major, Matters: r.Matters,
		Resubmits: r.Resubmits, State: document.State(r.State), Leader: r.Leader, Comment: r.Comment, DecidedBy: r.DecidedBy,
		HandlingDept: r.HandlingDept, HandlingCo: splitIDs(r.HandlingCo), Instruction: r.Instruction, AssignedBy: r.AssignedBy,
		AssignedAt: r.AssignedAt, Due: r.Due, DueProvisional: r.DueProvisional, Extensions: r.Extensions, ExtDue: r.ExtDue,
		ExtReason: r.ExtReason, Opinion: r.Opinion, Result: r.Result, DoneBy: r.DoneBy, DoneAt: r.DoneAt, UrgedAt: r.UrgedAt,
		UrgedBy: r.UrgedBy, Urges: r.Urges, Version: r.Version, CreatedAt: r.CreatedAt}
	if r.Number != nil {
		d.Number = document.Number{Register: document.Register(r.Register), Year: r.Year, N: *r.Number}
	}
	if r.Links != "" {
		if err := json.Unmarshal([]byte(r.Links), &d.Links); err != nil {
			return d, fmt.Errorf("links of %s: %w", d.Key(), err)
		}
	}
	if r.Files != "" {
		var fs []chat.File
		if err := json.Unmarshal([]byte(r.Files), &fs); err != nil {
			return d, fmt.Errorf("files of %s: %w", d.Key(), err)
		}
		d.Files = fs
	}
	return d, nil
}

func incomings(rows []Document) ([]document.Incoming, error) {
	out := make([]document.Incoming, 0, len(rows))
	for _, r := range rows {
		d, err := r.Incoming()
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// ErrDuplicateDocument is returned by RegisterIncoming when an open
// document of the same unit with the same normalised title exists (Art.
// 48: 不得多头报送); DuplicateError names it.
var ErrDuplicateDocument = errors.New("storage: the same document is open")

// DuplicateError names the open document a submission repeats.
type DuplicateError struct{ Key string }

func (e *DuplicateError) Error() string { return "storage: the same document is open as " + e.Key }
func (e *DuplicateError) Unwrap() error { return ErrDuplicateDocument }

// RegisterIncoming numbers the document in the incoming register of the
// year (Art. 49) and inserts it, setting its ID and Number. The number is
// taken first: its row lock orders concurrent registrations, so the
// duplicate check after it sees every document registered before, and two
// identical submissions at once register one (the other gets a
// *DuplicateError and its transaction, number included, rolls back).
func (tx *Tx) RegisterIncoming(d *document.Incoming, year int) error {
	reg := document.IncomingRegister
	n, err := tx.NextNumber(reg.Sequence(), year)
	if err != nil {
		return err
	}
	dup, err := tx.OpenDuplicate(d.Department, d.Title)
	if err != nil {
		return err
	}
	if dup != "" {
		return &DuplicateError{Key: dup}
	}
	d.Number = document.Number{Register: reg, Year: year, N: n}
	row, err := incomingRow(*d)
	if err != nil {
		return err
	}
	row.ID = 0
	if err := tx.db.Create(&row).Error; err != nil {
		return fmt.Errorf("register %s: %w", d.Number, err)
	}
	d.ID = row.ID
	return nil
}

// OpenDuplicate returns the key of an open incoming document of the unit
// with the same normalised title, or "".
func (tx *Tx) OpenDuplicate(dept, title string) (string, error) {
	var r Document
	res := tx.db.Select("id").Where("department = ? AND norm_title = ? AND direction = ? AND state IN ?", dept,
		document.NormalTitle(title), string(document.In), []string{string(document.Pending), string(document.Handling), string(document.Opinion)}).
		Order("id").Limit(1).Find(&r)
	if res.Error != nil {
		return "", fmt.Errorf("duplicate of %q: %w", title, res.Error)
	}
	if res.RowsAffected == 0 {
		return "", nil
	}
	return document.Key(r.ID), nil
}

// LatestReturned returns the last returned document of the unit with the
// same normalised title: a new submission corrects it (resubmission).
func (tx *Tx) LatestReturned(dept, title string) (uint64, bool, error) {
	var r Document
	res := tx.db.Select("id").Where("department = ? AND norm_title = ? AND direction = ? AND state = ?", dept,
		document.NormalTitle(title), string(document.In), string(document.Returned)).Order("id DESC").Limit(1).Find(&r)
	if res.Error != nil {
		return 0, false, fmt.Errorf("returned %q: %w", title, res.Error)
	}
	return r.ID, res.RowsAffected == 1, nil
}

// IncomingByID loads an incoming document.
func (tx *Tx) IncomingByID(id uint64) (document.Incoming, bool, error) {
	var r Document
	res := tx.db.Where("id = ? AND direction = ?", id, string(document.In)).Limit(1).Find(&r)
	if res.Error != nil {
		return document.Incoming{}, false, fmt.Errorf("load %s: %w", document.Key(id), res.Error)
	}
	if res.RowsAffected == 0 {
		return document.Incoming{}, false, nil
	}
	d, err := r.Incoming()
	return d, err == nil, err
}

// DocumentDirection tells whether a document exists and which way it goes.
func (tx *Tx) DocumentDirection(id uint64) (document.Direction, bool, error) {
	var r Document
	res := tx.db.Select("id", "direction").Where("id = ?", id).Limit(1).Find(&r)
	if res.Error != nil {
		return "", false, fmt.Errorf("load %s: %w", document.Key(id), res.Error)
	}
	return document.Direction(r.Direction), res.RowsAffected == 1, nil
}

// DocumentByNumber returns the ID of the document registered under n.
func (tx *Tx) DocumentByNumber(n document.Number) (uint64, bool, error) {
	var r Document
	res := tx.db.Select("id").Where("register = ? AND year = ? AND number = ?", string(n.Register), n.Year, n.N).Limit(1).Find(&r)
	if res.Error != nil {
		return 0, false, fmt.Errorf("document %s: %w", n, res.Error)
	}
	return r.ID, res.RowsAffected == 1, nil
}

// MoveIncoming writes the document as changed (a transition of
// document.Incoming), only if the stored row is still at the version read;
// it reports false when someone changed it first. The new version is
// d.Version+1.
func (tx *Tx) MoveIncoming(d document.Incoming) (bool, error) {
	row, err := incomingRow(d)
	if err != nil {
		return false, err
	}
	res := tx.db.Model(&Document{}).Where("id = ? AND version = ?", d.ID, d.Version).Updates(map[string]any{
		"state": row.State, "leader": row.Leader, "comment": row.Comment, "decided_by": row.DecidedBy,
		"handling_dept": row.HandlingDept, "handling_co": row.HandlingCo, "instruction": row.Instruction,
		"assigned_by": row.AssignedBy, "assigned_at": row.AssignedAt, "due": row.Due, "due_provisional": row.DueProvisional,
		"extensions": row.Extensions, "ext_due": row.ExtDue, "ext_reason": row.ExtReason, "opinion": row.Opinion,
		"result": row.Result, "done_by": row.DoneBy, "done_at": row.DoneAt, "urged_at": row.UrgedAt, "urged_by": row.UrgedBy,
		"urges": row.Urges, "files": row.Files, "version": gorm.Expr("version + 1"),
	})
	if res.Error != nil {
		return false, fmt.Errorf("change %s: %w", d.Key(), res.Error)
	}
	return res.RowsAffected == 1, nil
}

// AddExtension records an extension request of the document and returns
// its sequence number (1, 2, …), which names its approval chain.
func (tx *Tx) AddExtension(d document.Incoming, by string, at time.Time) (int, error) {
	var n int64
	if err := tx.db.Model(&DocumentExtension{}).Where("document_id = ?", d.ID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("extensions of %s: %w", d.Key(), err)
	}
	row := DocumentExtension{DocumentID: d.ID, Seq: int(n) + 1, RequestedBy: by, FromDue: d.Due, ToDue: d.ExtDue,
		Reason: d.ExtReason, State: ExtensionPending, CreatedAt: at.UTC()}
	if err := tx.db.Create(&row).Error; err != nil {
		return 0, fmt.Errorf("extension of %s: %w", d.Key(), err)
	}
	return row.Seq, nil
}

// DecideExtension records the answer to the pending extension request of
// the document; it reports false when none was pending.
func (tx *Tx) DecideExtension(id uint64, granted bool, by, comment string, at time.Time) (int, bool, error) {
	state := ExtensionRefused
	if granted {
		state = ExtensionGranted
	}
	var row DocumentExtension
	res := tx.db.Where("document_id = ? AND state = ?", id, ExtensionPending).Order("seq DESC").Limit(1).Find(&row)
	if res.Error != nil || res.RowsAffected == 0 {
		return 0, false, res.Error
	}
	t := at.UTC()
	upd := tx.db.Model(&DocumentExtension{}).Where("id = ? AND state = ?", row.ID, ExtensionPending).
		Updates(map[string]any{"state": state, "decided_by": by, "comment": comment, "decided_at": &t})
	if upd.Error != nil {
		return 0, false, fmt.Errorf("decide extension of %s: %w", document.Key(id), upd.Error)
	}
	return row.Seq, upd.RowsAffected == 1, nil
}

// ExtensionsOf returns the extension requests of a document, oldest first.
func (tx *Tx) ExtensionsOf(id uint64) ([]DocumentExtension, error) {
	var rs []DocumentExtension
	if err := tx.db.Where("document_id = ?", id).Order("seq").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("extensions of %s: %w", document.Key(id), err)
	}
	return rs, nil
}

// IncomingDueBy returns the documents in handling due on or before the
// date (YYYY-MM-DD), through the (state, due) index: what the deadline
// reminders read.
func (tx *Tx) IncomingDueBy(date string) ([]document.Incoming, error) {
	var rs []Document
	if err := tx.db.Where("state = ? AND due <> '' AND due <= ? AND direction = ?", string(document.Handling), date, string(document.In)).
		Order("due, id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("documents due by %s: %w", date, err)
	}
	return incomings(rs)
}

// DueDocument is what a deadline reminder needs of a document in
// handling (HandlingDueBy): not the whole row.
type DueDocument struct {
	ID           uint64
	Title        string
	Due          string // YYYY-MM-DD
	HandlingDept string
}

// Key is the document's short ID (D8).
func (d DueDocument) Key() string { return document.Key(d.ID) }

// HandlingDueBy returns the incoming documents in handling due on or
// before the date (YYYY-MM-DD), due date then ID first: the same documents
// as IncomingDueBy, but only the four columns the deadline reminders use,
// scanned without GORM's reflection. Reading and decoding the whole rows
// (JSON links and files, a dozen text columns) was most of the deadline
// job's reading (issue 15).
func (tx *Tx) HandlingDueBy(date string) ([]DueDocument, error) {
	rows, err := tx.db.Raw("SELECT id, title, due, handling_dept FROM documents WHERE state = ? AND due <> '' AND due <= ? AND direction = ? ORDER BY due, id",
		string(document.Handling), date, string(document.In)).Rows()
	if err != nil {
		return nil, fmt.Errorf("documents due by %s: %w", date, err)
	}
	defer rows.Close()
	var out []DueDocument
	for rows.Next() {
		var d DueDocument
		var dept *string
		if err := rows.Scan(&d.ID, &d.Title, &d.Due, &dept); err != nil {
			return nil, fmt.Errorf("documents due by %s: %w", date, err)
		}
		if dept != nil {
			d.HandlingDept = *dept
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("documents due by %s: %w", date, err)
	}
	return out, nil
}

// HandlingGroup is what one department has in hand (HandlingByDept): how
// many documents, how many of them overdue, and the first (earliest due).
type HandlingGroup struct {
	Dept       string
	N, Overdue int
	First      document.Incoming
}

// HandlingByDept counts, for every department handling documents, the
// documents in handling (with a due date) and those due before today
// (YYYY-MM-DD), and loads the first of each by due date: the daily
// digest's lines. The counts in hand come from handling_doc_counts, which
// triggers keep with every change to the documents (open_counts.go); the
// overdue ones and the first document are probes of idx_doc_dept_due
// (handling_dept, direction, state, due, id) that read what is overdue and
// one entry, not every document in handling (issue 15).
func (tx *Tx) HandlingByDept(today string) ([]HandlingGroup, error) {
	var rows []struct {
		HandlingDept string
		N, Overdue   int
		FirstID      uint64
	}
	const probe = `FROM documents d WHERE d.handling_dept = c.handling_dept AND d.direction = 'in' AND d.state = 'handling' AND d.due > ''`
	err := tx.db.Raw(`SELECT c.handling_dept, c.n,
	(SELECT COUNT(*) `+probe+` AND d.due < ?) AS overdue,
	COALESCE((SELECT d.id `+probe+` ORDER BY d.due, d.id LIMIT 1), 0) AS first_id
FROM handling_doc_counts c WHERE c.n > 0`, today).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("documents in handling by department: %w", err)
	}
	ids := make([]uint64, 0, len(rows))
	for _, r := range rows {
		if r.FirstID != 0 {
			ids = append(ids, r.FirstID)
		}
	}
	firsts := map[uint64]document.Incoming{}
	if len(ids) > 0 {
		var docs []Document
		if err := tx.db.Where("id IN ?", ids).Find(&docs).Error; err != nil {
			return nil, fmt.Errorf("first documents in handling: %w", err)
		}
		for _, r := range docs {
			d, err := r.Incoming()
			if err != nil {
				return nil, err
			}
			firsts[d.ID] = d
		}
	}
	gs := make([]HandlingGroup, 0, len(rows))
	for _, r := range rows {
		first, ok := firsts[r.FirstID]
		if !ok {
			continue // the unit's key matches no document: a NULL handling_dept counted as ''
		}
		gs = append(gs, HandlingGroup{Dept: r.HandlingDept, N: r.N, Overdue: r.Overdue, First: first})
	}
	// Departments in the order of their first document (due, then ID).
	slices.SortFunc(gs, func(a, b HandlingGroup) int {
		return cmp.Or(cmp.Compare(a.First.Due, b.First.Due), cmp.Compare(a.First.ID, b.First.ID))
	})
	return gs, nil
}

// IncomingFilter selects documents for a list.
type IncomingFilter struct {
	Submitter  string           // submitted by this person
	Department string           // submitted, handled or co-handled by this unit
	Leader     string           // with or decided by this leader
	States     []document.State // any of these states (none: all)
	Limit      int
}

// IncomingList returns the documents that match any of the filter's
// people and units, in the filter's states, newest first.
func (tx *Tx) IncomingList(f IncomingFilter) ([]document.Incoming, error) {
	q := tx.db.Where("direction = ?", string(document.In))
	var ors []string
	var args []any
	if f.Submitter != "" {
		ors, args = append(ors, "submitter = ?"), append(args, f.Submitter)
	}
	if f.Department != "" {
		like := "%," + f.Department + ",%"
		ors = append(ors, "department = ?", "handling_dept = ?", "handling_co LIKE ?", "co_departments LIKE ?")
		args = append(args, f.Department, f.Department, like, like)
	}
	if f.Leader != "" {
		ors = append(ors, "leader = ?", "assigned_by = ?")
		args = append(args, f.Leader, f.Leader)
	}
	if len(ors) > 0 {
		q = q.Where("("+strings.Join(ors, " OR ")+")", args...)
	}
	rs, err := documentPage(q, "state", f.States, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	return incomings(rs)
}

// documentPage reads one page of a document list, newest first: the rows
// of q whose state column is any of states (none: all), at most limit of
// them (50 when limit is not set). Incoming and outgoing lists share it.
func documentPage[S ~string](q *gorm.DB, stateColumn string, states []S, limit int) ([]Document, error) {
	if len(states) > 0 {
		names := make([]string, len(states))
		for i, s := range states {
			names[i] = string(s)
		}
		q = q.Where(stateColumn+" IN ?", names)
	}
	if limit <= 0 {
		limit = 50
	}
	idColumn := "id"
	if table, _, ok := strings.Cut(stateColumn, "."); ok {
		idColumn = table + ".id"
	}
	var rs []Document
	err := q.Order(idColumn + " DESC").Limit(limit).Find(&rs).Error
	return rs, err
}
