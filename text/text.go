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
)

// Simplified converts traditional characters to simplified ones with
// OpenCC's t2s dictionaries (loaded once, ~5 ms): 蘇州 → 苏州, 會議紀要 →
// 会议纪要. The rules and the directory are simplified; people in Hong Kong,
// Taiwan or with a traditional input method type traditional characters.
// Text it cannot convert (or everything, if OpenCC cannot load) is returned
// unchanged.
func Simplified(s string) string {
	t2sOnce.Do(func() {
		if c, err := opencc.New("t2s"); err == nil {
			t2s = c
		}
	})
	if t2s == nil || isASCII(s) {
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
