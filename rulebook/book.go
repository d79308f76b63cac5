// Package rulebook parses and searches the working rules the office follows
// (昆山市人民政府工作规则 and documents shaped like it): articles by number,
// chapters by name, and questions in everyday Chinese, with ranked, cited
// answers.
//
// The package knows nothing of Slack, storage or the clock: handlers call
// Default, NewIndex and (*Index).Search and turn the typed errors (ErrEmpty,
// *NoSuchArticleError) into messages.
package rulebook

import (
	_ "embed"
	"fmt"
	"officebot/numeral"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// KunshanTitle is the title of the embedded rules.
const KunshanTitle = "昆山市人民政府工作规则"

//go:embed data/kunshan-government-working-rules-2017.txt
var kunshanText string

// Book is one parsed rules document.
type Book struct {
	Title    string    // 昆山市人民政府工作规则
	Notice   string    // the issuing notice printed before the title, if any
	Chapters []Chapter // in document order
	Articles []Article // in document order; Articles[i].Number == i+1
}

// Chapter is a chapter heading and the articles under it.
type Chapter struct {
	Number   int    // 11
	Name     string // 作风纪律
	Title    string // 十一、作风纪律 (or 第十一章 作风纪律), spaces normalised
	Articles []int  // article numbers in the chapter
}

// Article is one numbered article (条).
type Article struct {
	Number     int         // 57
	Title      string      // 第五十七条
	Chapter    string      // 十一、作风纪律: the Title of its chapter, "" if none
	Paragraphs []Paragraph // 款, in order
	Text       string      // the whole article: paragraphs and items, one per line
}

// Paragraph is one paragraph (款) of an article with the numbered items (项)
// that follow its lead-in sentence ("会议的主要任务是：" then "1. …").
type Paragraph struct {
	Text  string
	Items []string // "1. 传达贯彻…", as written
}

// Citation names the article the way officials cite it:
// 《昆山市人民政府工作规则》第五十七条.
func (b *Book) Citation(n int) string {
	return "《" + b.Title + "》" + articleTitle(n)
}

// Article returns article n.
func (b *Book) Article(n int) (Article, bool) {
	if n < 1 || n > len(b.Articles) {
		return Article{}, false
	}
	return b.Articles[n-1], true
}

// ChapterTitles lists the chapter titles in order (一、总则 …).
func (b *Book) ChapterTitles() []string {
	out := make([]string, len(b.Chapters))
	for i, c := range b.Chapters {
		out[i] = c.Title
	}
	return out
}

var (
	defaultOnce sync.Once
	defaultBook *Book
)

// Default returns the embedded Kunshan rules (2017), parsed once. Callers
// must not modify the returned book.
func Default() *Book {
	defaultOnce.Do(func() {
		b, err := Parse(KunshanTitle, kunshanText)
		if err != nil {
			// The text is embedded and covered by tests: a failure here is
			// a build defect, not user input.
			panic(fmt.Sprintf("rulebook: embedded rules do not parse: %v", err))
		}
		defaultBook = b
	})
	return defaultBook
}

const numeralClass = `[零〇一二两三四五六七八九十百千0-9０-９]+`

var (
	// 第五十七条   text… — the header is followed by spaces or the line ends;
	// "第三条规定的…" inside a paragraph is not a header.
	articleHeader = regexp.MustCompile(`^第(` + numeralClass + `)条(?:[\s\x{3000}]+(.*))?$`)
	// 一、总  则 (Kunshan) or 第一章 总则 (regulations).
	chapterEnumerated = regexp.MustCompile(`^([零〇一二两三四五六七八九十百千]+)、(.+)$`)
	chapterNumbered   = regexp.MustCompile(`^第(` + numeralClass + `)章[\s\x{3000}]*(.*)$`)
	// 1. / 1、 / （一） / (1) numbered items.
	itemLine = regexp.MustCompile(`^(?:[0-9０-９]+[.．、]|[（(][一二三四五六七八九十0-9]+[）)])`)
	// Distribution lines (抄送：…) end the body.
	trailerLine = regexp.MustCompile(`^(?:抄送|抄报|主送|印发|附件)[:：]`)
)

// Parse reads a rules document. title is the document's title as printed
// on its own line; the text before that line is the issuing notice. With an
// empty title the first non-blank line is the title. Chapters are headings
// "一、总则" or "第一章 总则"; articles start with "第一条" followed by spaces.
// Lines after a distribution line (抄送：…) are dropped. Parse fails when
// there are no articles or their numbers are not 1, 2, 3, ….
func Parse(title, text string) (*Book, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.TrimPrefix(text, "\ufeff")
	lines := strings.Split(text, "\n")

	start := -1
	for i, l := range lines {
		t := cleanLine(l)
		if t == "" {
			continue
		}
		if title == "" {
			if articleHeader.MatchString(t) {
				return nil, ErrNoTitleLine
			}
			if _, ok := parseChapterHeading(t); ok {
				return nil, ErrNoTitleLine
			}
			title, start = t, i
			break
		}
		if compactSpaces(t) == compactSpaces(title) {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, fmt.Errorf("%w: %q", ErrTitleNotFound, title)
	}
	b := &Book{Title: title, Notice: joinNonBlank(lines[:start])}

	var cur *Article
	var curPara *Paragraph
	blank := false
	flush := func() {
		if cur == nil {
			return
		}
		var sb strings.Builder
		for i, p := range cur.Paragraphs {
			if i > 0 {
				sb.WriteByte('\n')
			}
			sb.WriteString(p.Text)
			for _, it := range p.Items {
				sb.WriteByte('\n')
				sb.WriteString(it)
			}
		}
		cur.Text = sb.String()
		b.Articles = append(b.Articles, *cur)
		cur, curPara = nil, nil
	}
	for lineNo, raw := range lines[start+1:] {
		l := cleanLine(raw)
		if l == "" {
			blank = true
			continue
		}
		if trailerLine.MatchString(l) {
			break
		}
		if m := articleHeader.FindStringSubmatch(l); m != nil {
			n, err := numeral.Parse(m[1])
			if err != nil {
				return nil, &LineError{Line: start + 2 + lineNo, Err: err}
			}
			flush()
			if n != len(b.Articles)+1 {
				return nil, &LineError{Line: start + 2 + lineNo, Err: ErrArticleOrder, Got: n, Want: len(b.Articles) + 1}
			}
			cur = &Article{Number: n, Title: articleTitle(n)}
			if len(b.Chapters) > 0 {
				ch := &b.Chapters[len(b.Chapters)-1]
				cur.Chapter = ch.Title
				ch.Articles = append(ch.Articles, n)
			}
			if body := strings.TrimSpace(m[2]); body != "" {
				cur.Paragraphs = append(cur.Paragraphs, Paragraph{Text: body})
				curPara = &cur.Paragraphs[len(cur.Paragraphs)-1]
			}
			blank = false
			continue
		}
		if ch, ok := parseChapterHeading(l); ok {
			if ch.Number != len(b.Chapters)+1 {
				return nil, &LineError{Line: start + 2 + lineNo, Err: ErrChapterOrder, Got: ch.Number, Want: len(b.Chapters) + 1}
			}
			flush()
			b.Chapters = append(b.Chapters, ch)
			blank = false
			continue
		}
		if cur == nil {
			// Text between the title and the first article (a preamble):
			// part of no article.
			continue
		}
		if itemLine.MatchString(l) && curPara != nil && !blank {
			curPara.Items = append(curPara.Items, l)
			continue
		}
		// A new line, after a blank line or not, is a new paragraph of the
		// current article.
		cur.Paragraphs = append(cur.Paragraphs, Paragraph{Text: l})
		curPara = &cur.Paragraphs[len(cur.Paragraphs)-1]
		blank = false
	}
	flush()
	if len(b.Articles) == 0 {
		return nil, fmt.Errorf("%w: %q", ErrNoArticles, title)
	}
	return b, nil
}

// parseChapterHeading recognises "一、总  则" and "第一章 总则". Headings are
// short and carry no sentence punctuation, which keeps "一、…" list items
// inside a paragraph from becoming chapters.
func parseChapterHeading(l string) (Chapter, bool) {
	var num, name string
	numbered := false
	if m := chapterNumbered.FindStringSubmatch(l); m != nil {
		num, name, numbered = m[1], m[2], true
	} else if m := chapterEnumerated.FindStringSubmatch(l); m != nil {
		num, name = m[1], m[2]
	} else {
		return Chapter{}, false
	}
	name = compactSpaces(name)
	if name == "" || len([]rune(name)) > 20 || strings.ContainsAny(name, "。，；：,;:") {
		return Chapter{}, false
	}
	n, err := numeral.Parse(num)
	if err != nil || n == 0 {
		return Chapter{}, false
	}
	c := Chapter{Number: n, Name: name, Title: numeral.Chinese(n) + "、" + name}
	if numbered {
		c.Title = "第" + numeral.Chinese(n) + "章 " + name
	}
	return c, true
}

func articleTitle(n int) string { return "第" + numeral.Chinese(n) + "条" }

// cleanLine trims spaces, tabs and ideographic spaces.
func cleanLine(s string) string {
	return strings.TrimFunc(s, unicode.IsSpace)
}

// compactSpaces removes every space inside a heading: "总  则" → "总则".
func compactSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func joinNonBlank(lines []string) string {
	var out []string
	for _, l := range lines {
		if t := cleanLine(l); t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n")
}
