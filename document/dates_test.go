package document_test

import (
	"testing"
	"time"

	"officebot/document"
)

func TestParseDateReadsNaturalDueDates(t *testing.T) {
	t.Parallel()
	loc := time.FixedZone("Asia/Shanghai", 8*3600)
	today := time.Date(2026, 12, 3, 10, 0, 0, 0, loc) // Thursday
	for _, c := range []struct{ in, want string }{
		{"2026-12-20", "2026-12-20"},
		{"12月20日", "2026-12-20"},
		{"下周五", "2026-12-11"},
		{"月底前", "2026-12-31"},
		{"3个工作日内", "2026-12-08"},
		{"春节前", "2027-02-04"},
		{"十二月二十日", "2026-12-20"},
		{"20号", "2026-12-20"},
		{"元旦后第一个工作日", "2027-01-04"},
		// A holiday's name is its festival day, the next to come.
		{"元旦", "2027-01-01"},
		{"国庆节", "2027-10-01"},
	} {
		d, ok := document.ParseDate(c.in, today)
		if !ok || d.Format(time.DateOnly) != c.want {
			t.Errorf("ParseDate(%q) = %v %v, want %s", c.in, d, ok, c.want)
		}
	}
	for _, s := range []string{"周四", "下周", "12月下旬", "明天半天", "12月32日", "尽快"} {
		if d, ok := document.ParseDate(s, today); ok {
			t.Errorf("ParseDate(%q) = %v, want refused", s, d)
		}
	}
}
