package dates

import (
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"officebot/calendar"
)

// scan is the text as runes, normalised one rune for one rune (so offsets
// map back to the text as typed): full-width digits and letters to ASCII,
// the dashes and tildes people type between dates to '-' and '~', a few
// traditional characters to simplified ones.
type scan struct {
	src string
	r   []rune
	off []int // byte offset in src of each rune, and len(src) at the end
}

func newScan(src string) *scan {
	s := &scan{src: src}
	for i, c := range src {
		if c == utf8.RuneError {
			c = ' '
		}
		s.r = append(s.r, fold(c))
		s.off = append(s.off, i)
	}
	s.off = append(s.off, len(src))
	return s
}

var traditional = map[rune]rune{'週': '周', '後': '后', '號': '号', '個': '个', '節': '节', '國': '国', '慶': '庆',
	'內': '内', '來': '来', '禮': '礼', '當': '当', '這': '这', '舊': '旧', '開': '开', '於': '于', '兩': '两'}

func fold(c rune) rune {
	switch {
	case c >= 0xFF01 && c <= 0xFF5E:
		c = c - 0xFF01 + 0x21
	case c == '\u3000' || c == '\t' || c == '\n' || c == '\r':
		return ' '
	case c == '～' || c == '〜' || c == '∼':
		return '~'
	case c == '—' || c == '–' || c == '－' || c == '―' || c == '‐' || c == '−':
		return '-'
	case c == '〇':
		return '零'
	}
	if t, ok := traditional[c]; ok {
		return t
	}
	return c
}

func (s *scan) text(i, j int) string {
	i, j = min(max(i, 0), len(s.r)), min(max(j, 0), len(s.r))
	if j < i {
		j = i
	}
	return s.src[s.off[i]:s.off[j]]
}

// at reports the rune at i, or 0 past the end.
func (s *scan) at(i int) rune {
	if i < 0 || i >= len(s.r) {
		return 0
	}
	return s.r[i]
}

// lit returns the position after the longest of words found at i, or -1.
func (s *scan) lit(i int, words ...string) (string, int) {
	best, end := "", -1
	for _, w := range words {
		j := i
		ok := true
		for _, c := range w {
			if s.at(j) != c {
				ok = false
				break
			}
			j++
		}
		if ok && j > end {
			best, end = w, j
		}
	}
	return best, end
}

func (s *scan) space(i int) int {
	for i < len(s.r) && s.r[i] == ' ' {
		i++
	}
	return i
}

const cnDigits = "零一二两三四五六七八九十"

func isDigit(c rune) bool { return c >= '0' && c <= '9' }
func isCN(c rune) bool    { return c != 0 && strings.ContainsRune(cnDigits, c) }

// starters are the runes a phrase can begin with.
const starters = "今明后大昨前上下本这当周星礼月年元春清劳五端中国十节过假从自半一二两三四五六七八九零"

// canStart reports whether a phrase may begin at i: a digit not inside a
// number, or a rune that begins a word of dates not inside a numeral.
func (s *scan) canStart(i int) bool {
	c, prev := s.at(i), s.at(i-1)
	if isDigit(c) {
		return !isDigit(prev) && prev != '.' && prev != '/' && !(prev < 128 && unicode.IsLetter(prev))
	}
	if !strings.ContainsRune(starters, c) {
		return false
	}
	if isCN(c) && (isCN(prev) || strings.ContainsRune("第周期拜月年初", prev)) {
		return false
	}
	return true
}

// trimNoise drops spaces and punctuation, for "nothing else was typed".
func trimNoise(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || r == '\u3000'
	})
}

var (
	calMu   sync.Mutex
	calByTZ = map[string]*calendar.Calendar{}
)

// defaultCalendar is the library's schedule for a zone, built once.
func defaultCalendar(loc *time.Location) *calendar.Calendar {
	calMu.Lock()
	defer calMu.Unlock()
	c, ok := calByTZ[loc.String()]
	if !ok {
		c = calendar.New(loc, nil)
		calByTZ[loc.String()] = c
	}
	return c
}
