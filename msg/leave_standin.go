package msg

func init() {
	add(map[string]string{
		"leave.standin_note":   "因 %s 请假（%s，%s），本事项改由 %s 办理。",
		"leave.standin_thread": "%s %s 请在本讨论串中办理。",
	})
}
