package rulebook

import (
	"strings"
	"unicode"

	"officebot/text"
)

// MaxQueryRunes is the longest query searched; longer queries are cut and
// the Result says so (Truncated).
const MaxQueryRunes = 500

// toSimplified converts traditional characters to simplified ones; the
// text of the rules is simplified, people with a traditional input method
// type 會議紀要. If OpenCC cannot load, queries are searched as typed.
func toSimplified(s string) string { return text.Simplified(s) }

// Normalize prepares text for matching: full-width letters, digits and
// spaces become half-width, traditional characters simplified, letters
// lower-cased, and every run of punctuation, symbols, emoji or spaces one
// space. Han characters, letters and digits are kept. The result has no
// leading or trailing space. Normalize does not cut long input; Search does.
func Normalize(s string) string {
	s = text.HalfWidth(s)
	s = toSimplified(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) (string, bool) {
	count := 0
	for i := range s {
		if count == n {
			return s[:i], true
		}
		count++
	}
	return s, false
}

// fillers are question words and politeness that say how something is asked,
// not what is asked; they are removed before ranking. Longer forms come
// first so 要不要 goes before 要 would.
var fillers = []string{
	"有哪些规定", "有什么规定", "有没有规定", "怎么规定的", "是怎么规定的", "怎么规定",
	"什么时候", "多长时间", "可不可以", "需不需要", "是不是", "能不能", "要不要",
	"有没有", "用不用", "会不会", "该不该", "行不行", "算不算", "可以吗",
	"怎么办", "怎么样", "怎么", "怎样", "如何",
	"什么", "哪些", "哪个", "哪里", "哪天", "多少", "多久", "是否",
	"请问", "一下", "到底", "究竟", "咱们", "我们", "他们",
	"吗", "呢", "吧", "啊", "呀", "嘛", "么", "啥", "咋", "哪", "谁", "几",
}

// fillerWords are words that start with a filler but are not one: 怎么办理
// asks how to 办理 (a word of the rules), not 怎么办 + 理. Each is replaced
// by the word it ends in.
var fillerWords = [][2]string{{"怎么办理", "办理"}, {"怎么办结", "办结"}, {"怎么办公", "办公"}, {"如何办理", "办理"}}

// fillerReplacer turns every filler into a space, so words on either side
// are not glued into a bigram that is in no article.
var fillerReplacer = func() *strings.Replacer {
	pairs := make([]string, 0, 2*len(fillers)+2*len(fillerWords))
	for _, w := range fillerWords {
		pairs = append(pairs, w[0], " "+w[1])
	}
	for _, f := range fillers {
		pairs = append(pairs, f, " ")
	}
	return strings.NewReplacer(pairs...)
}()

// fillerDeleter removes fillers outright; thesaurus keys are also looked up
// in that form (讨论什么内容 → 讨论内容).
var fillerDeleter = func() *strings.Replacer {
	pairs := make([]string, 0, 2*len(fillers)+2*len(fillerWords))
	for _, w := range fillerWords {
		pairs = append(pairs, w[0], w[1])
	}
	for _, f := range fillers {
		pairs = append(pairs, f, "")
	}
	return strings.NewReplacer(pairs...)
}()

// stripFillers removes question words and collapses spaces.
func stripFillers(s string) string {
	return strings.Join(strings.Fields(fillerReplacer.Replace(s)), " ")
}

// askerPhrases say who asks, not what is asked: in 领导让我问一下，主任出差
// 要不要请假 the 问一下 is not 征询 (Art. 19's consulting). They are taken
// out before thesaurus keys are looked up.
var askerPhrases = strings.NewReplacer(
	"领导让我问一下", " ", "领导让我问问", " ", "让我问一下", " ", "让我问问", " ",
	"我想问一下", " ", "我想问问", " ", "想问一下", " ", "想问问", " ",
	"帮我问一下", " ", "我问一下", " ", "请问一下", " ",
)
