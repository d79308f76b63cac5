package rulebook

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

type question struct {
	part, text string
	want       int
}

func loadQuestions(t testing.TB) []question {
	t.Helper()
	return loadQuestionFile(t, "testdata/questions.tsv")
}

func loadQuestionFile(t testing.TB, path string) []question {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []question
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) != 3 {
			t.Fatalf("questions.tsv: bad line %q", l)
		}
		n, err := strconv.Atoi(cols[2])
		if err != nil {
			t.Fatalf("questions.tsv: bad article in %q", l)
		}
		qs = append(qs, question{cols[0], cols[1], n})
	}
	return qs
}

type accuracy struct{ n, top1, top3 int }

func (a accuracy) pct1() float64 { return 100 * float64(a.top1) / float64(a.n) }
func (a accuracy) pct3() float64 { return 100 * float64(a.top3) / float64(a.n) }

// evaluate runs every question and returns accuracy per part, logging misses
// when verbose.
func evaluate(t testing.TB, x *Index, qs []question, verbose bool) map[string]accuracy {
	t.Helper()
	acc := map[string]accuracy{}
	for _, q := range qs {
		res, err := x.Search(q.text, 3)
		a := acc[q.part]
		a.n++
		if err != nil {
			t.Errorf("%s %q: %v", q.part, q.text, err)
			acc[q.part] = a
			continue
		}
		rank := 0
		for i, h := range res.Hits {
			if i < 3 && h.Number == q.want {
				rank = i + 1
				break
			}
		}
		if rank == 1 {
			a.top1++
		}
		if rank >= 1 && rank <= 3 {
			a.top3++
		}
		acc[q.part] = a
		if verbose && rank != 1 {
			var got []string
			for _, h := range res.Hits {
				got = append(got, strconv.Itoa(h.Number))
			}
			t.Logf("miss (%s) %q want %d got [%s] rank %d expansions %v", q.part, q.text, q.want, strings.Join(got, " "), rank, res.Expansions)
		}
	}
	return acc
}

// TestQuestionAccuracy is the quality bar of /rules: the questions in
// testdata/questions.tsv were written before the search was tuned.
func TestQuestionAccuracy(t *testing.T) {
	qs := loadQuestions(t)
	x, err := NewIndex(nil)
	if err != nil {
		t.Fatal(err)
	}
	acc := evaluate(t, x, qs, true)
	bars := []struct {
		part       string
		min        int
		top1, top3 float64
	}{
		{"plain", 30, 95, 100},
		{"paraphrase", 30, 85, 95},
	}
	for _, b := range bars {
		a := acc[b.part]
		t.Logf("%-10s n=%d top-1 %.1f%% (%d) top-3 %.1f%% (%d)", b.part, a.n, a.pct1(), a.top1, a.pct3(), a.top3)
		if a.n < b.min {
			t.Errorf("%s: %d questions, want at least %d", b.part, a.n, b.min)
		}
		if a.pct1() < b.top1 || a.pct3() < b.top3 {
			t.Errorf("%s: top-1 %.1f%% top-3 %.1f%%, want ≥ %.0f%% and ≥ %.0f%%", b.part, a.pct1(), a.pct3(), b.top1, b.top3)
		}
	}
}

// TestRankingVariants measures the alternatives the default was chosen
// from (bigrams only, unigrams beside bigrams, weights, answer patterns, no thesaurus)
// and fails if one of them beats the default over all questions (top-1 plus
// top-3 hits, plain and paraphrase together).
func TestRankingVariants(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	qs := loadQuestions(t)
	variants := []struct {
		name string
		opts []Option
	}{
		{"default", nil},
		{"bigrams only", []Option{withRanking(func(c *config) { c.unigrams = false })}},
		{"unigrams boost 1", []Option{withRanking(func(c *config) { c.unigramBoost = 1 })}},
		{"unigrams boost 0.1", []Option{withRanking(func(c *config) { c.unigramBoost = 0.1 })}},
		{"no answer patterns", []Option{withoutAnswers()}},
		{"patterns ×0.5", []Option{withRanking(func(c *config) { c.patternBoost = 0.5 })}},
		{"patterns ×2", []Option{withRanking(func(c *config) { c.patternBoost = 2 })}},
		{"BM25 b=0.75", []Option{withRanking(func(c *config) { c.b = 0.75 })}},
		{"no thesaurus", []Option{withoutDefaultThesaurus()}},
		{"junctions counted", []Option{withRanking(func(c *config) { c.junctions = false })}},
		{"no expansion bound", []Option{withRanking(func(c *config) { c.expansionBigrams = 0 })}},
		{"rare words ×idf^0.5", []Option{withRanking(func(c *config) { c.rarePower = 0.5 })}},
	}
	base := -1
	for _, v := range variants {
		x, err := NewIndex(nil, v.opts...)
		if err != nil {
			t.Fatal(err)
		}
		acc := evaluate(t, x, qs, false)
		p, para := acc["plain"], acc["paraphrase"]
		t.Logf("%-20s plain top-1 %5.1f%% top-3 %5.1f%% | paraphrase top-1 %5.1f%% top-3 %5.1f%%", v.name, p.pct1(), p.pct3(), para.pct1(), para.pct3())
		score := p.top1 + p.top3 + para.top1 + para.top3
		if base < 0 {
			base = score
		} else if score > base {
			t.Errorf("variant %q ranks the questions better than the default", v.name)
		}
	}
}

// TestHeldOutAccuracy reports accuracy on questions that were never used for
// tuning. Its bar is lower than the tuned set's: it guards against the
// thesaurus overfitting, not against every miss.
func TestHeldOutAccuracy(t *testing.T) {
	qs := loadQuestionFile(t, "testdata/heldout.tsv")
	x, err := NewIndex(nil)
	if err != nil {
		t.Fatal(err)
	}
	a := evaluate(t, x, qs, true)["paraphrase"]
	t.Logf("held-out   n=%d top-1 %.1f%% (%d) top-3 %.1f%% (%d)", a.n, a.pct1(), a.top1, a.pct3(), a.top3)
	if a.pct1() < 60 || a.pct3() < 80 {
		t.Errorf("held-out: top-1 %.1f%% top-3 %.1f%%, want ≥ 60%% and ≥ 80%%", a.pct1(), a.pct3())
	}
}

// TestHeldOut3Accuracy reports accuracy on heldout3.tsv, written from the
// rules text alone before the issue-16 ranking and answers were tuned, and
// never edited since (docs/rules.md).
func TestHeldOut3Accuracy(t *testing.T) {
	var in []question
	for _, q := range loadQuestionFile(t, "testdata/heldout3.tsv") {
		if q.want != 0 {
			in = append(in, q)
		}
	}
	a := evaluate(t, kunshanIndex(t), in, false)["paraphrase"]
	t.Logf("held-out 3 n=%d top-1 %.1f%% (%d) top-3 %.1f%% (%d)", a.n, a.pct1(), a.top1, a.pct3(), a.top3)
	if a.n < 60 || a.pct1() < 85 || a.pct3() < 93 {
		t.Errorf("held-out 3: n=%d top-1 %.1f%% top-3 %.1f%%, want n ≥ 60, ≥ 85%% and ≥ 93%%", a.n, a.pct1(), a.pct3())
	}
}

// TestNotCovered: questions the rules do not answer get no hits, and
// questions they answer almost never do. The threshold was chosen on the
// development sets (questions.tsv, outofscope.tsv), which must meet the
// issue's bars (≤ 2 % false "not covered", ≥ 80 % recognised); over every
// set, held-out ones included, the figures are logged and guarded more
// loosely (docs/rules.md reports both).
func TestNotCovered(t *testing.T) {
	x := kunshanIndex(t)
	measure := func(files ...string) (fp, rec float64) {
		var in, out []question
		for _, f := range files {
			for _, q := range loadQuestionFile(t, f) {
				if q.want == 0 {
					out = append(out, q)
				} else {
					in = append(in, q)
				}
			}
		}
		falseNot, recognised := 0, 0
		for _, q := range in {
			if res, err := x.Search(q.text, 3); err == nil && res.NotCovered {
				falseNot++
			}
		}
		for _, q := range out {
			if res, err := x.Search(q.text, 3); err == nil && res.NotCovered && len(res.Hits) == 0 {
				recognised++
			}
		}
		fp = 100 * float64(falseNot) / float64(len(in))
		rec = 100 * float64(recognised) / float64(len(out))
		t.Logf("%v: false not-covered %d/%d (%.1f%%), out of scope recognised %d/%d (%.1f%%)", files, falseNot, len(in), fp, recognised, len(out), rec)
		return fp, rec
	}
	if fp, rec := measure("testdata/questions.tsv", "testdata/outofscope.tsv", "testdata/dev2.tsv"); fp > 2 || rec < 80 {
		t.Errorf("development sets: false not-covered %.1f%% (want ≤ 2%%), recognised %.1f%% (want ≥ 80%%)", fp, rec)
	}
	if fp, rec := measure("testdata/heldout.tsv", "testdata/heldout3.tsv", "testdata/heldout4.tsv"); fp > 5 || rec < 80 {
		t.Errorf("held-out sets: false not-covered %.1f%% (want ≤ 5%%), recognised %.1f%% (want ≥ 80%%)", fp, rec)
	}
	measure("testdata/questions.tsv", "testdata/outofscope.tsv", "testdata/dev2.tsv", "testdata/heldout.tsv", "testdata/heldout3.tsv", "testdata/heldout4.tsv", "testdata/heldout5.tsv")
}

// TestHeldOut4Accuracy reports accuracy and not-covered figures on
// heldout4.tsv, written from the rules text alone and committed before the
// second tuning pass of issue 16 (docs/rules.md). It logs no misses: the set
// is measured, never read while tuning.
func TestHeldOut4Accuracy(t *testing.T) {
	a, outN, _ := measureHeldOut(t, "testdata/heldout4.tsv")
	// A guard against regressions, below the figures docs/rules.md reports.
	if a.n < 60 || outN < 15 || a.pct1() < 90 || a.pct3() < 97 {
		t.Errorf("held-out 4: n=%d (%d out of scope) top-1 %.1f%% top-3 %.1f%%, want n ≥ 60, ≥ 15, ≥ 90%% and ≥ 97%%", a.n, outN, a.pct1(), a.pct3())
	}
}

// TestHeldOut5Accuracy reports heldout5.tsv the same way: 100 paraphrases
// and 25 out-of-scope questions written from the rules text alone before
// the third tuning pass (b691368), never read while tuning.
func TestHeldOut5Accuracy(t *testing.T) {
	a, outN, recognised := measureHeldOut(t, "testdata/heldout5.tsv")
	// A guard well below the reported figures: the set is there to be
	// measured, and its size must not shrink unnoticed.
	if a.n < 100 || outN < 25 || a.pct1() < 80 || a.pct3() < 90 || 100*recognised < 70*outN {
		t.Errorf("held-out 5: n=%d (%d out of scope, %d recognised) top-1 %.1f%% top-3 %.1f%%, want n ≥ 100, 25, ≥ 70%%, ≥ 80%% and ≥ 90%%", a.n, outN, recognised, a.pct1(), a.pct3())
	}
}

// measureHeldOut logs a held-out set's top-1/top-3 accuracy, how many of
// its in-scope questions are said not covered and how many of its
// out-of-scope ones are recognised, without naming a single miss.
func measureHeldOut(t *testing.T, file string) (a accuracy, outN, recognised int) {
	t.Helper()
	var in, out []question
	for _, q := range loadQuestionFile(t, file) {
		if q.want == 0 {
			out = append(out, q)
		} else {
			in = append(in, q)
		}
	}
	x := kunshanIndex(t)
	a = evaluate(t, x, in, false)["paraphrase"]
	falseNot := 0
	for _, q := range in {
		if res, err := x.Search(q.text, 3); err == nil && res.NotCovered {
			falseNot++
		}
	}
	for _, q := range out {
		if res, err := x.Search(q.text, 3); err == nil && res.NotCovered && len(res.Hits) == 0 {
			recognised++
		}
	}
	t.Logf("%s n=%d top-1 %.1f%% (%d) top-3 %.1f%% (%d); said not covered %d; out of scope recognised %d/%d",
		file, a.n, a.pct1(), a.top1, a.pct3(), a.top3, falseNot, recognised, len(out))
	return a, len(out), recognised
}

// TestDev2Accuracy reports dev2.tsv, the development set of the second
// tuning pass (read and tuned on), with its misses.
func TestDev2Accuracy(t *testing.T) {
	var in, out []question
	for _, q := range loadQuestionFile(t, "testdata/dev2.tsv") {
		if q.want == 0 {
			out = append(out, q)
		} else {
			in = append(in, q)
		}
	}
	x := kunshanIndex(t)
	a := evaluate(t, x, in, true)["paraphrase"]
	for _, q := range out {
		if res, err := x.Search(q.text, 3); err == nil && !res.NotCovered {
			t.Logf("out of scope answered: %q → %d", q.text, res.Hits[0].Number)
		}
	}
	t.Logf("dev 2 n=%d top-1 %.1f%% (%d) top-3 %.1f%% (%d)", a.n, a.pct1(), a.top1, a.pct3(), a.top3)
}
