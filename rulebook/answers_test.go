package rulebook

import (
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

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

// ruleCoverage is the coverage audit of the answers file, article by
// article, read from the rules text (issue 16, third pass). An article that
// sets a duty, a deadline, who approves, who signs, who presides or
// attends, a frequency or a prohibition lists the answers (by id) that must
// carry each of those facets; the others say why they have none that must.
// Every article still has some answer (TestAnswersCoverTheRules).
var ruleCoverage = []struct {
	article int
	sets    string   // what the article sets that officials ask about
	answers []string // the answers that must carry it; nil: none must
}{
	{1, "", nil}, // the legal basis of the rules: nothing to do or ask leave for
	{2, "", nil}, // the guiding idea: political aims, no duty of a person
	{3, "", nil}, // the five principles, each set out in its own chapter
	{4, "duty: members carry out the city's decisions, keep policy one", []string{"members-duty"}},
	{5, "", nil}, // defines who the members are; their duties are Art. 4 and 57
	{6, "who decides: the mayor's responsibility system", []string{"mayor-responsibility"}},
	{7, "duty: vice-mayors run their portfolios, may lead cross-portfolio work and foreign affairs", []string{"vice-mayor"}},
	{8, "duty: the office director and deputies", []string{"office-director"}},
	{9, "duty: department heads answer for their departments", []string{"department-heads"}},
	{10, "", nil}, // 10-15: the government's functions, policy aims of the government as a whole,
	{11, "", nil}, // nothing an official files, asks leave for, approves or signs
	{12, "", nil},
	{13, "", nil},
	{14, "", nil},
	{15, "", nil},
	{16, "duty: the steps of a major decision", []string{"decision-procedure"}},
	{17, "who approves: plans and budgets to the people's congress; major matters at the plenary or executive meeting, some to the party committee", []string{"plan-budget", "major-matters"}},
	{18, "duty and prohibition: work before submitting a major matter; none without the procedure", []string{"submit-major", "hearing"}},
	{19, "duty: consult the people's congress and CPPCC before major decisions", []string{"consult-npc"}},
	{20, "duty: supervision bodies follow up major decisions", []string{"decision-feedback"}},
	{21, "", nil}, // the requirements of lawful administration, restated by 22-26
	{22, "who reviews: legality review of normative documents, the legal office's written opinion", []string{"normative-review"}},
	{23, "duty and who: filing, revoking, cleaning up and evaluating normative documents", []string{"normative-filing", "normative-revoke", "normative-cleanup"}},
	{24, "", nil}, // reform aims for administrative approval, no duty of a person
	{25, "", nil}, // reform aims for law enforcement
	{26, "duty: the city leads and oversees the rule-of-law work; departments apply the enforcement responsibility system", []string{"rule-of-law-leadership", "enforcement-duty"}},
	{27, "", nil}, // the openness principle; the duty to publish is Art. 28
	{28, "duty: publish decisions and policies", []string{"publish-decisions"}},
	{29, "", nil}, // website building, an aim
	{30, "duty: people's congress supervision, motions and proposals handled on time", []string{"npc-supervision"}},
	{31, "duty and who: heads appear in court, the legal office handles reviews, audit findings corrected", []string{"court-appearance", "admin-review", "audit-rectify"}},
	{32, "duty: heads handle important petitions, answer public opinion", []string{"petitions", "public-opinion"}},
	{33, "who leads: portfolio work, cross-portfolio and cross-department matters", []string{"lead-department"}},
	{34, "", nil}, // accountability and performance systems to be perfected, an aim
	{35, "", nil}, // refers to the central and provincial rules on work style
	{36, "duty and liability: deadlines kept, delay and abuse of power dealt with", []string{"delay-liability"}},
	{37, "prohibition: financial discipline, receptions, official cars, trips abroad", []string{"frugality"}},
	{38, "prohibition: integrity, reporting personal matters, no gain for relatives", []string{"integrity"}},
	{39, "", nil}, // names the four kinds of meeting; who presides and how often is 40-44
	{40, "who presides and attends, frequency: the plenary meeting", []string{"plenary-members", "plenary-invitees", "plenary-frequency", "plenary-tasks"}},
	{41, "who presides and attends, frequency: the executive meeting", []string{"executive-members", "executive-frequency", "executive-tasks", "executive-attendees"}},
	{42, "who presides, frequency: the mayor's office meeting", []string{"mayor-office-meeting"}},
	{43, "who decides: agendas set by the mayor, organised by the office", []string{"agenda"}},
	{44, "who convenes: topic meetings", []string{"topic-meeting"}},
	{45, "who reviews and signs: meeting minutes", []string{"minutes-main", "minutes-topic"}},
	{46, "who approves, prohibition: city-wide meetings, inviting other heads", []string{"citywide-meeting", "invite-heads"}},
	{47, "deadline: report implementation within 10 days", []string{"implementation-report"}},
	{48, "who signs, prohibition: one matter a document, no skipping levels, disagreements, returns", []string{"submit-channel", "one-matter", "request-signer", "disagreement", "returned-docs"}},
	{49, "who approves: registration and submission for approval", []string{"registration"}},
	{50, "who signs: what the mayor signs", []string{"mayor-signs"}},
	{51, "who signs: documents in the government's name", []string{"govt-doc-signer"}},
	{52, "who signs: documents in the office's name", []string{"office-doc-signer"}},
	{53, "prohibition: departments issue their own documents, no contradictory or repeated ones", []string{"dept-own-docs", "revise-docs"}},
	{54, "deadlines: 6, 6, 9 and 20 working days, urgent documents", []string{"deadline-own", "deadline-opinion", "deadline-joint", "deadline-research", "deadline-urgent"}},
	{55, "prohibition and approval: no word against decisions, speeches approved first", []string{"follow-decisions", "speeches"}},
	{56, "prohibition: secrets", []string{"secrecy"}},
	{57, "who asks and who approves: leave away from Kunshan, leave from meetings", []string{"leave-trip", "leave-private", "leave-suzhou", "leave-approver", "leave-meeting", "attendance"}},
	{58, "duty: duty rosters, reporting major events on time", []string{"duty-report"}},
	{59, "prohibition: ceremonies and appraisals kept down, go to the grassroots", []string{"pragmatic-style"}},
	{60, "", nil}, // learning, an exhortation
	{61, "", nil}, // the date the rules take effect: a fact, answered, nothing to do
}

// storyRunes is the length from which a pattern counts as a situation told
// rather than a short question (市长不在家常务会谁主持 is 11).
const storyRunes = 12

// TestAnswersCoverTheRules: every article of the rules is in ruleCoverage
// and has an answer; every facet of a duty article has an answer of its
// own (its main article) with at least 3 ways of asking, the article at
// least 4 in all, one of them a situation told; at least 150 patterns.
func TestAnswersCoverTheRules(t *testing.T) {
	answers, err := DefaultAnswers()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*Answer{}
	patterns := 0
	covered := map[int]int{}
	for _, a := range answers {
		byID[a.ID] = a
		patterns += len(a.Patterns)
		for _, n := range a.Articles {
			covered[n] += len(a.Patterns)
		}
	}
	if patterns < 150 {
		t.Errorf("%d patterns, want at least 150", patterns)
	}
	if n := len(Default().Articles); len(ruleCoverage) != n {
		t.Fatalf("ruleCoverage lists %d articles, the rules have %d", len(ruleCoverage), n)
	}
	listed := map[string]bool{}
	duty := map[int]bool{}
	for i, c := range ruleCoverage {
		if c.article != i+1 {
			t.Fatalf("ruleCoverage entry %d is article %d", i+1, c.article)
		}
		if covered[c.article] == 0 {
			t.Errorf("article %d has no answer", c.article)
		}
		if (c.sets == "") != (len(c.answers) == 0) {
			t.Errorf("article %d: say what it sets and which answers carry it, or neither", c.article)
		}
		if len(c.answers) == 0 {
			continue
		}
		duty[c.article] = true
		total, story := 0, false
		for _, id := range c.answers {
			listed[id] = true
			a := byID[id]
			if a == nil {
				t.Errorf("article %d (%s): no answer %s", c.article, c.sets, id)
				continue
			}
			if a.Articles[0] != c.article {
				t.Errorf("%s: main article %d, want %d", id, a.Articles[0], c.article)
			}
			if len(a.Patterns) < 3 {
				t.Errorf("%s (article %d): %d patterns, want at least 3 ways of asking", id, c.article, len(a.Patterns))
			}
			total += len(a.Patterns)
			for _, p := range a.Patterns {
				story = story || utf8.RuneCountInString(p) >= storyRunes
			}
		}
		if total < 4 {
			t.Errorf("article %d: %d patterns, want at least 4", c.article, total)
		}
		if !story {
			t.Errorf("article %d: no pattern of %d characters or more (a situation told)", c.article, storyRunes)
		}
	}
	// A new answer on a duty article is a facet: list it above.
	for _, a := range answers {
		if duty[a.Articles[0]] && !listed[a.ID] {
			t.Errorf("%s answers duty article %d but is not in ruleCoverage", a.ID, a.Articles[0])
		}
	}
	t.Logf("%d answers, %d patterns, %d articles with duties", len(answers), patterns, len(duty))
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
