package leave

import (
	"testing"
	"time"

	"officebot/dates"
)

// Shanghai is the default office zone the tests read dates in.
var Shanghai = dates.Shanghai

// Issue 11 item 6: the office's zone comes from configuration. With the
// parser in another zone, "今天" is that zone's date and the period's
// instants are its midnights, not Shanghai's.
func TestParseFollowsOfficeZone(t *testing.T) {
	// 2026-12-02 20:00 UTC is already 3 December in Shanghai and Tokyo.
	now := time.Date(2026, 12, 2, 20, 0, 0, 0, time.UTC)
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{{time.UTC, "2026-12-02"}, {tokyo, "2026-12-03"}, {Shanghai, "2026-12-03"}} {
		dp := dates.Parser{Now: func() time.Time { return now }, Location: tc.loc}
		d, err := ParseWith("休假 今天 北京 探亲", dp, nil)
		if err != nil {
			t.Fatalf("%v: %v", tc.loc, err)
		}
		if got := d.Period.Start.Format(time.DateOnly); got != tc.want {
			t.Errorf("%v: 今天 is %s, want %s", tc.loc, got, tc.want)
		}
		y, m, dd := now.In(tc.loc).Date()
		if from := d.Period.From(); !from.Equal(time.Date(y, m, dd, 0, 0, 0, 0, tc.loc)) {
			t.Errorf("%v: the absence starts at %v, want midnight there", tc.loc, from)
		}
		if today := Today(now, tc.loc).Format(time.DateOnly); today != tc.want {
			t.Errorf("%v: Today = %s, want %s", tc.loc, today, tc.want)
		}
	}
}
