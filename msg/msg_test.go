package msg

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// keyUse finds catalogue keys written as literals where code looks them up.
var keyUse = regexp.MustCompile(`(?:msg\.T|handlers\.Fail|\bFail|\bKey:)\(?\s*"([a-z_]+\.[a-z0-9_.]+)"|usage:\s*"([a-z_]+\.[a-z0-9_.]+)"`)

func TestEveryKeyTheCodeUsesIsInTheCatalogue(t *testing.T) {
	t.Parallel()
	root, _ := filepath.Abs("..")
	var missing []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(src), -1) {
			key := m[1] + m[2]
			if strings.HasSuffix(key, ".") {
				continue // a prefix completed at run time ("role." + role)
			}
			if !Has(key) {
				rel, _ := filepath.Rel(root, path)
				missing = append(missing, rel+": "+key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Fatalf("keys used but not in the catalogue:\n%s", strings.Join(missing, "\n"))
	}
}

func TestCatalogueIsChinese(t *testing.T) {
	t.Parallel()
	for _, k := range Keys() {
		text := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`).ReplaceAllString(T(k), "")
		if !strings.ContainsFunc(text, unicode.IsLetter) {
			continue // a layout of values only
		}
		hasHan := false
		for _, r := range text {
			if unicode.Is(unicode.Han, r) {
				hasHan = true
				break
			}
		}
		if !hasHan {
			t.Errorf("entry %s has no Chinese text: %q", k, T(k))
		}
	}
}

func TestUnknownKeyShowsTheKey(t *testing.T) {
	t.Parallel()
	if got := T("no.such.key"); got != "no.such.key" {
		t.Fatalf("T(unknown) = %q", got)
	}
}
