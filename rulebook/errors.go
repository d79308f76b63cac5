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
