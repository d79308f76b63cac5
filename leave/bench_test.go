package leave

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func BenchmarkParse(b *testing.B) {
	org := testOrg()
	today := date("2026-11-30")
	texts := map[string]string{
		"typical": "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会 代为参会：<@U0FGWDEP>",
		"longest": "出差 上海 明天 " + strings.Repeat("参加1会议", (MaxTextLen-40)/utf8.RuneCountInString("参加1会议")),
	}
	for name, text := range texts {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				_, _ = Parse(text, today, org)
			}
		})
	}
}
