package msg

// The App Home section 待我办理 (handlers/todo).
func init() {
	add(map[string]string{
		"todo.title":                "待我办理",
		"todo.none":                 "目前没有等待您办理的事项。",
		"todo.more":                 "还有 %d 项，可用 /leave list、/doc list、/meeting list 查看。",
		"todo.leave":                "• 请假 %s %s %s %s，%s —— 待您审批（%s）",
		"todo.minutes":              "• 会议纪要 %s —— 待您%s（%s）",
		"todo.application":          "• 会议申请 %s《%s》（%s，%s召开） —— 待审批（%s）",
		"todo.incoming_decide":      "• 收文%s（%s报送） —— 待您%s（%s）",
		"todo.incoming_handle":      "• 收文%s —— 本单位%s，%s",
		"todo.handling_lead":        "主办",
		"todo.handling_co":          "会同办理",
		"todo.outgoing":             "• 发文《%s》（%s，第%d稿） —— 待您%s（%s）",
		"todo.report":               "• 会议落实 %s %s（%s） —— 本单位报送，%s",
		"todo.doc_label":            "《%s》%s（%s）",
		"todo.doc_label_unnumbered": "《%s》（%s）",
		"todo.no_due":               "无办理期限",
		"todo.due":                  "%s到期",
		"todo.due_workdays_left":    "%s到期，剩 %d 个工作日",
		"todo.due_days_left":        "%s到期，剩 %d 天",
		"todo.due_today":            "今日（%s）到期",
		"todo.overdue":              "%s到期，已逾期 %d 天",
		"todo.date":                 "%d月%d日",
		"todo.span_same_month":      "%d月%d日至%d日",
		"todo.span":                 "%s至%s",
		"todo.waited":               "已等%s",
		"todo.waited_today":         "今日提交",
		"todo.waited_days":          "已等 %d 天",
	})
}
