package storage_test

import (
	"context"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"officebot/directory"
	"officebot/storage"
	"officebot/storage/storagetest"
)

var now = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

func TestNextNumberIsGapFreeUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		const n = 50
		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			got  []int64
			errs []error
		)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var v int64
				err := s.Tx(context.Background(), func(tx *storage.Tx) error {
					var err error
					v, err = tx.NextNumber("incoming", 2026)
					return err
				})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
					return
				}
				got = append(got, v)
			}()
		}
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("%d of %d writers failed, first: %v", len(errs), n, errs[0])
		}
		sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
		for i, v := range got {
			if v != int64(i+1) {
				t.Fatalf("numbers %v: want 1..%d without gaps or repeats", got, n)
			}
		}
	})
}

func TestNextNumberCountsPerNameAndYearAndRollsBack(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		take := func(name string, year int) int64 {
			t.Helper()
			var v int64
			if err := s.Tx(ctx, func(tx *storage.Tx) error {
				var err error
				v, err = tx.NextNumber(name, year)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return v
		}
		if a, b := take("incoming", 2026), take("incoming", 2026); a != 1 || b != 2 {
			t.Fatalf("got %d, %d; want 1, 2", a, b)
		}
		if v := take("incoming", 2027); v != 1 {
			t.Fatalf("a new year starts at 1, got %d", v)
		}
		if v := take("outgoing", 2026); v != 1 {
			t.Fatalf("another sequence starts at 1, got %d", v)
		}
		// A number taken in a transaction that rolls back is not used up.
		_ = s.Tx(ctx, func(tx *storage.Tx) error {
			if _, err := tx.NextNumber("incoming", 2026); err != nil {
				return err
			}
			return context.Canceled
		})
		if v := take("incoming", 2026); v != 3 {
			t.Fatalf("after a rollback got %d, want 3 (no gap)", v)
		}
	})
}

func demoOrg(t *testing.T) *directory.Org {
	t.Helper()
	org, err := directory.ParseOrg(directory.DemoYAML())
	if err != nil {
		t.Fatalf("demo organisation: %v", err)
	}
	return org
}

type snapshot struct {
	people []storage.Person
	depts  []storage.Department
	chans  []storage.Channel
	audit  int64
}

func take(t *testing.T, s *storage.Store) snapshot {
	t.Helper()
	var sn snapshot
	s.DB.Order("id").Find(&sn.people)
	s.DB.Order("id").Find(&sn.depts)
	s.DB.Order("purpose").Find(&sn.chans)
	s.DB.Model(&storage.AuditEntry{}).Count(&sn.audit)
	return sn
}

func TestImportOrgTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		res, err := s.ImportOrg(ctx, demoOrg(t), "test", now)
		if err != nil {
			t.Fatal(err)
		}
		if res.Added == 0 || res.People != 30 {
			t.Fatalf("first import: %+v", res)
		}
		before := take(t, s)
		res, err = s.ImportOrg(ctx, demoOrg(t), "test", now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if res.Changed() {
			t.Fatalf("second import changed something: %+v", res)
		}
		after := take(t, s)
		if len(before.people) != len(after.people) || before.audit != after.audit {
			t.Fatalf("second import wrote: people %d→%d, audit %d→%d", len(before.people), len(after.people), before.audit, after.audit)
		}
		for i := range before.people {
			if !before.people[i].UpdatedAt.Equal(after.people[i].UpdatedAt) {
				t.Fatalf("person %s was rewritten", before.people[i].SlackID)
			}
		}
		for i := range before.depts {
			if !before.depts[i].UpdatedAt.Equal(after.depts[i].UpdatedAt) {
				t.Fatalf("department %s was rewritten", before.depts[i].ID)
			}
		}
	})
}

func TestImportOrgDeactivatesDroppedPeopleAndKeepsThem(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		org := demoOrg(t)
		if _, err := s.ImportOrg(ctx, org, "test", now); err != nil {
			t.Fatal(err)
		}
		var kept []directory.Person
		for _, p := range org.People {
			if p.SlackID != "U0FGWDEP" {
				kept = append(kept, p)
			}
		}
		org.People = kept
		for i := range org.People {
			if org.People[i].SlackID == "U0FGWHEAD" {
				org.People[i].Deputy = ""
				org.People[i].Name = "王新主任"
			}
		}
		res, err := s.ImportOrg(ctx, org, "test", now)
		if err != nil {
			t.Fatal(err)
		}
		if res.Deactivated != 1 || res.Updated != 1 {
			t.Fatalf("want 1 deactivated and 1 updated, got %+v", res)
		}
		loaded, err := s.Org(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := loaded.Person("U0FGWDEP"); ok {
			t.Fatal("a dropped person should not be active")
		}
		var row storage.Person
		if err := s.DB.Where("slack_id = ?", "U0FGWDEP").First(&row).Error; err != nil || row.Active {
			t.Fatalf("dropped person must stay in the table, inactive: %+v %v", row, err)
		}
		if p, _ := loaded.Person("U0FGWHEAD"); p.Name != "王新主任" {
			t.Fatalf("update not applied: %+v", p)
		}
		trail, err := s.Read(context.Background()).AuditTrail("person:U0FGWDEP")
		if err != nil || len(trail) != 2 || trail[1].Action != "org.person.deactivate" {
			t.Fatalf("audit trail %+v %v", trail, err)
		}
		// Re-adding the person reactivates the same row.
		if _, err := s.ImportOrg(ctx, demoOrg(t), "test", now); err != nil {
			t.Fatal(err)
		}
		var again storage.Person
		s.DB.Where("slack_id = ?", "U0FGWDEP").First(&again)
		if !again.Active || again.ID != row.ID {
			t.Fatalf("re-added person: %+v, want row %d active", again, row.ID)
		}
	})
}

func TestCalendarOverridesRoundTrip(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		loc, _ := time.LoadLocation("Asia/Shanghai")
		day := time.Date(2027, 2, 6, 0, 0, 0, 0, loc)
		if err := s.SetCalendarOverride(ctx, day, true, "春节调休", "U0MAYOR", now); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCalendarOverride(ctx, day, false, "改为休息", "U0MAYOR", now); err != nil {
			t.Fatal(err)
		}
		os, err := s.CalendarOverrides(ctx, loc)
		if err != nil || len(os) != 1 || os[0].Workday || os[0].Name != "改为休息" || !os[0].Day.Equal(day) {
			t.Fatalf("overrides %+v %v", os, err)
		}
		removed, err := s.RemoveCalendarOverride(ctx, day, "U0MAYOR", now)
		if err != nil || !removed {
			t.Fatalf("remove: %v %v", removed, err)
		}
		if removed, _ := s.RemoveCalendarOverride(ctx, day, "U0MAYOR", now); removed {
			t.Fatal("removing twice should report nothing removed")
		}
		trail, _ := s.Read(context.Background()).AuditTrail("day:2027-02-06")
		if len(trail) != 3 {
			t.Fatalf("want 3 audit entries, got %d", len(trail))
		}
	})
}

func TestOrgIsReadAgainAfterAnImport(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		empty, err := s.Org(ctx)
		if err != nil || len(empty.People) != 0 {
			t.Fatalf("empty directory: %v %v", empty, err)
		}
		org := demoOrg(t)
		if _, err := s.ImportOrg(ctx, org, "test", now); err != nil {
			t.Fatal(err)
		}
		first, err := s.Org(ctx)
		if err != nil || len(first.People) != 30 {
			t.Fatalf("after import: %d people, %v", len(first.People), err)
		}
		again, _ := s.Org(ctx)
		if again != first {
			t.Fatal("an unchanged directory should be served from the cache")
		}
		// A change the cache was not told of (as from another replica) is seen.
		for i := range org.People {
			if org.People[i].SlackID == "U0MAYOR" {
				org.People[i].Name = "新市长"
			}
		}
		if _, err := s.ImportOrg(ctx, org, "test", now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		changed, _ := s.Org(ctx)
		if p, _ := changed.Person("U0MAYOR"); p.Name != "新市长" {
			t.Fatalf("the change was not read: %+v", p)
		}
	})
}

// SQLite runs in WAL mode with synchronous=NORMAL (docs/reliability.md:
// a commit survives the process being killed, not a power loss of the
// machine); an OFFICEBOT_DB URL that asks for FULL gets it.
func TestSQLiteIsWALAndNormalUnlessTheURLAsksForFull(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		query string
		want  int // PRAGMA synchronous: 1 NORMAL, 2 FULL
	}{{"", 1}, {"?_synchronous=FULL", 2}} {
		s, err := storage.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "officebot.db")+c.query, nil)
		if err != nil {
			t.Fatal(err)
		}
		var mode string
		var sync int
		s.DB.Raw("PRAGMA journal_mode").Scan(&mode)
		s.DB.Raw("PRAGMA synchronous").Scan(&sync)
		s.Close()
		if mode != "wal" || sync != c.want {
			t.Errorf("%q: journal_mode %q, synchronous %d; want wal, %d", c.query, mode, sync, c.want)
		}
	}
}
