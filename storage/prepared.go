package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"officebot/leave"
)

// statements are the queries every state-changing request runs (a /leave
// filing: the overlap read, the request, its approval step, the audit
// entry, the outbox row, the handled mark), prepared once per store as
// database/sql statements. Preparing a statement for every execution was
// 10-13 % of a filing's CPU (issue 15). database/sql prepares a statement
// again, lazily, on each connection that runs it and keeps it there; it
// is safe for concurrent use, and nothing closes it before Store.Close
// (GORM's PrepareStmt cache closed statements another request was about
// to run, see docs/benchmarks.md). Inside Store.Tx a statement runs on the
// transaction's connection (sql.Tx.StmtContext).
//
// The SQL is written with ? and numbered ($1, $2, …) for PostgreSQL. The
// column lists are explicit: a column another replica's migration adds
// does not change what a prepared statement reads.
type statements struct {
	fileLeave   *sql.Stmt // INSERT INTO leave_requests; PostgreSQL: RETURNING id
	fileLeaveID *sql.Stmt // PostgreSQL: INSERT INTO leave_requests with the ID leaveFilingID drew
	filingID    *sql.Stmt // PostgreSQL: leave_filing_id, the lock and the date check (leaveFilingFunction)
	openLeave   *sql.Stmt // a person's requests that still stand, from a date (OpenLeaveOf)
	xactLock    *sql.Stmt // PostgreSQL: a transaction-scoped advisory lock (class, hashtext(key)): a person's filings, an item
	absences    *sql.Stmt // AbsencesDuring
	startStep   *sql.Stmt // INSERT INTO approval_steps
	audit       *sql.Stmt // INSERT INTO audit_entries
	enqueueOne  *sql.Stmt // INSERT INTO outbox_messages, one row

	markHandled   *sql.Stmt // a delivery handled (markHandledIn)
	deliveryKnown *sql.Stmt // whether a delivery was recorded (markHandledIn)

	// SQLite: a member of a group commit (group.go)
	savepoint, release, rollbackTo *sql.Stmt

	all []*sql.Stmt // for close
}

// leaveFields are the columns of leave_requests after its ID, in the order
// scanLeave reads them and the inserts write them; leaveColumns puts the ID
// first.
const (
	leaveFields = `requester, kind, destination, start_date, start_half, end_date, end_half, reason, deputy,
	required, reason_code, article, paragraph, approver, approver_reason, meeting_absence, meetings, counts_away,
	state, decided_by, decision_comment, created_at, decided_at`
	leaveColumns = `id, ` + leaveFields
)

// The inserts a filing appends with and the handled mark: the prepared
// statements above, and on PostgreSQL the parts of the one statement that
// writes a transaction's deferred appends (appends.go).
const (
	leaveInsertID    = `INSERT INTO leave_requests (` + leaveColumns + `) VALUES `
	leaveRowIDParams = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	stepInsert       = `INSERT INTO approval_steps (subject, seq, kind, assignee, role, also_roles, actions, state,
		decided_by, action, comment, note, version, created_at, activated_at, decided_at) VALUES `
	stepRowParams     = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	auditInsert       = `INSERT INTO audit_entries (at, actor, action, subject, "before", "after") VALUES `
	auditRowParams    = "(?, ?, ?, ?, ?, ?)"
	markHandledUpdate = `UPDATE slack_deliveries SET handled_at = ?, outcome = ?, payload = '', claimed_by = '', claimed_until = NULL
		WHERE "key" = ? AND handled_at IS NULL`
)

// prepareStatements prepares the statements on db for the dialect.
func prepareStatements(ctx context.Context, db *sql.DB, dialect string) (*statements, error) {
	st := &statements{}
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		s, err = db.PrepareContext(ctx, rebind(dialect, q))
		if err != nil {
			err = fmt.Errorf("prepare %.60s: %w", q, err)
			return nil
		}
		st.all = append(st.all, s)
		return s
	}
	insertLeave := `INSERT INTO leave_requests (` + leaveFields + `) VALUES (` + placeholders(strings.Count(leaveFields, ",")+1) + `)`
	if dialect == "postgres" {
		st.fileLeaveID = prep(leaveInsertID + leaveRowIDParams)
		st.filingID = prep("SELECT leave_filing_id(?, ?, ?, ?, ?)")
		insertLeave += " RETURNING id"
		st.xactLock = prep("SELECT pg_advisory_xact_lock(?, hashtext(?))")
	}
	if dialect == "sqlite" {
		st.savepoint = prep("SAVEPOINT member")
		st.release = prep("RELEASE SAVEPOINT member")
		st.rollbackTo = prep("ROLLBACK TO SAVEPOINT member")
	}
	st.fileLeave = prep(insertLeave)
	st.openLeave = prep(`SELECT ` + leaveColumns + ` FROM leave_requests
		WHERE requester = ? AND state IN (` + placeholders(len(leave.OpenStates)) + `) AND end_date >= ? ORDER BY start_date, id`)
	st.absences = prep(`SELECT requester, start_date, start_half, end_date, end_half, deputy FROM leave_requests
		WHERE (state = ? OR (state = ? AND counts_away = ?)) AND start_date <= ? AND end_date >= ? ORDER BY id`)
	st.startStep = prep(stepInsert + stepRowParams)
	st.audit = prep(auditInsert + auditRowParams)
	st.enqueueOne = prep(outboxInsert + outboxRow)
	st.markHandled = prep(markHandledUpdate)
	st.deliveryKnown = prep(`SELECT count(*) FROM slack_deliveries WHERE "key" = ?`)
	if err != nil {
		st.close()
		return nil, err
	}
	return st, nil
}

// close closes the statements; the store's connections close after them.
func (st *statements) close() error {
	var errs []error
	for _, s := range st.all {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// placeholders returns n comma-separated ?.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// rebind numbers the ? placeholders of q for PostgreSQL ($1, $2, …). The
// statements here hold no ? in a literal.
func rebind(dialect, q string) string {
	if dialect != "postgres" || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r != '?' {
			b.WriteRune(r)
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// in returns s to run in db's transaction when db is one (Store.Tx), or s
// itself (Store.Read), and the context to run it with.
func in(db *gorm.DB, s *sql.Stmt) (*sql.Stmt, context.Context) {
	ctx := db.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if t, ok := db.Statement.ConnPool.(*sql.Tx); ok {
		return t.StmtContext(ctx, s), ctx
	}
	return s, ctx
}

// exec runs the prepared statement s with args, in db's transaction if it
// is one.
func exec(db *gorm.DB, s *sql.Stmt, args ...any) (sql.Result, error) {
	s, ctx := in(db, s)
	return s.ExecContext(ctx, args...)
}
