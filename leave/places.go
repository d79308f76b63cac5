package leave

import (
	"slices"
	"strings"
	"unicode"

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
	// region. A destination that starts with one of them is in that region;
	// ExactOnly names count only when they are the whole destination.
	Kunshan, Suzhou []string
	// ExactOnly are names too generic to match as a prefix (园区, 新区).
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

// Region returns where the destination lies. A destination naming several
// places (上海、苏州) is as far as its farthest place. An empty or unknown
// destination is Outside: the bot errs towards asking for a request.
func (ps *Places) Region(dest string) Region {
	parts := strings.FieldsFunc(dest, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("、,，;；/和及与+", r)
	})
	if len(parts) == 0 {
		return Outside
	}
	worst := InKunshan
	for _, part := range parts {
		switch ps.region(part) {
		case Outside:
			return Outside
		case InSuzhou:
			worst = InSuzhou
		}
	}
	return worst
}

// region classifies one place name.
func (ps *Places) region(name string) Region {
	if ps == nil {
		return Outside
	}
	name = strings.ToLower(text.Simplified(trimPunct(name))) // 蘇州 is 苏州
	for _, p := range provincePrefixes {
		if rest, ok := strings.CutPrefix(name, p); ok && rest != "" {
			name = rest
			break
		}
	}
	if name == "" {
		return Outside
	}
	for _, n := range ps.NotLocal {
		if strings.HasPrefix(name, n) {
			return Outside
		}
	}
	// The longest matching name decides, so 苏州高新区 is Suzhou even though
	// 高新区 alone is read as Kunshan's.
	best, region := 0, Outside
	try := func(names []string, r Region) {
		for _, n := range names {
			if len(n) <= best {
				continue
			}
			if name == n || (!slices.Contains(ps.ExactOnly, n) && strings.HasPrefix(name, n)) {
				best, region = len(n), r
			}
		}
	}
	try(ps.Kunshan, InKunshan)
	try(ps.Suzhou, InSuzhou)
	return region
}

// RegionOf classifies the destination with DefaultPlaces.
func RegionOf(dest string) Region { return DefaultPlaces.Region(dest) }
