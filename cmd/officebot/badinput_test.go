package main

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// englishLeaks are fragments of Go's own error texts that must never be
// what a person reads on stderr in place of the catalogue's Chinese.
var englishLeaks = []string{
	"flag provided but not defined", "flag needs an argument", "invalid value",
	"unknown time zone", "must be RFC3339", "listen on ",
	"missing port in address", "invalid port", "address already in use", "listen tcp",
	"problems, nothing imported", "read directory", "OFFICEBOT_THESAURUS: open",
	"no such file", "is a directory", "rulebook:", "yaml:", "secret", "connection refused",
}

// userLines is stderr without the log's lines (log/slog's text handler
// starts them with time=): what the person reads as the program's answer.
func userLines(stderr string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(stderr, "\n") {
		if !strings.HasPrefix(line, "time=") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

func TestBadInputGetsChineseOnStderrAndFails(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(broken, []byte("people: [}"), 0o600); err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { held.Close() })
	busy := held.Addr().String() // a port in use for the serve cases
	serveEnv := func(k, v string) map[string]string {
		env := map[string]string{
			"OFFICEBOT_DB":         filepath.Join(t.TempDir(), "officebot.db"),
			"SLACK_BOT_TOKEN":      "xoxb-test",
			"SLACK_SIGNING_SECRET": "s3cret",
			"OFFICEBOT_HTTP_ADDR":  "127.0.0.1:0",
			"OFFICEBOT_ADMIN_ADDR": "127.0.0.1:0",
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
		{"unknown flag", testEnv(t), []string{"deadline", "--bogus"}, "未知的选项 --bogus"},
		// SPEC §1.2 names urgent a category: it is one, with no limit to count.
		{"export into a missing directory", testEnv(t), []string{"export", "--month", "2026-12", "-o", filepath.Join(dir, "none", "x.xlsx")}, "所在目录不存在，请检查路径"},
		{"deadline of an urgent item", testEnv(t), []string{"deadline", "--category", "urgent", "--from", "2026-09-28"}, "紧急事项（urgent）的办理期限由市政府明确"},
		{"flag without its value", testEnv(t), []string{"calendar", "add", "2026-10-10", "workday", "--name"}, "选项 --name 需要一个值，例如 --name 值"},
		{"flag with a bad number", testEnv(t), []string{"outbox", "list", "--limit", "abc"}, "选项 --limit 的值“abc”无效"},
		{"negative outbox id read as a flag", testEnv(t), []string{"outbox", "retry", "-1"}, "未知的选项 -1"},
		{"rules search with no results asked for", testEnv(t), []string{"rules", "search", "请假", "--limit", "0", "--json"}, "--limit 的值“0”无效"},
		{"rules search with a negative limit", testEnv(t), []string{"rules", "search", "请假", "--limit", "-3"}, "--limit 的值“-3”无效"},
		{"outbox list with a negative limit", testEnv(t), []string{"outbox", "list", "--limit", "-5"}, "--limit 的值“-5”无效"},
		{"deadline date without --from", testEnv(t), []string{"deadline", "--category", "joint", "2026-09-28"}, "多余的参数“2026-09-28”"},
		{"bad OFFICEBOT_TZ", withEnv("OFFICEBOT_TZ", "Mars/Phobos"), []string{"deadline", "--category", "joint"}, "OFFICEBOT_TZ 的时区“Mars/Phobos”无效"},
		{"bad OFFICEBOT_CLOCK", withEnv("OFFICEBOT_CLOCK", "yesterday"), []string{"deadline", "--category", "joint"}, "OFFICEBOT_CLOCK 的时间“yesterday”无效"},
		{"OFFICEBOT_PUBLIC_URL without a scheme", withEnv("OFFICEBOT_PUBLIC_URL", "officebot.example.gov.cn"), []string{"deadline", "--category", "joint"}, "OFFICEBOT_PUBLIC_URL 的地址“officebot.example.gov.cn”无效"},
		{"OFFICEBOT_PUBLIC_URL with a query", withEnv("OFFICEBOT_PUBLIC_URL", "https://officebot.example.gov.cn/?a=1"), []string{"deadline", "--category", "joint"}, "以 https:// 或 http:// 开头，不带查询参数"},
		{"bad OFFICEBOT_DB", withEnv("OFFICEBOT_DB", filepath.Join(dir, "no", "such", "x.db")), []string{"deadline", "--category", "joint"}, "无法打开数据库（OFFICEBOT_DB）"},
		{"missing OFFICEBOT_THESAURUS", withEnv("OFFICEBOT_THESAURUS", filepath.Join(dir, "none.txt")), []string{"rules", "show", "57"}, "无法读取 OFFICEBOT_THESAURUS 指定的文件"},
		{"missing OFFICEBOT_ORG", withEnv("OFFICEBOT_ORG", filepath.Join(dir, "none.yaml")), []string{"deadline", "--category", "joint"}, "无法读取文件"},
		{"OFFICEBOT_THESAURUS with a bad line", withEnv("OFFICEBOT_THESAURUS", write("thes.txt", "# 注释\n一把手 => 主要负责人\nhello world\n")), []string{"rules", "show", "57"}, "第 3 行格式有误"},
		{"bad OFFICEBOT_LOG_LEVEL", withEnv("OFFICEBOT_LOG_LEVEL", "bogus"), []string{"deadline", "--category", "joint"}, "OFFICEBOT_LOG_LEVEL 的值“bogus”无效"},
		{"calendar add without workday or holiday", testEnv(t), []string{"calendar", "add", "2028-01-31"}, "请在日期 2028-01-31 后写明 workday"},
		{"rules search of nothing", testEnv(t), []string{"rules", "search", ""}, "请输入要查询的条号"},
		{"remind with an extra argument", testEnv(t), []string{"remind", "--once", "extra"}, "多余的参数“extra”"},
		{"console with an extra argument", testEnv(t), []string{"console", "extra"}, "多余的参数“extra”"},
		{"broken org file", testEnv(t), []string{"org", "import", broken}, "组织名录文件有 1 处问题"},
		{"broken YAML says what to check", testEnv(t), []string{"org", "import", write("tab.yaml", "channels:\n  leave: C1\n people: [\n")}, "行：文件不是有效的 YAML：请检查"},
		{"OFFICEBOT_DB of another database", withEnv("OFFICEBOT_DB", "mysql://root:secret@db/x"), []string{"deadline", "--category", "joint"}, "不支持 mysql:// 数据库"},
		{"OFFICEBOT_DB of an unreachable PostgreSQL", withEnv("OFFICEBOT_DB", "postgres://u:secret@127.0.0.1:1/x?connect_timeout=2"), []string{"deadline", "--category", "joint"}, "无法连接 PostgreSQL"},
		{"missing org file", testEnv(t), []string{"org", "import", filepath.Join(dir, "none.yaml")}, "文件不存在，请检查路径"},
		{"rules import of a missing file", testEnv(t), []string{"rules", "import", filepath.Join(dir, "none.txt")}, "文件不存在，请检查路径"},
		{"rules import of a directory", testEnv(t), []string{"rules", "import", dir}, "这是一个目录，不是文件"},
		{"rules import of an empty file", testEnv(t), []string{"rules", "import", write("empty.txt", "")}, "文件是空的"},
		{"rules import of a binary file", testEnv(t), []string{"rules", "import", write("bin.txt", "\x7fELF\xff\xfe")}, "不是 UTF-8 编码的文本"},
		{"rules import without articles", testEnv(t), []string{"rules", "import", write("noarticles.txt", "hello world\n")}, "没有找到条文"},
		{"rules import without a title", testEnv(t), []string{"rules", "import", write("notitle.txt", "第一章 总则\n第一条 甲。\n")}, "不是规章标题"},
		{"rules import with a gap", testEnv(t), []string{"rules", "import", write("gap.txt", "办法\n第一条 甲。\n第三条 乙。\n")}, "第 3 行：此处应为第二条，实际为第三条"},
		{"serve on a bad address", serveEnv("OFFICEBOT_HTTP_ADDR", "bogus"), []string{"serve"}, "OFFICEBOT_HTTP_ADDR 的地址“bogus”无法监听：地址格式不正确"},
		{"serve on a bad port", serveEnv("OFFICEBOT_HTTP_ADDR", ":99999"), []string{"serve"}, "OFFICEBOT_HTTP_ADDR 的地址“:99999”无法监听：地址格式不正确"},
		{"serve on a port in use", serveEnv("OFFICEBOT_HTTP_ADDR", busy), []string{"serve"}, "OFFICEBOT_HTTP_ADDR 的地址“" + busy + "”无法监听：端口已被占用"},
		{"serve on a bad admin address", serveEnv("OFFICEBOT_ADMIN_ADDR", "bogus"), []string{"serve"}, "OFFICEBOT_ADMIN_ADDR 的地址“bogus”无法监听：地址格式不正确"},
		{"serve on an admin port in use", serveEnv("OFFICEBOT_ADMIN_ADDR", busy), []string{"serve"}, "OFFICEBOT_ADMIN_ADDR 的地址“" + busy + "”无法监听：端口已被占用"},
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
				if strings.Contains(userLines(errOut), leak) {
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
	t.Parallel()
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
	// README: officebot COMMAND --help prints a command's usage, also after
	// its subcommand; org import read "--help" as the file to import.
	for _, args := range [][]string{{"org", "import", "--help"}, {"doc", "sheet", "-h"}, {"outbox", "retry", "--help"}, {"rules", "import", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			env := testEnv(t)
			out, errOut, err := runCmd(t, env, "", args...)
			if err != nil || !strings.Contains(out, "officebot "+args[0]) {
				t.Fatalf("%v: %v\n%s%s", args, err, out, errOut)
			}
			if _, err := os.Stat(env["OFFICEBOT_DB"]); err == nil {
				t.Errorf("%v created the database %s", args, env["OFFICEBOT_DB"])
			}
		})
	}
}

// A listen address that fails at start: the Chinese line says the address
// and why, Go's own error goes to the log (English, for the operator).
func TestListenFailureSaysWhyInChineseAndLogsGosError(t *testing.T) {
	t.Parallel()
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { held.Close() })
	for _, c := range []struct{ addr, want, logged string }{
		{"bogus", "地址格式不正确", "missing port in address"},
		{":99999", "地址格式不正确", "invalid port"},
		{"127.0.0.1:abc", "地址格式不正确", "unknown port"},
		{held.Addr().String(), "端口已被占用", "address already in use"},
		{"192.0.2.1:3000", "不是本机的地址", "cannot assign requested address"},
	} {
		t.Run(c.addr, func(t *testing.T) {
			env := map[string]string{
				"OFFICEBOT_DB": filepath.Join(t.TempDir(), "officebot.db"), "SLACK_BOT_TOKEN": "xoxb-test",
				"SLACK_SIGNING_SECRET": "s3cret", "SLACK_API_URL": "http://127.0.0.1:1/api/",
				"OFFICEBOT_HTTP_ADDR": c.addr, "OFFICEBOT_ADMIN_ADDR": "127.0.0.1:0",
			}
			_, errOut, err := runCmd(t, env, "", "serve")
			if !errors.Is(err, errReported) {
				t.Fatalf("serve on %s: %v\n%s", c.addr, err, errOut)
			}
			user := userLines(errOut)
			if !strings.Contains(user, "OFFICEBOT_HTTP_ADDR 的地址“"+c.addr+"”无法监听："+c.want) || strings.Contains(user, c.logged) {
				t.Errorf("the person's message should say %q without Go's %q:\n%s", c.want, c.logged, user)
			}
			if !strings.Contains(errOut, "level=ERROR") || !strings.Contains(errOut, c.logged) {
				t.Errorf("the log lacks Go's error %q:\n%s", c.logged, errOut)
			}
		})
	}
}

// listenProblem names the common reasons, whatever syscall error they
// come wrapped in (binding a port below 1024 needs privileges the tests,
// run as root, cannot lack).
func TestListenProblemNamesTheCommonReasons(t *testing.T) {
	t.Parallel()
	bind := func(errno syscall.Errno) error {
		return &net.OpError{Op: "listen", Net: "tcp", Err: os.NewSyscallError("bind", errno)}
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{bind(syscall.EADDRINUSE), "端口已被占用"},
		{bind(syscall.EACCES), "没有权限"},
		{bind(syscall.EPERM), "没有权限"},
		{bind(syscall.EADDRNOTAVAIL), "不是本机的地址"},
		{&net.OpError{Op: "listen", Net: "tcp", Err: &net.AddrError{Err: "missing port in address", Addr: "x"}}, "地址格式不正确"},
		{&net.OpError{Op: "listen", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "nohost.invalid", IsNotFound: true}}, "主机名无法解析"},
		{errors.New("something else"), "详见日志"},
	} {
		if got := listenProblem(c.err); !strings.Contains(got, c.want) {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}
