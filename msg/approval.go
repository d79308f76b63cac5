package msg

func init() {
	add(map[string]string{
		"approval.err.already_decided":    "该事项已有决定（可能刚刚由他人处理），本次操作未生效。",
		"approval.err.not_yours":          "此步骤不由您办理：只有指定的审批人可以处理此事项，您的操作未生效。",
		"approval.err.own_request":        "不能审批本人提交的申请。",
		"approval.err.reason_required":    "请填写理由：驳回或退回时须说明理由。",
		"approval.err.no_pending":         "当前没有待审核、审批或签发的环节。",
		"approval.err.action_not_allowed": "当前环节不允许此操作。",
	})
}
