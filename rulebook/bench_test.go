package rulebook

import "testing"

func BenchmarkBuildIndex(b *testing.B) {
	book := Default()
	toSimplified("預熱") // OpenCC's dictionaries load once per process
	b.ReportAllocs()
	for b.Loop() {
		x, err := NewIndex([]*Book{book})
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
}

func BenchmarkSearch(b *testing.B) {
	x := kunshanIndex(b)
	queries := []struct{ name, q string }{
		{"article", "第五十七条"},
		{"chapter", "会议制度"},
		{"keywords", "公文办理时限"},
		{"question", "一把手能不能不去参加市长办公会"},
		{"traditional", "領導出國要請假嗎"},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := x.Search(q.q, 5); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
