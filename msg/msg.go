// Package msg is the message catalogue: every text the bot shows a person,
// in Simplified Chinese, under a stable key. Each capability keeps its
// entries in its own file here; together they are the one catalogue a
// translator works on.
package msg

import (
	"fmt"
	"sort"
)

var catalog = map[string]string{}

// add registers entries; a key registered twice is a programming error
// found at start-up.
func add(entries map[string]string) {
	for k, v := range entries {
		if _, dup := catalog[k]; dup {
			panic("msg: duplicate key " + k)
		}
		catalog[k] = v
	}
}

// T returns the text under key, formatted with args as fmt.Sprintf does. An
// unknown key returns the key itself, so a missing entry is visible but never
// crashes; the catalogue test finds them.
func T(key string, args ...any) string {
	s, ok := catalog[key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Has reports whether key is in the catalogue.
func Has(key string) bool {
	_, ok := catalog[key]
	return ok
}

// Keys lists every key, sorted.
func Keys() []string {
	ks := make([]string, 0, len(catalog))
	for k := range catalog {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// OneOrMore is key for a count of several and key+"_one" for a count of
// one: a digest line names its first item and says 等 (and the others)
// only when there are others.
func OneOrMore(key string, n int) string {
	if n == 1 {
		return key + "_one"
	}
	return key
}
