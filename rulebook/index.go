package rulebook

import (
	"fmt"
	"io"
	"officebot/numeral"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field and analyzer names in the bleve index.
const (
	fieldText     = "text"
	fieldChapter  = "chapter"
	analyzerName  = "rulebook_cjk"
	bigramsFilter = "rulebook_cjk_bigram"
)

// Index searches one or more books. It is safe for concurrent use; build it
// once at start (NewIndex takes a few milliseconds).
type Index struct {
	books     []*Book
	bleve     bleve.Index
	analyzer  analysis.Analyzer
	thesaurus *Thesaurus
	thesKeys  []string
	cfg       config
	chapters  map[string][]chapterRef // normalised chapter names → chapters
	docs      map[string]docRef       // bleve document ID → article
	common    map[rune]bool           // characters in over half the articles
}

type docRef struct{ book, article int }

type chapterRef struct{ book, chapter int }

// config holds the ranking settings. They are fixed in production; tests
// vary them to measure alternatives.
type config struct {
	thesauri     []io.Reader
	noDefault    bool    // skip the embedded thesaurus
	unigrams     bool    // index single characters beside bigrams
	unigramBoost float64 // weight of a single-character query term
	chapterBoost float64 // weight of a match in the chapter name; 0 = not indexed
	bm25         bool
}

func defaultConfig() config {
	return config{unigrams: true, unigramBoost: 0.3}
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

// withRanking overrides the ranking settings (measurements in tests).
func withRanking(unigrams bool, unigramBoost, chapterBoost float64, bm25 bool) Option {
	return func(c *config) {
		c.unigrams, c.unigramBoost, c.chapterBoost, c.bm25 = unigrams, unigramBoost, chapterBoost, bm25
	}
}

// NewIndex builds an in-memory search index over books; with no books it
// indexes Default(). The first book is the primary one: a bare article
// number (57) that several books have is answered from all of them, primary
// first, and a missing article is reported against the primary book.
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

	im, err := newMapping(cfg)
	if err != nil {
		return nil, err
	}
	// scorch without a path keeps its segments in memory; it builds and
	// searches several times faster than NewMemOnly's upsidedown+gtreap
	// (docs/benchmarks-rules.md).
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("rulebook: creating index: %w", err)
	}
	x := &Index{
		books:     books,
		bleve:     idx,
		analyzer:  im.AnalyzerNamed(analyzerName),
		thesaurus: th,
		thesKeys:  th.keys(),
		cfg:       cfg,
		chapters:  make(map[string][]chapterRef),
		docs:      make(map[string]docRef),
	}
	if x.analyzer == nil {
		return nil, fmt.Errorf("rulebook: analyzer %s not available", analyzerName)
	}
	x.common = commonChars(books)
	batch := idx.NewBatch()
	for bi, b := range books {
		chapterName := make(map[string]string, len(b.Chapters))
		for ci, c := range b.Chapters {
			chapterName[c.Title] = c.Name
			for _, k := range chapterKeys(c) {
				x.chapters[k] = append(x.chapters[k], chapterRef{bi, ci})
			}
		}
		for ai, a := range b.Articles {
			id := docID(bi, a.Number)
			x.docs[id] = docRef{bi, ai}
			doc := map[string]any{fieldText: a.Text}
			if cfg.chapterBoost > 0 {
				doc[fieldChapter] = chapterName[a.Chapter]
			}
			if err := batch.Index(id, doc); err != nil {
				return nil, fmt.Errorf("rulebook: indexing %s: %w", id, err)
			}
		}
	}
	if err := idx.Batch(batch); err != nil {
		return nil, fmt.Errorf("rulebook: indexing: %w", err)
	}
	return x, nil
}

// Close releases the index's background goroutines. An Index is usually
// kept for the life of the process; Close matters in tests and reloads.
func (x *Index) Close() error { return x.bleve.Close() }

// Books returns the indexed books, primary first.
func (x *Index) Books() []*Book { return x.books }

// docID sorts like (book, article) so ties in score keep document order.
func docID(book, article int) string { return fmt.Sprintf("%03d:%04d", book, article) }

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

func newMapping(cfg config) (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomTokenFilter(bigramsFilter, map[string]any{
		"type":           cjk.BigramName,
		"output_unigram": cfg.unigrams,
	}); err != nil {
		return nil, fmt.Errorf("rulebook: bigram filter: %w", err)
	}
	if err := im.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{cjk.WidthName, lowercase.Name, bigramsFilter},
	}); err != nil {
		return nil, fmt.Errorf("rulebook: analyzer: %w", err)
	}
	im.DefaultAnalyzer = analyzerName
	if cfg.bm25 {
		im.ScoringModel = "bm25"
	}
	dm := bleve.NewDocumentMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = analyzerName
	text.Store = false
	text.IncludeTermVectors = true // locations, for highlighting
	dm.AddFieldMappingsAt(fieldText, text)
	ch := bleve.NewTextFieldMapping()
	ch.Analyzer = analyzerName
	ch.Store = false
	dm.AddFieldMappingsAt(fieldChapter, ch)
	im.DefaultMapping = dm
	return im, nil
}

// commonChars finds the characters present in more than half of all
// articles (市, 政, 府, 的 …). As single-character query terms they match
// nearly every article, add next to nothing to the ranking, and dominate the
// cost of a search, so textSearch leaves them out.
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
