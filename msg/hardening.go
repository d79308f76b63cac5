package msg

// Texts added by the hardening of issue 11 (remind, limits, access).
func init() {
	add(map[string]string{
		"remind.bad_wait":           "--wait 的时长“%s”无效，请使用如 60s、2m 的非负时长。",
		"remind.backlog_kept":       "未设置 SLACK_BOT_TOKEN：此前排队的 %d 条消息未处理，仍等待发送到 Slack（officebot serve 或带令牌的 remind 会发送）。",
		"calendar.completed":        "已确认 %d 年的放假安排录入完整，该年的期限不再标为暂定。",
		"calendar.already_complete": "%d 年已确认录入完整。",
		"common.too_long":           "“%s”过长（%d 字），最多 %d 字，请精简后重试。",
		"field.destination":         "目的地",
		"field.reason":              "事由",
		"field.comment":             "意见或理由",
		"field.calendar_name":       "名称（--name）",
		"field.place":               "地点",
		"field.topics":              "议题",
		"field.title":               "名称",
		"field.scope":               "参会范围",
		"field.minutes":             "纪要内容",
		"field.task":                "落实事项",
		"field.report":              "报送内容",
		"field.note":                "说明",
		"serve.admin_listening":     "运维接口（/readyz、/metrics）监听地址：%s",
		"serve.bad_admin_addr":      "OFFICEBOT_ADMIN_ADDR 的地址“%s”无法监听：%v\n请使用“主机:端口”形式，例如 127.0.0.1:9090，并确认端口未被占用。",
		"meeting.minutes_label":     "%s %s纪要",
		"meeting.minutes_label_rev": "%s %s纪要（第%d稿）",
		"meeting.err.no_reviewer":   "纪要由办公室主任起草，应由办公室副主任审核（本人不审核本人起草的纪要，第四十五条），但组织名录中没有办公室副主任，请先登记。",
		"remind.undelivered":        "仍有 %d 条消息在 %s 内未能发送到 Slack（限流或服务器错误），已保留在队列中，稍后会重试；可用 officebot outbox list 查看。",
	})
}
