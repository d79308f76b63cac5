package document_test

import (
	"strings"
	"testing"

	"officebot/storage"
	"officebot/storage/storagetest"
)

// A 期限 or an extension date that reads two ways is not guessed: /doc
// asks with both readings in full and the explicit form to type for each,
// files nothing, and typing one of them back goes through (docs/dates.md).
// The clock is Thursday 2026-11-26, so 周四 is today or a week later.
func TestAmbiguousDocumentDateAsksWithBothReadings(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		both := func(what, got string) {
			t.Helper()
			for _, want := range []string{"2026-11-26", "2026-12-03", "重新输入"} {
				if !strings.Contains(got, want) {
					t.Fatalf("%s: no %q in %s", what, want, got)
				}
			}
			if strings.Contains(got, "无效") {
				t.Fatalf("%s: refused instead of asked: %s", what, got)
			}
		}
		both("期限", b.submit(strings.Replace(example, "类别：in_remit", "类别：urgent 期限：周四", 1)))
		if ds := b.docs(); len(ds) != 0 {
			t.Fatalf("an ambiguous 期限 registered %d documents", len(ds))
		}
		if got := b.submit(strings.Replace(example, "类别：in_remit", "类别：urgent 期限：2026-12-03", 1)); !strings.Contains(got, "D1") {
			t.Fatalf("the explicit form typed back: %s", got)
		}
		if d := b.get(1); d.UrgentDue != "2026-12-03" {
			t.Fatalf("urgent due %q", d.UrgentDue)
		}

		b2 := newBot(t, storagetest.SQLite(t))
		assigned(t, b2, "in_remit")
		both("extend", b2.doc("U0ZJJHEAD", "extend D1 周四 需补充调研"))
		if d := b2.get(1); d.Extensions != 0 || d.ExtDue != "" {
			t.Fatalf("an ambiguous extension date was filed: %+v", d)
		}
	})
}
