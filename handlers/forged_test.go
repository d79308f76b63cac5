package handlers_test

import (
	"testing"

	"officebot/handlers/handlerstest"
	"officebot/msg"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// A button whose value this build never made (forged, or cut by a proxy)
// gets a clear refusal, never 内部错误, and changes nothing.
func TestAButtonWithAValueNeverIssuedIsRefusedClearly(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := handlerstest.New(t, s, handlerstest.Options{})
		internal := msg.T("common.internal")
		for _, id := range []string{"meeting.review", "meeting.review_citywide", "meeting.sign"} {
			before := rowCounts(t, s)
			got := b.Click("U0OFFDIR", id, "zz").Text()
			if got == "" || got == internal {
				t.Errorf("%s zz: %q, want a refusal", id, got)
			}
			for table, n := range rowCounts(t, s) {
				if before[table] != n {
					t.Errorf("%s zz changed %s", id, table)
				}
			}
		}
	})
}
