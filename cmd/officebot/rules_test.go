package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRulesShowAcceptsEveryArticleForm(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	for _, ref := range []string{"57", "第五十七条", "第57条"} {
		out, _, err := runCmd(t, env, "", "rules", "show", ref)
		if err != nil || !strings.Contains(out, "《昆山市人民政府工作规则》第五十七条") || !strings.Contains(out, "严格执行请销假和考勤制度") {
			t.Errorf("rules show %s: %v\n%s", ref, err, out)
		}
		if strings.Contains(out, "\u200b") || strings.Contains(out, "&lt;") {
			t.Errorf("terminal output keeps Slack markup:\n%s", out)
		}
	}
	out, _, err := runCmd(t, env, "", "rules", "show", "第九十九条")
	if err == nil || !strings.Contains(out, "共六十一条") {
		t.Errorf("missing article: %v\n%s", err, out)
	}
	if _, errOut, err := runCmd(t, env, "", "rules", "show", "会议制度"); err == nil || !strings.Contains(errOut, "不是条号") {
		t.Errorf("a chapter is not an article: %v %s", err, errOut)
	}
}

func TestRulesSearchJSONHasTheSpecShape(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	out, _, err := runCmd(t, env, "", "rules", "search", "出差要请假吗", "--json", "--limit", "2")
	if err != nil {
		t.Fatal(err)
	}
	var hits []struct {
		Article int     `json:"article"`
		Title   string  `json:"title"`
		Chapter string  `json:"chapter"`
		Text    string  `json:"text"`
		Score   float64 `json:"score"`
	}
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if len(hits) == 0 || len(hits) > 2 {
		t.Fatalf("want 1-2 hits, got %d", len(hits))
	}
	h := hits[0]
	if h.Article != 57 || h.Title != "第五十七条" || h.Chapter != "十一、作风纪律" || h.Score <= 0 || !strings.HasPrefix(h.Text, "严格执行") {
		t.Fatalf("first hit %+v", h)
	}
	if _, errOut, err := runCmd(t, env, "", "rules", "search", "？？", "--json"); err == nil || !strings.Contains(errOut, "请输入要查询的条号") {
		t.Fatalf("empty query: %v %q", err, errOut)
	}
}

func TestRulesImportAddsADocumentToSearch(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	path := filepath.Join(t.TempDir(), "reg.txt")
	text := "第一章 总则\n第一条 为加强公务用车管理，制定本办法。\n第二章 使用\n第二条 公务用车实行集中管理、统一调度。\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, env, "", "rules", "import", path, "--title", "昆山市公务用车管理办法")
	if err != nil || !strings.Contains(out, "已导入《昆山市公务用车管理办法》：2 章，2 条") {
		t.Fatalf("import: %v %s", err, out)
	}
	out, _, err = runCmd(t, env, "", "rules", "import", path, "--title", "昆山市公务用车管理办法")
	if err != nil || !strings.Contains(out, "已更新") {
		t.Fatalf("re-import: %v %s", err, out)
	}
	out, _, err = runCmd(t, env, "", "rules", "search", "公务用车统一调度")
	if err != nil || !strings.Contains(out, "《昆山市公务用车管理办法》第二条") {
		t.Fatalf("search: %v %s", err, out)
	}
}

func TestRulesSearchJSONIsEmptyForAQuestionTheRulesDoNotCover(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	for _, q := range []string{"公积金怎么提取", "食堂几点开饭"} {
		out, _, err := runCmd(t, env, "", "rules", "search", q, "--json")
		if err != nil || strings.TrimSpace(out) != "[]" {
			t.Errorf("%s: %v %q, want []", q, err, out)
		}
	}
	out, _, err := runCmd(t, env, "", "rules", "search", "公积金怎么提取")
	if err != nil || !strings.Contains(out, "没有关于") {
		t.Errorf("text form: %v\n%s", err, out)
	}
}
