package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"officebot/chat"
	"officebot/msg"
	"officebot/numeral"
	"officebot/rulebook"
	"officebot/storage"
)

// RulesCapability answers /rules, a mention of the bot, or a question
// typed to it, from the index r.
func RulesCapability(r *Rules) *Capability {
	return &Capability{
		Name:     "rules",
		Commands: []string{"rules", "规则", "查规则"},
		Help:     []string{"help.rules"},
		ReadOnly: Always,
		Command: func(_ context.Context, c *Call) (Response, error) {
			if r == nil {
				return Response{}, errors.New("rules index not loaded")
			}
			q := unescapeSlack(c.Req.Text)
			switch strings.ToLower(strings.TrimSpace(q)) {
			case "help", "帮助", "用法":
				return Reply(msg.T("rules.usage")), nil
			case "":
				if !c.Req.Mention {
					// SPEC §3: with no argument a command opens a modal. A
					// mention has no trigger to open one with: the usage.
					return Response{Modal: rulesForm()}, nil
				}
			}
			return RulesAnswer(r, q, c.Has), nil
		},
		Callback: rulesAskCallback,
		Submit: func(_ context.Context, c *Call) (Response, error) {
			if r == nil {
				return Response{}, errors.New("rules index not loaded")
			}
			q := c.Req.Submission.Values[rulesAskInput] // a form's value is as typed, not HTML-escaped
			if strings.TrimSpace(q) == "" {
				return Response{Errors: map[string]string{rulesAskInput: msg.T("rules.form_empty")}}, nil
			}
			return RulesAnswer(r, q, c.Has), nil
		},
	}
}

// The /rules question form: one input, answered as the typed command is.
const (
	rulesAskCallback = "rules.ask"
	rulesAskInput    = "query"
)

func rulesForm() *chat.Modal {
	return &chat.Modal{CallbackID: rulesAskCallback, Title: msg.T("rules.form_title"), Submit: msg.T("rules.form_submit"),
		Intro: msg.T("rules.form_intro"),
		Inputs: []chat.Input{{ID: rulesAskInput, Label: msg.T("rules.form_label"), Kind: chat.InputText,
			Placeholder: msg.T("rules.form_placeholder")}}}
}

// Rules holds the search index over the working rules and every imported
// rulebook; Reload swaps in a new index after an import.
type Rules struct {
	mu  sync.RWMutex
	idx *rulebook.Index
}

// LoadRules builds the index from the embedded rules, the rulebooks stored
// in the database and an optional extra thesaurus (one mapping a line:
// 一把手 => 主要负责人).
func LoadRules(ctx context.Context, store *storage.Store, thesaurus io.Reader) (*Rules, error) {
	r := &Rules{}
	return r, r.Reload(ctx, store, thesaurus)
}

// Reload rebuilds the index.
func (r *Rules) Reload(ctx context.Context, store *storage.Store, thesaurus io.Reader) error {
	books := []*rulebook.Book{rulebook.Default()}
	stored, err := store.Rulebooks(ctx)
	if err != nil {
		return err
	}
	for _, s := range stored {
		b, err := rulebook.Parse(s.Title, s.Text)
		if err != nil {
			return fmt.Errorf("rulebook %q: %w", s.Title, err)
		}
		books = append(books, b)
	}
	var opts []rulebook.Option
	if thesaurus != nil {
		opts = append(opts, rulebook.WithThesaurus(thesaurus))
	}
	idx, err := rulebook.NewIndex(books, opts...)
	if err != nil {
		return fmt.Errorf("build rules index: %w", err)
	}
	r.mu.Lock()
	old := r.idx
	r.idx = idx
	r.mu.Unlock()
	if old != nil {
		old.Close()
	}
	return nil
}

// Search runs a query on the current index.
func (r *Rules) Search(q string, limit int) (rulebook.Result, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.idx.Search(q, limit)
}

// unescapeSlack turns the &amp; &lt; &gt; Slack puts in user text back into
// characters, so a query reads as typed.
func unescapeSlack(s string) string { return chat.Unescape(s) }

// RulesAnswer renders the answer to a query: the best article in full with
// its matched words in bold and its citation, then up to two more as one-line
// references. It never returns an empty reply. has tells whether this build
// answers a command (the article names it then); nil: none.
func RulesAnswer(r *Rules, query string, has func(command string) bool) Response {
	res, err := r.Search(query, 3)
	var nsa *rulebook.NoSuchArticleError
	switch {
	case errors.As(err, &nsa):
		return Reply(msg.T("rules.no_such_article", chat.Escape(nsa.Book), numeral.Chinese(nsa.Articles),
			numeral.Chinese(nsa.Number), chat.Escape(strings.Join(nsa.Chapters, "  "))))
	case errors.Is(err, rulebook.ErrEmpty):
		return Reply(msg.T("rules.usage"))
	case err != nil:
		return Reply(msg.T("common.internal"))
	case res.NotCovered:
		// The rules do not speak of it: say so rather than offer a weak hit.
		return Reply(msg.T("rules.not_covered", chat.Fragment(query)))
	case len(res.Hits) == 0:
		return Reply(msg.T("rules.no_hits", chat.Fragment(query)) + "\n" + msg.T("rules.usage"))
	}
	var blocks []chat.Block
	var notes []string
	if res.Truncated {
		notes = append(notes, msg.T("rules.truncated", rulebook.MaxQueryRunes))
	}
	switch res.Kind {
	case rulebook.ByChapter:
		var lines []string
		for _, h := range res.Hits {
			lines = append(lines, "• "+oneLine(h))
		}
		blocks = append(blocks, chat.Title(msg.T("rules.chapter", res.Chapter, len(res.Hits))),
			chat.Text(strings.Join(lines, "\n")), chat.Note(msg.T("rules.chapter_hint")))
	case rulebook.ByArticle:
		for i, h := range res.Hits {
			if i >= 5 {
				blocks = append(blocks, chat.Note(msg.T("rules.more_articles", len(res.Hits)-5)))
				break
			}
			blocks = append(blocks, articleBlocks(h, has)...)
		}
	default:
		blocks = append(blocks, answerBlocks(res, has)...)
		if len(res.Expansions) > 0 {
			notes = append(notes, msg.T("rules.expanded", chat.Escape(strings.Join(res.Expansions, "、"))))
		}
		if len(res.Hits) > 1 {
			lines := []string{msg.T("rules.also")}
			for _, h := range res.Hits[1:min(3, len(res.Hits))] {
				lines = append(lines, "• "+oneLine(h))
			}
			blocks = append(blocks, chat.Divide(), chat.Text(strings.Join(lines, "\n")))
		}
	}
	for _, n := range notes {
		blocks = append(blocks, chat.Note(n))
	}
	// No Text: the blocks stand alone, and notifications quote the first.
	return Response{Messages: []chat.Message{{Blocks: blocks}}}
}

// articleBlocks shows one article in full: citation, text with the matched
// words in bold, and the command that carries out its procedure when this
// build has it.
func articleBlocks(h rulebook.Hit, has func(command string) bool) []chat.Block {
	text := bolden(chat.Escape(h.Highlight(func(t string) string { return "\x00" + t + "\x01" })))
	// A header names the article (and is what a notification shows); the
	// text follows in full.
	bs := []chat.Block{chat.Title(msg.T("rules.article_title", h.Citation(), h.Chapter)), chat.Text(text)}
	if cmd := h.Command(); cmd != "" && has != nil && has(cmd) {
		bs = append(bs, chat.Note(msg.T("rules.command", cmd)))
	}
	return bs
}

// answerBlocks answer a question: the direct answer first when the
// answers file has one, then the article as its citation with the matched
// passage, then the command that carries it out when this build has it.
func answerBlocks(res rulebook.Result, has func(command string) bool) []chat.Block {
	h := res.Hits[0]
	var bs []chat.Block
	cmd := h.Command()
	if res.Answer != nil {
		bs = append(bs, chat.Text(msg.T("rules.answer", chat.Escape(res.Answer.Text))))
		cmd = res.Answer.Cmd()
	}
	bs = append(bs, chat.Title(msg.T("rules.article_title", h.Citation(), h.Chapter)))
	passage := h.Passage
	if passage == "" {
		passage = h.Text
	}
	quote := bolden(chat.Escape(h.HighlightPassage(func(t string) string { return "\x00" + t + "\x01" })))
	if h.Passage == "" {
		quote = bolden(chat.Escape(h.Highlight(func(t string) string { return "\x00" + t + "\x01" })))
	}
	bs = append(bs, chat.Text(msg.T("rules.passage", strings.ReplaceAll(quote, "\n", "\n> "))))
	if passage != h.Text {
		bs = append(bs, chat.Note(msg.T("rules.full_text", numeral.Chinese(h.Number))))
	}
	if cmd != "" && has != nil && has(cmd) {
		bs = append(bs, chat.Note(msg.T("rules.command", cmd)))
	}
	return bs
}

// bolden turns the \x00…\x01 marks of a highlight into Slack bold; the
// zero-width spaces let Slack bold words inside Chinese text. A text with
// no marks (an article looked up by number) is returned as it is: a
// strings.Replacer walked every byte of it, a fifth of the CPU of
// RulesAnswer for /rules 第五十七条.
func bolden(s string) string {
	marks := strings.Count(s, "\x00") + strings.Count(s, "\x01")
	if marks == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + marks*(len(boldOpen)-1))
	for {
		i := strings.IndexAny(s, "\x00\x01")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		if s[i] == 0 {
			b.WriteString(boldOpen)
		} else {
			b.WriteString(boldClose)
		}
		s = s[i+1:]
	}
}

const (
	boldOpen  = "\u200b*"
	boldClose = "*\u200b"
)

// oneLine is a reference to an article: its citation and opening words.
func oneLine(h rulebook.Hit) string {
	text := []rune(strings.ReplaceAll(h.Text, "\n", " "))
	if len(text) > 40 {
		text = append(text[:40], '…')
	}
	return chat.Bold(chat.Escape(h.Citation())) + " " + chat.Escape(string(text))
}
