package rulebook

import (
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"officebot/numeral"
)

// roles are the offices and bodies an answer may name; longer names first
// so 副市长 is not also read as 市长.
var roles = func() []string {
	rs := []string{
		"市长", "副市长", "常务副市长", "负责常务工作的副市长", "分管副市长", "市政府办公室主任",
		"办公室主任", "副主任", "主任", "主要负责人", "行政主要负责人", "市政府领导", "分管领导",
		"市分管领导", "法制办公室", "法制机构", "市委", "市人大", "市政协", "人民代表大会",
		"常务委员会", "督查机构", "主办单位", "协办单位", "主办部门", "实施单位", "镇长", "副职",
		"局长", "牵头", "市政府办公室",
	}
	sort.Slice(rs, func(i, j int) bool { return len(rs[i]) > len(rs[j]) })
	return rs
}()

var digitRun = regexp.MustCompile(`[0-9]+`)

// TestAnswersStateOnlyWhatTheirArticlesSay: every number an answer states
// is in its articles (as digits or in Chinese: 10日 ↔ 十日), and so is every
// role it names (市长, 分管副市长, 行政主要负责人 …).
func TestAnswersStateOnlyWhatTheirArticlesSay(t *testing.T) {
	answers, err := DefaultAnswers()
	if err != nil {
		t.Fatal(err)
	}
	book := Default()
	for _, a := range answers {
		var sb strings.Builder
		for _, n := range a.Articles {
			art, _ := book.Article(n)
			sb.WriteString(art.Text)
		}
		source := sb.String()
		for _, d := range digitRun.FindAllString(a.Text, -1) {
			n, _ := strconv.Atoi(d)
			if !strings.Contains(source, d) && !strings.Contains(source, numeral.Chinese(n)) {
				t.Errorf("%s states %s, which articles %v do not", a.ID, d, a.Articles)
			}
		}
		text, src := a.Text, source
		for _, r := range roles {
			if strings.Contains(text, r) && !strings.Contains(src, r) {
				t.Errorf("%s names %s, which articles %v do not", a.ID, r, a.Articles)
			}
			text = strings.ReplaceAll(text, r, "□")
			src = strings.ReplaceAll(src, r, "□")
		}
		if n := len([]rune(a.Text)); n > 130 {
			t.Errorf("%s: answer of %d characters; one or two sentences, please", a.ID, n)
		}
	}
}

// TestAnswersCoverTheRules: at least 150 patterns, and every article that
// sets a duty, a deadline, who approves or who signs has answers.
func TestAnswersCoverTheRules(t *testing.T) {
	answers, err := DefaultAnswers()
	if err != nil {
		t.Fatal(err)
	}
	patterns := 0
	covered := map[int]int{}
	for _, a := range answers {
		patterns += len(a.Patterns)
		for _, n := range a.Articles {
			covered[n] += len(a.Patterns)
		}
	}
	if patterns < 150 {
		t.Errorf("%d patterns, want at least 150", patterns)
	}
	// Duties, deadlines, approvals and signatures (第十六条 … 第五十八条),
	// read from the text: each needs several ways of asking.
	duties := []int{16, 17, 18, 19, 20, 22, 23, 28, 30, 31, 32, 33, 36, 37, 38, 40, 41, 42, 43, 44, 45, 46, 47,
		48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58}
	for _, n := range duties {
		if covered[n] < 2 {
			t.Errorf("article %d has %d patterns, want at least 2", n, covered[n])
		}
	}
	for n := 1; n <= 61; n++ {
		if covered[n] == 0 {
			t.Errorf("article %d has no answer", n)
		}
	}
	t.Logf("%d answers, %d patterns", len(answers), patterns)
}

// TestAnswersOfferTheirCommand: leave answers offer /leave, document
// answers /doc, meeting answers /meeting.
func TestAnswersOfferTheirCommand(t *testing.T) {
	answers, _ := DefaultAnswers()
	for _, a := range answers {
		if want := CommandFor(a.Articles[0]); a.Cmd() != want && a.Command != "none" {
			t.Errorf("%s (article %d) offers %q, want %q", a.ID, a.Articles[0], a.Cmd(), want)
		}
	}
}

func TestParseAnswersRejectsBadFiles(t *testing.T) {
	book := Default()
	bad := map[string]string{
		"not a list":      "id: x\n",
		"no patterns":     "- id: x\n  answer: 要。\n  articles: [57]\n",
		"no such article": "- id: x\n  answer: 要。\n  articles: [99]\n  patterns: [出差]\n",
		"repeated id":     "- {id: x, answer: a, articles: [1], patterns: [p]}\n- {id: x, answer: b, articles: [2], patterns: [q]}\n",
		"repeated pattern": "- {id: x, answer: a, articles: [1], patterns: [出差要请假吗]}\n" +
			"- {id: y, answer: b, articles: [2], patterns: [出差要请假吗？]}\n",
		"unknown command": "- {id: x, answer: a, articles: [1], patterns: [p], command: /fly}\n",
		"unknown field":   "- {id: x, answer: a, articles: [1], patterns: [p], quote: z}\n",
	}
	for name, data := range bad {
		if _, err := ParseAnswers([]byte(data), book); !errors.Is(err, ErrAnswers) {
			t.Errorf("%s: error %v, want ErrAnswers", name, err)
		}
	}
	good := "- {id: x, answer: 要。, articles: [57], patterns: [出差要请假吗]}\n"
	if as, err := ParseAnswers([]byte(good), book); err != nil || len(as) != 1 || as[0].Cmd() != "/leave" {
		t.Errorf("good file: %v %+v", err, as)
	}
}

// TestSearchAnswersCommonQuestions: the direct answer comes with its
// article first and the passage that supports it.
func TestSearchAnswersCommonQuestions(t *testing.T) {
	x := kunshanIndex(t)
	tests := []struct {
		q, id   string
		article int
		passage string
	}{
		{"出差要请假吗？", "leave-trip", 57, "需事先向市政府提出书面请假"},
		{"常务会议纪要谁签发", "minutes-main", 45, "报市长签发"},
		{"转办的公文几天内要办结", "deadline-own", 54, "6个工作日内办结"},
		{"全体会议多久开一次", "plenary-frequency", 40, "每半年召开一次"},
		{"一个请示里能写几件事", "one-matter", 48, "一事一文"},
	}
	for _, tt := range tests {
		res, err := x.Search(tt.q, 3)
		if err != nil || len(res.Hits) == 0 {
			t.Errorf("%q: %v %v", tt.q, err, res.Hits)
			continue
		}
		if res.Answer == nil || res.Answer.ID != tt.id || res.Hits[0].Number != tt.article {
			t.Errorf("%q: answer %+v first %d, want %s and %d", tt.q, res.Answer, res.Hits[0].Number, tt.id, tt.article)
			continue
		}
		if !strings.Contains(res.Hits[0].Passage, tt.passage) {
			t.Errorf("%q: passage %q lacks %q", tt.q, res.Hits[0].Passage, tt.passage)
		}
	}
	// A question on an article with no close pattern gets the article, not
	// another question's answer.
	res, err := x.Search("规范性文件", 3)
	if err != nil || res.Answer != nil && !contains([]string{"normative-review", "normative-filing", "normative-cleanup"}, res.Answer.ID) {
		t.Errorf("规范性文件: %v answer %+v", err, res.Answer)
	}
}
