package arch

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

const module = "officebot"

// adapters are the packages that talk to the outside world (a database,
// Slack, the clock of cron, a terminal) or wire the program together, with
// everything below them. Every other package of the module is a domain
// package: a new one (document, dates, ics, office, …) is checked as soon
// as it exists, with no change here.
var adapters = []string{
	"officebot/storage",   // GORM, SQLite, PostgreSQL
	"officebot/scheduler", // cron, the outbox worker
	"officebot/handlers",  // the capabilities, over storage
	"officebot/bot",       // Slack (slack-go), the console
	"officebot/cmd",       // the program: wiring
	"officebot/bench",     // load generators
	"officebot/internal/arch",
}

// domainMayNot are what no domain package may import, directly or through
// other packages of the module: the database, Slack, and the adapters.
var domainMayNot = []string{
	"gorm.io/",
	"github.com/slack-go/",
	"github.com/jackc/pgx",
	"github.com/mattn/go-sqlite3",
	"officebot/storage",
	"officebot/handlers",
	"officebot/bot",
	"officebot/scheduler",
}

// rules are the imports each adapter may not make: mayNot directly or
// through the module, direct only itself (what it may reach through
// storage, never name). The graph of docs/architecture.md.
var rules = []struct {
	pkg    string // this package and those below it
	mayNot []string
	direct []string
	why    string
}{
	{"officebot/storage", []string{"officebot/handlers", "officebot/scheduler", "officebot/bot", "github.com/slack-go/"}, nil,
		"storage maps the domain to the database, nothing above it"},
	{"officebot/scheduler", []string{"officebot/handlers", "officebot/bot", "github.com/slack-go/"}, []string{"gorm.io/"},
		"jobs come in through scheduler.New, Slack through a Sender, queries through storage.Tx"},
	{"officebot/handlers", []string{"officebot/bot", "github.com/slack-go/"}, []string{"gorm.io/", "github.com/jackc/pgx", "github.com/mattn/go-sqlite3"},
		"handlers are transport-agnostic; storage owns every query"},
}

// pkg is one package of the module: its non-test imports.
type pkg struct {
	path    string
	imports []string
}

func modulePackages(t *testing.T) map[string]pkg {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	out := map[string]pkg{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
			return filepath.SkipDir
		}
		bp, err := build.ImportDir(path, 0)
		if err != nil {
			if _, ok := err.(*build.NoGoError); ok {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(root, path)
		ip := module
		if rel != "." {
			ip += "/" + filepath.ToSlash(rel)
		}
		out[ip] = pkg{path: ip, imports: bp.Imports}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("found only %d packages: the walk is wrong", len(out))
	}
	return out
}

// under reports whether path is prefix or a package below it.
func under(path, prefix string) bool {
	prefix = strings.TrimSuffix(prefix, "/")
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// forbidden reports whether the import is one of the prefixes.
func forbidden(imp string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasSuffix(p, "/") && strings.HasPrefix(imp, p) || under(imp, p) {
			return true
		}
	}
	return false
}

// reach returns every import reachable from the package through the
// module's packages, each with the chain that reaches it.
func reach(pkgs map[string]pkg, from string) map[string][]string {
	chains := map[string][]string{}
	var visit func(p string, chain []string)
	visit = func(p string, chain []string) {
		for _, imp := range pkgs[p].imports {
			if _, seen := chains[imp]; seen {
				continue
			}
			c := append(slices.Clone(chain), imp)
			chains[imp] = c
			if _, inModule := pkgs[imp]; inModule {
				visit(imp, c)
			}
		}
	}
	visit(from, []string{from})
	return chains
}

func violations(pkgs map[string]pkg, from string, mayNot []string) []string {
	var out []string
	for imp, chain := range reach(pkgs, from) {
		if forbidden(imp, mayNot) {
			out = append(out, strings.Join(chain, " → "))
		}
	}
	sort.Strings(out)
	return out
}

func isAdapter(path string) bool {
	return slices.ContainsFunc(adapters, func(a string) bool { return under(path, a) })
}

func TestDomainPackagesImportNoDatabaseSlackOrAdapter(t *testing.T) {
	t.Parallel()
	pkgs := modulePackages(t)
	var domain []string
	for path := range pkgs {
		if !isAdapter(path) {
			domain = append(domain, path)
		}
	}
	sort.Strings(domain)
	for _, want := range []string{"officebot/leave", "officebot/meeting", "officebot/approval", "officebot/calendar",
		"officebot/rulebook", "officebot/directory", "officebot/clock", "officebot/numeral", "officebot/text"} {
		if !slices.Contains(domain, want) {
			t.Errorf("%s is not checked as a domain package (domain: %v)", want, domain)
		}
	}
	for _, p := range domain {
		for _, v := range violations(pkgs, p, domainMayNot) {
			t.Errorf("domain package %s may not import it: %s", p, v)
		}
	}
}

func TestAdaptersImportOnlyDownTheGraph(t *testing.T) {
	t.Parallel()
	pkgs := modulePackages(t)
	for _, r := range rules {
		for path := range pkgs {
			if !under(path, r.pkg) {
				continue
			}
			for _, v := range violations(pkgs, path, r.mayNot) {
				t.Errorf("%s (%s): %s", path, r.why, v)
			}
			for _, imp := range pkgs[path].imports {
				if forbidden(imp, r.direct) {
					t.Errorf("%s (%s) imports %s", path, r.why, imp)
				}
			}
		}
	}
}

func TestOnlyBotImportsSlackGo(t *testing.T) {
	t.Parallel()
	for path, p := range modulePackages(t) {
		if under(path, "officebot/bot") {
			continue
		}
		for _, imp := range p.imports {
			if strings.HasPrefix(imp, "github.com/slack-go/") {
				t.Errorf("%s imports %s: only bot/ talks to Slack", path, imp)
			}
		}
	}
}

// The test must be able to fail: a package importing GORM is caught.
func TestTheCheckCatchesAForbiddenImport(t *testing.T) {
	t.Parallel()
	pkgs := map[string]pkg{
		"officebot/document": {path: "officebot/document", imports: []string{"strings", "officebot/text"}},
		"officebot/text":     {path: "officebot/text", imports: []string{"officebot/storage"}},
		"officebot/storage":  {path: "officebot/storage", imports: []string{"gorm.io/gorm"}},
	}
	got := violations(pkgs, "officebot/document", domainMayNot)
	want := []string{"officebot/document → officebot/text → officebot/storage", "officebot/document → officebot/text → officebot/storage → gorm.io/gorm"}
	if !slices.Equal(got, want) {
		t.Fatalf("violations %v, want %v", got, want)
	}
	if isAdapter("officebot/document") || !isAdapter("officebot/handlers/document") {
		t.Fatal("a new capability package is an adapter, a new domain package is not")
	}
}
