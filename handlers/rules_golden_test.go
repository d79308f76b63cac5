package handlers_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/storage/storagetest"
)

// updateRules rewrites the /rules golden files instead of comparing:
//
//	go test ./handlers -run RulesGolden -update-rules
var updateRules = flag.Bool("update-rules", false, "rewrite testdata/rules/*.golden")

// TestRulesGoldenReplies keeps the text of typical /rules replies in
// testdata/rules, so a change of wording or layout is seen in review: a
// direct answer first, then the article with its passage, then the command.
func TestRulesGoldenReplies(t *testing.T) {
	t.Parallel()
	svc := handlerstest.New(t, storagetest.SQLite(t), handlerstest.Options{LoadRules: true}).Service
	cases := map[string]string{
		"answer-leave":      "出差要请假吗？",
		"answer-minutes":    "常务会议纪要谁签发",
		"answer-deadline":   "转办的公文几天内要办结",
		"answer-one-matter": "一个请示里能写几件事",
		"keywords":          "规范性文件清理",
		"not-covered":       "公积金怎么提取",
	}
	for name, q := range cases {
		got := svc.Handle(context.Background(), handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: q}).Text()
		path := filepath.Join("testdata", "rules", name+".golden")
		if *updateRules {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./handlers -run RulesGolden -update-rules)", err)
		}
		if !bytes.Equal(want, []byte(got)) {
			t.Errorf("%s: reply differs from %s:\n--- want\n%s\n--- got\n%s", q, path, want, got)
		}
	}
}

// TestRulesAnswerComesFirst: the answer, then the citation and passage,
// then the command; a question the rules do not cover says so.
func TestRulesAnswerComesFirst(t *testing.T) {
	t.Parallel()
	svc := handlerstest.New(t, storagetest.SQLite(t), handlerstest.Options{LoadRules: true}).Service
	got := svc.Handle(context.Background(), handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "出差要请假吗"}).Text()
	order := []string{"*答：*要。", "《昆山市人民政府工作规则》第五十七条", "> ", "需事先向市政府提出书面", "/leave"}
	last := -1
	for _, w := range order {
		i := strings.Index(got, w)
		if i < 0 || i < last {
			t.Fatalf("%q missing or out of order in:\n%s", w, got)
		}
		last = i
	}
	got = svc.Handle(context.Background(), handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "公积金怎么提取"}).Text()
	if !strings.Contains(got, "没有关于“公积金怎么提取”的规定") || strings.Contains(got, "第五十七条") {
		t.Errorf("not covered:\n%s", got)
	}
}
