package msg

// officebot doc sheet: an outgoing document's 发文稿纸 written locally.
func init() {
	add(map[string]string{
		"cli.doc_usage":        "officebot doc sheet D12 -o 文件.pdf   输出发文的发文稿纸（PDF）",
		"cli.doc_bad_key":      "“%s”不是公文编号，请写 D12 这样的编号。",
		"cli.doc_not_outgoing": "没有找到发文 %s（收文没有发文稿纸）。",
		"cli.doc_no_font":      "找不到可用的中文字体：请安装 fonts-wqy-microhei 或 fonts-arphic-gbsn00lp，或用环境变量 %s 指定字体文件。",
		"cli.doc_cannot_write": "无法写入文件 %s。",
		"cli.doc_written":      "%s 的发文稿纸已写入 %s",
	})
}
