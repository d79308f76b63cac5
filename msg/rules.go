package msg

func init() {
	add(map[string]string{
		"help.rules":            "rules 问题或条号：查询工作规则，例如 rules 第五十七条、rules 出差要请假吗、rules 会议制度（在频道中 @政务助手 提问也可以）",
		"rules.usage":           "请输入要查询的条号、章名或问题，例如：\n• /rules 第五十七条（或 57、第57条）\n• /rules 会议制度\n• /rules 出差要请假吗？\n• /rules 公文多少个工作日内要办完",
		"rules.no_such_article": "《%s》共%s条，没有第%s条。各章为：%s",
		"rules.no_hits":         "没有找到与“%s”相关的条文，请换个说法或直接输入条号。",
		"rules.truncated":       "问题超过 %d 个字，只按前面的部分查询。",
		"rules.chapter":         "%s（共 %d 条）",
		"rules.article_title":   "%s（%s）",
		"rules.chapter_hint":    "输入 /rules 第N条 查看某一条的全文。",
		"rules.more_articles":   "另有 %d 条未显示，请分别查询。",
		"rules.expanded":        "已按规则用语查询：%s",
		"rules.also":            "*相关条文*",
		"rules.command":         "办理此事项请使用 %s",
		"rules.show_usage":      "用法：officebot rules show 条号，例如 57、第五十七条、第57条",
		"rules.search_usage":    "用法：officebot rules search 问题 [--json] [--limit N]",
		"rules.import_usage":    "用法：officebot rules import 文件 [--title 标题]",
		"rules.imported":        "已导入《%s》：%d 章，%d 条。",
		"rules.replaced":        "已更新《%s》：%d 章，%d 条。",
		"rules.parse_failed":    "无法解析文件 %s：%s",
		"rules.not_article":     "“%s”不是条号，请输入如 57 或 第五十七条。",
		"cli.rules_usage":       "officebot rules search 问题 [--json] [--limit N] | show 条号 | import 文件 [--title 标题]   查询或导入规则",
	})
}
