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

// Simplified skips OpenCC for text it would not change; the result must be
// OpenCC's all the same, phrases included (沈默 → 沉默).
func TestSimplifiedSkipsOnlyTextOpenCCLeavesAlone(t *testing.T) {
	Simplified("預熱")
	if changes == nil {
		t.Fatal("no table of the characters t2s rewrites")
	}
	for _, s := range []string{
		"出差要请假吗", "會議紀要誰簽發", "他沈默了", "沈船打捞", "乾隆年间", "著作权", "局長出差要請假嗎",
		"市政府常务会议一般每月召开一次", "公文处理工作条例", "髮型", "发型", "𠀀字", "台灣", "里程",
	} {
		want, err := t2s.Convert(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := Simplified(s); got != want {
			t.Errorf("Simplified(%q) = %q, OpenCC gives %q", s, got, want)
		}
	}
	if mayChange("出差要请假吗") {
		t.Error("simplified text is sent through OpenCC")
	}
}

func BenchmarkSimplified(b *testing.B) {
	Simplified("預熱")
	for _, s := range []string{"一把手能不能不去参加市长办公会", "領導出國要請假嗎"} {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				Simplified(s)
			}
		})
	}
}
