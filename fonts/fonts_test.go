package fonts

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestTheEnvironmentsFontComesFirst(t *testing.T) {
	p := filepath.Join(t.TempDir(), "my.ttf")
	if err := os.WriteFile(p, []byte("font"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Find(func(k string) string {
		if k == Env {
			return p
		}
		return ""
	})
	if err != nil || got != p {
		t.Fatalf("Find = %q, %v; want %q", got, err, p)
	}
}

func TestAMissingEnvironmentFontIsAnError(t *testing.T) {
	_, err := Find(func(string) string { return "/nonexistent/font.ttf" })
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Find with a missing %s = %v, want a not-exist error", Env, err)
	}
}

func TestNoFontIsErrNotFound(t *testing.T) {
	saved := Paths
	t.Cleanup(func() { Paths = saved })
	Paths = []string{filepath.Join(t.TempDir(), "none.ttf")}
	if _, err := Find(func(string) string { return "" }); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Find with no font = %v, want ErrNotFound", err)
	}
}

func TestAnInstalledFontIsFound(t *testing.T) {
	p, err := Find(func(string) string { return "" })
	if errors.Is(err, ErrNotFound) {
		t.Skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
	}
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(p); err != nil || st.Size() < 1<<20 {
		t.Fatalf("Find = %q (%v): not a font file", p, err)
	}
}
