package msg

// Dates as people write them (package dates): how they are echoed back, what
// is asked when a phrase reads two ways, and why one is refused.
func init() {
	add(map[string]string{
		"dates.weekday_1":   "星期一",
		"dates.weekday_2":   "星期二",
		"dates.weekday_3":   "星期三",
		"dates.weekday_4":   "星期四",
		"dates.weekday_5":   "星期五",
		"dates.weekday_6":   "星期六",
		"dates.weekday_7":   "星期日",
		"dates.day":         "%s（%s）",
		"dates.morning":     "上午",
		"dates.afternoon":   "下午",
		"dates.range":       "%s至 %s",
		"dates.total":       "%s，共%s天",
		"dates.deadline":    "%s前",
		"dates.provisional": "（该年节假日安排尚未录入，按周末推算，仅供参考）",

		"dates.ambiguous":       "“%s”有两种理解，请选择或直接写明日期：\n%s",
		"dates.reading":         "%d. %s",
		"dates.reading_button":  "按 %s",
		"dates.reading_as":      "   输入：%s",
		"dates.err_no_date":     "没有找到日期（例如 2026-12-09、12月9日、下周三、周三到周五、明天 3天）。",
		"dates.err_bad_date":    "日期“%s”不存在，请检查月份和日子。",
		"dates.err_end_before":  "“%s”的结束日期早于开始日期。",
		"dates.err_too_long":    "“%s”超过一年，请检查日期。",
		"dates.err_days_differ": "“%s”的起止日期与天数不一致。",
		"dates.err_trailing":    "“%s”除日期外还有其他内容，请只写日期。",
		"dates.err_no_holiday":  "“%s”：日历中还没有该节假日的安排，请写明具体日期。",
		"dates.err_year_range":  "“%s”的年份超出范围（1901—2099）。",
		"dates.err_half_range":  "“%s”：半天只能用于单独一天。",
	})
}

// The leave capability's questions about dates.
func init() {
	add(map[string]string{
		"leave.ambiguous":         "日期“%s”有两种理解，请点按钮选择，或按下面的写法重新提交：%s",
		"leave.ambiguous_reading": "%d. %s\n   输入：/leave %s",
		"leave.btn_pick_dates":    "按第%d种提交",
		"leave.dates_echo":        "日期：%s",
	})
}

// The meeting capability's question about dates.
func init() {
	add(map[string]string{
		"meeting.parse.ambiguous_date": "%s\n请把日期换成上面的写法之一后重新输入。",
	})
}

// Meeting invitations as calendar files (package ics).
func init() {
	add(map[string]string{
		"meeting.ics_note":        "%s %s 的日历邀请（.ics，可导入 Outlook、钉钉、WPS 和手机日历）",
		"meeting.ics_cancel_note": "%s %s 已取消：日历取消通知（.ics，导入后日历中的会议将被删除）",
		"meeting.ics_description": "%s %s\n议题：",
	})
}

// The calendar subscription (/meeting calendar).
func init() {
	add(map[string]string{
		"meeting.feed_issued":   "您的私人日历订阅地址（只显示这一次，请勿转发）：\n政务助手服务地址 + `%s`\n在 Outlook、苹果日历、Thunderbird 或手机日历中“订阅日历”即可看到您参加的会议、本单位所办公文的办理期限和您批准的请假。此前的订阅地址已失效；/meeting calendar off 停用。",
		"help.meeting_calendar": "meeting calendar ／ meeting calendar off：生成（或停用）您的私人日历订阅地址，在 Outlook、苹果日历或手机日历中订阅后可看到您参加的会议",
		"meeting.feed_revoked":  "日历订阅已停用，原订阅地址不再返回任何内容。需要时用 /meeting calendar 重新生成。",
		"meeting.feed_none":     "您还没有日历订阅。用 /meeting calendar 生成。",
		"meeting.feed_name":     "%s的会议（政务助手）",
	})
}
