package numeral

import (
	"errors"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"五十七", "一百零一", "一百一十", "九百九十九", "十", "零", "〇", "57", "５４", "两千", "一百五", "十百", "伍拾柒", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrNotANumber) {
				t.Fatalf("Parse(%q): error %v is not ErrNotANumber", s, err)
			}
			return
		}
		if n < 0 || n > Max {
			t.Fatalf("Parse(%q) = %d out of range", s, n)
		}
		if back, err := Parse(Chinese(n)); err != nil || back != n {
			t.Fatalf("Chinese(%d) = %q does not read back: %d, %v", n, Chinese(n), back, err)
		}
	})
}
