package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// englishLeaks are fragments of Go's own error texts that must never be
// what a person reads on stderr in place of the catalogue's Chinese.
var englishLeaks = []string{
	"flag provided but not defined", "flag needs an argument", "invalid value",
	"unknown time zone", "must be RFC3339", "listen on ",
	"problems, nothing imported", "read directory", "OFFICEBOT_THESAURUS: open",
}

func TestBadInputGetsChineseOnStderrAndFails(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(broken, []byte("people: [}"), 0o600); err != nil {
		t.Fatal(err)
	}
	serveEnv := func(k, v string) map[string]string {
		env := map[string]string{
			"OFFICEBOT_DB":         filepath.Join(t.TempDir(), "officebot.db"),
			"SLACK_BOT_TOKEN":      "xoxb-test",
			"SLACK_SIGNING_SECRET": "s3cret",
			"OFFICEBOT_HTTP_ADDR":  "127.0.0.1:0",
			"SLACK_API_URL":        "http://127.0.0.1:1/api/",
		}
		env[k] = v
		return env
	}
	withEnv := func(k, v string) map[string]string {
		env := testEnv(t)
		env[k] = v
		return env
	}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string // Chinese text stderr must hold
	}{
		{"unknown flag", testEnv(t), []string{"deadline", "--bogus"}, "未知的选项 -bogus"},
		{"flag without its value", testEnv(t), []string{"calendar", "add", "2026-10-10", "workday", "--name"}, "选项 -name 需要一个值"},
		{"flag with a bad number", testEnv(t), []string{"outbox", "list", "--limit", "abc"}, "选项 -limit 的值“abc”无效"},
		{"negative outbox id read as a flag", testEnv(t), []string{"outbox", "retry", "-1"}, "未知的选项 -1"},
		{"rules search with no results asked for", testEnv(t), []string{"rules", "search", "请假", "--limit", "0", "--json"}, "--limit 的值“0”无效"},
		{"rules search with a negative limit", testEnv(t), []string{"rules", "search", "请假", "--limit", "-3"}, "--limit 的值“-3”无效"},
		{"outbox list with a negative limit", testEnv(t), []string{"outbox", "list", "--limit", "-5"}, "--limit 的值“-5”无效"},
		{"deadline date without --from", testEnv(t), []string{"deadline", "--category", "joint", "2026-09-28"}, "多余的参数“2026-09-28”"},
		{"bad OFFICEBOT_TZ", withEnv("OFFICEBOT_TZ", "Mars/Phobos"), []string{"deadline", "--category", "joint"}, "OFFICEBOT_TZ 的时区“Mars/Phobos”无效"},
		{"bad OFFICEBOT_CLOCK", withEnv("OFFICEBOT_CLOCK", "yesterday"), []string{"deadline", "--category", "joint"}, "OFFICEBOT_CLOCK 的时间“yesterday”无效"},
		{"bad OFFICEBOT_DB", withEnv("OFFICEBOT_DB", filepath.Join(dir, "no", "such", "x.db")), []string{"deadline", "--category", "joint"}, "无法打开数据库（OFFICEBOT_DB）"},
		{"missing OFFICEBOT_THESAURUS", withEnv("OFFICEBOT_THESAURUS", filepath.Join(dir, "none.txt")), []string{"rules", "show", "57"}, "无法读取 OFFICEBOT_THESAURUS 指定的文件"},
		{"missing OFFICEBOT_ORG", withEnv("OFFICEBOT_ORG", filepath.Join(dir, "none.yaml")), []string{"deadline", "--category", "joint"}, "无法读取文件"},
		{"broken org file", testEnv(t), []string{"org", "import", broken}, "组织名录文件有 1 处问题"},
		{"serve on a bad address", serveEnv("OFFICEBOT_HTTP_ADDR", "bogus"), []string{"serve"}, "OFFICEBOT_HTTP_ADDR 的地址“bogus”无法监听"},
		{"serve on a bad port", serveEnv("OFFICEBOT_HTTP_ADDR", ":99999"), []string{"serve"}, "OFFICEBOT_HTTP_ADDR 的地址“:99999”无法监听"},
		{"serve with a bad OFFICEBOT_TZ", serveEnv("OFFICEBOT_TZ", "Nowhere"), []string{"serve"}, "OFFICEBOT_TZ 的时区“Nowhere”无效"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, err := runCmd(t, tt.env, "", tt.args...)
			if err == nil {
				t.Fatalf("officebot %v should fail; stderr:\n%s", tt.args, errOut)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, errOut)
			}
			for _, leak := range englishLeaks {
				if strings.Contains(errOut, leak) {
					t.Errorf("stderr shows Go's English %q instead of the catalogue:\n%s", leak, errOut)
				}
			}
			if !errors.Is(err, errUsage) && !errors.Is(err, errReported) {
				t.Errorf("error %v should say its message was printed already (main would print it again)", err)
			}
		})
	}
}

func TestHelpOnEveryCommandPrintsItsUsageAndSucceeds(t *testing.T) {
	for name := range commands {
		for _, args := range [][]string{{name, "--help"}, {name, "-h"}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				env := testEnv(t)
				out, errOut, err := runCmd(t, env, "", args...)
				if err != nil {
					t.Fatalf("--help should succeed: %v\n%s", err, errOut)
				}
				if !strings.Contains(out, "officebot "+name) {
					t.Errorf("stdout lacks the usage of %s:\n%s", name, out)
				}
				if _, err := os.Stat(env["OFFICEBOT_DB"]); err == nil {
					t.Errorf("--help created the database %s", env["OFFICEBOT_DB"])
				}
			})
		}
	}
	t.Run("subcommand flag help", func(t *testing.T) {
		out, _, err := runCmd(t, testEnv(t), "", "calendar", "add", "--help")
		if err != nil || !strings.Contains(out, "officebot calendar add") {
			t.Fatalf("calendar add --help: %v\n%s", err, out)
		}
	})
}
