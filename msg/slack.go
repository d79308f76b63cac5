package msg

func init() {
	add(map[string]string{
		"cli.serve_usage":     "officebot serve                         运行 Slack 机器人（Socket Mode 和/或 HTTP 接口）及消息投递",
		"serve.listening":     "政务助手已启动，HTTP 监听地址：%s",
		"serve.need_token":    "缺少 SLACK_BOT_TOKEN（xoxb- 开头的机器人令牌），无法连接 Slack。",
		"serve.need_mode":     "请设置 SLACK_APP_TOKEN（xapp- 开头，启用 Socket Mode）或 SLACK_SIGNING_SECRET（启用 HTTP 接口），至少一项。",
		"serve.bad_addr":      "OFFICEBOT_HTTP_ADDR 的地址“%s”无法监听：%s。\n地址应为“主机:端口”形式，例如 :3000（本机所有地址）或 127.0.0.1:8080。",
		"serve.bad_duration":  "%s 的值“%s”无效，请使用如 2m、90s 的时长。",
		"slack.modal_close":   "取消",
		"slack.modal_failed":  "表单未能打开（可能已超时），请重新输入命令。",
		"slack.busy":          "处理超时，结果将稍后以私信发送给您。",
		"slack.truncated":     "……（内容过长，其余 %d 项已省略）",
		"slack.home_empty":    "您目前没有待办事项。输入 /rules 查询工作规则，或在消息中输入 help 查看命令。",
		"slack.home_title":    "政务助手",
		"slack.home_failed":   "主页暂时无法显示，请稍后再打开。",
		"slack.text_too_long": "……（内容过长，已截断）",
		"slack.received_busy": "已收到，系统繁忙，稍后自动处理，办理结果将另行告知您，无需重复操作。",
		"slack.not_recorded":  "抱歉，您在 %s 发出的请求因系统故障（数据库无法访问）未能处理，也未能保存，请重新操作一次。",
		"slack.abandoned":     "抱歉，您在 %s 发出的请求因服务中断未能及时处理，已超过 30 分钟，不再补办。请重新操作一次。",

		// The reasons of serve.bad_addr and serve.bad_admin_addr (Go's own
		// error goes to the log).
		"serve.listen_in_use":    "端口已被占用（可能另一个程序或另一个 officebot 正在使用），请先停止它或换一个端口",
		"serve.listen_forbidden": "没有权限使用该端口（1024 以下的端口需要管理员权限），请换用 1024 以上的端口",
		"serve.listen_malformed": "地址格式不正确，应为“主机:端口”，端口为 1 到 65535 之间的数字",
		"serve.listen_no_host":   "主机名无法解析，请改用本机的 IP 地址",
		"serve.listen_not_local": "不是本机的地址，请改用本机网卡的 IP 地址，或只写“:端口”监听本机所有地址",
		"serve.listen_other":     "无法使用该地址，原因详见日志中的错误信息",
	})
}
