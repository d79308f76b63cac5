package msg

// The calendar feed's all-day entries besides meetings (/calendar/<token>.ics).
func init() {
	add(map[string]string{
		"document.feed_due":             "《%s》办理期限",
		"document.feed_due_description": "%s %s 办理期限（《昆山市人民政府工作规则》第五十四条）",
		"leave.feed_summary":            "%s %s",
		"leave.feed_description":        "%s %s（已批准）",
	})
}

// A 期限 or extension date that reads two ways (/doc).
func init() {
	add(map[string]string{
		"document.parse.ambiguous_date": "%s\n请把日期换成上面的写法之一后重新输入。",
	})
}
