package rulebook

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzSearch(f *testing.F) {
	for _, s := range []string{"第五十七条", "57", "第40至47条", "会议制度", "出差要请假吗？", "會議紀要由誰簽發",
		"", "🙂", "第九十九条", "第1至9999条", "第五十七条 请假", "《昆山市人民政府工作规则》", "一把手", strings.Repeat("请", 600)} {
		f.Add(s)
	}
	x := kunshanIndex(f)
	f.Fuzz(func(t *testing.T, q string) {
		res, err := x.Search(q, 3)
		var nsa *NoSuchArticleError
		switch {
		case err == nil, errors.Is(err, ErrEmpty):
		case errors.As(err, &nsa):
			if nsa.Articles != 61 {
				t.Fatalf("%q: %+v", q, nsa)
			}
		default:
			t.Fatalf("Search(%q): unexpected error %v", q, err)
		}
		if utf8.RuneCountInString(res.Query) > MaxQueryRunes {
			t.Fatalf("Search(%q): query not cut", q)
		}
		for _, h := range res.Hits {
			if h.Book == "" || h.Number < 1 || h.Number > 61 {
				t.Fatalf("Search(%q): bad hit %+v", q, h)
			}
			out := h.Highlight(func(s string) string { return "[" + s + "]" })
			if strings.NewReplacer("[", "", "]", "").Replace(out) != strings.NewReplacer("[", "", "]", "").Replace(h.Text) {
				t.Fatalf("Search(%q): Highlight changed the text of %d", q, h.Number)
			}
		}
	})
}
