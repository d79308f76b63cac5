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
