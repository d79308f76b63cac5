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
