package msg

// The office's supervision desk (Art. 20, 30, 47, 54): /office, its
// statistics, the export and the board.
func init() {
	add(map[string]string{
		"office.period.empty":       "请写统计期间，如 本月、上月、本季度、今年、2026年11月、11月、上周、近30天、2026-10-01至2026-11-30，或 2026-12（月）、2026-Q4（季度）、2026（全年）。",
		"office.period.bad":         "“%s”不是统计期间。可以这样写：本月、上月、本季度、上季度、今年、去年、上半年、2026年11月、11月、四季度、上周、近30天、近三个月、12月上旬、2026-10-01至2026-11-30，或 2026-12（月）、2026-Q4（季度）、2026（全年）。",
		"office.period.bad_form":    "“%s”不是统计期间：请写 2026-12（月）、2026-Q4（季度）或 2026（全年）。",
		"office.period.bad_month":   "“%s”中的月份须在 1 至 12 之间，如 2026-12。",
		"office.period.bad_quarter": "“%s”中的季度须为 Q1 至 Q4，如 2026-Q4。",
		"office.period.bad_year":    "“%s”中的年份超出范围：请写 2000 至 2099 年之间的年份。",
		"office.period.month":       "%d年%d月",
		"office.period.quarter":     "%d年第%s季度",
		"office.period.year":        "%d年",
		"office.period.day":         "%d年%d月%d日",
		"office.period.month_day":   "%d月%d日",
		"office.period.range":       "%s至%s",
		"office.period.echo":        "%s（%s）",
		"office.period.too_long":    "“%s”超过一年。统计期间最长一年，如 近一年、今年、2026。",
		"office.period.ambiguous":   "统计期间“%s”有两种理解，请写明其中一种后重新输入：\n%s",
		"office.period.bad_date":    "%s 统计期间可以这样写：本月、上月、本季度、今年、近30天、2026-10-01至2026-11-30。",
		"office.period.question":    "%s",
		"office.period.type_as":     "   输入：/office stats %s",
		"office.unit.leaders":       "市政府领导",
	})
}

func init() {
	add(map[string]string{
		"office.chart.title":    "%s 各单位按时办结率",
		"office.chart.subtitle": "收文在办理期限内办结的比例（含经批准延期）",
		"office.chart.overall":  "合计",
		"office.chart.series":   "按时办结率",
	})
}

// The workbook (officebot export, /office export).
func init() {
	add(map[string]string{
		"office.sheet.incoming": "收文",
		"office.sheet.outgoing": "发文",
		"office.sheet.items":    "会议落实",
		"office.sheet.leave":    "请假",
		"office.sheet.summary":  "汇总",

		"office.col.key":             "编号",
		"office.col.number":          "文号",
		"office.col.title":           "标题",
		"office.col.type":            "文种",
		"office.col.from":            "来文单位",
		"office.col.unit":            "单位",
		"office.col.received":        "收文日期",
		"office.col.assigned":        "交办日期",
		"office.col.due":             "办理期限",
		"office.col.extended":        "是否延期",
		"office.col.closed":          "办结日期",
		"office.col.state":           "状态",
		"office.col.timeliness":      "办理时效",
		"office.col.kind":            "发文类别",
		"office.col.drafter":         "拟稿单位",
		"office.col.drafted":         "拟稿日期",
		"office.col.issued":          "签发日期",
		"office.col.meeting":         "会议",
		"office.col.meeting_date":    "会议日期",
		"office.col.task":            "落实事项",
		"office.col.report_due":      "报送期限",
		"office.col.reported":        "报送日期",
		"office.col.report_state":    "报送情况",
		"office.col.person":          "姓名",
		"office.col.leave_kind":      "请假类别",
		"office.col.destination":     "目的地",
		"office.col.start":           "开始日期",
		"office.col.end":             "结束日期",
		"office.col.days":            "天数",
		"office.col.approver":        "审批人",
		"office.col.received_n":      "收文",
		"office.col.handled":         "办结",
		"office.col.timed":           "有期限",
		"office.col.on_time":         "按时办结",
		"office.col.on_time_rate":    "按时办结率",
		"office.col.avg_days":        "平均办结工作日",
		"office.col.overdue_now":     "当前逾期公文",
		"office.col.drafted_n":       "发文拟稿",
		"office.col.issued_n":        "发文签发",
		"office.col.reports_due":     "落实应报",
		"office.col.reports_on_time": "按时报送",
		"office.col.reports_late":    "逾期报送",
		"office.col.reports_missing": "逾期未报",
		"office.col.items_overdue":   "当前逾期事项",
		"office.col.leave_n":         "请假",
		"office.col.total":           "合计",

		"office.xlsx.yes": "是",
		"office.xlsx.no":  "否",
		"office.xlsx.note": "说明：%s。按时办结率＝期内办结且不晚于办理期限（经批准延期的按延期后期限）的收文÷期内办结的有期限收文；" +
			"平均办结工作日自交办次日起按工作日计（第五十四条）；会议落实按第四十七条十日内书面报送计。",

		"office.timeliness.on_time": "按时办结",
		"office.timeliness.late":    "逾期办结",
		"office.timeliness.overdue": "已逾期",
		"office.timeliness.open":    "办理中",
		"office.timeliness.no_due":  "无期限",

		"office.report.on_time": "按时报送",
		"office.report.late":    "逾期报送",
		"office.report.missing": "逾期未报",
		"office.report.pending": "未到期",
	})
}

// How the desk names the documents' states.
func init() {
	add(map[string]string{
		"office.doc_state.pending":  "待批示",
		"office.doc_state.returned": "已退回",
		"office.doc_state.approved": "已批示同意",
		"office.doc_state.handling": "办理中",
		"office.doc_state.opinion":  "书面意见待批示",
		"office.doc_state.done":     "已办结",

		"office.issuer.government": "政府发文",
		"office.issuer.office":     "办公室发文",
		"office.issuer.":           "发文",

		"office.chain_state.in_progress": "签批中",
		"office.chain_state.returned":    "退回修改",
		"office.chain_state.signed":      "已签发",
	})
}

// officebot export.
func init() {
	add(map[string]string{
		"cli.export_usage":         "officebot export --month YYYY-MM [-o 文件.xlsx]   导出市政府办公室月度工作簿（收文、发文、会议落实、请假、汇总）",
		"office.export.need_month": "请用 --month 指定月份，如 officebot export --month 2026-12 -o 2026-12.xlsx。",
		"office.export.not_month":  "--month 须为一个月份，如 2026-12（收到“%s”）。",
		"office.export.not_xlsx":   "输出文件“%s”须以 .xlsx 结尾，如 -o 2026-12.xlsx。",
		"office.export.failed":     "导出 %s 失败：%v",
		"office.export.done":       "已导出%s工作簿：%s",
	})
}

// The console's view of an uploaded file.
func init() {
	add(map[string]string{
		"console.upload": "【文件】%s（%d KB，在 Slack 中上传到此会话）",
	})
}

// /office: the desk, 催办, statistics and the export.
func init() {
	add(map[string]string{
		"help.office":        "office：市政府办公室督查台——按单位列出在办和逾期的公文、会议落实事项（第四十七条）、待审批的请假、纪要和申请，每项可“催办”（办公室、市长、副市长可用；副市长只看分管单位）",
		"help.office_stats":  "office stats [本月|上月|本季度|今年|11月|上周|近30天|2026-10-01至2026-11-30|2026-Q4]：各单位和全市的收文办结、按时办结率（含经批准延期）、平均办结工作日、当前逾期，会议落实按时/逾期/未报，请假按类别和结果统计，并上传按时办结率图表",
		"help.office_export": "office export 2026-12：生成月度工作簿（收文、发文、会议落实、请假、汇总）并上传到本会话",

		"office.usage":                  "用法：/office（督查台）、/office stats [本月|上月|本季度|今年|11月|上周|近30天|2026-10-01至2026-11-30|2026-Q4]（统计和图表）、/office export 2026-12（导出工作簿）、/office calendar [reset|off]（私人日历订阅地址：查看、重置、停用）。",
		"office.err.not_allowed":        "督查台供市政府办公室、市长和副市长使用（第二十条、第四十七条：由市政府办公室负责检查、催办、督查）。如需查看本单位事项，请用 /doc list、/meeting status 或 /leave status。",
		"office.err.urge_office_only":   "催办由市政府办公室发出（第四十七条）：请联系办公室。",
		"office.err.unknown_verb":       "“%s”不是 /office 的命令。",
		"office.err.urge_what":          "请写明要催办的事项编号，如 /office urge D8（或 L12、A5、P4），或在 /office 督查台点“催办”。",
		"office.err.no_item":            "没有找到“%s”：请从 /office 列表中的“催办”按钮操作。",
		"office.err.not_waiting":        "%s 已不在等待办理，无需催办。",
		"office.err.not_handling":       "%s 不在办理中（尚未交办或已办结），无需催办。",
		"office.err.urged_today":        "%s 今天已催办过，每项每天催办一次。",
		"office.urged":                  "已催办 %s，并记入办理记录。",
		"office.urge_dm.approval":       "催办：%s（%s）已等待您审批 %d 个工作日，请尽快处理（%s 催办）。",
		"office.urge_dm.approval_today": "催办：%s（%s）今日提交，待您审批，请尽快处理（%s 催办）。",
		"office.urge_dm.outgoing":       "催办：发文 %s《%s》等待您签批，请尽快处理（%s 催办）。",
		"office.kind.leave":             "请假申请",
		"office.kind.minutes":           "会议纪要",
		"office.kind.application":       "全市性会议申请",
		"office.btn.urge":               "催办 %s",

		"office.desk.title":                "督查台 · %s",
		"office.desk.title_scoped":         "督查台 · %s（分管的 %d 个单位）",
		"office.desk.summary":              "在办收文 %d 件（逾期 %d 件）；会议落实未报 %d 项（逾期 %d 项）；发文签批中 %d 件；待审批 %d 件。",
		"office.desk.empty":                "没有在办或逾期的事项。",
		"office.desk.doc":                  "%s《%s》（%s）",
		"office.desk.item":                 "%s %s（%s 落实事项）",
		"office.desk.outgoing":             "%s 发文《%s》（%s）",
		"office.desk.approval.leave":       "%s 请假申请，待 %s 审批",
		"office.desk.approval.minutes":     "%s 会议纪要，待 %s 审核签发",
		"office.desk.approval.application": "%s 全市性会议申请，待 %s 审批",
		"office.desk.overdue":              "期限 %s，*已逾期 %d 天*",
		"office.desk.left":                 "期限 %s，还有 %d 天",
		"office.desk.waited":               "已等待 %d 个工作日",
		"office.desk.waited_today":         "今日提交",
		"office.desk.nobody":               "（未指定）",
		"office.desk.no_unit":              "市政府及办公室",
		"office.desk.more":                 "另有 %d 项未列出，完整清单请用 /office export。",
		"office.desk.note":                 "办理期限按第五十四条工作日计算，会议落实按第四十七条十日内报送；催办每项每天一次，并记入办理记录。",

		"office.stats.title":          "%s 督查统计（全市）",
		"office.stats.title_scoped":   "%s 督查统计（分管的 %d 个单位）",
		"office.stats.overall":        "*合计*：",
		"office.stats.line":           "办结收文 %d 件，按时 %d 件（按时办结率 %s），平均办结 %s 个工作日，当前逾期 %d 件；会议落实应报 %d 项：按时 %d、逾期报送 %d、逾期未报 %d、未到期 %d",
		"office.stats.leave":          "请假 %d 件：%s",
		"office.stats.no_leave":       "本期没有请假。",
		"office.stats.none":           "—",
		"office.stats.nothing":        "本期各单位均无收文、落实事项或请假。",
		"office.stats.period":         "统计期间：%s",
		"office.stats.note":           "按时办结：在办理期限内办结，经批准延期的按延期后的期限计（第五十四条）；平均办结工作日自交办次日起计。",
		"office.stats.no_chart":       "本期没有有期限的办结收文，不生成按时办结率图表。",
		"office.stats.chart_failed":   "图表暂时无法生成（服务器缺少中文字体），统计数字不受影响。",
		"office.stats.chart_uploaded": "按时办结率图表 %s 正在上传到本会话。",

		"office.export.title":       "%s 督查工作簿",
		"office.export.uploaded":    "%s 督查工作簿（收文、发文、会议落实、请假、汇总）",
		"office.export.uploading":   "已生成%s工作簿 %s，正在上传到本会话。",
		"office.stats.ahead":        "%s尚未开始（%s起），统计只含已登记的事项（如已提出的请假）。",
		"office.export.not_started": "%s尚未开始（%s起），没有可导出的记录，未生成工作簿。",
		"office.export.only_open":   "该期间没有收文、发文、会议落实和请假记录，工作簿只列出当前仍在办理或已逾期的事项。",
		"office.export.empty":       "该期间没有收文、发文、会议落实和请假记录，工作簿各表只有表头。",
		"office.export.ahead":       "%s尚未开始，工作簿只含已登记的事项。",
		"office.export.too_big":     "%s 的工作簿超过 20 MB，无法在 Slack 中上传：请在服务器上用 officebot export 导出。",
	})
}

// The daily overdue list in the office channel.
func init() {
	add(map[string]string{
		"office.overdue.title": "逾期事项 · %s（共 %d 项）",
		"office.overdue.note":  "会议议定事项应于会后十日内书面报送落实情况（第四十七条），公文按第五十四条时限办结。用 /office 查看全部并催办。",
	})
}

// The board (督查大屏).
func init() {
	add(map[string]string{
		"office.board.title":        "市政府督查大屏",
		"office.board.failed":       "督查大屏暂时无法显示，请稍后刷新。",
		"office.board.unit":         "单位",
		"office.board.handled":      "本月办结",
		"office.board.on_time":      "按时办结",
		"office.board.rate":         "按时办结率",
		"office.board.overdue":      "当前逾期",
		"office.board.reports":      "逾期未报",
		"office.board.top":          "逾期最久的五项",
		"office.board.none":         "暂无",
		"office.board.updated":      "更新于",
		"office.board.docs":         "在办收文",
		"office.board.docs_overdue": "逾期收文",
		"office.board.items":        "会议落实未报",
		"office.board.pending":      "待审批",
		"office.board.chart":        "各单位按时办结率",
	})
}

// The desk's App Home section.
func init() {
	add(map[string]string{
		"office.home.title":        "督查台",
		"office.home.most_overdue": "*逾期最久的事项*",
		"office.home.none_overdue": "没有逾期事项。",
		"office.home.more":         "用 /office 查看全部在办事项并催办；/office stats 查看本月统计。",
	})
}
