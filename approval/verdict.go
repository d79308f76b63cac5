package approval

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// VerdictWord is a word that decides a step when typed in an item's thread
// (同意, 驳回, 签发, …) and the action it takes.
type VerdictWord struct {
	Word   string
	Action Action
}

// Verdict is a decision read from a thread reply: the action, the word that
// said it, and the comment after it (a reason, or a note such as 注意安全).
type Verdict struct {
	Action  Action
	Word    string
	Comment string
}

// ParseVerdict reads a decision typed in an item's thread. A reply decides
// only when it is exactly a verdict word, or a verdict word followed by
// punctuation or whitespace and then a comment: 同意 / 同意。/ 同意，注意安全
// / 不同意：行程未定. Anything else is conversation and reports false, in
// particular a verdict word that is only the beginning of a longer phrase
// (批准前请先补充行程安排 does not approve; 同意吗 and 同意？ do not approve).
//
// When words overlap (退回 and 退回修改) the longest that fits wins.
func ParseVerdict(text string, words []VerdictWord) (Verdict, bool) {
	t := strings.TrimSpace(text)
	sorted := slices.Clone(words)
	slices.SortStableFunc(sorted, func(a, b VerdictWord) int { return len(b.Word) - len(a.Word) })
	for _, w := range sorted {
		if w.Word == "" || !strings.HasPrefix(t, w.Word) {
			continue
		}
		rest := t[len(w.Word):]
		if rest == "" {
			return Verdict{Action: w.Action, Word: w.Word}, true
		}
		r, _ := utf8.DecodeRuneInString(rest)
		if !separator(r) {
			continue
		}
		comment := strings.TrimLeftFunc(rest, separator)
		return Verdict{Action: w.Action, Word: w.Word, Comment: strings.TrimSpace(comment)}, true
	}
	return Verdict{}, false
}

// separator reports whether r may end a verdict word: whitespace (the
// ideographic space included) or punctuation (。，：；！、 and their ASCII
// forms), except a question mark: 同意？ asks, it does not decide.
func separator(r rune) bool {
	if r == '?' || r == '？' {
		return false
	}
	return unicode.IsSpace(r) || unicode.IsPunct(r)
}
