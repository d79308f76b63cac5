package handlers_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"officebot/handlers/handlerstest"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// A refusal that quotes what was typed quotes a short piece of it: 20,000
// characters pasted as an ID, a date, a filter or a question came back
// whole in the answer.
func TestRefusalsQuoteAShortPieceOfLongInput(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, store *storage.Store) {
		b := handlerstest.New(t, store, handlerstest.Options{})
		long := strings.Repeat("会", 20000)
		for _, tt := range []struct{ user, command, text string }{
			{"U0FGWHEAD", "rules", long},
			{"U0FGWHEAD", "doc", "status " + long},
			{"U0FGWHEAD", "doc", "list " + long},
			{"U0FGWHEAD", "doc", "extend D1 " + long + " 理由"},
			{"U0FGWHEAD", "doc", long},
			{"U0FGWHEAD", "leave", "status " + long},
			{"U0FGWHEAD", "meeting", "status " + long},
			{"U0FGWHEAD", "meeting", "report " + long + " 已完成"},
			{"U0OFFDIR", "office", "urge " + long},
			{"U0FGWHEAD", long, ""},
		} {
			got := b.Command(tt.user, tt.command, tt.text).Text()
			if n := utf8.RuneCountInString(got); n > 1000 || got == "" {
				t.Errorf("/%.10s %.20s…: %d characters back: %.80s…", tt.command, tt.text, n, got)
			}
		}
	})
}
