package msg

// The office's supervision desk (Art. 20, 30, 47, 54): /office, its
// statistics, the export and the board.
func init() {
	add(map[string]string{
		"office.period.empty":       "请写统计期间，如 2026-12（月）、2026-Q4（季度）或 2026（全年）。",
		"office.period.bad":         "“%s”不是统计期间：请写 2026-12（月）、2026-Q4（季度）或 2026（全年）。",
		"office.period.bad_month":   "“%s”中的月份须在 1 至 12 之间，如 2026-12。",
		"office.period.bad_quarter": "“%s”中的季度须为 Q1 至 Q4，如 2026-Q4。",
		"office.period.bad_year":    "“%s”中的年份超出范围：请写 2000 至 2099 年之间的年份。",
		"office.period.month":       "%d年%d月",
		"office.period.quarter":     "%d年第%s季度",
		"office.period.year":        "%d年",
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
