package rulebook

import (
	"regexp"
	"strings"

	"officebot/numeral"
	"officebot/text"
)

// DefaultLimit is the number of hits a keyword search returns when the
// caller passes a limit of 0 or less.
const DefaultLimit = 5

// QueryKind says how Search understood a query.
type QueryKind int

const (
	// ByText: keywords or a question, hits ranked by relevance.
	ByText QueryKind = iota
	// ByArticle: one or more article numbers (57, 第五十七条, 第四十条和第四十一条).
	ByArticle
	// ByChapter: a chapter name (会议制度, 第九章); hits are its articles.
	ByChapter
)

func (k QueryKind) String() string {
	switch k {
	case ByArticle:
		return "article"
	case ByChapter:
		return "chapter"
	default:
		return "text"
	}
}

// Result is the answer to one query.
type Result struct {
	Query      string    // the query as searched: normalised and possibly cut
	Kind       QueryKind // how the query was understood
	Hits       []Hit     // best first; empty when nothing matched
	Truncated  bool      // the query was longer than MaxQueryRunes and was cut
	Chapter    string    // for ByChapter: the chapter's title (九、会议制度)
	Expansions []string  // rule words the thesaurus added (一把手 → 主要负责人)
	// Answer is the direct answer to the question, when it matches one of
	// the answers file's patterns closely enough and its article ranks
	// first; nil otherwise.
	Answer *Matched
	// NotCovered: a question the rules do not speak of. Its best article
	// matched too little of it (Coverage below the threshold), so Hits is
	// empty rather than holding a weak guess.
	NotCovered bool
	// Coverage is the share of the question (by the rarity of its words)
	// the first article matched, for text queries; 0 otherwise.
	Coverage float64
	matched  float64 // the weight behind Coverage
}

// Matched is an answer chosen for a question and how it was matched.
type Matched struct {
	*Answer
	Pattern    string  // the pattern the question matched best
	Similarity float64 // weighted overlap of question and pattern, 0-1
}

// Hit is one article in a Result.
type Hit struct {
	Book string // the book's title, for citing: 昆山市人民政府工作规则
	Article
	// Score orders text hits (higher is better); it is 0 for articles
	// looked up by number or chapter.
	Score float64
	// Terms are the matched words in the article's text, longest runs of
	// matched characters, in order of first appearance (for bolding).
	Terms []string
	// Passage is the sentence of the article that matched the question
	// best (text hits only): what a reply quotes.
	Passage string
	spans   []span // byte ranges of Terms in Text
}

type span struct{ start, end int }

// Citation names the hit's article the way officials cite it:
// 《昆山市人民政府工作规则》第五十七条.
func (h Hit) Citation() string { return "《" + h.Book + "》" + h.Title }

// Highlight returns the article text with every matched term replaced by
// wrap(term): for Slack, func(t string) string { return "*" + t + "*" }.
// Text outside matches is returned unchanged (escaping it is the caller's
// job); with no matches Highlight returns Text.
func (h Hit) Highlight(wrap func(term string) string) string {
	if len(h.spans) == 0 || wrap == nil {
		return h.Text
	}
	var b strings.Builder
	last := 0
	for _, s := range h.spans {
		if s.start < last || s.end > len(h.Text) {
			continue
		}
		b.WriteString(h.Text[last:s.start])
		b.WriteString(wrap(h.Text[s.start:s.end]))
		last = s.end
	}
	b.WriteString(h.Text[last:])
	return b.String()
}

// HighlightPassage is Highlight for the hit's Passage alone ("" when the
// hit has none).
func (h Hit) HighlightPassage(wrap func(term string) string) string {
	start := strings.Index(h.Text, h.Passage)
	if h.Passage == "" || start < 0 {
		return h.Passage
	}
	end := start + len(h.Passage)
	var inside []span
	for _, s := range h.spans {
		if s.start >= start && s.end <= end {
			inside = append(inside, span{s.start - start, s.end - start})
		}
	}
	return Hit{Article: Article{Text: h.Passage}, spans: inside}.Highlight(wrap)
}

// Search answers a query in any of the forms officials use: an article
// number (57, 第57条, 第五十七条, 57条, 第５４条), several (第四十条和第四十一条,
// 第40至47条), a chapter (会议制度), keywords or a whole question
// (出差要请假吗？). limit bounds keyword hits (DefaultLimit when ≤ 0);
// article and chapter look-ups return every article they name.
//
// Errors: ErrEmpty when nothing searchable is left; *NoSuchArticleError when
// a named article does not exist. A query with no match is not an error: the
// Result has no hits.
func (x *Index) Search(q string, limit int) (Result, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	var res Result
	q, res.Truncated = truncateRunes(q, MaxQueryRunes)
	norm := Normalize(q)
	res.Query = norm

	books, norm := x.restrictBooks(norm)
	if m := negativeRefIn(q); m != nil {
		// Normalising drops the minus sign: 第-1条 must not read as 第1条.
		n, err := numeral.Parse(m[1] + m[2])
		if err != nil {
			n = 0
		}
		b := x.books[books[0]]
		return res, &NoSuchArticleError{Number: -n, Book: b.Title, Articles: len(b.Articles), Chapters: b.ChapterTitles()}
	}
	core := stripFillers(stripLookupNoise(norm))
	if core == "" {
		return res, ErrEmpty
	}

	if refs, ok := parsePureRefs(core); ok {
		hits, err := x.lookup(books, refs)
		if err != nil {
			return res, err
		}
		res.Kind, res.Hits = ByArticle, hits
		return res, nil
	}
	if hits, title, ok := x.chapterHits(books, core); ok {
		res.Kind, res.Hits, res.Chapter = ByChapter, hits, title
		return res, nil
	}

	// Keywords, possibly with explicit references (第五十七条 请假): the
	// named articles come first, then the ranked ones.
	refs, rest := extractExplicitRefs(norm)
	var direct []Hit
	if len(refs) > 0 {
		var err error
		if direct, err = x.lookup(books, refs); err != nil {
			return res, err
		}
	}
	hits := x.textSearch(books, rest, limit, &res)
	if len(direct) > 0 {
		res.NotCovered, res.Answer = false, nil
	}
	res.Hits = mergeHits(direct, hits, limit)
	if len(res.Hits) == 0 && len(direct) == 0 && stripFillers(rest) == "" {
		return res, ErrEmpty
	}
	return res, nil
}

// restrictBooks keeps the books whose title the query names and removes the
// title from the query; with no title named, all books.
func (x *Index) restrictBooks(norm string) ([]int, string) {
	compact := compactSpaces(norm)
	var named []int
	for i, b := range x.books {
		t := compactSpaces(Normalize(b.Title))
		if t != "" && strings.Contains(compact, t) {
			named = append(named, i)
		}
	}
	if len(named) == 0 {
		all := make([]int, len(x.books))
		for i := range all {
			all[i] = i
		}
		return all, norm
	}
	for _, i := range named {
		t := compactSpaces(Normalize(x.books[i].Title))
		norm = removeCompact(norm, t)
	}
	return named, norm
}

// removeCompact removes sub from s, ignoring spaces inside s.
func removeCompact(s, sub string) string {
	compact := compactSpaces(s)
	i := strings.Index(compact, sub)
	if i < 0 {
		return s
	}
	return strings.TrimSpace(compact[:i] + " " + compact[i+len(sub):])
}

// lookupNoise are words around an article or chapter reference that ask
// for its text: 第五十七条的内容, 第九章讲了什么.
var lookupNoise = strings.NewReplacer(
	"的全文", " ", "的原文", " ", "的内容", " ", "讲的是", " ", "说的是", " ", "讲了", " ",
	"说了", " ", "规定了", " ", "原文", " ", "全文", " ", "内容", " ", "这一章", " ",
	"这章", " ", "部分", " ",
)

func stripLookupNoise(s string) string { return lookupNoise.Replace(s) }

// articleRef is a single article or an inclusive range.
type articleRef struct{ from, to int }

const numerals = `[0-9]+|[零〇一二两三四五六七八九十百千]+`

var (
	pureRef = regexp.MustCompile(`^(第)?\s*(` + numerals + `)\s*(条)?(?:\s*(?:至|到)\s*(第)?\s*(` + numerals + `)\s*(条)?)?`)
	// what may trail a reference: 第五十七条是什么 → 第五十七条是
	refTail = regexp.MustCompile(`^(?:是|的|讲|说|了|\s)+$`)
	refSep  = regexp.MustCompile(`^(?:和|与|及|以及|跟|还有|或|或者|\s)+`)
	// 第五十七条 inside other words; both 第 and 条 are required so that
	// "6个工作日" or "十条规定" are not references.
	explicitRef = regexp.MustCompile(`第\s*(` + numerals + `)\s*条`)
	// a negative article number, 第-1条 or a bare -3, which no book has
	negativeRef = regexp.MustCompile(`第\s*[-−负]\s*(` + numerals + `)\s*条|^\s*[-−负]\s*([0-9]+)\s*条?\s*$`)
)

// negativeRefIn matches negativeRef in q's half-width form. Only a query
// with a minus sign can name a negative number: the others skip the
// regular expression (2 % of the CPU of a /rules 第五十七条 ack).
func negativeRefIn(q string) []string {
	hw := text.HalfWidth(q)
	if !strings.ContainsAny(hw, "-−负") {
		return nil
	}
	return negativeRef.FindStringSubmatch(hw)
}

// parsePureRefs reads a query made only of article references.
func parsePureRefs(s string) ([]articleRef, bool) {
	var refs []articleRef
	rest := strings.TrimSpace(s)
	for rest != "" {
		m := pureRef.FindStringSubmatch(rest)
		if m == nil || m[0] == "" {
			return nil, false
		}
		from, err := numeral.Parse(m[2])
		if err != nil {
			return nil, false
		}
		to := from
		if m[5] != "" {
			if to, err = numeral.Parse(m[5]); err != nil {
				return nil, false
			}
		}
		if from > to {
			from, to = to, from
		}
		refs = append(refs, articleRef{from, to})
		rest = rest[len(strings.TrimRight(m[0], " ")):]
		if refTail.MatchString(rest) {
			break
		}
		sep := refSep.FindString(rest)
		if sep == "" && rest != "" {
			return nil, false
		}
		rest = rest[len(sep):]
	}
	return refs, len(refs) > 0
}

// extractExplicitRefs finds 第N条 inside a keyword query and returns the
// query without them.
func extractExplicitRefs(s string) ([]articleRef, string) {
	var refs []articleRef
	for _, m := range explicitRef.FindAllStringSubmatch(s, -1) {
		if n, err := numeral.Parse(m[1]); err == nil {
			refs = append(refs, articleRef{n, n})
		}
	}
	if len(refs) == 0 {
		return nil, s
	}
	return refs, explicitRef.ReplaceAllString(s, " ")
}

// maxLookup bounds a range look-up (第1至9999条).
const maxLookup = 200

// lookup returns the referenced articles from the given books.
func (x *Index) lookup(books []int, refs []articleRef) ([]Hit, error) {
	var hits []Hit
	seen := map[docRef]bool{}
	for _, r := range refs {
		for n := r.from; n <= r.to && n-r.from < maxLookup; n++ {
			found := false
			for _, bi := range books {
				b := x.books[bi]
				a, ok := b.Article(n)
				if !ok {
					continue
				}
				found = true
				if id := (docRef{bi, n}); !seen[id] {
					seen[id] = true
					hits = append(hits, Hit{Book: b.Title, Article: a})
				}
			}
			if !found {
				b := x.books[books[0]]
				return nil, &NoSuchArticleError{Number: n, Book: b.Title, Articles: len(b.Articles), Chapters: b.ChapterTitles()}
			}
		}
	}
	return hits, nil
}

// chapterSuffixes are stripped before a query is compared with chapter
// names: 会议制度的规定, 会议制度这一章.
var chapterSuffixes = []string{"相关规定", "有关规定", "的规定", "规定", "章节", "一章", "这章", "的", "章"}

// chapterHits returns the articles of the chapter the query names.
func (x *Index) chapterHits(books []int, core string) ([]Hit, string, bool) {
	key := compactSpaces(core)
	refs := x.chapters[key]
	if len(refs) == 0 {
		for _, suf := range chapterSuffixes {
			if k := strings.TrimSuffix(key, suf); k != key && k != "" {
				if refs = x.chapters[k]; len(refs) > 0 {
					break
				}
			}
		}
	}
	var hits []Hit
	title := ""
	for _, r := range refs {
		if !containsInt(books, r.book) {
			continue
		}
		b := x.books[r.book]
		c := b.Chapters[r.chapter]
		if title == "" {
			title = c.Title
		}
		for _, n := range c.Articles {
			a, _ := b.Article(n)
			hits = append(hits, Hit{Book: b.Title, Article: a})
		}
	}
	return hits, title, len(hits) > 0
}

func containsInt(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

// mergeHits puts direct look-ups first, then ranked hits not already there.
func mergeHits(direct, ranked []Hit, limit int) []Hit {
	if len(direct) == 0 {
		return ranked
	}
	out := append([]Hit(nil), direct...)
	for _, h := range ranked {
		if len(out) >= limit && len(out) >= len(direct) {
			break
		}
		dup := false
		for _, d := range direct {
			if d.Book == h.Book && d.Number == h.Number {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, h)
		}
	}
	return out
}
