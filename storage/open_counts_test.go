package storage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"officebot/approval"
	"officebot/calendar"
	"officebot/directory"
	"officebot/document"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// recountedSteps is the digest's approvals groups counted from the steps
// themselves (the query the digest ran before the counts were kept):
// "assignee role n oldest first" per group.
func recountedSteps(t *testing.T, s *storage.Store) []string {
	t.Helper()
	var rows []struct {
		Assignee, Role string
		N              int
	}
	if err := s.DB.Raw(`SELECT assignee, role, COUNT(*) AS n FROM approval_steps WHERE state = 'pending'
GROUP BY assignee, role ORDER BY assignee, role`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		var first []struct {
			Subject     string
			ActivatedAt time.Time
		}
		if err := s.DB.Raw(`SELECT subject, activated_at FROM approval_steps WHERE state = 'pending' AND assignee = ? AND role = ?
ORDER BY activated_at, subject LIMIT 1`, r.Assignee, r.Role).Scan(&first).Error; err != nil || len(first) != 1 {
			t.Fatalf("oldest of %s/%s: %v %v", r.Assignee, r.Role, first, err)
		}
		out = append(out, fmt.Sprintf("%s %s %d %s %s", r.Assignee, r.Role, r.N, first[0].ActivatedAt.UTC().Format(time.RFC3339), first[0].Subject))
	}
	return out
}

func countedSteps(t *testing.T, s *storage.Store) []string {
	t.Helper()
	gs, err := s.Read(context.Background()).PendingApprovalGroups()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range gs {
		out = append(out, fmt.Sprintf("%s %s %d %s %s", g.Assignee, g.Role, g.N, g.Oldest.UTC().Format(time.RFC3339), g.First))
	}
	return out
}

// The digest's per-person counts of pending steps, kept by triggers, equal
// a count of the steps after every kind of change a step goes through:
// a chain started (its first step pending, the others waiting), a step
// decided (the next one opens), reassigned, addressed to a role, appended,
// a chain cancelled, and changes made by hand-written SQL (a role
// changed, an update that changes nothing counted, rows deleted).
func TestPendingStepCountsMatchTheStepsAfterEveryChange(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		day := func(d int) time.Time { return time.Date(2026, 11, d, 1, 0, 0, 0, time.UTC) }
		step := func(assignee string, role directory.Role) approval.Step {
			return approval.Step{Kind: "approve", Assignee: assignee, Role: role, Actions: []approval.Action{approval.Approve, approval.Reject}}
		}
		check := func(what string) {
			t.Helper()
			got, want := countedSteps(t, s), recountedSteps(t, s)
			if !slices.Equal(got, want) {
				t.Fatalf("after %s: counted %q, the steps say %q", what, got, want)
			}
		}
		tx := func(what string, fn func(tx *storage.Tx) error) {
			t.Helper()
			if err := s.Tx(ctx, fn); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			check(what)
		}
		check("nothing")
		tx("chains started", func(tx *storage.Tx) error {
			if err := tx.StartApproval("L1", []approval.Step{step("U0VMLI", ""), step("U0MAYOR", "")}, day(16)); err != nil {
				return err
			}
			if err := tx.StartApproval("L2", []approval.Step{step("U0VMLI", "")}, day(17)); err != nil {
				return err
			}
			if err := tx.StartApproval("D3", []approval.Step{step("", directory.OfficeDirector), step("U0VMLI", "")}, day(18)); err != nil {
				return err
			}
			return tx.StartApproval("L4", []approval.Step{step("U0VMWANG", "")}, day(19))
		})
		tx("a step approved, the next opens", func(tx *storage.Tx) error {
			_, err := tx.Decide(approval.Decision{Subject: "L1", Actor: directory.Person{SlackID: "U0VMLI", Role: directory.ViceMayor},
				Action: approval.Approve}, day(20))
			return err
		})
		tx("a role's step approved", func(tx *storage.Tx) error {
			_, err := tx.Decide(approval.Decision{Subject: "D3", Actor: directory.Person{SlackID: "U0OFFDIR", Role: directory.OfficeDirector},
				Action: approval.Approve}, day(20))
			return err
		})
		tx("reassigned", func(tx *storage.Tx) error { return tx.ReassignStep("L2", "U0MAYOR", "away") })
		tx("cancelled", func(tx *storage.Tx) error { return tx.CancelApproval("L4") })
		tx("step appended", func(tx *storage.Tx) error {
			if err := tx.StartApproval("D5", []approval.Step{step("U0VMZHANG", "")}, day(20)); err != nil {
				return err
			}
			if _, err := tx.Decide(approval.Decision{Subject: "D5", Actor: directory.Person{SlackID: "U0VMZHANG", Role: directory.ViceMayor},
				Action: approval.Approve}, day(21)); err != nil {
				return err
			}
			_, err := tx.AppendStep("D5", step("U0MAYOR", ""), day(21))
			return err
		})
		tx("rejected", func(tx *storage.Tx) error {
			_, err := tx.Decide(approval.Decision{Subject: "L1", Actor: directory.Person{SlackID: "U0MAYOR", Role: directory.Mayor},
				Action: approval.Reject, Comment: "不同意"}, day(22))
			return err
		})
		for _, q := range []string{
			"UPDATE approval_steps SET assignee = '', role = 'office_director' WHERE subject = 'L2'",
			"UPDATE approval_steps SET state = state, assignee = assignee", // changes nothing counted
			"UPDATE approval_steps SET state = 'pending' WHERE subject = 'L4'",
			"DELETE FROM approval_steps WHERE subject = 'D5'",
		} {
			if err := s.DB.Exec(q).Error; err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			check(q)
		}
		if len(countedSteps(t, s)) == 0 {
			t.Fatal("no pending steps left to count: the test checks nothing at the end")
		}
	})
}

// recountedDocs is HandlingByDept counted from the documents themselves
// (the grouped query the digest ran before the counts were kept).
func recountedDocs(t *testing.T, s *storage.Store, today string) []string {
	t.Helper()
	var rows []struct {
		HandlingDept string
		N, Overdue   int
	}
	if err := s.DB.Raw(`SELECT handling_dept, COUNT(*) AS n, SUM(CASE WHEN due < ? THEN 1 ELSE 0 END) AS overdue FROM documents
WHERE direction = 'in' AND state = 'handling' AND due <> '' GROUP BY handling_dept`, today).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		var first storage.Document
		if err := s.DB.Where("direction = 'in' AND state = 'handling' AND due <> '' AND handling_dept = ?", r.HandlingDept).
			Order("due, id").Limit(1).Find(&first).Error; err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d %d %d %s", r.HandlingDept, r.N, r.Overdue, first.ID, first.Due))
	}
	slices.Sort(out)
	return out
}

func countedDocs(t *testing.T, s *storage.Store, today string) []string {
	t.Helper()
	gs, err := s.Read(context.Background()).HandlingByDept(today)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range gs {
		out = append(out, fmt.Sprintf("%s %d %d %d %s", g.Dept, g.N, g.Overdue, g.First.ID, g.First.Due))
	}
	slices.Sort(out)
	return out
}

// What each unit has in hand, kept by triggers, equals a count of the
// documents after every kind of change: registered (pending, not counted),
// assigned to a unit with a due date, moved to another unit, due date
// moved (and overdue), closed, and changes made by hand-written SQL
// (inserted already in handling, without a due date, outgoing, direction
// or unit changed, deleted).
func TestHandlingDocCountsMatchTheDocumentsAfterEveryChange(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		const today = "2026-12-07"
		check := func(what string) {
			t.Helper()
			got, want := countedDocs(t, s, today), recountedDocs(t, s, today)
			if !slices.Equal(got, want) {
				t.Fatalf("after %s: counted %q, the documents say %q", what, got, want)
			}
		}
		at := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
		var docs []document.Incoming
		for i, dept := range []string{"fgw", "czj", "zjj"} {
			docs = append(docs, register(t, s, newIncoming(dept, fmt.Sprintf("关于第%d项工作的请示", i), at)))
		}
		check("registered")
		move := func(what string, d *document.Incoming, change func(d *document.Incoming)) {
			t.Helper()
			read := s.Read(ctx)
			cur, _, err := read.IncomingByID(d.ID)
			if err != nil {
				t.Fatal(err)
			}
			next := cur
			change(&next)
			err = s.Tx(ctx, func(tx *storage.Tx) error {
				ok, err := tx.MoveIncoming(next)
				if !ok && err == nil {
					err = fmt.Errorf("version moved")
				}
				return err
			})
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			*d = next
			d.Version++
			check(what)
		}
		assign := func(lead, due string) func(d *document.Incoming) {
			return func(d *document.Incoming) {
				dd, _ := time.Parse(time.DateOnly, due)
				a, err := d.Assign(document.Assignment{Lead: lead, By: "U0VMLI", At: at, Due: calendar.Due{Date: dd}})
				if err != nil {
					t.Fatal(err)
				}
				*d = a
			}
		}
		move("assigned", &docs[0], assign("zjj", "2026-12-09"))
		move("assigned overdue", &docs[1], assign("zjj", "2026-12-03"))
		move("assigned elsewhere", &docs[2], assign("czj", "2026-12-20"))
		move("moved to another unit", &docs[2], func(d *document.Incoming) { d.HandlingDept = "jyj" })
		move("due moved", &docs[0], func(d *document.Incoming) { d.Due = "2026-12-01" })
		move("closed", &docs[1], func(d *document.Incoming) { d.State = document.Done })
		move("a change nothing counted sees", &docs[0], func(d *document.Incoming) { d.Opinion = "拟同意" })
		raw := []storage.Document{
			{Direction: "in", Title: "甲", Department: "fgw", Submitter: "U1", State: "handling", HandlingDept: "czj", Due: "2026-12-02"},
			{Direction: "in", Title: "无期限", Department: "fgw", Submitter: "U1", State: "handling", HandlingDept: "czj"},
			{Direction: "out", Title: "发文", Department: "czj", Submitter: "U1", State: "handling", HandlingDept: "czj", Due: "2026-11-01"},
		}
		if err := s.DB.Create(&raw).Error; err != nil {
			t.Fatal(err)
		}
		check("inserted")
		for _, q := range []string{
			fmt.Sprintf("UPDATE documents SET due = '2026-12-30' WHERE id = %d", raw[1].ID),
			fmt.Sprintf("UPDATE documents SET direction = 'in' WHERE id = %d", raw[2].ID),
			fmt.Sprintf("UPDATE documents SET handling_dept = 'zjj', due = '' WHERE id = %d", raw[0].ID),
			fmt.Sprintf("UPDATE documents SET due = '2026-12-05' WHERE id = %d", raw[0].ID),
			fmt.Sprintf("DELETE FROM documents WHERE id = %d", raw[2].ID),
			"UPDATE documents SET state = state, due = due, handling_dept = handling_dept",
		} {
			if err := s.DB.Exec(q).Error; err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			check(q)
		}
		if len(countedDocs(t, s, today)) < 2 {
			t.Fatal("fewer than two units left to count: the test checks little at the end")
		}
	})
}

// A database from before the counts (no count tables, no triggers) is
// counted when it is opened, once: the digest's counts equal the items,
// and changes after the migration are counted by the triggers it
// installed; opening it again changes nothing.
func TestMigrationBackfillsTheOpenCounts(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			var dsn string
			if db == "sqlite" {
				dsn = "sqlite:" + filepath.Join(t.TempDir(), "officebot.db")
			} else {
				dsn = storagetest.PostgresDSN(t)
			}
			open := func() *storage.Store {
				s, err := storage.Open(context.Background(), dsn, nil)
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			const today = "2026-12-07"
			s := open()
			// The database as an older officebot left it.
			drops := []string{"DROP TRIGGER IF EXISTS trg_step_counts_v1 ON approval_steps", "DROP TRIGGER IF EXISTS trg_doc_counts_v1 ON documents"}
			if db == "sqlite" {
				drops = nil
				for _, n := range []string{"trg_step_counts_ins_v1", "trg_step_counts_upd_v1", "trg_step_counts_del_v1",
					"trg_doc_counts_ins_v1", "trg_doc_counts_upd_v1", "trg_doc_counts_del_v1"} {
					drops = append(drops, "DROP TRIGGER "+n)
				}
			}
			drops = append(drops, "DROP TABLE pending_step_counts", "DROP TABLE handling_doc_counts")
			for _, q := range drops {
				if err := s.DB.Exec(q).Error; err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			at := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
			var steps []storage.ApprovalStep
			var docs []storage.Document
			for i := range 40 {
				act := at.Add(time.Duration(i) * time.Hour)
				steps = append(steps, storage.ApprovalStep{Subject: fmt.Sprintf("L%d", i+1), Seq: 1, Kind: "approve",
					Assignee: []string{"U0MAYOR", "U0VMLI", ""}[i%3], Role: []string{"", "", "office_director"}[i%3],
					Actions: "approve", State: []string{"pending", "pending", "pending", "approved"}[i%4], ActivatedAt: &act})
				docs = append(docs, storage.Document{Direction: "in", Title: fmt.Sprint(i), Department: "fgw", Submitter: "U1",
					State: []string{"handling", "handling", "done"}[i%3], HandlingDept: []string{"zjj", "czj"}[i%2],
					Due: fmt.Sprintf("2026-12-%02d", 1+i%20)})
			}
			if err := s.DB.Create(&steps).Error; err != nil {
				t.Fatal(err)
			}
			if err := s.DB.Create(&docs).Error; err != nil {
				t.Fatal(err)
			}
			wantSteps, wantDocs := recountedSteps(t, s), recountedDocs(t, s, today)
			if len(wantSteps) != 3 || len(wantDocs) != 2 {
				t.Fatalf("setup: %q %q", wantSteps, wantDocs)
			}
			s.Close()
			for i := range 2 {
				s = open()
				if got := countedSteps(t, s); !slices.Equal(got, wantSteps) {
					t.Fatalf("open %d: counted steps %q, want %q", i+1, got, wantSteps)
				}
				if got := countedDocs(t, s, today); !slices.Equal(got, wantDocs) {
					t.Fatalf("open %d: counted documents %q, want %q", i+1, got, wantDocs)
				}
				// Changes after the migration are counted.
				if err := s.DB.Exec("UPDATE approval_steps SET state = 'approved' WHERE subject = ?", fmt.Sprintf("L%d", i+1)).Error; err != nil {
					t.Fatal(err)
				}
				if err := s.DB.Exec("UPDATE documents SET state = 'done' WHERE id = ?", docs[i].ID).Error; err != nil {
					t.Fatal(err)
				}
				wantSteps, wantDocs = recountedSteps(t, s), recountedDocs(t, s, today)
				if got := countedSteps(t, s); !slices.Equal(got, wantSteps) {
					t.Fatalf("open %d, after a change: counted steps %q, want %q", i+1, got, wantSteps)
				}
				if got := countedDocs(t, s, today); !slices.Equal(got, wantDocs) {
					t.Fatalf("open %d, after a change: counted documents %q, want %q", i+1, got, wantDocs)
				}
				s.Close()
			}
		})
	}
}
