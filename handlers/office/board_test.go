package office_test

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"officebot/calendar"
	handlersoffice "officebot/handlers/office"
	"officebot/storage/storagetest"
)

func boardServer(t *testing.T) *httptest.Server {
	t.Helper()
	s := storagetest.SQLite(t)
	h := newHarness(t, s)
	cal := h.Service.Calendar
	srv := httptest.NewServer(handlersoffice.New(s, nil).Board("s3cret", h.Clock, func() *calendar.Calendar { return cal }))
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if len(header) == 2 {
		req.Header.Set(header[0], header[1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestTheBoardNeedsItsToken(t *testing.T) {
	t.Parallel()
	srv := boardServer(t)
	for _, url := range []string{srv.URL, srv.URL + "?token=", srv.URL + "?token=wrong", srv.URL + "?token=s3cre"} {
		if code, _ := get(t, url); code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", url, code)
		}
	}
	if code, body := get(t, srv.URL, "Authorization", "Bearer s3cret"); code != http.StatusOK || !strings.Contains(body, "市政府督查大屏") {
		t.Errorf("with a bearer token: %d", code)
	}
}

func TestTheBoardShowsTheUnitsRatesAndRefreshes(t *testing.T) {
	t.Parallel()
	srv := boardServer(t)
	code, body := get(t, srv.URL+"?token=s3cret")
	if code != http.StatusOK {
		t.Fatalf("%d\n%s", code, body)
	}
	mustContain(t, body, `<html lang="zh-CN">`, `<meta http-equiv="refresh" content="300">`, "市政府督查大屏", "2026年12月",
		"<td>市财政局</td><td>1</td><td>1</td><td>100.0%", "<td>周市镇</td><td>1</td><td>0</td><td class=\"low\">0.0%",
		"<td>合计</td><td>2</td><td>1</td><td>50.0%</td>",
		"推进&lt;!channel&gt;重大项目", "已逾期 10 天")
	if strings.Contains(body, "<!channel>") || strings.Contains(body, "<script") {
		t.Error("the page carries unescaped user text or a script")
	}
}

// The board in a real headless Chromium (Debian's chromium package): the
// page renders with the units and rates, and a screenshot is saved
// (docs/office-board.png when OFFICEBOT_WRITE_DOCS is set).
func TestTheBoardRendersInChromium(t *testing.T) {
	t.Parallel()
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("Chromium is not installed (apt-get install -y chromium): the board's browser test is skipped")
	}
	srv := boardServer(t)
	url := srv.URL + "?token=s3cret"
	dir := t.TempDir()
	run := func(args ...string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
			"--no-first-run", "--user-data-dir=" + filepath.Join(dir, "profile"), "--window-size=1600,900"}
		cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("chromium %v: %v\n%s", args, err, errOut.String())
		}
		return out.Bytes()
	}
	dom := string(run("--dump-dom", url))
	mustContain(t, dom, "市政府督查大屏", "市财政局", "100.0%", "周市镇", "0.0%", "合计", "50.0%", `id="units"`)
	shot := filepath.Join(dir, "board.png")
	run("--screenshot="+shot, url)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 1000 || b.Dy() < 600 {
		t.Errorf("screenshot %v", b)
	}
	if os.Getenv("OFFICEBOT_WRITE_DOCS") != "" {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "office-board.png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshot: %s (%d bytes)", shot, len(data))
}
