package msg

// The calendar feed's all-day entries besides meetings (/calendar/<token>.ics).
func init() {
	add(map[string]string{
		"document.feed_due":              "《%s》办理期限",
		"document.feed_due_description":  "%s %s 办理期限（《昆山市人民政府工作规则》第五十四条）",
		"leave.feed_summary":             "%s %s",
		"leave.feed_description":         "%s %s（已批准）",
		"leave.feed_description_revoked": "%s %s（已撤销）",
	})
}

// A 期限 or extension date that reads two ways (/doc).
func init() {
	add(map[string]string{
		"document.parse.ambiguous_date": "%s\n请把日期换成上面的写法之一后重新输入。",
	})
}

// An approved request or a document's due date as a calendar file
// (/leave status L12, /doc status D12: the 加入日历 button).
func init() {
	add(map[string]string{
		"leave.ics_button":       "加入日历",
		"leave.usage_ics":        "用法：/leave ics L12（把已批准的请假作为日历文件发到您的私信）",
		"leave.ics_not_approved": "%s 目前%s，只有已批准的请假才能加入日历。",
		"leave.ics_note":         "%s %s 的日历文件（.ics，全天事件，可导入 Outlook、钉钉、WPS 和手机日历）",
		"leave.ics_cancel_note":  "%s %s 已撤销：附上取消文件（.ics），导入后可从日历中删除此前加入的请假事件",
		"leave.ics_sent":         "%s 的日历文件已发到您与政务助手的私信，打开即可加入日历。",
		"document.ics_button":    "加入日历",
		"document.usage_ics":     "用法：/doc ics D12（把公文的办理期限作为日历文件发到您的私信）",
		"document.ics_no_due":    "%s 目前%s，没有需要加入日历的办理期限。",
		"document.ics_note":      "%s 《%s》办理期限 %s 的日历文件（.ics，全天事件，前一天上午9点提醒，可导入 Outlook、钉钉、WPS 和手机日历）",
		"document.ics_sent":      "%s 的办理期限已作为日历文件发到您与政务助手的私信，打开即可加入日历。",
	})
}
