package storage

import (
	"fmt"

	"gorm.io/gorm"
)

// The daily digest tells each person how many approval steps wait for
// them and each handling unit how many documents it has in hand. Counting
// those from the items themselves reads every open item, whatever is due:
// 50,000 index entries of each kind were a third of a whole reminder pass
// over 100,000 open items (issue 15). The counts are kept instead in two
// small tables that database triggers maintain in the transaction of every
// change to the items (insert, update of the counted columns, delete), on
// SQLite and on PostgreSQL alike, whatever code path (or hand-written SQL)
// makes the change: a count can never miss an item or see one twice, and
// the digest reads a few rows per person.

// PendingStepCount is how many approval steps are pending for an assignee
// (or, with none, a role), kept by triggers on approval_steps. A group's
// count is spread over stripes (the step's ID modulo stepCountStripes) so
// that concurrent filings routed to the same approver on PostgreSQL do not
// queue behind one counter row's lock until each commits; the count is
// the sum of the group's stripes. Rows whose count fell to zero stay.
type PendingStepCount struct {
	Assignee string `gorm:"primaryKey;size:32"`
	Role     string `gorm:"primaryKey;size:32"`
	Stripe   int    `gorm:"primaryKey;autoIncrement:false"`
	N        int64  `gorm:"not null;default:0"`
}

// HandlingDocCount is how many incoming documents in handling with a due
// date a unit has (HandlingByDept), kept by triggers on documents.
// Documents change state far more rarely than approval steps: one row per
// unit.
type HandlingDocCount struct {
	HandlingDept string `gorm:"primaryKey;size:64"`
	N            int64  `gorm:"not null;default:0"`
}

// stepCountStripes is how many rows one approver's count is spread over.
const stepCountStripes = 16

// countTriggers are the names of the triggers that keep the counts, by
// dialect; the version suffix lets a later change of their definition
// install the new ones (and recount) on existing databases.
var countTriggers = map[string][]string{
	"sqlite": {"trg_step_counts_ins_v1", "trg_step_counts_upd_v1", "trg_step_counts_del_v1",
		"trg_doc_counts_ins_v1", "trg_doc_counts_upd_v1", "trg_doc_counts_del_v1"},
	"postgres": {"trg_step_counts_v1", "trg_doc_counts_v1"},
}

// The conditions of the counted rows, as SQL on a row alias (NEW, OLD):
// a pending step, keyed by assignee and role; an incoming document in
// handling with a due date, keyed by its handling unit. A NULL key counts
// as the empty string (GORM never writes NULLs there; hand-written SQL
// might).
func pendingStep(r string) string { return r + ".state = 'pending'" }

func stepKey(r string) (assignee, role, stripe string) {
	return "COALESCE(" + r + ".assignee, '')", "COALESCE(" + r + ".role, '')", fmt.Sprintf("%s.id %% %d", r, stepCountStripes)
}

func handlingDoc(r string) string {
	return "(" + r + ".direction = 'in' AND " + r + ".state = 'handling' AND COALESCE(" + r + ".due, '') <> '')"
}

func docKey(r string) string { return "COALESCE(" + r + ".handling_dept, '')" }

// sqliteCountTriggers returns the SQLite triggers, one per event and table.
func sqliteCountTriggers() []string {
	na, nr, ns := stepKey("NEW")
	oa, or, os := stepKey("OLD")
	stepInc := fmt.Sprintf("INSERT INTO pending_step_counts (assignee, role, stripe, n) SELECT %s, %s, %s, 1 WHERE %s ON CONFLICT (assignee, role, stripe) DO UPDATE SET n = n + 1;",
		na, nr, ns, pendingStep("NEW"))
	stepDec := fmt.Sprintf("UPDATE pending_step_counts SET n = n - 1 WHERE %s AND assignee = %s AND role = %s AND stripe = %s;",
		pendingStep("OLD"), oa, or, os)
	docInc := fmt.Sprintf("INSERT INTO handling_doc_counts (handling_dept, n) SELECT %s, 1 WHERE %s ON CONFLICT (handling_dept) DO UPDATE SET n = n + 1;",
		docKey("NEW"), handlingDoc("NEW"))
	docDec := fmt.Sprintf("UPDATE handling_doc_counts SET n = n - 1 WHERE %s AND handling_dept = %s;", handlingDoc("OLD"), docKey("OLD"))
	t := countTriggers["sqlite"]
	return []string{
		"CREATE TRIGGER " + t[0] + " AFTER INSERT ON approval_steps WHEN " + pendingStep("NEW") + " BEGIN " + stepInc + " END",
		// Only when the step enters or leaves pending, or moves to another person or role.
		fmt.Sprintf("CREATE TRIGGER %s AFTER UPDATE OF state, assignee, role ON approval_steps WHEN (%s) <> (%s) OR %s <> %s OR %s <> %s BEGIN %s %s END",
			t[1], pendingStep("OLD"), pendingStep("NEW"), oa, na, or, nr, stepDec, stepInc),
		"CREATE TRIGGER " + t[2] + " AFTER DELETE ON approval_steps WHEN " + pendingStep("OLD") + " BEGIN " + stepDec + " END",
		"CREATE TRIGGER " + t[3] + " AFTER INSERT ON documents WHEN " + handlingDoc("NEW") + " BEGIN " + docInc + " END",
		fmt.Sprintf("CREATE TRIGGER %s AFTER UPDATE OF direction, state, due, handling_dept ON documents WHEN %s <> %s OR %s <> %s BEGIN %s %s END",
			t[4], handlingDoc("OLD"), handlingDoc("NEW"), docKey("OLD"), docKey("NEW"), docDec, docInc),
		"CREATE TRIGGER " + t[5] + " AFTER DELETE ON documents WHEN " + handlingDoc("OLD") + " BEGIN " + docDec + " END",
	}
}

// postgresCountTriggers returns the PostgreSQL trigger functions and
// triggers, one per table. The functions resolve the count tables through
// the session's search_path, as every other statement does.
func postgresCountTriggers() []string {
	na, nr, ns := stepKey("NEW")
	oa, or, os := stepKey("OLD")
	t := countTriggers["postgres"]
	return []string{
		fmt.Sprintf(`CREATE OR REPLACE FUNCTION officebot_step_counts_v1() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND (%[1]s) = (%[2]s) AND %[3]s = %[4]s AND %[5]s = %[6]s THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') AND %[1]s THEN
		UPDATE pending_step_counts SET n = n - 1 WHERE assignee = %[3]s AND role = %[5]s AND stripe = %[7]s;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND %[2]s THEN
		INSERT INTO pending_step_counts AS c (assignee, role, stripe, n) VALUES (%[4]s, %[6]s, %[8]s, 1)
		ON CONFLICT (assignee, role, stripe) DO UPDATE SET n = c.n + 1;
	END IF;
	RETURN NULL;
END $$`, pendingStep("OLD"), pendingStep("NEW"), oa, na, or, nr, os, ns),
		"CREATE TRIGGER " + t[0] + " AFTER INSERT OR DELETE OR UPDATE OF state, assignee, role ON approval_steps FOR EACH ROW EXECUTE FUNCTION officebot_step_counts_v1()",
		fmt.Sprintf(`CREATE OR REPLACE FUNCTION officebot_doc_counts_v1() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND %[1]s = %[2]s AND %[3]s = %[4]s THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') AND %[1]s THEN
		UPDATE handling_doc_counts SET n = n - 1 WHERE handling_dept = %[3]s;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND %[2]s THEN
		INSERT INTO handling_doc_counts AS c (handling_dept, n) VALUES (%[4]s, 1)
		ON CONFLICT (handling_dept) DO UPDATE SET n = c.n + 1;
	END IF;
	RETURN NULL;
END $$`, handlingDoc("OLD"), handlingDoc("NEW"), docKey("OLD"), docKey("NEW")),
		"CREATE TRIGGER " + t[1] + " AFTER INSERT OR DELETE OR UPDATE OF direction, state, due, handling_dept ON documents FOR EACH ROW EXECUTE FUNCTION officebot_doc_counts_v1()",
	}
}

// recountSQL fills the count tables from the items: the backfill of a
// database that had no triggers yet.
func recountSQL() []string {
	a, r, st := stepKey("s")
	return []string{
		"DELETE FROM pending_step_counts",
		fmt.Sprintf("INSERT INTO pending_step_counts (assignee, role, stripe, n) SELECT %s, %s, %s, COUNT(*) FROM approval_steps s WHERE %s GROUP BY %[1]s, %[2]s, %[3]s",
			a, r, st, pendingStep("s")),
		"DELETE FROM handling_doc_counts",
		fmt.Sprintf("INSERT INTO handling_doc_counts (handling_dept, n) SELECT %s, COUNT(*) FROM documents d WHERE %s GROUP BY %[1]s",
			docKey("d"), handlingDoc("d")),
	}
}

// installCounts creates the count triggers when the database lacks them
// and recounts, in one transaction (db is one on PostgreSQL, under the
// migration's lock; on SQLite the transaction takes the write lock first):
// no change to the items can fall between the recount and the triggers.
// It does nothing on a database that has them.
func installCounts(db *gorm.DB, dialect string) error {
	names := countTriggers[dialect]
	var have int64
	var err error
	if dialect == "postgres" {
		err = db.Raw("SELECT COUNT(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace AND t.tgname IN ?", names).Scan(&have).Error
	} else {
		err = db.Raw("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ?", names).Scan(&have).Error
	}
	if err != nil {
		return fmt.Errorf("migrate: count triggers: %w", err)
	}
	if have == int64(len(names)) {
		return nil
	}
	var stmts []string
	if dialect == "postgres" {
		// The lock first: the recount below sees every change committed
		// before it, and none is made until the triggers exist.
		stmts = append(stmts, "LOCK TABLE approval_steps, documents IN SHARE ROW EXCLUSIVE MODE",
			"DROP TRIGGER IF EXISTS "+names[0]+" ON approval_steps", "DROP TRIGGER IF EXISTS "+names[1]+" ON documents")
		stmts = append(stmts, postgresCountTriggers()...)
	} else {
		for _, n := range names {
			stmts = append(stmts, "DROP TRIGGER IF EXISTS "+n)
		}
		stmts = append(stmts, sqliteCountTriggers()...)
	}
	stmts = append(stmts, recountSQL()...)
	return db.Transaction(func(tx *gorm.DB) error {
		for _, q := range stmts {
			if err := tx.Exec(q).Error; err != nil {
				return fmt.Errorf("migrate: install counts: %s: %w", q, err)
			}
		}
		return nil
	})
}
