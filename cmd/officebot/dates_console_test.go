package main

import (
	"strings"
	"testing"
)

// The README's walk-through of dates (docs/dates.md): a leave filed with
// 下周三到周五 is echoed in full; 周四 typed on a Thursday is asked, both
// readings shown, and the first button files today.
func TestConsoleNaturalDatesWalkthrough(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	env["OFFICEBOT_CLOCK"] = "2026-11-26T10:00:00+08:00" // Thursday
	stdin := strings.Join([]string{
		"leave 出差 北京 下周三到周五 参加项目对接会",
		"leave 考察 杭州 周四 1天 学习数字政府建设",
		":click 1",
	}, "\n") + "\n"
	out, _, err := runCmd(t, env, stdin, "console", "--as", "U0FGWHEAD")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"已提交请假申请 *L1*（出差 北京，2026-12-02（星期三）至 2026-12-04（星期五），共3天）",
		"日期“周四 1天”有两种理解",
		"1. 2026-11-26（星期四），共1天", "输入：/leave 考察 杭州 2026-11-26 学习数字政府建设",
		"2. 2026-12-03（星期四），共1天", "输入：/leave 考察 杭州 2026-12-03 学习数字政府建设",
		"[1] 按第1种提交", "[2] 按第2种提交",
		"已提交请假申请 *L2*（考察 杭州，2026-11-26（星期四），共1天）",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}
