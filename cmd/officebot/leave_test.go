package main

import (
	"strings"
	"testing"
)

// The README's walkthrough: a department head files a leave in the console,
// the vice mayor in charge approves it with the button.
func TestConsoleLeaveWalkthrough(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	env["OFFICEBOT_CLOCK"] = "2026-11-26T10:00:00+08:00"
	stdin := strings.Join([]string{
		"leave 出差 上海 下周四到周六 参加长三角招商推介会",
		":as U0VMLI",
		":click 1",
		"leave status L1",
	}, "\n") + "\n"
	out, _, err := runCmd(t, env, stdin, "console", "--as", "U0FGWHEAD")
	if err != nil {
		t.Fatal(err)
	}
	filed, approved, _ := strings.Cut(out, "当前身份：李副市长（U0VMLI）")
	if approved == "" {
		t.Fatalf("no switch to the vice mayor:\n%s", out)
	}
	for _, want := range []string{
		"已提交请假申请 *L1*（出差 上海，2026-12-03（星期四）至 2026-12-05（星期六），共3天），由 李副市长 审批（分管副市长）",
		"【发往频道 C0LEAVE】",
		"<@U0VMLI> 请审批：王主任 的请假申请 *L1*",
		"  [1] 批准", "  [2] 驳回", "  [3] 撤回",
	} {
		if !strings.Contains(filed, want) {
			t.Errorf("filing output lacks %q:\n%s", want, filed)
		}
	}
	for _, want := range []string{
		"已批准请假申请 L1",
		"【更新 L1 的原消息】", "*已批准*：李副市长，2026-11-26",
		"【L1 的讨论串】", "李副市长 批准了请假申请 L1。",
		"【私信 U0FGWHEAD】", "您的请假申请 L1（出差 上海，2026-12-03（星期四）至 2026-12-05（星期六），共3天）已获 李副市长 批准。",
		"*请假申请 L1* — 已批准",
	} {
		if !strings.Contains(approved, want) {
			t.Errorf("approval output lacks %q:\n%s", want, approved)
		}
	}
	if strings.Count(out, "[1] 批准") != 1 {
		t.Errorf("the updated root message still shows buttons:\n%s", out)
	}
}
