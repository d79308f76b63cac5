package msg

// Outgoing documents' reminders and digest lines (SPEC §1.5).
func init() {
	add(map[string]string{
		"document.out.remind":     "⏰ 催办：发文 %s《%s》（第%d稿）待您%s，已等待 %d 个工作日，请尽快处理（在文件消息串中点按钮或回复）。",
		"document.out.escalate":   "⚠️ 督办：发文 %s《%s》在 %s 处待%s，已等待 %d 个工作日，请督促办理。",
		"document.out.digest":     "• 待您签批的发文 %d 件（%s 等），最早的一件已等待 %d 个工作日",
		"document.out.digest_one": "• 待您签批的发文 %d 件（%s），已等待 %d 个工作日",
	})
}

// Outgoing documents in /doc list.
func init() {
	add(map[string]string{
		"document.out.list_line":    "• 发文 %s《%s》 ｜ %s ｜ %s",
		"document.out.list_with":    "（待 %s 修改）",
		"document.out.list_yours":   "（待您%s）",
		"document.out.list_waiting": "（待 %s）",
	})
}

// A step handed to a stand-in.
func init() {
	add(map[string]string{
		"document.out.stand_in":   "ℹ️ %s 今日请假不在岗（已批准），本步%s由 %s 代为办理（依请假审批的代理规则，《工作规则》第六条、第四十一条）。",
		"document.out.stands_for": "%s（代%s）",
		// The drafter's own step: nobody approves their own request.
		"document.out.stand_in_own": "ℹ️ 本步%s由 %s 代为办理：拟稿人不审批自己拟制的发文（%s 为本件拟稿人）。",
		// A step in the chain done for the drafter: who, the step, the drafter.
		"document.out.chain_step_own": "%s（%s，代%s：拟稿人不审批本人拟制的发文）",
	})
}
