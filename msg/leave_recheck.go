package msg

func init() {
	add(map[string]string{
		"leave.refused_art57":                     "未批准：依《工作规则》第五十七条第二款，%s 请假期间有须出席的会议：%s，须事先向市长或主持会议的常务副市长请假。申请 %s 已改由 %s 审批。",
		"leave.thread_rerouted":                   "%s 请假期间现有须出席的会议：%s。依《工作规则》第五十七条第二款，须事先向市长或主持会议的常务副市长请假，本申请已改由 %s 审批。%s",
		"leave.reroute_deputy":                    "%s 请委派主持工作的副职领导参加。%s",
		"leave.dm_reroute_deputy":                 "您的请假申请 %s 期间现有须出席的会议：%s。依《工作规则》第五十七条第二款，已改由 %s 审批；经批准后应委派主持工作的副职领导参加。%s",
		"leave.dm_meeting_over_leave_office":      "%s 安排在 %s 已获准的请假期间（申请 %s：%s）。依《工作规则》第五十七条第二款，行政主要负责人原则上不得请假；因故不能参会的，应委派主持工作的副职领导参加，并将与会人员名单报送市政府办公室主任。",
		"leave.dm_meeting_over_leave_requester":   "您已获准的请假（申请 %s：%s）期间安排了 %s。依《工作规则》第五十七条第二款，行政主要负责人原则上不得请假；因故不能参会的，应委派主持工作的副职领导参加，并将与会人员名单报送市政府办公室主任。",
		"leave.deputy_how_later":                  "请写明代为参会人：在申请 %s 的讨论串中回复“代为参会：@姓名”，或发送 /leave deputy %s @姓名；与会人员名单由本系统报送市政府办公室主任。",
		"leave.deputy_on_record":                  "已登记由 %s 代为参会。",
		"leave.usage_deputy":                      "用法：/leave deputy L12 @姓名（委派代为参会人，第五十七条第二款）；也可在申请的讨论串中回复“代为参会：@姓名”或“由某某代为参会”。",
		"leave.err_deputy_not_requester":          "只有请假人本人可以为申请 %s 委派代为参会人。",
		"leave.err_deputy_ended":                  "请假 %s 已结束，无需再委派代为参会人。",
		"leave.deputy_named":                      "已记录：请假 %s 期间由 %s 代为参会%s。",
		"leave.deputy_unchanged":                  "%s 已是申请 %s 的代为参会人。",
		"leave.deputy_meetings":                   "（%s）",
		"leave.thread_deputy":                     "%s 委派 %s 代为参会%s（《工作规则》第五十七条第二款）。",
		"leave.dm_deputy":                         "%s 请假（申请 %s：%s），委派您代为参加 %s（《工作规则》第五十七条第二款）。会议提醒将发给您。",
		"leave.dm_deputy_released":                "%s 的请假（申请 %s）已改由 %s 代为参会，您不再代其参加 %s（《工作规则》第五十七条第二款），会议提醒不再发给您。",
		"leave.dm_attendee_deputy":                "与会人员名单报送（《工作规则》第五十七条第二款）：请假 %s 已获批准，%s 不出席 %s，由 %s 代为参会。",
		"leave.dm_attendee_change_deputy_pending": "与会人员变更报送（《工作规则》第五十七条第二款）：请假 %s 已获批准，%s 不出席 %s，代为参会人尚未委派，已请其写明；委派后将另行报送。请假时间 %s，审批人 %s。",
	})
}
