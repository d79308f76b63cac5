package rulebook

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"officebot/numeral"
)

// Index searches one or more books. It is safe for concurrent use (it is
// read-only once built); build it once at start (NewIndex takes a few
// milliseconds).
//
// Ranking is BM25 over two collections, both tokenised into Chinese
// character bigrams plus single characters (docs/rules.md says why bigrams
// and not a word segmenter): the articles' text, and the question patterns
// of the answers file attached to their articles (the doc2query idea: the
// ways officials ask about an article become part of what finds it). An
// article's score is its text score plus the best score of its patterns.
type Index struct {
	books     []*Book
	thesaurus *Thesaurus
	thesKeys  []string
	// keysByRune indexes thesKeys by their first character.
	keysByRune map[rune][]int
	cfg        config
	chapters   map[string][]chapterRef // normalised chapter names → chapters
	common     map[rune]bool           // characters in over half the articles
	corpus     []string                // per book: normalised article texts, spaces removed

	docs     []docRef // one per article of every book, in order
	articles bm25     // over docs: the articles' text
	patterns bm25     // over pats: the answers' question patterns
	pats     []patternRef
	answers  []*Answer // the answers file, for the primary Kunshan book

	// Per article (by index into docs): its sentences and where each of
	// its terms stands, for matching and quoting; per answer: its terms.
	sentences   [][]span
	occurrences []map[string][]occurrence
	answerTerms [][]string
	// answersOf counts, per article, the answers citing it first.
	answersOf []int
	// patsOf lists, per article, the patterns attached to it (by index
	// into pats): the candidates for its answer.
	patsOf [][]int
	// patterned marks the books whose articles have question patterns;
	// sentenceLen holds, per article of the others, the number of bigrams
	// of each sentence (cfg.sentencePatterns).
	patterned   []bool
	sentenceLen [][]float64

	scratch sync.Pool // *scratch: per-search buffers
}

// text is the raw text of article doc.
func (x *Index) text(doc int) string {
	d := x.docs[doc]
	return x.books[d.book].Articles[d.article].Text
}

type docRef struct{ book, article int }

type chapterRef struct{ book, chapter int }

// patternRef is one question pattern of an answer, attached to every
// article the answer cites (by index into Index.docs).
type patternRef struct {
	answer int
	nth    int // its place among its answer's patterns
	docs   []int
	text   string  // normalised, fillers removed
	weight float64 // its terms' weight, as coverage counts them
}

// config holds the ranking settings. They are fixed in production; tests
// vary them to measure alternatives.
type config struct {
	thesauri     []io.Reader
	noDefault    bool      // skip the embedded thesaurus
	noAnswers    bool      // leave the answers file's patterns out of ranking
	answers      []*Answer // instead of the embedded answers file (tests)
	unigrams     bool      // index single characters beside bigrams
	unigramBoost float64   // weight of a single-character query term
	patternBoost float64   // weight of an article's best pattern score
	k1, b        float64   // BM25
	// A question counts as covered by the rules when its best article
	// matches at least the share coverage of its weight (its terms by
	// rarity) or at least the weight matched (about two rare words); below
	// both Search returns no hits (NotCovered). Chosen on the development
	// sets (questions.tsv, outofscope.tsv), docs/rules.md.
	coverage, matched float64
	junctions         bool // leave bigrams between two known words out of coverage
	// expansionBigrams bounds the ranking weight of one thesaurus target
	// to that of so many bigrams (0: no bound).
	expansionBigrams float64
	// rarePower weighs a query term by its rarity once more on top of
	// BM25's idf (idf^(1+rarePower) in all).
	rarePower float64
	// answerSimilarity is the least weighted overlap (Dice) between a
	// question and the first article's best pattern for that pattern's
	// answer to be given (docs/rules.md).
	answerSimilarity float64
	// soleAnswerSimilarity replaces answerSimilarity when the first
	// article is the main article of exactly one answer: there is no
	// other facet of the article to confuse it with.
	soleAnswerSimilarity float64
	numbers              bool // add the rules' forms of a period the question names (十天 → 十日)
	// entitlements: a question asking how much leave or money one gets is
	// not covered by the Kunshan rules (scope.go).
	entitlements bool
	// closestPattern: the answer of the first article is that of its
	// pattern closest to the question (weighted Dice), not of the pattern
	// that scored best in ranking (BM25 favours long patterns that hold
	// more of the question's words while sharing a smaller part of theirs).
	closestPattern bool
	// clearFacet: on an article with several answers, the closest
	// pattern's answer is also given at clearFacetSimilarity when every
	// other answer's closest pattern overlaps the question at most
	// clearFacet times as much (0: never).
	clearFacet, clearFacetSimilarity float64
	// sentencePatterns: when some books have question patterns and others
	// have none, an article of a book without patterns scores its best
	// sentence as its pattern, so articles of both kinds are scored on
	// the same scale (text + best pattern).
	sentencePatterns bool
	// strangeChars: a pair holding a character no rulebook text or
	// pattern holds is never taken for a junction of two known words.
	strangeChars bool
	// practical: a question on equipment, accounts, repairs, formatting
	// or supplies is not covered by the Kunshan rules (scope.go).
	practical bool
	// askKinds: a question wanting a kind of answer its best article does
	// not give (a duration, a place, a form, an amount; how to do an act
	// the article never names) is not covered (askkind.go).
	askKinds bool
	// contextWeight weighs, in ranking, the terms that only the background
	// clauses of a question hold (who asks, the story before the
	// question), against 1 for those of the asked clause (1: no
	// difference); in a question of contextRunes characters or more.
	// Chosen on the development sets (docs/rules.md, fifth pass).
	contextWeight float64
	contextRunes  int
	// askOnly, when not empty, limits askKinds to these kinds (tests).
	askOnly []askKind
}

func defaultConfig() config {
	return config{unigrams: true, unigramBoost: 0.3, patternBoost: 1, k1: 1.2, b: 0.3, coverage: 0.4, matched: 7, junctions: true, expansionBigrams: 3, answerSimilarity: 0.35, soleAnswerSimilarity: 0.15, numbers: true, entitlements: true, closestPattern: true, clearFacet: 0.5, clearFacetSimilarity: 0.15, sentencePatterns: true, strangeChars: true, practical: true, askKinds: true, contextWeight: 0.5, contextRunes: 35}
}

// Option configures NewIndex.
type Option func(*config)

// WithThesaurus adds the mappings read from r (format: see ParseThesaurus)
// to the embedded thesaurus, so an office can teach the bot its own words.
func WithThesaurus(r io.Reader) Option {
	return func(c *config) { c.thesauri = append(c.thesauri, r) }
}

// withoutDefaultThesaurus leaves the embedded thesaurus out (tests).
func withoutDefaultThesaurus() Option { return func(c *config) { c.noDefault = true } }

// withoutAnswers leaves the answers' question patterns out of ranking (tests).
func withoutAnswers() Option { return func(c *config) { c.noAnswers = true } }

// withRanking overrides the ranking settings (measurements in tests).
func withRanking(f func(*config)) Option { return f }

// NewIndex builds an in-memory search index over books; with no books it
// indexes Default(). The first book is the primary one: a bare article
// number (57) that several books have is answered from all of them, primary
// first, and a missing article is reported against the primary book. The
// answers file applies to the book titled KunshanTitle.
func NewIndex(books []*Book, opts ...Option) (*Index, error) {
	if len(books) == 0 {
		books = []*Book{Default()}
	}
	for i, b := range books {
		if b == nil {
			return nil, fmt.Errorf("rulebook: book %d is nil", i)
		}
	}
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}

	th := &Thesaurus{}
	if !cfg.noDefault {
		d, err := ParseThesaurus(strings.NewReader(defaultThesaurus))
		if err != nil {
			return nil, fmt.Errorf("rulebook: embedded thesaurus: %w", err)
		}
		th.merge(d)
	}
	for _, r := range cfg.thesauri {
		extra, err := ParseThesaurus(r)
		if err != nil {
			return nil, err
		}
		th.merge(extra)
	}
	// Expand only toward words some book contains: other targets could only
	// add noise.
	corpus := make([]string, len(books))
	for i, b := range books {
		var sb strings.Builder
		for _, a := range b.Articles {
			sb.WriteString(compactSpaces(Normalize(a.Text)))
			sb.WriteByte('\n')
		}
		corpus[i] = sb.String()
	}
	th.restrict(func(target string) bool {
		for _, c := range corpus {
			if strings.Contains(c, target) {
				return true
			}
		}
		return false
	})

	x := &Index{
		books:     books,
		thesaurus: th,
		thesKeys:  th.keys(),
		cfg:       cfg,
		chapters:  make(map[string][]chapterRef),
		common:    commonChars(books),
		corpus:    corpus,
	}
	x.scratch.New = func() any { return new(scratch) }
	x.keysByRune = map[rune][]int{}
	for i, k := range x.thesKeys {
		r, _ := utf8.DecodeRuneInString(k)
		x.keysByRune[r] = append(x.keysByRune[r], i)
	}
	var texts []string
	for bi, b := range books {
		for ci, c := range b.Chapters {
			for _, k := range chapterKeys(c) {
				x.chapters[k] = append(x.chapters[k], chapterRef{bi, ci})
			}
		}
		for ai, a := range b.Articles {
			x.docs = append(x.docs, docRef{bi, ai})
			texts = append(texts, Normalize(a.Text))
			sents := sentenceSpans(a.Text)
			x.sentences = append(x.sentences, sents)
			x.occurrences = append(x.occurrences, articleOccurrences(a.Text, sents))
		}
	}
	x.articles = newBM25(texts, cfg.unigrams)

	for bi, b := range books {
		if b.Title != KunshanTitle || x.answers != nil {
			continue
		}
		answers, err := DefaultAnswers()
		if err != nil {
			return nil, err
		}
		if cfg.answers != nil {
			answers = cfg.answers
		}
		x.answers = answers
		for _, a := range answers {
			var ts []string
			// Answers are written in simplified characters.
			terms(a.Text, false, func(t string) {
				if utf8.RuneCountInString(t) >= 2 && !contains(ts, t) {
					ts = append(ts, t)
				}
			})
			x.answerTerms = append(x.answerTerms, ts)
		}
		if cfg.noAnswers {
			break
		}
		first := len(x.docs)
		for i, d := range x.docs {
			if d.book == bi {
				first = i
				break
			}
		}
		var ptexts []string
		for ai, a := range answers {
			var docs []int
			for _, n := range a.Articles {
				if n >= 1 && n <= len(b.Articles) {
					docs = append(docs, first+n-1)
				}
			}
			if len(docs) > 0 {
				if x.answersOf == nil {
					x.answersOf = make([]int, len(x.docs))
				}
				x.answersOf[docs[0]]++
			}
			for nth, p := range a.Patterns {
				t := stripFillers(Normalize(p))
				x.pats = append(x.pats, patternRef{answer: ai, nth: nth, docs: docs, text: t})
				ptexts = append(ptexts, t)
			}
		}
		x.patterns = newBM25(ptexts, cfg.unigrams)
		x.patsOf = make([][]int, len(x.docs))
		for pi, p := range x.pats {
			for _, d := range p.docs {
				x.patsOf[d] = append(x.patsOf[d], pi)
			}
		}
		for i := range x.pats {
			terms(x.pats[i].text, cfg.unigrams, func(t string) {
				if isUnigram(t) {
					if r, _ := utf8.DecodeRuneInString(t); x.common[r] {
						return
					}
				}
				x.pats[i].weight += x.termWeight(t)
			})
		}
	}
	x.patterned = make([]bool, len(books))
	if len(x.pats) > 0 {
		for _, p := range x.pats {
			for _, d := range p.docs {
				x.patterned[x.docs[d].book] = true
			}
		}
		x.sentenceLen = make([][]float64, len(x.docs))
		for d, ref := range x.docs {
			if x.patterned[ref.book] {
				continue
			}
			text := x.text(d)
			lens := make([]float64, len(x.sentences[d]))
			for si, sp := range x.sentences[d] {
				terms(Normalize(text[sp.start:sp.end]), false, func(string) { lens[si]++ })
			}
			x.sentenceLen[d] = lens
		}
	}
	return x, nil
}

// Close releases nothing today (the index is plain memory); it is kept so
// callers that reload can close the index they replace.
func (x *Index) Close() error { return nil }

// Books returns the indexed books, primary first.
func (x *Index) Books() []*Book { return x.books }

// Answers returns the answers file the index uses (nil when no book is the
// Kunshan rules).
func (x *Index) Answers() []*Answer { return x.answers }

// chapterKeys are the normalised ways a person names a chapter: 会议制度,
// 九会议制度 (from 九、会议制度), 第九章, 第九章会议制度, 第9章.
func chapterKeys(c Chapter) []string {
	cn := numeral.Chinese(c.Number)
	name := compactSpaces(Normalize(c.Name))
	return []string{
		name,
		cn + name,
		"第" + cn + "章",
		"第" + cn + "章" + name,
		fmt.Sprintf("第%d章", c.Number),
		fmt.Sprintf("%d%s", c.Number, name),
	}
}

// commonChars finds the characters present in more than half of all
// articles (市, 政, 府, 的 …). As single-character query terms they match
// nearly every article and add next to nothing to the ranking, so queries
// leave them out.
func commonChars(books []*Book) map[rune]bool {
	df := map[rune]int{}
	total := 0
	for _, b := range books {
		for _, a := range b.Articles {
			total++
			seen := map[rune]bool{}
			for _, r := range a.Text {
				if !seen[r] {
					seen[r] = true
					df[r]++
				}
			}
		}
	}
	common := map[rune]bool{}
	for r, n := range df {
		if 2*n > total {
			common[r] = true
		}
	}
	return common
}

// terms splits normalised text into index terms: every pair of adjacent Han
// characters (行政, 政主, 主要 …), every Han character when unigrams is set,
// and every run of letters or digits as one term. Spaces (punctuation and
// removed question words) break runs, so no bigram spans them.
func terms(s string, unigrams bool, emit func(term string)) {
	termSpans(s, unigrams, func(start, end int) { emit(s[start:end]) })
}

// termSpans is terms by byte range in s. It allocates nothing: adjacent
// characters are adjacent bytes, so every term is a substring of s (the
// question path calls it for every question and every quoted article).
func termSpans(s string, unigrams bool, emit func(start, end int)) {
	prev, word := -1, -1 // byte offsets: previous Han character, start of a letter/digit run
	for i, r := range s {
		switch {
		case r >= 0x2E80 && unicode.Is(unicode.Han, r):
			if word >= 0 {
				emit(word, i)
				word = -1
			}
			end := i + utf8.RuneLen(r)
			if unigrams {
				emit(i, end)
			}
			if prev >= 0 {
				emit(prev, end)
			}
			prev = i
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') || r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			prev = -1
			if word < 0 {
				word = i
			}
		default:
			if word >= 0 {
				emit(word, i)
				word = -1
			}
			prev = -1
		}
	}
	if word >= 0 {
		emit(word, len(s))
	}
}

// isUnigram reports whether a term is a single Han character.
func isUnigram(t string) bool {
	if len(t) < 3 || len(t) > 4 {
		return false // a Han character is 3 or 4 bytes
	}
	n := 0
	for _, r := range t {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n == 1
}

// bm25 is an inverted index over a small collection of texts.
type bm25 struct {
	postings map[string][]posting
	length   []float64 // terms per text
	avg      float64
	n        int
	idfs     []float64 // idf by document frequency, 0..n
}

type posting struct {
	doc int
	tf  float64
}

func newBM25(texts []string, unigrams bool) bm25 {
	ix := bm25{postings: map[string][]posting{}, length: make([]float64, len(texts)), n: len(texts)}
	total := 0.0
	for d, t := range texts {
		tf := map[string]float64{}
		terms(t, unigrams, func(term string) {
			tf[term]++
			if !isUnigram(term) {
				ix.length[d]++
			}
		})
		for term, c := range tf {
			ix.postings[term] = append(ix.postings[term], posting{d, c})
		}
		total += ix.length[d]
	}
	if len(texts) > 0 {
		ix.avg = math.Max(total/float64(len(texts)), 1)
	}
	ix.idfs = make([]float64, ix.n+1)
	for df := range ix.idfs {
		ix.idfs[df] = math.Log(1 + (float64(ix.n)-float64(df)+0.5)/(float64(df)+0.5))
	}
	return ix
}

// idf is BM25's inverse document frequency; a term in no text gets the
// highest value, as the rarest possible.
func (ix *bm25) idf(term string) float64 {
	if ix.idfs == nil {
		return 0 // an empty collection
	}
	return ix.idfs[len(ix.postings[term])]
}

// score adds weight × the BM25 contribution of term to every text holding it.
func (ix *bm25) score(term string, weight, k1, b float64, into []float64) {
	ps := ix.postings[term]
	if len(ps) == 0 {
		return
	}
	idf := ix.idfs[len(ps)]
	for _, p := range ps {
		norm := k1 * (1 - b + b*ix.length[p.doc]/ix.avg)
		into[p.doc] += weight * idf * p.tf * (k1 + 1) / (p.tf + norm)
	}
}

// df is the number of texts holding term.
func (ix *bm25) df(term string) int { return len(ix.postings[term]) }

// has reports whether text d holds term. Postings are in text order.
func (ix *bm25) has(term string, d int) bool {
	ps := ix.postings[term]
	i := sort.Search(len(ps), func(i int) bool { return ps[i].doc >= d })
	return i < len(ps) && ps[i].doc == d
}
