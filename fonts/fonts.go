// Package fonts finds a TrueType font with Chinese glyphs on this machine,
// for what officebot renders itself (the office's charts, the PDF 发文稿纸).
// Go's renderers read TrueType outlines, so the Debian packages whose fonts
// are TrueType come first: fonts-wqy-microhei, fonts-arphic-gbsn00lp,
// fonts-arphic-ukai/uming; fonts-noto-cjk last (its CJK fonts are
// OpenType/CFF, which some renderers cannot read).
package fonts

import (
	"errors"
	"fmt"
	"os"
)

// Env names the variable that points at a font file to use instead.
const Env = "OFFICEBOT_CJK_FONT"

// ErrNotFound: no candidate font file exists.
var ErrNotFound = errors.New("fonts: no CJK TrueType font found: set " + Env +
	" or install fonts-wqy-microhei, fonts-arphic-gbsn00lp or fonts-noto-cjk")

// Paths are where Debian's packages put their CJK fonts, best first.
var Paths = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",            // fonts-wqy-microhei
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",              // fonts-wqy-zenhei
	"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",    // fonts-arphic-gbsn00lp
	"/usr/share/fonts/truetype/arphic/uming.ttc",                // fonts-arphic-uming
	"/usr/share/fonts/truetype/arphic/ukai.ttc",                 // fonts-arphic-ukai
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", // fonts-droid-fallback
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",    // fonts-noto-cjk
	"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",   // fonts-noto-cjk
	"/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",    // older layouts
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",         // other distributions
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  // Fedora
	"/System/Library/Fonts/PingFang.ttc",                        // macOS, for developers
}

// Candidates lists the font files that exist, best first: the file named by
// OFFICEBOT_CJK_FONT (looked up with getenv; nil means os.Getenv), then
// Paths. A caller whose renderer cannot read the first tries the next.
// An OFFICEBOT_CJK_FONT naming no file is an error, not skipped: the
// operator asked for that font.
func Candidates(getenv func(string) string) ([]string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	var out []string
	if p := getenv(Env); p != "" {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("fonts: %s=%s: %w", Env, p, err)
		}
		out = append(out, p)
	}
	for _, p := range Paths {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	return out, nil
}

// Find returns the best font file, or ErrNotFound.
func Find(getenv func(string) string) (string, error) {
	c, err := Candidates(getenv)
	if err != nil {
		return "", err
	}
	return c[0], nil
}
