package office_test

import (
	"strings"
	"testing"

	"officebot/handlers/handlerstest"
	"officebot/storage/storagetest"
)

// /office with a word it does not know lists all of its subcommands, the
// calendar subscription and the periods help names included.
func TestOfficeUsageNamesEverySubcommand(t *testing.T) {
	t.Parallel()
	b := handlerstest.New(t, storagetest.SQLite(t), handlerstest.Options{Start: at("2026-12-21 10:00")})
	got := b.Command("U0OFFDIR", "office", "help").Text()
	for _, want := range []string{"/office stats", "上周", "/office export", "/office calendar"} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in %s", want, got)
		}
	}
}

// A word /office does not have is named before the usage (as /doc does);
// urge with no ID asks for one instead of 没有找到“”, and an ID of nothing
// is not found rather than 已不在等待办理.
func TestOfficeNamesTheBadWordAndTheMissingItem(t *testing.T) {
	t.Parallel()
	b := handlerstest.New(t, storagetest.SQLite(t), handlerstest.Options{Start: at("2026-12-21 10:00")})
	for _, tt := range []struct{ text, want, not string }{
		{"foo", "“foo”不是 /office 的命令", ""},
		{"help", "/office stats", "不是 /office 的命令"},
		{"urge", "请写明要催办的事项编号", "“”"},
		{"urge L99", "没有找到“L99”", "已不在等待办理"},
		{"urge P99", "没有找到“P99”", "已不在等待办理"},
	} {
		got := b.Command("U0OFFDIR", "office", tt.text).Text()
		if !strings.Contains(got, tt.want) || tt.not != "" && strings.Contains(got, tt.not) {
			t.Errorf("/office %s = %q, want %q", tt.text, got, tt.want)
		}
	}
}
