package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"unicode/utf8"

	"officebot/chat"
	"officebot/handlers"
	"officebot/msg"
	"officebot/numeral"
	"officebot/rulebook"
)

func rulesCommand(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, msg.T("cli.rules_usage"))
		return errUsage
	}
	sub, args := args[0], args[1:]
	fs := newFlags(e, "rules "+sub, "cli.rules_usage")
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", rulebook.DefaultLimit, "number of articles")
	title := fs.String("title", "", "title of the imported rulebook")
	pos, err := flags(fs, args)
	if err != nil {
		return err
	}
	if *limit < 1 {
		fmt.Fprintln(e.stderr, msg.T("cli.bad_limit", *limit))
		return errUsage
	}
	a, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()
	switch sub {
	case "search":
		if len(pos) == 0 {
			fmt.Fprintln(e.stderr, msg.T("rules.search_usage"))
			return errUsage
		}
		return rulesSearch(e, a, strings.Join(pos, " "), *limit, *asJSON)
	case "show":
		if len(pos) == 0 {
			fmt.Fprintln(e.stderr, msg.T("rules.show_usage"))
			return errUsage
		}
		return rulesShow(e, a, strings.Join(pos, ""))
	case "import":
		if len(pos) != 1 {
			fmt.Fprintln(e.stderr, msg.T("rules.import_usage"))
			return errUsage
		}
		return rulesImport(ctx, e, a, pos[0], *title)
	}
	fmt.Fprintln(e.stderr, msg.T("cli.rules_usage"))
	return errUsage
}

// jsonHit is one element of `rules search --json` (SPEC §3), with the book
// it comes from.
type jsonHit struct {
	Article int     `json:"article"`
	Title   string  `json:"title"`
	Chapter string  `json:"chapter"`
	Text    string  `json:"text"`
	Score   float64 `json:"score"`
	Book    string  `json:"book"`
}

func rulesSearch(e *env, a *app, query string, limit int, asJSON bool) error {
	// Nothing to search, or an article that does not exist: the answer
	// explains on stderr and the command fails, in both forms.
	res, err := a.rules.Search(query, limit)
	switch {
	case errors.Is(err, rulebook.ErrEmpty):
		fmt.Fprintln(e.stderr, plain(msg.T("rules.usage")))
		return errUsage
	case errors.As(err, new(*rulebook.NoSuchArticleError)):
		fmt.Fprintln(e.stderr, plain(handlers.RulesAnswer(a.rules, query, a.service.Has).Text()))
		return errUsage
	case err != nil:
		return err
	}
	if asJSON {
		hits := make([]jsonHit, 0, len(res.Hits))
		for i, h := range res.Hits {
			if i >= limit {
				break
			}
			hits = append(hits, jsonHit{h.Number, h.Title, h.Chapter, h.Text, h.Score, h.Book})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(hits)
	}
	fmt.Fprintln(e.stdout, plain(handlers.RulesAnswer(a.rules, query, a.service.Has).Text()))
	return nil
}

func rulesShow(e *env, a *app, ref string) error {
	res, err := a.rules.Search(ref, 0)
	if err == nil && res.Kind != rulebook.ByArticle {
		fmt.Fprintln(e.stderr, msg.T("rules.not_article", ref))
		return errUsage
	}
	if err != nil && !errors.As(err, new(*rulebook.NoSuchArticleError)) {
		fmt.Fprintln(e.stderr, msg.T("rules.not_article", ref))
		return errUsage
	}
	fmt.Fprintln(e.stdout, plain(handlers.RulesAnswer(a.rules, ref, a.service.Has).Text()))
	if err != nil {
		return errUsage
	}
	return nil
}

func rulesImport(ctx context.Context, e *env, a *app, path, title string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return reported(e, fmt.Errorf("read rulebook %s: %w", path, err), "org.read_failed", path, fileProblem(err))
	}
	if !utf8.Valid(data) {
		return reported(e, fmt.Errorf("rulebook %s: not UTF-8 text", path), "rules.parse_failed", path, msg.T("rules.err_not_text"))
	}
	text := string(data)
	if strings.TrimSpace(text) == "" {
		return reported(e, fmt.Errorf("rulebook %s: empty", path), "rules.parse_failed", path, msg.T("rules.err_empty"))
	}
	book, err := rulebook.Parse(title, text)
	if err != nil && title != "" {
		// A file without its title on a line of its own: the title given is it.
		text = title + "\n" + text
		book, err = rulebook.Parse(title, text)
	}
	if err != nil {
		return reported(e, err, "rules.parse_failed", path, rulebookProblem(err))
	}
	replaced, err := a.store.SaveRulebook(ctx, book.Title, text, "cli", a.clock.Now())
	if err != nil {
		return err
	}
	key := "rules.imported"
	if replaced {
		key = "rules.replaced"
	}
	fmt.Fprintln(e.stdout, msg.T(key, book.Title, len(book.Chapters), len(book.Articles)))
	return nil
}

// plain turns mrkdwn for a terminal: no escapes, no bold marks.
func plain(s string) string {
	s = strings.NewReplacer("\u200b*", "", "*\u200b", "", "\u200b", "").Replace(chat.Unescape(s))
	return strings.TrimLeft(s, "\n")
}

// rulebookProblem says in Chinese why a regulation's text did not parse.
func rulebookProblem(err error) string {
	var le *rulebook.LineError
	switch {
	case errors.Is(err, rulebook.ErrNoTitleLine):
		return msg.T("rules.err_no_title")
	case errors.Is(err, rulebook.ErrTitleNotFound):
		return msg.T("rules.err_title_not_found")
	case errors.Is(err, rulebook.ErrNoArticles):
		return msg.T("rules.err_no_articles")
	case errors.As(err, &le) && errors.Is(err, rulebook.ErrArticleOrder):
		return msg.T("rules.err_article_order", le.Line, numeral.Chinese(le.Want), numeral.Chinese(le.Got))
	case errors.As(err, &le) && errors.Is(err, rulebook.ErrChapterOrder):
		return msg.T("rules.err_chapter_order", le.Line, numeral.Chinese(le.Want), numeral.Chinese(le.Got))
	case errors.As(err, &le):
		return msg.T("rules.err_line", le.Line)
	}
	return msg.T("rules.err_other")
}

// writeProblem says in Chinese why a file could not be written.
func writeProblem(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return msg.T("cli.dir_missing")
	case errors.Is(err, fs.ErrPermission):
		return msg.T("cli.write_forbidden")
	case errors.Is(err, syscall.EISDIR):
		return msg.T("cli.file_is_dir")
	}
	return msg.T("cli.write_failed")
}

// fileProblem says in Chinese why a file could not be read.
func fileProblem(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return msg.T("cli.file_missing")
	case errors.Is(err, fs.ErrPermission):
		return msg.T("cli.file_forbidden")
	case errors.Is(err, syscall.EISDIR):
		return msg.T("cli.file_is_dir")
	}
	return msg.T("cli.file_unreadable")
}
