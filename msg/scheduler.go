package msg

func init() {
	add(map[string]string{
		"scheduler.approval_remind":   "⏰ 催办：%s 待您%s，已等待 %d 个工作日，请尽快处理。",
		"scheduler.approval_escalate": "⚠️ 督办：%s 在 %s 处待%s，已等待 %d 个工作日，请督促办理。",
		"scheduler.step_kind":         "审批",
		"scheduler.anyone_with_role":  "%s（任一人）",

		"scheduler.digest_title":         "📋 %s，您今天（%s）的待办事项：",
		"scheduler.digest_approvals":     "• 待您审批 %d 件（%s 等），最早的一件已等待 %d 个工作日",
		"scheduler.digest_approvals_one": "• 待您审批 %d 件（%s），已等待 %d 个工作日",
		"scheduler.digest_footer":        "在 App 首页可查看全部待办。",
		"scheduler.digest_meeting":       "• 今天 %s 参加 %s %s（%s）",
		"scheduler.digest_reports":       "• 本单位待报送会议落实情况 %d 项（%s 等），其中逾期 %d 项",
		"scheduler.digest_reports_one":   "• 本单位待报送会议落实情况 %d 项（%s），其中逾期 %d 项",

		"scheduler.cadence_executive": "📅 提示：本月（%d年%d月）尚未安排市政府常务会议。按《工作规则》第四十一条，常务会议一般每月召开一次，请办公室及时安排。",
		"scheduler.cadence_plenary":   "📅 提示：%d年%s尚未安排市政府全体会议。按《工作规则》第四十条，全体会议一般每半年召开一次，请办公室及时安排。",
		"scheduler.half_1":            "上半年",
		"scheduler.half_2":            "下半年",

		"scheduler.meeting_day_before": "📅 会议提醒：%s 将于 %s 在 %s 召开，请准时参加。",
		"scheduler.meeting_hour":       "⏰ 会议提醒：%s 将于 %s（约一小时后）在 %s 召开，请准时参加。",

		"scheduler.deadline_before":  "⏰ 提醒：%s 将于 %s 到期（还有 %d 天），请按时办结。",
		"scheduler.deadline_due":     "⏰ 提醒：%s 今天（%s）到期，请今日内办结。",
		"scheduler.deadline_overdue": "⚠️ 逾期：%s 已于 %s 到期，逾期 %d 天，请尽快办结。",
		"scheduler.report_before":    "⏰ 提醒：%s 的落实情况将于 %s 到期（还有 %d 天），请按时书面报送（第四十七条）。",
		"scheduler.report_due":       "⏰ 提醒：%s 的落实情况今天（%s）到期，请今日内书面报送（第四十七条）。",
		"scheduler.report_overdue":   "⚠️ 逾期：%s 的落实情况已于 %s 到期，逾期 %d 天，请尽快书面报送。",
		"scheduler.deadline_office":  "⚠️ 逾期督办：%s（%s）已于 %s 到期，逾期 %d 天。",

		"cli.outbox_usage":     "officebot outbox list [--failed|--all] [--limit N] | retry ID   查看消息发送队列、重发失败的消息（管理员）",
		"cli.remind_usage":     "officebot remind --once [--now RFC3339] [--wait 60s]   在指定时刻执行一轮提醒并发送（限流或服务器错误时最多重试 --wait）",
		"outbox.list_header":   "编号  状态  会话  尝试次数  创建时间  错误",
		"outbox.empty":         "队列中没有消息。",
		"outbox.bad_id":        "“%s”不是有效的消息编号，请使用 outbox list 中的编号。",
		"outbox.not_found":     "没有编号为 %d 的消息。",
		"outbox.already_sent":  "编号为 %d 的消息已发送，无需重发。",
		"outbox.retried":       "已将消息 %d 重新排队，稍后发送。",
		"outbox.state.pending": "待发送",
		"outbox.state.sent":    "已发送",
		"outbox.state.failed":  "失败",
		"remind.need_once":     "请使用 --once：officebot remind --once [--now 2026-12-01T09:00:00+08:00]。持续运行的提醒由 officebot serve 负责。",
		"remind.bad_now":       "--now 的时间“%s”无效，请使用 RFC3339 格式，例如 2026-12-01T09:00:00+08:00。",
		"remind.done":          "%s：已执行一轮提醒，新排队 %d 条消息，发送 %d 条。",
		"remind.pending_left":  "另有 %d 条消息等待重试或发送失败，可用 officebot outbox list 查看。",
		"serve.sqlite_locked":  "另一个 officebot 进程正在使用该 SQLite 数据库。SQLite 只支持单进程运行；如需多副本请使用 PostgreSQL。",
	})
}
