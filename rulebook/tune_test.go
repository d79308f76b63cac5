package rulebook

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// setFigures are the figures of one question set under one index.
type setFigures struct {
	n, top1, top3, falseNot int // in-scope questions
	answered, answeredRight int // in-scope questions given an answer line; citing the expected article
	out, recognised         int // out-of-scope questions
}

func (f setFigures) String() string {
	s := fmt.Sprintf("top-1 %5.1f%% top-3 %5.1f%% (n=%d) not-covered %d", pct(f.top1, f.n), pct(f.top3, f.n), f.n, f.falseNot)
	s += fmt.Sprintf(" answered %d (%d right)", f.answered, f.answeredRight)
	if f.out > 0 {
		s += fmt.Sprintf(" | out of scope %d/%d", f.recognised, f.out)
	}
	return s
}

func pct(a, n int) float64 {
	if n == 0 {
		return 0
	}
	return 100 * float64(a) / float64(n)
}

// measureSet runs every question of the given files (parts other than
// "plain" when plain is false) and counts.
func measureSet(t testing.TB, x *Index, plain bool, files ...string) setFigures {
	t.Helper()
	var f setFigures
	for _, file := range files {
		for _, q := range loadQuestionFile(t, file) {
			if (q.part == "plain") != plain {
				continue
			}
			res, err := x.Search(q.text, 3)
			if err != nil {
				t.Fatalf("%q: %v", q.text, err)
			}
			if q.want == 0 {
				f.out++
				if res.NotCovered && len(res.Hits) == 0 {
					f.recognised++
				}
				continue
			}
			f.n++
			if res.NotCovered {
				f.falseNot++
			}
			if res.Answer != nil {
				f.answered++
				if res.Answer.Articles[0] == q.want {
					f.answeredRight++
				}
			}
			for i, h := range res.Hits {
				if i < 3 && h.Number == q.want {
					if i == 0 {
						f.top1++
					}
					f.top3++
					break
				}
			}
		}
	}
	return f
}

// TestFigures prints the figures docs/rules.md reports: the development
// sets and, as totals only, the held-out sets.
func TestFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	x := kunshanIndex(t)
	t.Logf("plain         %v", measureSet(t, x, true, "testdata/questions.tsv"))
	t.Logf("dev           %v", measureSet(t, x, false, "testdata/questions.tsv", "testdata/dev2.tsv", "testdata/outofscope.tsv"))
	t.Logf("dev3          %v", measureSet(t, x, false, "testdata/dev3.tsv"))
	t.Logf("dev4          %v", measureSet(t, x, false, "testdata/dev4.tsv"))
	t.Logf("heldout       %v", measureSet(t, x, false, "testdata/heldout.tsv"))
	t.Logf("heldout3      %v", measureSet(t, x, false, "testdata/heldout3.tsv"))
	t.Logf("heldout4      %v", measureSet(t, x, false, "testdata/heldout4.tsv"))
	t.Logf("heldout5      %v", measureSet(t, x, false, "testdata/heldout5.tsv"))
}

// TestVariantFigures prints the figures of each variant: the development
// sets, and the held-out sets as totals (measured after the choices were
// made on the development sets, for docs/rules.md).
func TestVariantFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	for _, v := range variants() {
		x, err := NewIndex(nil, v.opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-24s plain    %v", v.name, measureSet(t, x, true, "testdata/questions.tsv"))
		t.Logf("%-24s dev      %v", v.name, measureSet(t, x, false, "testdata/questions.tsv", "testdata/dev2.tsv", "testdata/outofscope.tsv"))
		t.Logf("%-24s dev3     %v", v.name, measureSet(t, x, false, "testdata/dev3.tsv"))
		t.Logf("%-24s dev4     %v", v.name, measureSet(t, x, false, "testdata/dev4.tsv"))
		t.Logf("%-24s heldout  %v", v.name, measureSet(t, x, false, "testdata/heldout.tsv"))
		t.Logf("%-24s heldout3 %v", v.name, measureSet(t, x, false, "testdata/heldout3.tsv"))
		t.Logf("%-24s heldout4 %v", v.name, measureSet(t, x, false, "testdata/heldout4.tsv"))
		t.Logf("%-24s heldout5 %v", v.name, measureSet(t, x, false, "testdata/heldout5.tsv"))
	}
}

// firstPassThesaurus is the embedded thesaurus without the lines this pass
// of issue 16 added.
func firstPassThesaurus() string {
	i := strings.Index(defaultThesaurus, "# Issue 16, second pass")
	if i < 0 {
		return defaultThesaurus
	}
	return defaultThesaurus[:i]
}

// thirdPassThesaurus is the embedded thesaurus without the lines the
// fourth pass of issue 16 added.
func thirdPassThesaurus() string {
	i := strings.Index(defaultThesaurus, "# Issue 16, fourth pass")
	if i < 0 {
		return defaultThesaurus
	}
	return defaultThesaurus[:i]
}

type variant struct {
	name string
	opts []Option
}

func variants() []variant {
	return []variant{
		{"default", nil},
		{"third-pass thesaurus", []Option{withoutDefaultThesaurus(), WithThesaurus(strings.NewReader(thirdPassThesaurus()))}},
		{"no answer-kind check", []Option{withRanking(func(c *config) { c.askKinds = false })}},
		{"background weighed as asked", []Option{withRanking(func(c *config) { c.contextWeight = 1 })}},
		{"no practical-matter rule", []Option{withRanking(func(c *config) { c.practical = false })}},
		{"junction of a strange char", []Option{withRanking(func(c *config) { c.strangeChars = false })}},
		{"junctions counted", []Option{withRanking(func(c *config) { c.junctions = false })}},
		{"no expansion bound", []Option{withRanking(func(c *config) { c.expansionBigrams = 0 })}},
		{"answer of the ranking's pattern", []Option{withRanking(func(c *config) { c.closestPattern = false })}},
		{"no clear-facet bar", []Option{withRanking(func(c *config) { c.clearFacet = 0 })}},
		{"clear facet at 0.8 of the rival", []Option{withRanking(func(c *config) { c.clearFacet = 0.8 })}},
		{"no entitlement rule", []Option{withRanking(func(c *config) { c.entitlements = false })}},
		{"no number forms", []Option{withRanking(func(c *config) { c.numbers = false })}},
		{"first-pass thesaurus", []Option{withoutDefaultThesaurus(), WithThesaurus(strings.NewReader(firstPassThesaurus()))}},
		{"threshold 0.3 / 8", []Option{withRanking(func(c *config) { c.coverage, c.matched = 0.3, 8 })}},
		{"answer at 0.4 (first pass)", []Option{withRanking(func(c *config) { c.answerSimilarity, c.soleAnswerSimilarity = 0.4, 0.4 })}},
		{"answer at 0.3", []Option{withRanking(func(c *config) { c.answerSimilarity = 0.3 })}},
		{"sole answer at 0.25", []Option{withRanking(func(c *config) { c.soleAnswerSimilarity = 0.25 })}},
		{"sole answer at 0.35", []Option{withRanking(func(c *config) { c.soleAnswerSimilarity = 0.35 })}},
		{"sole answer at 0", []Option{withRanking(func(c *config) { c.soleAnswerSimilarity = 0.0001 })}},
		{"rare words ×idf^0.5", []Option{withRanking(func(c *config) { c.rarePower = 0.5 })}},
		{"k1 2", []Option{withRanking(func(c *config) { c.k1 = 2 })}},
		{"k1 0.8", []Option{withRanking(func(c *config) { c.k1 = 0.8 })}},
		{"b 0.5", []Option{withRanking(func(c *config) { c.b = 0.5 })}},
		{"b 0.1", []Option{withRanking(func(c *config) { c.b = 0.1 })}},
	}
}

// TestDevMisses logs every miss of the development sets (they may be read).
func TestDevMisses(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	x := kunshanIndex(t)
	for _, file := range []string{"testdata/questions.tsv", "testdata/dev2.tsv", "testdata/outofscope.tsv", "testdata/dev3.tsv", "testdata/dev4.tsv"} {
		for _, q := range loadQuestionFile(t, file) {
			res, err := x.Search(q.text, 3)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, h := range res.Hits {
				got = append(got, h.Number)
			}
			if q.want == 0 && !res.NotCovered || q.want != 0 && (len(got) == 0 || got[0] != q.want) {
				t.Logf("miss %s (%s) %q want %d got %v cov %.2f/%.1f exp %v", file[len("testdata/"):], q.part, q.text, q.want, got, res.Coverage, res.matched, res.Expansions)
			}
		}
	}
}

// TestThresholdSweep prints, for the development sets only, the false
// not-covered and recognised counts for a grid of thresholds.
func TestThresholdSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	type qr struct {
		in        bool
		cov, have float64
		nohit     bool
	}
	x, err := NewIndex(nil, withRanking(func(c *config) { c.coverage, c.matched = 0, 0 }))
	if err != nil {
		t.Fatal(err)
	}
	var rs []qr
	for _, file := range []string{"testdata/questions.tsv", "testdata/dev2.tsv", "testdata/outofscope.tsv", "testdata/dev3.tsv", "testdata/dev4.tsv"} {
		for _, q := range loadQuestionFile(t, file) {
			if q.part == "plain" {
				continue
			}
			res, _ := x.Search(q.text, 3)
			rs = append(rs, qr{q.want != 0, res.Coverage, res.matched, len(res.Hits) == 0})
		}
	}
	for _, c := range []float64{0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6} {
		for _, m := range []float64{6, 7, 8, 9, 10, 12} {
			fn, rec := 0, 0
			for _, r := range rs {
				not := r.nohit || (r.cov < c && r.have < m)
				if r.in && not {
					fn++
				}
				if !r.in && not {
					rec++
				}
			}
			t.Logf("coverage %.2f matched %4.1f: false not-covered %d, recognised %d", c, m, fn, rec)
		}
	}
}

// TestThesaurusAblation measures, on the development sets, each line of the
// thesaurus's last block taken out alone (OFFICEBOT_ABLATE=1 to run).
func TestThesaurusAblation(t *testing.T) {
	if os.Getenv("OFFICEBOT_ABLATE") == "" {
		t.Skip("OFFICEBOT_ABLATE not set")
	}
	lines := strings.Split(defaultThesaurus, "\n")
	start := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "# Issue 16, second pass") {
			start = i
		}
	}
	score := func(th string) string {
		x, err := NewIndex(nil, withoutDefaultThesaurus(), WithThesaurus(strings.NewReader(th)))
		if err != nil {
			t.Fatal(err)
		}
		return measureSet(t, x, false, "testdata/questions.tsv", "testdata/dev2.tsv", "testdata/outofscope.tsv").String()
	}
	base := score(defaultThesaurus)
	t.Logf("all lines: %s", base)
	for i := start; i < len(lines); i++ {
		if !strings.Contains(lines[i], "=>") {
			continue
		}
		rest := append(append([]string{}, lines[:i]...), lines[i+1:]...)
		if s := score(strings.Join(rest, "\n")); s != base {
			t.Logf("without %-30s %s", lines[i], s)
		}
	}
}

// answerQuestion is one question of testdata/answers-dev.tsv: the article
// and the answer (by id) it should get.
type answerQuestion struct {
	text, id string
	want     int
}

func loadAnswerQuestions(t testing.TB) []answerQuestion {
	t.Helper()
	data, err := os.ReadFile("testdata/answers-dev.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var qs []answerQuestion
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		cols := strings.Split(l, "\t")
		n := 0
		if len(cols) == 3 {
			_, err = fmt.Sscan(cols[1], &n)
		}
		if len(cols) != 3 || err != nil {
			t.Fatalf("answers-dev.tsv: bad line %q", l)
		}
		qs = append(qs, answerQuestion{cols[0], cols[2], n})
	}
	return qs
}

// answerFigures counts, over answers-dev.tsv, the questions whose expected
// article is first, that got the expected answer, another answer, or none.
type answerFigures struct{ n, top1, right, wrong, none int }

func (f answerFigures) String() string {
	return fmt.Sprintf("n=%d top-1 %d, answer right %d (%.1f%%), wrong %d, none %d", f.n, f.top1, f.right, pct(f.right, f.n), f.wrong, f.none)
}

func measureAnswers(t testing.TB, x *Index, log func(q answerQuestion, res Result)) answerFigures {
	var f answerFigures
	for _, q := range loadAnswerQuestions(t) {
		res, err := x.Search(q.text, 3)
		if err != nil {
			t.Fatal(err)
		}
		f.n++
		if len(res.Hits) > 0 && res.Hits[0].Number == q.want {
			f.top1++
		}
		switch {
		case res.Answer == nil:
			f.none++
		case res.Answer.ID == q.id:
			f.right++
		default:
			f.wrong++
		}
		if log != nil && (res.Answer == nil || res.Answer.ID != q.id) {
			log(q, res)
		}
	}
	return f
}

// TestAnswerFigures prints how the answers file does on answers-dev.tsv
// (development: misses are logged), under the final settings and the
// variants.
func TestAnswerFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	f := measureAnswers(t, kunshanIndex(t), func(q answerQuestion, res Result) {
		got, first := "none", 0
		if res.Answer != nil {
			got = res.Answer.ID + " via " + res.Answer.Pattern
		}
		if len(res.Hits) > 0 {
			first = res.Hits[0].Number
		}
		t.Logf("miss %q want %s (%d) got %s (%d)", q.text, q.id, q.want, got, first)
	})
	t.Logf("answers-dev %v", f)
	for _, v := range variants()[1:] {
		x, err := NewIndex(nil, v.opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-26s answers-dev %v", v.name, measureAnswers(t, x, nil))
	}
}

// TestExplain prints, for the questions in OFFICEBOT_EXPLAIN (separated by
// |), each of the first five articles' text and pattern scores and its best
// pattern: what ranking weighed (development use).
func TestExplain(t *testing.T) {
	qs := os.Getenv("OFFICEBOT_EXPLAIN")
	if qs == "" {
		t.Skip("OFFICEBOT_EXPLAIN not set")
	}
	x := kunshanIndex(t)
	for _, q := range strings.Split(qs, "|") {
		norm := Normalize(q)
		exp, keys := x.expand(norm)
		qt := x.queryTerms(compactKeepSpaces(stripFillers(norm)), exp, keys)
		text := make([]float64, len(x.docs))
		ps := make([]float64, len(x.pats))
		for i, term := range qt.terms {
			x.articles.score(term, qt.weight[i], x.cfg.k1, x.cfg.b, text)
			x.patterns.score(term, qt.weight[i], x.cfg.k1, x.cfg.b, ps)
		}
		res, _ := x.Search(q, 5)
		t.Logf("%s  exp %v", q, exp)
		for _, h := range res.Hits {
			d := h.Number - 1
			bp, bs := -1, 0.0
			for _, p := range x.patsOf[d] {
				if ps[p] > bs {
					bp, bs = p, ps[p]
				}
			}
			pt := ""
			if bp >= 0 {
				pt = x.pats[bp].text
			}
			t.Logf("   %2d  %.1f = text %.1f + pattern %.1f %q", h.Number, h.Score, text[d], bs, pt)
		}
	}
}

// TestTwoBookFigures prints the development and held-out figures (totals)
// with the sample regulation imported beside the Kunshan rules: a Kunshan
// question that gets an imported article first counts as a miss.
func TestTwoBookFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	sample, err := Parse("", mustRead(t, "testdata/sample-regulation.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []variant{{"default", nil}, {"no sentence patterns", []Option{withRanking(func(c *config) { c.sentencePatterns = false })}}} {
		x, err := NewIndex([]*Book{Default(), sample}, v.opts...)
		if err != nil {
			t.Fatal(err)
		}
		res, _ := x.Search("征求意见的期限", 3)
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Citation())
		}
		t.Logf("%-22s 征求意见的期限 → %v", v.name, got)
		t.Logf("%-22s plain    %v", v.name, measureSet(t, x, true, "testdata/questions.tsv"))
		t.Logf("%-22s dev      %v", v.name, measureSet(t, x, false, "testdata/questions.tsv", "testdata/dev2.tsv", "testdata/outofscope.tsv"))
		t.Logf("%-22s dev3     %v", v.name, measureSet(t, x, false, "testdata/dev3.tsv"))
		t.Logf("%-22s heldout3 %v", v.name, measureSet(t, x, false, "testdata/heldout3.tsv"))
		t.Logf("%-22s heldout4 %v", v.name, measureSet(t, x, false, "testdata/heldout4.tsv"))
	}
}

// TestPatternAblation measures, on the development sets only, each question
// pattern listed in the file OFFICEBOT_ABLATE_PATTERNS (one a line) taken
// out alone: which new patterns pull other questions away.
func TestPatternAblation(t *testing.T) {
	path := os.Getenv("OFFICEBOT_ABLATE_PATTERNS")
	if path == "" {
		t.Skip("OFFICEBOT_ABLATE_PATTERNS not set")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	base, err := DefaultAnswers()
	if err != nil {
		t.Fatal(err)
	}
	score := func(answers []*Answer) string {
		x, err := NewIndex(nil, withRanking(func(c *config) { c.answers = answers }))
		if err != nil {
			t.Fatal(err)
		}
		return measureSet(t, x, false, "testdata/questions.tsv", "testdata/dev2.tsv", "testdata/outofscope.tsv", "testdata/dev3.tsv").String() + " | " + measureAnswers(t, x, nil).String()
	}
	all := score(base)
	t.Logf("all patterns: %s", all)
	for _, p := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var answers []*Answer
		for _, a := range base {
			c := *a
			c.Patterns = nil
			for _, q := range a.Patterns {
				if q != p {
					c.Patterns = append(c.Patterns, q)
				}
			}
			answers = append(answers, &c)
		}
		if s := score(answers); s != all {
			t.Logf("without %-28s %s", p, s)
		}
	}
}

// TestDev3ByPart prints dev3.tsv's figures by kind of question and batch
// (the batches b2-b6 were each measured at first sight when written; these
// are today's figures).
func TestDev3ByPart(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	logByPart(t, kunshanIndex(t), "testdata/dev3.tsv")
}

// TestDev4ByPart prints dev4.tsv's figures by kind of question (fifth
// pass: long, rare, outofscope).
func TestDev4ByPart(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	logByPart(t, kunshanIndex(t), "testdata/dev4.tsv")
}

// logByPart logs a development set's figures by part.
func logByPart(t *testing.T, x *Index, file string) {
	var parts []string
	for _, q := range loadQuestionFile(t, file) {
		if !contains(parts, q.part) {
			parts = append(parts, q.part)
		}
	}
	for _, part := range parts {
		var f setFigures
		for _, q := range loadQuestionFile(t, file) {
			if q.part != part {
				continue
			}
			res, err := x.Search(q.text, 3)
			if err != nil {
				t.Fatal(err)
			}
			if q.want == 0 {
				f.out++
				if res.NotCovered {
					f.recognised++
				}
				continue
			}
			f.n++
			if res.NotCovered {
				f.falseNot++
			}
			for i, h := range res.Hits {
				if h.Number == q.want {
					if i == 0 {
						f.top1++
					}
					f.top3++
					break
				}
			}
		}
		t.Logf("%-10s %v", part, f)
	}
}

// TestAskKindFigures prints the figures with each part of the answer-kind
// check alone (fifth pass): development sets, and held-out totals.
func TestAskKindFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	vs := []variant{
		{"no answer-kind check", []Option{withRanking(func(c *config) { c.askKinds = false })}},
		{"all kinds", nil},
	}
	names := []string{"", "days", "period", "place", "clock time", "contact", "form", "amount"}
	for _, k := range []askKind{askDays, askDuration, askPlace, askClock, askContact, askForm, askAmount} {
		vs = append(vs, variant{names[k] + " only", []Option{withRanking(func(c *config) { c.askOnly = []askKind{k} })}})
	}
	for _, v := range vs {
		x, err := NewIndex(nil, v.opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-22s dev %v", v.name, measureSet(t, x, false, "testdata/questions.tsv", "testdata/dev2.tsv", "testdata/outofscope.tsv", "testdata/dev3.tsv", "testdata/dev4.tsv"))
		t.Logf("%-22s held %v", v.name, measureSet(t, x, false, "testdata/heldout.tsv", "testdata/heldout3.tsv", "testdata/heldout4.tsv", "testdata/heldout5.tsv"))
	}
}

// TestContextWeightFigures prints the figures with the background clauses
// of a question weighed less (fifth pass): development sets by set, and
// held-out totals.
func TestContextWeightFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	vs := []variant{{"default", nil}, {"context 1", []Option{withRanking(func(c *config) { c.contextWeight = 1 })}}}
	for _, w := range []float64{0.3, 0.5, 0.7} {
		for _, n := range []int{0, 25, 35} {
			vs = append(vs, variant{fmt.Sprintf("context %.2f ≥%d", w, n), []Option{withRanking(func(c *config) { c.contextWeight, c.contextRunes = w, n })}})
		}
	}
	for _, v := range vs {
		x, err := NewIndex(nil, v.opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-20s dev  %v", v.name, measureSet(t, x, false, "testdata/questions.tsv", "testdata/dev2.tsv", "testdata/outofscope.tsv"))
		t.Logf("%-20s dev3 %v", v.name, measureSet(t, x, false, "testdata/dev3.tsv"))
		t.Logf("%-20s dev4 %v", v.name, measureSet(t, x, false, "testdata/dev4.tsv"))
		t.Logf("%-20s held %v", v.name, measureSet(t, x, false, "testdata/heldout.tsv", "testdata/heldout3.tsv", "testdata/heldout4.tsv", "testdata/heldout5.tsv"))
	}
}
