package rulebook

import (
	"regexp"
	"strings"
	"testing"
)

// TestTheKunshanRulesSetNoEntitlement checks the premise of asksEntitlement
// against the text: no article names money paid or refunded, 假 appears only
// in asking for leave (请假, 销假, 休假), and the only period of leave is the
// 1-day threshold of Art. 57 above which one must ask.
func TestTheKunshanRulesSetNoEntitlement(t *testing.T) {
	leaveWord := regexp.MustCompile(`.假`)
	days := regexp.MustCompile(`[0-9一二三四五六七八九十]+[天日]`)
	for _, a := range Default().Articles {
		for _, w := range entitlementMoney {
			if strings.Contains(strings.ReplaceAll(a.Text, "浪费", ""), w) {
				t.Errorf("%s names %s: the rules may set an amount of money", a.Title, w)
			}
		}
		for _, w := range leaveWord.FindAllString(a.Text, -1) {
			if w != "请假" && w != "销假" && w != "休假" {
				t.Errorf("%s names %s: the rules may set a kind of leave", a.Title, w)
			}
		}
		if a.Number != 57 {
			continue // other periods are deadlines (Art. 47, 54), not leave
		}
		for _, d := range days.FindAllString(a.Text, -1) {
			if d != "1天" || !strings.Contains(a.Text, d+"以上") {
				t.Errorf("%s: period %s, want only the threshold 1天以上", a.Title, d)
			}
		}
	}
}

// TestEntitlementQuestionsAreNotCovered: how many days of a kind of leave
// one gets, or how much an allowance is, is not in the rules; whether one
// must ask for leave and who approves is (Art. 57).
func TestEntitlementQuestionsAreNotCovered(t *testing.T) {
	x := kunshanIndex(t)
	for _, q := range []string{"探亲假有几天", "婚假几天", "年休假一年有几天", "年假一年能休几天", "产假多长时间",
		"出差补助一天多少钱", "车补每月多少", "加班费怎么算", "餐补标准"} {
		if res, err := x.Search(q, 3); err != nil || !res.NotCovered || len(res.Hits) != 0 {
			t.Errorf("%q: %v not covered %v, hits %v; want not covered", q, err, res.NotCovered, numbers(res.Hits))
		}
	}
	for q, want := range map[string]int{
		"休假几天以上要请假吗":       57,
		"出差一天要请假吗":         57,
		"休年假要向市政府请假吗":      57,
		"探亲假要向市政府报批吗":      57,
		"休假超过多少天要书面请假":     57,
		"全体会议多久开一次":        40,
		"转办的公文几天内要办结":      54,
		"会后多少天内报落实情况":      47,
		"浪费公款的标准是多少要追究责任吗": 37,
	} {
		res, err := x.Search(q, 3)
		if err != nil || res.NotCovered || len(res.Hits) == 0 || res.Hits[0].Number != want {
			t.Errorf("%q: %v not covered %v, hits %v; want article %d", q, err, res.NotCovered, numbers(res.Hits), want)
		}
	}
}

// TestEntitlementRuleIsTheKunshanRulesOwn: an imported rulebook that does
// set leave days answers the same question.
func TestEntitlementRuleIsTheKunshanRulesOwn(t *testing.T) {
	b, err := Parse("", "某单位休假办法\n第一条　职工探亲假每年二十天，由单位统一安排。\n第二条　婚假三天。\n")
	if err != nil {
		t.Fatal(err)
	}
	x, err := NewIndex([]*Book{b})
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.Search("探亲假有几天", 3)
	if err != nil || res.NotCovered || len(res.Hits) == 0 || res.Hits[0].Number != 1 {
		t.Errorf("探亲假有几天 in a leave regulation: %v not covered %v, hits %v", err, res.NotCovered, numbers(res.Hits))
	}
}

// TestTheKunshanRulesNameNoPracticalMatter checks the premise of
// asksPractical: no article and no question pattern holds a practical word.
func TestTheKunshanRulesNameNoPracticalMatter(t *testing.T) {
	words := append(append([]string{}, practicalWords...), personnelWords...)
	for _, a := range Default().Articles {
		if w := firstOf(Normalize(a.Text), words); w != "" {
			t.Errorf("%s names %s", a.Title, w)
		}
	}
	answers, err := DefaultAnswers()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range answers {
		for _, p := range a.Patterns {
			if w := firstOf(Normalize(p), words); w != "" {
				t.Errorf("pattern %q of %s names %s", p, a.ID, w)
			}
		}
	}
}

func firstOf(s string, words []string) string {
	for _, w := range words {
		if strings.Contains(s, w) {
			return w
		}
	}
	return ""
}

// TestPracticalQuestionsAreNotCovered: a question on equipment, accounts,
// repairs, formatting or supplies is said not covered though it names a
// rules word; the rules word alone still finds its article.
func TestPracticalQuestionsAreNotCovered(t *testing.T) {
	x := kunshanIndex(t)
	for _, q := range []string{"政府网站的账号密码忘了", "公务用车坏了去哪里修理", "请示的文头怎么排版", "会议纪要有没有模板", "值班室的电脑坏了找谁"} {
		if res, err := x.Search(q, 3); err != nil || !res.NotCovered || len(res.Hits) != 0 {
			t.Errorf("%s: %v %v, want not covered", q, err, numbers(res.Hits))
		}
	}
	for q, want := range map[string]int{"政府网站建设有什么要求": 29, "公务用车有什么规定": 37, "会议纪要谁签发": 45} {
		if res, err := x.Search(q, 3); err != nil || len(res.Hits) == 0 || res.Hits[0].Number != want {
			t.Errorf("%s: %v %v, want Art. %d", q, err, numbers(res.Hits), want)
		}
	}
}

// TestPersonnelQuestionsAreNotCoveredUnlessFramed: ranks, hiring,
// insurance and procurement are not in the rules; a leave question or a
// decision about such a matter is.
func TestPersonnelQuestionsAreNotCoveredUnlessFramed(t *testing.T) {
	x := kunshanIndex(t)
	for _, q := range []string{"领导职务和职级怎么区分", "考核合格的选调生怎么安排", "公务用车的保险谁来买", "政府采购要走哪些程序", "市长信箱的留言多久回复", "机关单位养老保险谁来交"} {
		if res, err := x.Search(q, 3); err != nil || !res.NotCovered {
			t.Errorf("%s: %v %v, want not covered", q, err, numbers(res.Hits))
		}
	}
	for q, want := range map[string]int{"出台养老保险政策前要不要开听证会": 18, "局长去南京参加职称考试两天要请假吗": 57, "关于公积金的规范性文件上会前要合法性审查吗": 22} {
		if res, err := x.Search(q, 3); err != nil || len(res.Hits) == 0 || res.Hits[0].Number != want {
			t.Errorf("%s: %v %v, want Art. %d", q, err, numbers(res.Hits), want)
		}
	}
}
