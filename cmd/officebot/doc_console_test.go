package main

import (
	"strings"
	"testing"
)

// The README's walkthrough of an incoming document: 王主任 submits a 请示,
// 李副市长 交办 it in the thread, 住建局 asks for an extension, it is
// granted, 住建局 closes it.
func TestConsoleDocWalkthrough(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	env["OFFICEBOT_CLOCK"] = "2026-11-26T10:00:00+08:00"
	stdin := strings.Join([]string{
		"doc submit 标题：关于申请2027年老旧小区改造资金的请示 类型：请示 类别：in_remit 签发人：@王主任 会签：财政局,住建局 事项数：1 重大：否",
		":as U0VMLI",
		":reply D1 交办 住建局 请按职责办理",
		":as U0ZJJHEAD",
		"doc extend D1 12月11日 需实地核查小区数量",
		":as U0VMLI",
		":reply D1 同意延期",
		":as U0ZJJHEAD",
		"doc done D1 已完成资金测算并列入2027年计划",
		"doc status D1",
	}, "\n") + "\n"
	out, _, err := runCmd(t, env, stdin, "console", "--as", "U0FGWHEAD")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"已登记：昆政办收〔2026〕1号（D1）《关于申请2027年老旧小区改造资金的请示》，已呈 李副市长 批示。",
		"【发往频道 C0DOCS】", "<@U0VMLI> 请批示：市发展和改革委员会 报送 D1",
		"  [1] 批示同意", "  [2] 交办", "  [3] 退回", "  [4] 报市长", "  [5] 改派",
		"已交办 D1：市住房和城乡建设局，办理期限 2026-12-04，剩余 6 个工作日。",
		"【私信 U0ZJJHEAD】",
		"已申请 D1 延期至 2026-12-11，待 李副市长 决定。",
		"  [1] 同意延期", "  [2] 不同意延期",
		"办理期限改为 2026-12-11，剩余 11 个工作日（已延期 1 次）",
		"已办结 D1。",
		"D1 办理情况：已办结",
		"1. 2026-12-04 → 2026-12-11，理由：需实地核查小区数量（已同意）",
		"2026-11-26 10:00 郑局长 办结",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}
