package main

import (
	"strings"
	"testing"
)

// The README's /office walk-through: a department head files a leave, the
// office director opens the desk, urges the pending approval, asks for the
// month's figures and the workbook; the department head is refused.
func TestConsoleOfficeWalkthrough(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	env["OFFICEBOT_CLOCK"] = "2026-11-30T10:00:00+08:00"
	stdin := strings.Join([]string{
		"leave 出差 上海 周四到周六 参加长三角招商推介会",
		":as U0OFFDIR",
		"office",
		":click 1",
		":click 1",
		"office stats 下个月",
		"office export 下个月",
		":as U0FGWHEAD",
		"office",
	}, "\n") + "\n"
	out, _, err := runCmd(t, env, stdin, "console", "--as", "U0FGWHEAD")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"督查台 · 2026-11-30", "待审批 1 件。", "*市发展和改革委员会*", "• L1 请假申请，待 李副市长 审批 — 今日提交", "[1] 催办 L1",
		"已催办 L1，并记入办理记录。", "【私信 U0VMLI】", "催办：L1（请假申请）今日提交，待您审批，请尽快处理（赵主任 催办）。",
		"L1 今天已催办过，每项每天催办一次。",
		"2026年12月 督查统计（全市）", "请假 1 件：出差（待审批 1）",
		"已生成2026年12月工作簿 2026-12.xlsx，正在上传到本会话。", "【文件】2026-12.xlsx",
		"督查台供市政府办公室、市长和副市长使用",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "督查台 · 2026-11-30") != 1 {
		t.Errorf("the desk's title is printed twice:\n%s", out)
	}
}
