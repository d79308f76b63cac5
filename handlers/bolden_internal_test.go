package handlers

import (
	"strings"
	"testing"
)

func TestBoldenTurnsHighlightMarksIntoSlackBold(t *testing.T) {
	// What the marks meant when a strings.Replacer turned them into bold.
	want := strings.NewReplacer("\x00", "\u200b*", "\x01", "*\u200b")
	for _, s := range []string{
		"",
		"严格执行请销假和考勤制度。",
		"\x00请假\x01",
		"外出\x00请假\x01，须事先\x00报告\x01。",
		"\x00a\x01\x00b\x01",
		"&lt;\x00x\x01&gt;",
		"\x01stray\x00",
	} {
		if got := bolden(s); got != want.Replace(s) {
			t.Errorf("bolden(%q) = %q, want %q", s, got, want.Replace(s))
		}
	}
}
