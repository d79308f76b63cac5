package rulebook

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed data/answers.yaml
var answersYAML []byte

// Answer is the direct answer to a question officials ask about the
// Kunshan rules: one or two sentences (是/否/几天/谁批/怎么办) written from
// the text of the articles it cites, the ways of asking it, and the command
// that carries it out. The answers are data (data/answers.yaml), reviewed
// like code: TestAnswersStateOnlyWhatTheirArticlesSay checks that every
// number and role an answer names is in its articles.
type Answer struct {
	ID       string   `yaml:"id"`
	Patterns []string `yaml:"patterns"` // the ways of asking, in officials' words
	Text     string   `yaml:"answer"`   // 要。…须事先书面请假，由市政府办公室报市政府领导批准。
	Articles []int    `yaml:"articles"` // the articles it rests on, the main one first
	// Command carries the procedure out (/leave, /doc, /meeting); when
	// empty, CommandFor(Articles[0]); "none" for no command.
	Command string `yaml:"command"`
}

// Cmd is the command an answer offers: its own, else its main article's.
func (a *Answer) Cmd() string {
	if a.Command == "none" {
		return ""
	}
	if a.Command != "" {
		return a.Command
	}
	if len(a.Articles) == 0 {
		return ""
	}
	return CommandFor(a.Articles[0])
}

// ErrAnswers is wrapped by ParseAnswers for an answers file that does not
// hold together (missing fields, unknown articles or commands, repeats).
var ErrAnswers = errors.New("rulebook: bad answers file")

// ParseAnswers reads an answers file (a YAML list of answers) and checks it
// against book: every answer has an id, a text, patterns and articles that
// exist, ids and patterns are not repeated, commands are known ones.
func ParseAnswers(data []byte, book *Book) ([]*Answer, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var out []*Answer
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrAnswers, err)
	}
	ids := map[string]bool{}
	pats := map[string]string{}
	for i, a := range out {
		if a == nil || a.ID == "" || a.Text == "" || len(a.Patterns) == 0 || len(a.Articles) == 0 {
			return nil, fmt.Errorf("%w: entry %d lacks an id, answer, patterns or articles", ErrAnswers, i+1)
		}
		if ids[a.ID] {
			return nil, fmt.Errorf("%w: id %q repeated", ErrAnswers, a.ID)
		}
		ids[a.ID] = true
		for _, n := range a.Articles {
			if _, ok := book.Article(n); !ok {
				return nil, fmt.Errorf("%w: %s cites article %d, which does not exist", ErrAnswers, a.ID, n)
			}
		}
		switch a.Command {
		case "", "/leave", "/doc", "/meeting", "none":
		default:
			return nil, fmt.Errorf("%w: %s: unknown command %q", ErrAnswers, a.ID, a.Command)
		}
		for _, p := range a.Patterns {
			k := compactSpaces(Normalize(p))
			if k == "" {
				return nil, fmt.Errorf("%w: %s has an empty pattern", ErrAnswers, a.ID)
			}
			if other, ok := pats[k]; ok {
				return nil, fmt.Errorf("%w: pattern %q in both %s and %s", ErrAnswers, p, other, a.ID)
			}
			pats[k] = a.ID
		}
	}
	return out, nil
}

var (
	answersOnce sync.Once
	answersList []*Answer
	answersErr  error
)

// DefaultAnswers returns the embedded answers file for the Kunshan rules,
// parsed once. Callers must not modify the answers.
func DefaultAnswers() ([]*Answer, error) {
	answersOnce.Do(func() { answersList, answersErr = ParseAnswers(answersYAML, Default()) })
	return answersList, answersErr
}
