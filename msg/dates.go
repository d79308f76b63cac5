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

// The calendar subscription (/meeting calendar, /office calendar, App Home).
func init() {
	add(map[string]string{
		"calendar.feed_issued":        "您的私人日历订阅地址（只显示这一次，请勿转发）：\n%s\n在 Outlook、苹果日历、Thunderbird 或手机日历中选择“订阅日历”（从网址添加）并粘贴这个地址，即可看到您参加的会议、本单位所办公文的办理期限和您批准的请假。此前的订阅地址已失效。地址外泄时用 /office calendar reset（或 App Home 的“重置订阅地址”）换一个，/office calendar off 停用。",
		"calendar.feed_no_public_url": "注意：管理员尚未设置政务助手的对外访问地址（环境变量 OFFICEBOT_PUBLIC_URL），上面只是订阅地址的路径部分，日历程序还无法订阅。请联系管理员设置后，再用 /office calendar reset 重新生成完整地址。",
		"help.meeting_calendar":       "meeting calendar ／ meeting calendar off：生成（或停用）您的私人日历订阅地址，在 Outlook、苹果日历或手机日历中订阅后可看到您参加的会议",
		"calendar.feed_revoked":       "日历订阅已停用，原订阅地址不再返回任何内容。需要时用 /office calendar reset 重新生成。",
		"calendar.feed_none":          "您还没有日历订阅。用 /office calendar reset（或 App Home 的“生成订阅地址”）生成。",
		"meeting.feed_name":           "%s的会议（政务助手）",
		"meeting.feed_excused_deputy": "【请假，%s代为参会】%s",
		"meeting.feed_excused":        "【请假】%s",
		"help.office_calendar":        "office calendar ／ office calendar reset ／ office calendar off：查看、重置（旧地址立即失效并生成新地址）或停用您的私人日历订阅地址；App Home 有同样的按钮",
		"calendar.home_title":         "日历订阅",
		"calendar.home_on":            "已开通，%s 生成：%s\n完整地址只在生成时显示一次；忘记或外泄时请重置，旧地址立即失效。",
		"calendar.home_off":           "把您参加的会议、本单位所办公文的办理期限和您批准的请假订阅到 Outlook、苹果日历或手机日历：生成私人订阅地址后在日历程序中“从网址订阅”。",
		"calendar.home_no_public_url": "管理员尚未设置政务助手的对外访问地址（OFFICEBOT_PUBLIC_URL），订阅地址暂时只能显示路径部分。",
		"calendar.button_issue":       "生成订阅地址",
		"calendar.button_reset":       "重置订阅地址",
		"calendar.button_off":         "停用",
		"calendar.status_on":          "您的日历订阅已开通（%s 生成）：%s\n完整地址只在生成时显示一次。/office calendar reset 重置（旧地址立即失效），/office calendar off 停用。",
		"calendar.status_off":         "您还没有日历订阅。/office calendar reset 生成私人订阅地址。",
		"calendar.usage":              "用法：/office calendar（查看）、/office calendar reset（重置：旧地址失效，生成新地址）、/office calendar off（停用）。",
	})
}
