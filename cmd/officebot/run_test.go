package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"officebot/directory"
)

// runCmd runs the whole program with an environment of its own.
func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func testEnv(t *testing.T) map[string]string {
	return map[string]string{"OFFICEBOT_DB": filepath.Join(t.TempDir(), "officebot.db")}
}

func TestConsoleAnswersWhoamiForThePipedUser(t *testing.T) {
	t.Parallel()
	out, _, err := runCmd(t, testEnv(t), "whoami\n", "console", "--as", "U0MAYOR")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"周市长", "角色：市长", "Slack ID：U0MAYOR"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestPlainOfficebotStartsTheConsoleAsTheMayor(t *testing.T) {
	t.Parallel()
	out, _, err := runCmd(t, testEnv(t), "help\nwhoami\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SLACK_BOT_TOKEN", "help：列出所有命令", "whoami：", "周市长"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestConsoleTellsAStrangerToRegister(t *testing.T) {
	t.Parallel()
	out, _, err := runCmd(t, testEnv(t), "whoami\nhelp\n", "console", "--as", "U0STRANGER")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "尚未登记") != 2 || strings.Contains(out, "角色") {
		t.Fatalf("a stranger should get only the registration message:\n%s", out)
	}
}

func TestConsoleSwitchesPersonAndRejectsUnknownCommands(t *testing.T) {
	t.Parallel()
	out, _, err := runCmd(t, testEnv(t), ":as 王主任\nwhoami\n:click 1\n:bogus\n", "console")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"当前身份：王主任（U0FGWHEAD）", "分管副市长：李副市长", "当前没有可按的按钮", "未知的控制台命令 :bogus"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestOrgImportIsAllOrNothingAndIdempotent(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "org.yaml")
	if err := os.WriteFile(good, directory.DemoYAML(), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	broken := strings.Replace(string(directory.DemoYAML()), "role: vice_mayor", "role: deputy_mayor", 1)
	broken = strings.Replace(broken, "department: czj", "department: nowhere", 1)
	if err := os.WriteFile(bad, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}

	_, errOut, err := runCmd(t, env, "", "org", "import", bad)
	if err == nil {
		t.Fatal("a broken file must fail")
	}
	for _, want := range []string{"5 处问题", "第 5 行：部门 fgw 的分管领导 U0VMLI 不是副市长", "deputy_mayor", "nowhere"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	out, _, err := runCmd(t, env, "whoami\n", "console", "--as", "U0FGWHEAD")
	if err != nil || !strings.Contains(out, "王主任") {
		// The console imports the demo into an empty directory: the broken
		// import must have left it empty.
		t.Fatalf("after a failed import the directory should be empty and the demo usable: %v\n%s", err, out)
	}

	env2 := testEnv(t)
	out, _, err = runCmd(t, env2, "", "org", "import", good)
	if err != nil || !strings.Contains(out, "已导入：30 人") {
		t.Fatalf("first import: %v %s", err, out)
	}
	out, _, err = runCmd(t, env2, "", "org", "import", good)
	if err != nil || !strings.Contains(out, "无变化") {
		t.Fatalf("second import: %v %s", err, out)
	}
}

// SPEC §3's directory example, copied as a reader would: it imports
// (exit 0), and the vice mayor it names without listing is reported.
func TestOrgImportTakesTheSpecExample(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	const spec = `channels: {leave: C0LEAVE, documents: C0DOCS, meetings: C0MEET, office: C0OFFICE}
departments:
  - {id: fgw, name: 市发展和改革委员会, in_charge: U0VMLI}
  - {id: zhoushi, name: 周市镇, kind: town, in_charge: U0VMWANG}
people:
  - {slack_id: U0MAYOR, name: 周市长, role: mayor}
  - {slack_id: U0EXEC, name: 陈常务副市长, role: executive_vice_mayor}
  - {slack_id: U0VMLI, name: 李副市长, role: vice_mayor}
  - {slack_id: U0OFFDIR, name: 赵主任, role: office_director}
  - {slack_id: U0FGWHEAD, name: 王主任, role: department_head, department: fgw, deputy: U0FGWDEP}
  - {slack_id: U0FGWDEP, name: 钱副主任, role: staff, department: fgw}
`
	if err := os.WriteFile(file, []byte(spec), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runCmd(t, env, "", "org", "import", file)
	if err != nil || !strings.Contains(out, "已导入：6 人、2 个部门") {
		t.Fatalf("SPEC's example: %v\n%s%s", err, out, errOut)
	}
	if !strings.Contains(errOut, "第 4 行：部门 zhoushi 的分管领导 U0VMWANG 不在名录中") {
		t.Errorf("stderr does not name the missing vice mayor:\n%s", errOut)
	}
	out, _, err = runCmd(t, env, "whoami\n", "console", "--as", "U0FGWHEAD")
	if err != nil || !strings.Contains(out, "王主任") {
		t.Fatalf("console on the imported directory: %v\n%s", err, out)
	}
}

func TestDeadlineJSONMatchesTheSpec(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	tests := []struct{ cat, from, due string }{
		{"joint", "2026-09-28", "2026-10-15"},
		{"in_remit", "2026-09-28", "2026-10-12"},
		{"needs_approval", "2026-02-12", "2026-02-27"},
		{"investigation", "2026-09-28", "2026-10-30"},
	}
	for _, tt := range tests {
		out, _, err := runCmd(t, env, "", "deadline", "--category", tt.cat, "--from", tt.from, "--json")
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%s: bad JSON %q", tt.cat, out)
		}
		if got["category"] != tt.cat || got["from"] != tt.from || got["due"] != tt.due {
			t.Errorf("deadline %s from %s = %v, want due %s", tt.cat, tt.from, got, tt.due)
		}
	}
	_, errOut, err := runCmd(t, env, "", "deadline", "--category", "soon", "--from", "2026-09-28")
	if err == nil || !strings.Contains(errOut, "办理类别“soon”无效") {
		t.Fatalf("bad category: %v %q", err, errOut)
	}
	// The Chinese name /doc takes works here too; the JSON names the key.
	out, errOut, err := runCmd(t, env, "", "deadline", "--category", "会同办理", "--from", "2026-09-28", "--json")
	if err != nil || !strings.Contains(out, `"category":"joint"`) || !strings.Contains(out, `"due":"2026-10-15"`) {
		t.Fatalf("会同办理: %v %q %q", err, out, errOut)
	}
	// No category: asked for, not 办理类别“”无效.
	_, errOut, err = runCmd(t, env, "", "deadline", "--from", "2026-09-28")
	if err == nil || !strings.Contains(errOut, "请用 --category 指定办理类别") || strings.Contains(errOut, "“”") {
		t.Fatalf("no category: %v %q", err, errOut)
	}
}

func TestCalendarOverrideChangesTheDeadline(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	due := func() string {
		out, _, err := runCmd(t, env, "", "deadline", "--category", "in_remit", "--from", "2026-12-01", "--json")
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ Due string }
		json.Unmarshal([]byte(out), &got)
		return got.Due
	}
	if d := due(); d != "2026-12-09" {
		t.Fatalf("before override: %s", d)
	}
	if _, _, err := runCmd(t, env, "", "calendar", "add", "2026-12-03", "holiday", "--name", "临时休息"); err != nil {
		t.Fatal(err)
	}
	if d := due(); d != "2026-12-10" {
		t.Fatalf("with a holiday added: %s, want 2026-12-10", d)
	}
	out, _, _ := runCmd(t, env, "", "calendar", "list", "2026")
	if !strings.Contains(out, "2026-12-03 星期四 休息日 临时休息") {
		t.Fatalf("list lacks the override:\n%s", out)
	}
	if _, _, err := runCmd(t, env, "", "calendar", "remove", "2026-12-03"); err != nil {
		t.Fatal(err)
	}
	if d := due(); d != "2026-12-09" {
		t.Fatalf("after removing: %s", d)
	}
	// issue 11 item 5: the name's limit, the same on both databases
	if _, errOut, err := runCmd(t, env, "", "calendar", "add", "2026-12-04", "holiday", "--name", strings.Repeat("调", 40)); err == nil ||
		!strings.Contains(errOut, "“名称（--name）”过长（40 字），最多 30 字") {
		t.Fatalf("long name: %v %q", err, errOut)
	}
	if _, errOut, err := runCmd(t, env, "", "calendar", "add", "2026-13-01", "holiday"); err == nil || !strings.Contains(errOut, "日期“2026-13-01”无效") {
		t.Fatalf("bad date: %v %q", err, errOut)
	}
}

// One override in a year without holiday data does not make the year known:
// its deadlines stay 暂定 until an admin marks the year complete (issue 11
// item 12).
func TestAYearIsKnownOnlyWhenMarkedCompleteNotFromOneOverride(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	provisional := func() bool {
		out, _, err := runCmd(t, env, "", "deadline", "--category", "in_remit", "--from", "2099-12-20", "--json")
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ Provisional bool }
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("bad JSON %q", out)
		}
		return got.Provisional
	}
	if !provisional() {
		t.Skip("the holiday library knows 2099; pick another year")
	}
	if _, _, err := runCmd(t, env, "", "calendar", "add", "2099-12-31", "holiday"); err != nil {
		t.Fatal(err)
	}
	if !provisional() {
		t.Fatal("one override made 2099 known: the deadline lost its 暂定 mark")
	}
	out, _, _ := runCmd(t, env, "", "calendar", "list", "2099")
	if !strings.Contains(out, "calendar complete") {
		t.Errorf("list of an unknown year does not say how to complete it:\n%s", out)
	}
	out, _, err := runCmd(t, env, "", "calendar", "complete", "2099")
	if err != nil || !strings.Contains(out, "已确认 2099 年") {
		t.Fatalf("complete: %v %q", err, out)
	}
	if provisional() {
		t.Fatal("2099 marked complete is still provisional")
	}
	if out, _, _ := runCmd(t, env, "", "calendar", "complete", "2099"); !strings.Contains(out, "已确认录入完整") {
		t.Errorf("a second complete: %q", out)
	}
	if _, errOut, err := runCmd(t, env, "", "calendar", "complete", "明年"); err == nil || !strings.Contains(errOut, "年份“明年”无效") {
		t.Errorf("bad year: %v %q", err, errOut)
	}
}

// The console's banner says which organisation it runs on: the demo, or an
// imported directory (through OFFICEBOT_ORG, or imported before and kept in
// the database), which it must not call the demo.
func TestConsoleBannerNamesTheLoadedOrganisation(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		file := filepath.Join(t.TempDir(), "org.yaml")
		const org = `channels: {leave: C1LEAVE, documents: C1DOCS, meetings: C1MEET, office: C1OFFICE}
departments:
  - {id: jtj, name: 市交通运输局, in_charge: U1VM}
people:
  - {slack_id: U1MAYOR, name: 吴市长, role: mayor}
  - {slack_id: U1VM, name: 郑副市长, role: vice_mayor}
  - {slack_id: U1OFFDIR, name: 冯主任, role: office_director}
  - {slack_id: U1JTJ, name: 褚局长, role: department_head, department: jtj}
`
		if err := os.WriteFile(file, []byte(org), 0o600); err != nil {
			t.Fatal(err)
		}
		banner := func(env map[string]string) string {
			t.Helper()
			out, errOut, err := runCmd(t, env, "")
			if err != nil {
				t.Fatalf("%v\n%s", err, errOut)
			}
			for line := range strings.SplitSeq(out, "\n") {
				if strings.Contains(line, "本地控制台") {
					return line
				}
			}
			t.Fatalf("no banner:\n%s", out)
			return ""
		}
		if b := banner(map[string]string{"OFFICEBOT_DB": dsn}); !strings.Contains(b, "演示组织") || !strings.Contains(b, "U0MAYOR") {
			t.Fatalf("demo banner: %s", b)
		}
		for _, env := range []map[string]string{
			{"OFFICEBOT_DB": dsn, "OFFICEBOT_ORG": file},
			{"OFFICEBOT_DB": dsn}, // imported before: still not the demo
		} {
			b := banner(env)
			if strings.Contains(b, "演示组织") || !strings.Contains(b, "已导入的组织名录") || !strings.Contains(b, "4 人") ||
				!strings.Contains(b, "1 个部门") || !strings.Contains(b, "U1MAYOR") {
				t.Errorf("imported banner (OFFICEBOT_ORG %q): %s", env["OFFICEBOT_ORG"], b)
			}
		}
	})
}
