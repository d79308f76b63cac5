package text

import (
	"strings"
	"testing"
)

func TestHalfWidthTurnsFullWidthFormsIntoASCII(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Ｌ１２", "L12"},
		{"ｈｅｌｐ", "help"},
		{"／leave", "/leave"},
		{"出差\u3000上海", "出差 上海"},
		{"出差 上海", "出差 上海"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := HalfWidth(tt.in); got != tt.want {
			t.Errorf("HalfWidth(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSimplifiedConvertsTraditionalCharacters(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"蘇州", "苏州"},
		{"張家港", "张家港"},
		{"會議紀要", "会议纪要"},
		{"苏州", "苏州"},
		{"L12 help", "L12 help"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Simplified(tt.in); got != tt.want {
			t.Errorf("Simplified(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckLenCountsCharacters(t *testing.T) {
	if err := CheckLen("field.destination", strings.Repeat("上", 50), 50); err != nil {
		t.Fatalf("50 characters at a limit of 50: %v", err)
	}
	err := CheckLen("field.destination", strings.Repeat("上", 51), 50)
	tl, ok := err.(*TooLongError)
	if !ok || tl.Max != 50 || tl.Len != 51 || tl.Field != "field.destination" {
		t.Fatalf("51 characters: %#v", err)
	}
}
