package rulebook

import (
	"errors"
	"fmt"
)

// ErrEmpty is returned by Search for a query with nothing to search: empty,
// only spaces, punctuation or emoji, or only question words (吗？).
var ErrEmpty = errors.New("rulebook: empty query")

// NoSuchArticleError is returned by Search when a query names an article
// the rulebook does not have (第九十九条). It carries what the handler needs
// to say what does exist.
type NoSuchArticleError struct {
	Number   int      // the article asked for
	Book     string   // title of the book it was looked up in
	Articles int      // how many articles that book has (61)
	Chapters []string // that book's chapter titles, in order
}

func (e *NoSuchArticleError) Error() string {
	return fmt.Sprintf("rulebook: 《%s》 has no article %d (it has %d)", e.Book, e.Number, e.Articles)
}

// Errors of Parse. The CLI turns each into a Chinese message.
var (
	// ErrTitleNotFound: the title given is not on a line of its own.
	ErrTitleNotFound = errors.New("rulebook: title not found on a line of its own")
	// ErrNoTitleLine: no title was given and the text starts with a
	// chapter or an article, not a title.
	ErrNoTitleLine = errors.New("rulebook: the text starts with a chapter or an article, not its title")
	// ErrNoArticles: nothing in the text reads as an article (第一条).
	ErrNoArticles = errors.New("rulebook: no articles")
	// ErrArticleOrder: articles must run 第一条, 第二条, … without gaps.
	ErrArticleOrder = errors.New("rulebook: articles out of order")
	// ErrThesaurusLine: a thesaurus line is not "word => target/target".
	ErrThesaurusLine = errors.New("rulebook: thesaurus line is not \"word => target/target\"")
	// ErrChapterOrder: chapters must run 一、/第一章, 二、/第二章, … without gaps.
	ErrChapterOrder = errors.New("rulebook: chapters out of order")
)

// LineError is a Parse error at a line of the text (1-based).
type LineError struct {
	Line      int
	Err       error
	Got, Want int // for ErrArticleOrder and ErrChapterOrder
}

func (e *LineError) Error() string {
	if e.Want > 0 {
		return fmt.Sprintf("rulebook: line %d: %v: got %d, want %d", e.Line, e.Err, e.Got, e.Want)
	}
	return fmt.Sprintf("rulebook: line %d: %v", e.Line, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }
