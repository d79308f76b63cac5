package msg

// The /doc draft form (发文拟稿).
func init() {
	add(map[string]string{
		"document.out.form.heading":      "拟制发文",
		"document.out.form.submit":       "送签",
		"document.out.form.intro":        "发文按《工作规则》第五十至五十二条签批：以市政府名义的由市政府办公室核稿，以办公室名义的由分管副主任审核、主任签发；重大事项另有规定。文稿文件可在提交后用 /doc revise 上传，或在下方填写链接。",
		"document.out.form.issuer":       "发文名义",
		"document.out.form.issuer_hint":  "以市政府办公室名义发文由办公室拟稿；以市政府名义发文可由部门主要负责人拟稿，办公室核稿（第五十一条）。",
		"document.out.form.title":        "标题",
		"document.out.form.title_hint":   "关于做好2027年元旦春节期间值班工作的通知",
		"document.out.form.kind":         "文种",
		"document.out.form.major":        "是否重大事项",
		"document.out.form.areas":        "涉及单位",
		"document.out.form.areas_hint":   "据此确定分管副市长；不填则为拟稿单位。",
		"document.out.form.cosign":       "会签单位",
		"document.out.form.signer":       "签发人（市政府名义，涉及多个分管领导或重大问题时）",
		"document.out.form.signer_hint":  "第五十一条：报市长或负责常务工作的副市长签发；默认市长。",
		"document.out.form.mayor_matter": "由市长签署的事项（第五十条）",
		"document.out.form.secrecy":      "密级",
		"document.out.form.urgency":      "缓急",
		"document.out.form.repeat":       "重复说明",
		"document.out.form.repeat_hint":  "标题与今年已发或在签的发文重复时，说明仍需发文的理由（第五十三条）。",
		"document.out.form.links":        "文稿链接",
		"document.out.form.links_hint":   "files.slack.com 等链接，可填多个，以空格分隔。",
	})
}
