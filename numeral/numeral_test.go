package numeral

import (
	"errors"
	"testing"
)

func TestParseChineseNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int
	}{
		{"一", 1}, {"十", 10}, {"十一", 11}, {"二十", 20}, {"五十七", 57}, {"六十一", 61},
		{"一百", 100}, {"一百零一", 101}, {"一百一十", 110}, {"一百十", 110}, {"一百一十一", 111},
		{"两百", 200}, {"九百九十九", 999}, {"一千", 1000}, {"一千零一十", 1010}, {"三千零五", 3005},
		{"九千九百九十九", 9999}, {"零", 0}, {"〇", 0}, {"一〇一", 101},
		{"57", 57}, {"５４", 54}, {" 五十七 ", 57}, {"伍拾柒", 57},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "百", "十百", "零十", "一百五", "五十七条", "abc", "一万", "12345", "零零零零零", "一百零零一"} {
		if n, err := Parse(bad); !errors.Is(err, ErrNotANumber) {
			t.Errorf("Parse(%q) = %d, %v; want ErrNotANumber", bad, n, err)
		}
	}
}

func TestChineseNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    int
		want string
	}{
		{0, "零"}, {1, "一"}, {10, "十"}, {11, "十一"}, {20, "二十"}, {57, "五十七"}, {61, "六十一"},
		{100, "一百"}, {101, "一百零一"}, {110, "一百一十"}, {999, "九百九十九"}, {1000, "一千"},
		{1001, "一千零一"}, {1010, "一千零一十"}, {-1, "-1"}, {10000, "10000"},
	}
	for _, tt := range tests {
		if got := Chinese(tt.n); got != tt.want {
			t.Errorf("Chinese(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestChineseNumberRoundTrip(t *testing.T) {
	t.Parallel()
	for n := 0; n <= Max; n++ {
		got, err := Parse(Chinese(n))
		if err != nil || got != n {
			t.Fatalf("round trip %d → %q → %d, %v", n, Chinese(n), got, err)
		}
	}
}
