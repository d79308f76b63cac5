package rulebook

import "testing"

// TestTheKunshanRulesGiveNoPlaceTimeFormOrAmount checks the premise of the
// answer-kind check on the text: no article of the Kunshan rules names a
// place, a clock time, a contact, a form or an amount, so a question asking
// for one is not covered whatever words it shares.
func TestTheKunshanRulesGiveNoPlaceTimeFormOrAmount(t *testing.T) {
	for _, k := range []askKind{askPlace, askClock, askContact, askForm, askAmount} {
		for _, a := range Default().Articles {
			if m := gives[k].FindString(a.Text); m != "" {
				t.Errorf("%s gives kind %d: %q", a.Title, k, m)
			}
		}
	}
	// And a number of days only where the rules set one.
	var days []int
	for _, a := range Default().Articles {
		if gives[askDays].MatchString(a.Text) {
			days = append(days, a.Number)
		}
	}
	for _, n := range []int{47, 54, 57} {
		if !containsInt(days, n) {
			t.Errorf("Art. %d sets a period but gives[askDays] misses it (days in %v)", n, days)
		}
	}
	for _, n := range []int{27, 31, 32, 37} {
		if containsInt(days, n) {
			t.Errorf("Art. %d sets no period but gives[askDays] matches it", n)
		}
	}
}

// TestAskingWhatNoArticleGivesIsNotCovered: questions sharing the rules'
// words (行政复议, 常务会议, 法制办, 公务接待, 请示) but asking a number of days,
// a clock time, a contact, a form or an amount the rules do not set.
func TestAskingWhatNoArticleGivesIsNotCovered(t *testing.T) {
	x := kunshanIndex(t)
	off, err := NewIndex(nil, withRanking(func(c *config) { c.askKinds = false }))
	if err != nil {
		t.Fatal(err)
	}
	without := 0 // of them, covered without the check
	for _, q := range []string{
		"行政复议要在几天内申请",
		"常务会议一般几点开始",
		"法制办的电话是多少",
		"请示用什么格式",
		"公务接待的标准是什么",
		"市政府办公室在哪里",
	} {
		res, err := x.Search(q, 3)
		if err != nil || !res.NotCovered || len(res.Hits) != 0 {
			t.Errorf("%s: err %v not covered %v hits %v, want not covered", q, err, res.NotCovered, numbers(res.Hits))
		}
		if res, _ := off.Search(q, 3); !res.NotCovered {
			without++
		}
	}
	if without < 4 {
		t.Errorf("only %d of the questions got an article without the answer-kind check: the test no longer tests it", without)
	}
}

// TestAskingAPeriodTheRulesSetStaysCovered: a period or frequency question
// whose article sets one (a number, 每月, 定期, 及时) keeps its article.
func TestAskingAPeriodTheRulesSetStaysCovered(t *testing.T) {
	x := kunshanIndex(t)
	for q, want := range map[string]int{
		"转办的公文几天内要办结":    54,
		"会议开完几天内要报告落实情况": 47,
		"常务会议多久开一次":      41,
		"规范性文件多久清理一次":    23,
		"出差几天以上要请假":      57,
		"值班遇到重大情况多久要报告":  58,
		"格式不对的公文会被退回吗":   48,
	} {
		res, err := x.Search(q, 3)
		if err != nil || res.NotCovered || len(res.Hits) == 0 || res.Hits[0].Number != want {
			t.Errorf("%s: err %v not covered %v hits %v, want Art. %d first", q, err, res.NotCovered, numbers(res.Hits), want)
		}
	}
}

// TestAnswerKindIsReadFromTheArticle: an imported rulebook that sets an
// amount and a place answers the questions the Kunshan rules do not.
func TestAnswerKindIsReadFromTheArticle(t *testing.T) {
	b, err := Parse("", "某单位公务接待办法\n第一条　公务接待标准为每人每餐不超过100元。\n第二条　接待地点为机关二楼接待室，接待时间为上午9点至11点。\n")
	if err != nil {
		t.Fatal(err)
	}
	x, err := NewIndex([]*Book{b})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"公务接待标准是多少": 1, "接待时间几点": 2} {
		res, err := x.Search(q, 3)
		if err != nil || res.NotCovered || len(res.Hits) == 0 || res.Hits[0].Number != want {
			t.Errorf("%s in a reception regulation: err %v not covered %v, hits %v, want Art. %d", q, err, res.NotCovered, numbers(res.Hits), want)
		}
	}
}

// TestBackgroundClausesWeighLess: in a long question the clauses before
// the one that asks (who asks, the story) weigh half in ranking, so the
// asked part (要不要走什么手续, about a trip of three or four days) decides.
// Weighed as much as the asked clause, the background's unknown words
// (新来的小王, 北京, 培训) left the question said not covered.
func TestBackgroundClausesWeighLess(t *testing.T) {
	q := "我是办公室新来的小王，我们主任下周要去北京参加一个培训，大概三四天，他让我问问这种情况要不要走什么手续"
	res, err := kunshanIndex(t).Search(q, 3)
	if err != nil || res.NotCovered || len(res.Hits) == 0 || res.Hits[0].Number != 57 {
		t.Errorf("%s: err %v not covered %v hits %v, want Art. 57 first", q, err, res.NotCovered, numbers(res.Hits))
	}
	same, err := NewIndex(nil, withRanking(func(c *config) { c.contextWeight = 1 }))
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := same.Search(q, 3); !res.NotCovered {
		t.Errorf("%s: covered (%v) with the background weighed as the asked clause; the test no longer tests the weighting", q, numbers(res.Hits))
	}
	asked, context := askedClause(Normalize(q))
	if asked != "他让我问问这种情况要不要走什么手续" || len(context) != 3 {
		t.Errorf("askedClause: %q, background %q", asked, context)
	}
}
