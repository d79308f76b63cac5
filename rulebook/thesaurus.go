package rulebook

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strings"
)

//go:embed data/thesaurus.txt
var defaultThesaurus string

// Thesaurus maps colloquial words to the words the rules use
// (一把手 → 主要负责人). The zero value is empty and ready to use.
type Thesaurus struct {
	targets map[string][]string
}

// ParseThesaurus reads mappings, one a line: "word => target/target".
// Blank lines and text after # are ignored. Words and targets are
// normalised like queries (simplified, half-width, no punctuation), so a
// key written in traditional characters still matches.
func ParseThesaurus(r io.Reader) (*Thesaurus, error) {
	t := &Thesaurus{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		from, to, ok := strings.Cut(l, "=>")
		if !ok {
			return nil, &LineError{Line: line, Err: ErrThesaurusLine}
		}
		key := compactSpaces(Normalize(from))
		if key == "" {
			return nil, &LineError{Line: line, Err: ErrThesaurusLine}
		}
		var targets []string
		for _, tgt := range strings.Split(to, "/") {
			if tgt = compactSpaces(Normalize(tgt)); tgt != "" {
				targets = append(targets, tgt)
			}
		}
		if len(targets) == 0 {
			return nil, &LineError{Line: line, Err: ErrThesaurusLine}
		}
		t.add(key, targets...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("rulebook: reading thesaurus: %w", err)
	}
	return t, nil
}

func (t *Thesaurus) add(key string, targets ...string) {
	if t.targets == nil {
		t.targets = make(map[string][]string)
	}
	for _, tgt := range targets {
		if tgt != key && !contains(t.targets[key], tgt) {
			t.targets[key] = append(t.targets[key], tgt)
		}
	}
}

// Len reports the number of words with mappings.
func (t *Thesaurus) Len() int { return len(t.targets) }

// merge adds every mapping of o to t.
func (t *Thesaurus) merge(o *Thesaurus) {
	for k, v := range o.targets {
		t.add(k, v...)
	}
}

// restrict keeps only targets for which keep is true and drops words left
// with none.
func (t *Thesaurus) restrict(keep func(string) bool) {
	for k, v := range t.targets {
		var kept []string
		for _, tgt := range v {
			if keep(tgt) {
				kept = append(kept, tgt)
			}
		}
		if len(kept) == 0 {
			delete(t.targets, k)
		} else {
			t.targets[k] = kept
		}
	}
}

// keys returns the words, longest first, for deterministic matching.
func (t *Thesaurus) keys() []string {
	ks := make([]string, 0, len(t.targets))
	for k := range t.targets {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if len(ks[i]) != len(ks[j]) {
			return len(ks[i]) > len(ks[j])
		}
		return ks[i] < ks[j]
	})
	return ks
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
