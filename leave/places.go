package leave

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"officebot/text"
)

// Region says where a destination lies for Art. 57 ¶1: leaving Kunshan for a
// place inside Suzhou (除苏州市内) needs no written request.
type Region string

// The regions a destination falls in.
const (
	InKunshan Region = "kunshan" // 昆山市内
	InSuzhou  Region = "suzhou"  // 苏州市内（昆山以外）
	Outside   Region = "outside" // 苏州市外，含境外
)

// Local reports whether the region is inside Suzhou, Kunshan included.
func (r Region) Local() bool { return r == InKunshan || r == InSuzhou }

// Places tells whether a destination is inside Kunshan, inside Suzhou or
// outside. The zero value knows nothing: every destination is outside; use
// DefaultPlaces.
type Places struct {
	// Kunshan and Suzhou list the names (and aliases) of places in each
	// region. A name matches only as a whole name, perhaps followed by an
	// administrative suffix (市, 区, 县, 镇, 街道, 乡) and by a smaller
	// place inside it (苏州市吴中区木渎镇): never as the beginning of a
	// longer word (常熟路 is a road in Shanghai, not 常熟).
	Kunshan, Suzhou []string
	// ExactOnly are names too generic to take a suffix or come first in a
	// chain (园区, 新区, 东山): 东山县 is in Fujian.
	ExactOnly []string
	// NotLocal are names that start like a local place but are not one
	// (苏州河 is in Shanghai).
	NotLocal []string
}

// DefaultPlaces knows Kunshan with its towns and zones and the Suzhou of
// SPEC §1.1: 苏州市区, the county-level cities 常熟, 张家港, 太仓, and 吴江,
// 吴中, 相城, 姑苏, 虎丘/高新区, 苏州工业园区. A bare 高新区 or 开发区 is read
// in the Kunshan sense, which is local either way.
var DefaultPlaces = &Places{
	Kunshan: []string{
		"昆山", "kunshan",
		"玉山", "巴城", "周市", "陆家", "花桥", "淀山湖", "张浦", "周庄", "千灯", "锦溪",
		"开发区", "昆山开发区", "昆山经济技术开发区", "昆山经开区", "经开区",
		"高新区", "昆山高新区", "昆山高新技术产业开发区",
		"花桥经济开发区", "花桥开发区", "旅游度假区", "昆山旅游度假区", "阳澄湖旅游度假区",
		"亭林", "城北", "城南",
	},
	Suzhou: []string{
		"苏州", "苏州市", "苏州市区", "suzhou",
		"常熟", "changshu", "张家港", "zhangjiagang", "太仓", "taicang",
		"吴江", "wujiang", "吴中", "wuzhong", "相城", "xiangcheng", "姑苏", "gusu",
		"虎丘", "huqiu", "苏州高新区", "苏州新区", "新区",
		"苏州工业园区", "工业园区", "园区", "sip",
		"平江", "沧浪", "金阊", "独墅湖", "金鸡湖", "阳澄湖",
		"同里", "黎里", "震泽", "盛泽", "木渎", "甪直", "光福", "东山", "金庭", "西山",
		"沙家浜", "虞山", "沙溪", "浏河", "杨舍", "金港", "锦丰", "凤凰镇",
		"望亭", "渭塘", "黄埭", "浒墅关", "通安",
	},
	ExactOnly: []string{"园区", "新区", "城北", "城南", "东山", "西山", "凤凰镇", "通安", "sip"},
	NotLocal:  []string{"苏州河", "苏州街", "昆山路"},
}

// provincePrefixes are dropped before matching: 江苏省苏州市 is 苏州市.
var provincePrefixes = []string{"中国江苏省", "中国江苏", "江苏省", "江苏"}

// Region returns where the destination lies, for Art. 57 ¶1 ("离开昆山
// …（除苏州市内）"): it is inside Suzhou only when every place it names is.
// Places are separated by lists (、，和) and by route words (到, 至, 经,
// 经停, 转, 再去, →): 苏州到北京 and 苏州经停北京 name 北京 and are
// Outside. A destination with any part the bot does not know as a whole
// place name, and an empty one, is Outside: the bot errs towards asking
// for a request.
func (ps *Places) Region(dest string) Region {
	if ps == nil {
		return Outside
	}
	s := strings.ToLower(text.Simplified(dest)) // 蘇州 is 苏州
	worst, seen := InKunshan, false
	for s != "" {
		// A known name first, so 经开区 is a place, not 经 and 开区.
		if r, n := ps.place(s); n > 0 {
			seen = true
			if r == Outside {
				return Outside
			}
			if r == InSuzhou {
				worst = InSuzhou
			}
			s = s[n:]
			continue
		}
		if n := separatorLen(s); n > 0 {
			s = s[n:]
			continue
		}
		return Outside
	}
	if !seen {
		return Outside
	}
	return worst
}

// separators split a destination into places: lists and route words.
// Longer words come first (经停 before 经).
var separators = []string{"经停", "再去", "经由", "->", "→", "—", "~", "到", "至", "经", "转", "、", ",", "，", ";", "；", "/", "和", "及", "与", "+", "-"}

// separatorLen returns the length of the separator (space, punctuation or
// route word) s starts with, or 0.
func separatorLen(s string) int {
	r, size := utf8.DecodeRuneInString(s)
	if unicode.IsSpace(r) || (unicode.IsPunct(r) && r != '-') {
		return size
	}
	for _, w := range separators {
		if strings.HasPrefix(s, w) {
			return len(w)
		}
	}
	return 0
}

// startsName reports whether s begins with a known name.
func (ps *Places) startsName(s string) bool {
	has := func(n string) bool { return strings.HasPrefix(s, n) }
	return slices.ContainsFunc(ps.Kunshan, has) || slices.ContainsFunc(ps.Suzhou, has)
}

// adminSuffixes may follow a place name: 常熟市, 吴中区, 木渎镇.
var adminSuffixes = []string{"市区", "街道", "市", "区", "县", "镇", "乡"}

// place reads one place at the start of s: a chain of known names, each
// perhaps with an administrative suffix (江苏省苏州市吴中区木渎镇), up to a
// separator or the end. It returns the region of the most specific name
// and the bytes read, or 0 when anything in the chain is not a known whole
// name.
func (ps *Places) place(s string) (Region, int) {
	for _, p := range provincePrefixes {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" {
			r, n := ps.place(rest)
			if n == 0 {
				return Outside, 0
			}
			return r, len(p) + n
		}
	}
	for _, n := range ps.NotLocal {
		if strings.HasPrefix(s, n) {
			return Outside, len(n)
		}
	}
	region, read := Outside, 0
	for read < len(s) {
		r, n := ps.name(s[read:])
		if n == 0 {
			break
		}
		region, read = r, read+n
	}
	if read == 0 || (read < len(s) && separatorLen(s[read:]) == 0) {
		return Outside, 0
	}
	return region, read
}

// name matches one known name (with its suffix) at the start of s. The
// longest name wins, so 苏州高新区 is Suzhou even though 高新区 alone is
// read as Kunshan's. A name counts only where it ends: at the end of s, at
// a separator, at a suffix or at another known name.
func (ps *Places) name(s string) (Region, int) {
	bestLen, bestRegion := 0, Outside
	try := func(names []string, r Region) {
		for _, n := range names {
			if !strings.HasPrefix(s, n) {
				continue
			}
			exact := slices.Contains(ps.ExactOnly, n)
			end := len(n)
			if !exact {
				for _, suf := range adminSuffixes {
					if strings.HasPrefix(s[end:], suf) {
						end += len(suf)
						break
					}
				}
			}
			rest := s[end:]
			// A smaller place may follow (苏州吴中), not an exact-only one
			// (园区外 is not 园区); place reads it next and checks it.
			ok := rest == "" || separatorLen(rest) > 0 || (!exact && ps.startsName(rest))
			if ok && end > bestLen {
				bestLen, bestRegion = end, r
			}
		}
	}
	try(ps.Kunshan, InKunshan)
	try(ps.Suzhou, InSuzhou)
	return bestRegion, bestLen
}

// RegionOf classifies the destination with DefaultPlaces.
func RegionOf(dest string) Region { return DefaultPlaces.Region(dest) }
