package msg

// The 发文稿纸 (outgoing document sign-off sheet) rendered as a PDF.
func init() {
	add(map[string]string{
		"docsheet.heading.government": "昆山市人民政府发文稿纸",
		"docsheet.heading.office":     "昆山市人民政府办公室发文稿纸",
		"docsheet.number":             "文号",
		"docsheet.secrecy":            "密级",
		"docsheet.urgency":            "缓急",
		"docsheet.sign":               "签发",
		"docsheet.review":             "审核",
		"docsheet.cosign":             "会签",
		"docsheet.check":              "核稿",
		"docsheet.unit":               "拟稿单位",
		"docsheet.drafter":            "拟稿人",
		"docsheet.kind":               "文种",
		"docsheet.version":            "稿次",
		"docsheet.version_n":          "第%d稿",
		"docsheet.title":              "标题",
		"docsheet.none":               "—",
		"docsheet.unnumbered":         "（签发后编号）",
		"docsheet.pending":            "待办",
		"docsheet.office_unit":        "市政府办公室",
		"docsheet.footer":             "本稿纸由政务助手根据签批记录生成",
	})
}

// What a step's decision is called on the sheet and in messages.
func init() {
	add(map[string]string{
		"docsheet.action.cosign.approve": "同意",
		"docsheet.action.cosign.return":  "不同意",
		"docsheet.action.check.approve":  "核稿通过",
		"docsheet.action.review.approve": "审核通过",
		"docsheet.action.sign.sign":      "签发",
		"docsheet.action.return":         "退回修改",
	})
}
