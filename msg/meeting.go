package msg

func init() {
	add(map[string]string{
		"meeting.type.plenary":      "全体会议",
		"meeting.type.executive":    "常务会议",
		"meeting.type.mayor_office": "市长办公会议",
		"meeting.type.special":      "专题会议",
		"meeting.name":              "%d年第%d次%s",
	})
}
