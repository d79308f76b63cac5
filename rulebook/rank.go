package rulebook

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"officebot/numeral"
)

// expand returns the thesaurus targets for words in the query and the words
// that were found. Keys are looked up in the query as typed and with
// question words deleted (讨论什么内容 → 讨论内容).
func (x *Index) expand(norm string) (targets, keys []string) {
	compact := compactSpaces(norm)
	deleted := compactSpaces(fillerDeleter.Replace(norm))
	// Keys are found by their first character, then reported in thesKeys
	// order (longest first) as before.
	var found []int
	for _, s := range []string{compact, deleted} {
		for i, r := range s {
			for _, ki := range x.keysByRune[r] {
				k := x.thesKeys[ki]
				if strings.HasPrefix(s[i:], k) && !slices.Contains(found, ki) && !x.insideWord(s, i, k) {
					found = append(found, ki)
				}
			}
		}
	}
	slices.Sort(found)
	for _, ki := range found {
		k := x.thesKeys[ki]
		keys = append(keys, k)
		for _, t := range x.thesaurus.targets[k] {
			if !contains(targets, t) {
				targets = append(targets, t)
			}
		}
	}
	for _, t := range x.numberForms(compact) {
		if !contains(targets, t) {
			targets = append(targets, t)
		}
	}
	return targets, keys
}

// insideWord reports whether a one-character key at byte i of s is part of
// a word the rulebooks use (签 in 签发, 签署): the question then has the
// official word already, and the key's other targets would only add noise
// (签 → 签署 pulls 请示谁签发 toward the articles on what the mayor signs).
func (x *Index) insideWord(s string, i int, key string) bool {
	if utf8.RuneCountInString(key) != 1 {
		return false
	}
	end := i + len(key)
	if r, n := utf8.DecodeRuneInString(s[end:]); n > 0 && r != ' ' && x.articles.df(s[i:end+n]) > 0 {
		return true
	}
	if r, n := utf8.DecodeLastRuneInString(s[:i]); n > 0 && r != ' ' && x.articles.df(s[i-n:end]) > 0 {
		return true
	}
	return false
}

// numberForms are the ways the rulebooks write the periods a question
// names: 十天 → 十日, 6天 → 6个工作日, 一天 → 1天. Deadlines are what
// officials ask most, and they type the number as it comes to them.
func (x *Index) numberForms(q string) []string {
	if !x.cfg.numbers || !strings.ContainsAny(q, "天日") {
		return nil
	}
	var out []string
	rs := []rune(q)
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && isNumeralRune(rs[j]) {
			j++
		}
		if j == i {
			i++
			continue
		}
		num := string(rs[i:j])
		i = j
		unit := ""
		for _, u := range []string{"个工作日", "工作日", "个工作天", "天", "日"} {
			if strings.HasPrefix(string(rs[j:]), u) {
				unit = u
				break
			}
		}
		if unit == "" {
			continue
		}
		n, err := numeral.Parse(num)
		if err != nil || n <= 0 {
			continue
		}
		d, c := strconv.Itoa(n), numeral.Chinese(n)
		for _, f := range []string{d + "日", c + "日", d + "天", c + "天", d + "个工作日", c + "个工作日"} {
			if f != num+unit && x.inCorpus(f) && !contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

func isNumeralRune(r rune) bool {
	return (r >= '0' && r <= '9') || strings.ContainsRune("零一二两三四五六七八九十百", r)
}

// inCorpus reports whether some rulebook's normalised text holds s.
func (x *Index) inCorpus(s string) bool {
	for _, c := range x.corpus {
		if strings.Contains(c, s) {
			return true
		}
	}
	return false
}

// queryTerms are the weighted terms of a question, in slices (ranking walks
// them in order, which also keeps float sums independent of map order).
type queryTerms struct {
	terms  []string  // every term, first appearance first
	weight []float64 // weight in ranking, by index into terms
	// own are the terms of the question's own words, thesaurus keys taken
	// out and their targets put in: what coverage is measured on.
	own []string
	// words are the terms of two characters or more.
	words []string
	index map[string]int // term → its place in terms
}

// weightOf is term t's weight and whether the question has it.
func (q *queryTerms) weightOf(t string) (float64, bool) {
	if i, ok := q.index[t]; ok {
		return q.weight[i], true
	}
	return 0, false
}

func (x *Index) queryTerms(core string, expansions, keys []string) queryTerms {
	return x.queryTermsAsked(core, expansions, keys, "")
}

// queryTermsAsked is queryTerms for a question whose asked clause is
// asked ("" when it has no other): terms only the background clauses hold
// weigh contextWeight in ranking (a word of the question by where it
// stands, a thesaurus target by where its keys stand; a period's forms
// always count as asked).
func (x *Index) queryTermsAsked(core string, expansions, keys []string, asked string) queryTerms {
	q := queryTerms{index: make(map[string]int, 64)}
	var isOwn []bool
	ctx := x.cfg.contextWeight
	weighContext := asked != "" && ctx != 1
	var askedTargets, backTargets []string
	if weighContext {
		for _, k := range keys {
			if strings.Contains(asked, k) {
				askedTargets = append(askedTargets, x.thesaurus.targets[k]...)
			} else {
				backTargets = append(backTargets, x.thesaurus.targets[k]...)
			}
		}
	}
	// add adds the terms of s; back reports whether a term is background.
	add := func(s string, own bool, scale float64, back func(t string) bool) {
		terms(s, x.cfg.unigrams, func(t string) {
			w := scale
			uni := isUnigram(t)
			if uni {
				r, _ := utf8.DecodeRuneInString(t)
				if x.common[r] {
					return
				}
				w = scale * x.cfg.unigramBoost
			}
			if weighContext && back(t) {
				w *= ctx
			}
			i, seen := q.index[t]
			if !seen {
				i = len(q.terms)
				q.index[t] = i
				q.terms = append(q.terms, t)
				q.weight = append(q.weight, w)
				isOwn = append(isOwn, false)
				if !uni {
					q.words = append(q.words, t)
				}
			} else if q.weight[i] < w {
				q.weight[i] = w
			}
			if own && !isOwn[i] {
				isOwn[i] = true
				q.own = append(q.own, t)
			}
		})
	}
	notAsked := func(t string) bool { return !strings.Contains(asked, t) }
	add(core, false, 1, notAsked)
	rest := core
	for _, k := range keys {
		rest = strings.ReplaceAll(rest, k, " ")
	}
	add(rest, true, 1, notAsked)
	for _, e := range expansions {
		// A long official phrase (行政主要负责人, six bigrams) standing for a
		// short word (一把手) would otherwise outweigh the rest of the
		// question: its bigrams share the weight of about expansionBigrams.
		scale := 1.0
		if n := utf8.RuneCountInString(e) - 1; x.cfg.expansionBigrams > 0 && float64(n) > x.cfg.expansionBigrams {
			scale = x.cfg.expansionBigrams / float64(n)
		}
		back := weighContext && contains(backTargets, e) && !contains(askedTargets, e)
		add(e, true, scale, func(string) bool { return back })
	}
	if x.cfg.junctions {
		q.own = x.dropJunctions(core, q.own)
	}
	return q
}

// dropJunctions removes from own the bigrams that straddle two words: a
// pair of characters no rulebook text or pattern holds, next to a pair that
// one does (市长和副市长: 长和 and 和副 sit between 市长 and 副市). Bigrams
// cut text without knowing words; such junctions are not words the
// question asks about, and counting them as unmatched would make a plain
// question look like one the rules do not cover. An unknown word stays
// (公积金: 公积 and 积金 are both unknown, neither borders a known pair),
// and so does a pair with a character no text or pattern holds (务卡 in
// 公务卡: 公务 is known, but 卡 is in no word of the rules).
func (x *Index) dropJunctions(core string, own []string) []string {
	var junk []string
	for _, seg := range strings.Fields(core) {
		// Byte offsets of the segment's characters; pairs are seg[at[i]:at[i+2]].
		var buf [64]int
		at := buf[:0]
		for i := range seg {
			at = append(at, i)
		}
		at = append(at, len(seg))
		n := len(at) - 2 // pairs
		if n < 2 {
			continue
		}
		pair := func(i int) string { return seg[at[i]:at[i+2]] }
		known := func(i int) bool {
			b := pair(i)
			return x.articles.df(b) > 0 || x.patterns.df(b) > 0
		}
		// A character no text or pattern holds (卡 in 公务卡) is part of a
		// word the rules do not know, not a seam between two known ones.
		strange := func(i int) bool {
			c := seg[at[i]:at[i+1]]
			return x.articles.df(c) == 0 && x.patterns.df(c) == 0
		}
		prev, cur := false, known(0)
		for i := 0; i < n; i++ {
			next := i+1 < n && known(i+1)
			if !cur && (prev || next) && !(x.cfg.strangeChars && (strange(i) || strange(i+1))) {
				junk = append(junk, pair(i))
			}
			prev, cur = cur, next
		}
	}
	if len(junk) == 0 {
		return own
	}
	kept := own[:0:0]
	for _, t := range own {
		if !contains(junk, t) {
			kept = append(kept, t)
		}
	}
	return kept
}

// rarity is the extra weight of a query term for being rare among the
// articles (1 when rarePower is 0).
func (x *Index) rarity(t string) float64 {
	if x.cfg.rarePower == 0 {
		return 1
	}
	return math.Pow(x.articles.idf(t), x.cfg.rarePower)
}

// ranked is one scored article of a text search.
type ranked struct {
	doc     int
	score   float64
	pattern int // best pattern of the article, -1 if none matched
}

// scratch holds the per-search buffers, reused through Index.scratch: a
// question scores every article and every pattern, and allocating those
// slices for each was a fifth of its allocated bytes.
type scratch struct {
	scores, patterns, shared []float64
	sentences                []float64
	best, all                []ranked
}

// floats returns *buf resized to n and zeroed.
func (*scratch) floats(buf *[]float64, n int) []float64 {
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	*buf = (*buf)[:n]
	clear(*buf)
	return *buf
}

// ranked returns *buf resized to n (every element is overwritten).
func (*scratch) ranked(buf *[]ranked, n int) []ranked {
	if cap(*buf) < n {
		*buf = make([]ranked, n)
	}
	*buf = (*buf)[:n]
	return *buf
}

// textSearch ranks articles for keywords or a question. It returns no hits
// when the best article does not cover enough of the question (the rules
// do not speak of it) and says so in res.
func (x *Index) textSearch(books []int, norm string, limit int, res *Result) []Hit {
	norm = askerPhrases.Replace(norm)
	expansions, keys := x.expand(norm)
	res.Expansions = expansions
	core := stripFillers(norm)
	if strings.TrimSpace(core+strings.Join(expansions, "")) == "" {
		return nil
	}
	asked := ""
	if x.cfg.contextWeight != 1 {
		if a, context := askedClause(norm); len(context) > 0 && utf8.RuneCountInString(norm) >= x.cfg.contextRunes {
			asked = fillerDeleter.Replace(a)
		}
	}
	q := x.queryTermsAsked(compactKeepSpaces(core), expansions, keys, asked)
	if len(q.terms) == 0 {
		return nil
	}
	k1, b := x.cfg.k1, x.cfg.b
	sc := x.scratch.Get().(*scratch)
	defer x.scratch.Put(sc)
	scores := sc.floats(&sc.scores, len(x.docs))
	for i, t := range q.terms {
		x.articles.score(t, q.weight[i]*x.rarity(t), k1, b, scores)
	}
	best := sc.ranked(&sc.best, len(x.docs))
	for i := range best {
		best[i] = ranked{doc: i, score: scores[i], pattern: -1}
	}
	if len(x.pats) > 0 {
		ps := sc.floats(&sc.patterns, len(x.pats))
		for i, t := range q.terms {
			x.patterns.score(t, q.weight[i]*x.rarity(t), k1, b, ps)
		}
		for pi, s := range ps {
			if s <= 0 {
				continue
			}
			for _, d := range x.pats[pi].docs {
				if best[d].pattern < 0 || s > ps[best[d].pattern] {
					best[d].pattern = pi
				}
			}
		}
		for i := range best {
			if p := best[i].pattern; p >= 0 {
				best[i].score += x.cfg.patternBoost * ps[p]
			} else if x.cfg.sentencePatterns && best[i].score > 0 && x.sentenceLen[i] != nil {
				best[i].score += x.cfg.patternBoost * x.sentenceScore(&q, i, sc)
			}
		}
	}
	all := sc.all[:0]
	defer func() { sc.all = all[:0] }()
	for _, r := range best {
		if r.score > 0 && containsInt(books, x.docs[r.doc].book) {
			all = append(all, r)
		}
	}
	slices.SortFunc(all, func(a, b ranked) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return a.doc - b.doc
	})
	var cands []ranked
	for _, r := range all {
		if len(cands) == limit {
			break
		}
		if x.wordMatch(q, r) {
			cands = append(cands, r)
		}
	}
	if len(cands) == 0 {
		res.NotCovered = true
		return nil
	}
	res.Coverage, res.matched = x.coverage(q, cands[0])
	if res.Coverage < x.cfg.coverage && res.matched < x.cfg.matched {
		res.NotCovered = true
		return nil
	}
	if x.cfg.entitlements && x.books[x.docs[cands[0].doc].book].Title == KunshanTitle && asksEntitlement(norm) {
		// Art. 57 says who asks for leave and who approves, not how many
		// days one may take; no article sets an allowance (scope.go).
		res.NotCovered = true
		return nil
	}
	if x.cfg.practical && x.books[x.docs[cands[0].doc].book].Title == KunshanTitle && res.matched < practicalMatched && asksPractical(norm) {
		res.NotCovered = true // equipment, accounts, repairs, formatting (scope.go)
		return nil
	}
	if x.cfg.askKinds {
		if asked, _ := askedClause(norm); x.unanswerableKind(asked, cands[0].doc) {
			res.NotCovered = true // a period, place, form or amount the article does not give (askkind.go)
			return nil
		}
	}
	var hits []Hit
	for i, r := range cands {
		d := x.docs[r.doc]
		bk := x.books[d.book]
		h := Hit{Book: bk.Title, Article: bk.Articles[d.article], Score: r.score}
		h.spans = x.matchSpans(r.doc, q.words)
		for _, s := range h.spans {
			if t := h.Text[s.start:s.end]; !contains(h.Terms, t) {
				h.Terms = append(h.Terms, t)
			}
		}
		if i == 0 && r.pattern >= 0 {
			pi, sim, rival := r.pattern, 0.0, 1.0
			if x.cfg.closestPattern {
				pi, sim, rival = x.closestPattern(q, r.doc, sc)
			} else {
				sim = x.patternSimilarity(q, pi)
			}
			least := x.cfg.answerSimilarity
			if a := x.answers[x.pats[pi].answer]; x.answersOf != nil && x.answersOf[r.doc] == 1 && x.docs[r.doc].article == a.Articles[0]-1 {
				least = x.cfg.soleAnswerSimilarity
			} else if x.cfg.clearFacet > 0 && rival <= x.cfg.clearFacet*sim {
				least = min(least, x.cfg.clearFacetSimilarity)
			}
			if sim >= least {
				p := x.pats[pi]
				a := x.answers[p.answer]
				res.Answer = &Matched{Answer: a, Pattern: a.Patterns[p.nth], Similarity: sim}
			}
			r.pattern = pi
		}
		if i == 0 {
			// For an answered question the answer's own words count too,
			// so the quoted sentence is the one the answer rests on.
			var extra []string
			if res.Answer != nil {
				extra = x.answerTerms[x.pats[r.pattern].answer]
			}
			h.Passage = x.passage(r.doc, &q, extra)
		}
		hits = append(hits, h)
	}
	return hits
}

// sentenceScore is the best BM25 score of article doc's sentences taken as
// question patterns: terms weighed by their rarity among the patterns (a
// term no pattern holds as the rarest), sentence length against the
// patterns' average. An article of a book without an answers file has no
// patterns; without this a Kunshan article that shares the question's
// words with it also scores them in a pattern and outranks it
// (征求意见的期限: the imported article with 期限, or Art. 18 through
// 涉及群众切身利益的事要公开征求意见吗). Single characters are left out: the
// article's sentences index only words of two characters or more.
func (x *Index) sentenceScore(q *queryTerms, doc int, sc *scratch) float64 {
	lens := x.sentenceLen[doc]
	s := sc.floats(&sc.sentences, len(lens))
	k1, b, avg := x.cfg.k1, x.cfg.b, x.patterns.avg
	occ := x.occurrences[doc]
	for _, t := range q.words {
		os := occ[t]
		if len(os) == 0 {
			continue
		}
		w, _ := q.weightOf(t)
		w *= x.patterns.idf(t) * x.rarity(t)
		for i := 0; i < len(os); {
			j, si := i, os[i].sentence
			for j < len(os) && os[j].sentence == si {
				j++
			}
			tf := float64(j - i)
			s[si] += w * tf * (k1 + 1) / (tf + k1*(1-b+b*lens[si]/avg))
			i = j
		}
	}
	return slices.Max(s)
}

// wordMatch reports whether an article matched a question on more than single
// characters when the question has words (two characters or more): an
// article matched on 的, 会 or 要 alone is noise.
func (x *Index) wordMatch(q queryTerms, r ranked) bool {
	for _, t := range q.words {
		if x.articles.has(t, r.doc) || (r.pattern >= 0 && x.patterns.has(t, r.pattern)) {
			return true
		}
	}
	return len(q.words) == 0
}

// coverUnigram is the weight of a single character, against a bigram's 1,
// when coverage is measured (whatever its weight in ranking): single
// characters of a question the rules do not cover still match here and there.
const coverUnigram = 0.3

// termWeight is a term's weight for coverage: its rarity among the
// articles, single characters counted at coverUnigram.
func (x *Index) termWeight(t string) float64 {
	w := x.articles.idf(t)
	if isUnigram(t) {
		w *= coverUnigram
	}
	return w
}

// coverage is the share of the question's own terms, weighted by rarity,
// that the article's text or its best pattern holds. A question the rules
// do not speak of (公积金怎么提取) shares at most a word or two with its best
// article and scores low.
func (x *Index) coverage(q queryTerms, r ranked) (share, have float64) {
	var all float64
	for _, t := range q.own {
		w := x.termWeight(t)
		all += w
		if x.articles.has(t, r.doc) || (r.pattern >= 0 && x.patterns.has(t, r.pattern)) {
			have += w
		}
	}
	if all == 0 {
		return 1, have
	}
	return have / all, have
}

// closestPattern is the pattern of article doc that overlaps the question
// most (weighted Dice, as patternSimilarity) and that overlap. The shared
// weight of every pattern is summed in one pass over the postings of the
// question's own terms, so choosing among an article's 30 patterns costs
// about as much as measuring one.
func (x *Index) closestPattern(q queryTerms, doc int, sc *scratch) (best int, sim, rival float64) {
	shared := sc.floats(&sc.shared, len(x.pats))
	var qa float64
	for _, t := range q.own {
		w := x.termWeight(t)
		qa += w
		for _, p := range x.patterns.postings[t] {
			shared[p.doc] += w
		}
	}
	best, sim = -1, -1.0
	for _, p := range x.patsOf[doc] {
		d := qa + x.pats[p].weight
		if d == 0 {
			continue
		}
		if s := 2 * shared[p] / d; s > sim {
			best, sim = p, s
		}
	}
	// rival: the closest pattern of another answer of the article.
	for _, p := range x.patsOf[doc] {
		if d := qa + x.pats[p].weight; d > 0 && x.pats[p].answer != x.pats[best].answer {
			rival = max(rival, 2*shared[p]/d)
		}
	}
	return best, sim, rival
}

// patternSimilarity is the weighted overlap (Dice) of the question's terms
// and pattern p's.
func (x *Index) patternSimilarity(q queryTerms, p int) float64 {
	var both, qa float64
	for _, t := range q.own {
		w := x.termWeight(t)
		qa += w
		if x.patterns.has(t, p) {
			both += w
		}
	}
	pa := x.pats[p].weight
	if qa+pa == 0 {
		return 0
	}
	return 2 * both / (qa + pa)
}

// compactKeepSpaces is s with spaces kept only where they separate words
// (fillers), so thesaurus keys written without spaces are found.
func compactKeepSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

// passage is the sentence of article doc that holds the most of the
// question's words (by weight; extra words weigh 1 at least): what a reply
// quotes from the article.
func (x *Index) passage(doc int, q *queryTerms, extra []string) string {
	text := x.text(doc)
	sents := x.sentences[doc]
	if len(sents) == 0 {
		return ""
	}
	var buf [16]float64
	score := buf[:0]
	if len(sents) > len(buf) {
		score = make([]float64, 0, len(sents))
	}
	score = score[:len(sents)]
	occ := x.occurrences[doc]
	for _, t := range q.words {
		w, _ := q.weightOf(t)
		if w < 1 && contains(extra, t) {
			w = 1
		}
		for _, o := range occ[t] {
			score[o.sentence] += w
		}
	}
	for _, t := range extra {
		if _, ok := q.weightOf(t); ok {
			continue // counted above
		}
		for _, o := range occ[t] {
			score[o.sentence]++
		}
	}
	best := 0
	for i, sc := range score {
		if sc > score[best] {
			best = i
		}
	}
	return strings.TrimSpace(text[sents[best].start:sents[best].end])
}

// sentenceSpans splits an article into sentences ending in 。 or ；, or at
// a line break (items), by byte range.
func sentenceSpans(text string) []span {
	var out []span
	start := 0
	add := func(end int) {
		if strings.TrimSpace(text[start:end]) != "" {
			out = append(out, span{start, end})
		}
	}
	for i, r := range text {
		if r == '。' || r == '；' || r == '\n' {
			end := i + utf8.RuneLen(r)
			if r == '\n' {
				end = i
			}
			add(end)
			start = i + utf8.RuneLen(r)
		}
	}
	add(len(text))
	return out
}

// occurrence is where a term of two characters or more stands in an
// article's text, and in which of its sentences.
type occurrence struct {
	start, end int32
	sentence   int32
}

// articleOccurrences maps every term of two characters or more of text to
// its places: matching and quoting then look terms up instead of scanning
// the text for every question.
func articleOccurrences(text string, sents []span) map[string][]occurrence {
	occ := map[string][]occurrence{}
	si := 0
	termSpans(text, false, func(start, end int) {
		t := text[start:end]
		if utf8.RuneCountInString(t) < 2 {
			return
		}
		for si < len(sents)-1 && start >= sents[si].end {
			si++
		}
		occ[t] = append(occ[t], occurrence{int32(start), int32(end), int32(si)})
	})
	return occ
}

// matchSpans finds the matched words (two characters or more; single
// characters would light up half the text) in article doc's text and
// merges them into runs.
func (x *Index) matchSpans(doc int, words []string) []span {
	occ := x.occurrences[doc]
	var spans []span
	for _, t := range words {
		for _, o := range occ[t] {
			spans = append(spans, span{int(o.start), int(o.end)})
		}
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	merged := spans[:1]
	for _, s := range spans[1:] {
		last := &merged[len(merged)-1]
		if s.start <= last.end {
			if s.end > last.end {
				last.end = s.end
			}
			continue
		}
		merged = append(merged, s)
	}
	return merged
}
