// Package text holds the small string conversions several packages need to
// read what officials type: full-width forms from a Chinese input method,
// and traditional characters. It depends on nothing of officebot.
package text

import (
	"strings"
	"sync"

	"github.com/longbridgeapp/opencc"
)

// HalfWidth maps the full-width ASCII forms a Chinese input method types in
// full-width mode (Ｌ１２, ｈｅｌｐ, ／) and the ideographic space to ASCII.
func HalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFF01 + 0x21
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

var (
	t2sOnce sync.Once
	t2s     *opencc.OpenCC // nil when the dictionaries failed to load
	// changes marks the characters of the Basic Multilingual Plane that t2s
	// rewrites, one bit each: text with none of them is returned as it is,
	// without the dictionary walk (most of what officials type is
	// simplified already).
	changes *[0x10000 / 64]uint64
)

// phraseOnly are characters that t2s leaves alone by themselves but rewrites
// inside one of its phrases (沈默 → 沉默, 沈船 → 沉船).
const phraseOnly = "沈"

// loadT2S loads OpenCC and finds, in one conversion of every CJK character
// of the BMP, the characters it rewrites.
func loadT2S() {
	c, err := opencc.New("t2s")
	if err != nil {
		return
	}
	var in []rune
	for _, block := range [][2]rune{{0x2E80, 0x2FDF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}} {
		for r := block[0]; r <= block[1]; r++ {
			in = append(in, r, '\n')
		}
	}
	t2s = c
	out, err := c.Convert(string(in))
	if err != nil {
		return // no table: convert everything
	}
	lines := strings.Split(out, "\n")
	if len(lines) < len(in)/2 {
		return // not one line per character: convert everything
	}
	set := new([0x10000 / 64]uint64)
	for i := 0; i < len(in); i += 2 {
		if lines[i/2] != string(in[i]) {
			set[in[i]/64] |= 1 << (in[i] % 64)
		}
	}
	for _, r := range phraseOnly {
		set[r/64] |= 1 << (r % 64)
	}
	changes = set
}

// mayChange reports whether t2s could rewrite s: it holds a character t2s
// rewrites, or one outside the BMP (not in the table).
func mayChange(s string) bool {
	if changes == nil {
		return true
	}
	for _, r := range s {
		if r >= 0x10000 || changes[r/64]&(1<<(r%64)) != 0 {
			return true
		}
	}
	return false
}

// Simplified converts traditional characters to simplified ones with
// OpenCC's t2s dictionaries (loaded once, with the table of the
// characters they rewrite: ~30 ms): 蘇州 → 苏州, 會議紀要 →
// 会议纪要. The rules and the directory are simplified; people in Hong Kong,
// Taiwan or with a traditional input method type traditional characters.
// Text it cannot convert (or everything, if OpenCC cannot load) is returned
// unchanged.
func Simplified(s string) string {
	t2sOnce.Do(loadT2S)
	if t2s == nil || isASCII(s) || !mayChange(s) {
		return s
	}
	out, err := t2s.Convert(s)
	if err != nil {
		return s
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
