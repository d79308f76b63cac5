package msg

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// verb finds the formatting verbs of an entry (%% is not one), with their
// explicit argument index if any (%[1]s).
var verb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0-9.]*[a-zA-Z]`)

// arity is how many arguments entry takes: its verbs, or the highest
// explicit index when it names them.
func arity(entry string) int {
	n, max := 0, 0
	for _, m := range verb.FindAllStringSubmatch(entry, -1) {
		n++
		if i, err := strconv.Atoi(m[1]); err == nil && i > max {
			max = i
		}
	}
	if max > 0 {
		return max
	}
	return n
}

// TestEveryLiteralKeyGetsAsManyArgumentsAsItsEntryHasVerbs reads every call
// msg.T("key", …) and Fail("key", …) outside tests and compares the number
// of arguments with the verbs of the entry: one too many prints
// "%!(EXTRA string=…)" to the person, one too few "%!s(MISSING)".
func TestEveryLiteralKeyGetsAsManyArgumentsAsItsEntryHasVerbs(t *testing.T) {
	t.Parallel()
	root, _ := filepath.Abs("..")
	fset := token.NewFileSet()
	var bad []string
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
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			// msg.T("key") alone reads the entry's raw text (a prefix, a
			// check): only calls with arguments format it.
			if !ok || len(call.Args) < 2 || call.Ellipsis.IsValid() || !isLookup(call.Fun) {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			key, err := strconv.Unquote(lit.Value)
			if err != nil || !Has(key) {
				return true // TestEveryKeyTheCodeUsesIsInTheCatalogue names it
			}
			if want, got := arity(catalog[key]), len(call.Args)-1; want != got {
				rel, _ := filepath.Rel(root, fset.Position(call.Pos()).Filename)
				bad = append(bad, rel+":"+strconv.Itoa(fset.Position(call.Pos()).Line)+": "+key+
					" has "+strconv.Itoa(want)+" verbs, given "+strconv.Itoa(got)+" arguments")
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatalf("catalogue lookups with the wrong number of arguments:\n%s", strings.Join(bad, "\n"))
	}
}

// isLookup tells msg.T, T, handlers.Fail and Fail.
func isLookup(fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name == "T" || f.Name == "Fail"
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && (x.Name == "msg" && f.Sel.Name == "T" || x.Name == "handlers" && f.Sel.Name == "Fail")
	}
	return false
}

// TestCatalogueAddressesPeopleAs您 keeps the register of an office writing
// to officials: 您, never 你.
func TestCatalogueAddressesPeopleAs您(t *testing.T) {
	t.Parallel()
	for _, k := range Keys() {
		if strings.Contains(T(k), "你") {
			t.Errorf("entry %s says 你: %s", k, T(k))
		}
	}
}
