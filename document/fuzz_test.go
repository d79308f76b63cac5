package document

import (
	"testing"
	"unicode/utf8"
)

// FuzzParse: no input crashes the parsers, and what they accept is sane.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"标题：关于申请2027年老旧小区改造资金的请示 类型：请示 类别：needs_approval 签发人：@王主任 会签：财政局,住建局 事项数：1 重大：否",
		"关于X的请示 类型：请示 类别：紧急 期限：12月20日 分歧：有 理由：无",
		"标题:Y 类型:函 类别:joint 会签:<@U0CZJHEAD> 附件:<https://files.slack.com/x|x>",
		"交办 发改委 会同 财政局,住建局 请抓紧", "批示同意 同意，请抓紧落实", "改派 @李副市长", "昆政办收〔2026〕17号", "",
		"标题：：：类型：：", "期限：２０２６－１２－２０",
	} {
		f.Add(s)
	}
	org := demoOrg(f)
	today := day("2026-12-07")
	f.Fuzz(func(t *testing.T, s string) {
		sub, err := Parse(s, org, today)
		if err == nil {
			if sub.Title == "" || sub.Type == "" || sub.Category == "" || sub.Matters < 1 {
				t.Errorf("accepted %q as %+v", s, sub)
			}
			if !utf8.ValidString(sub.Title) || utf8.RuneCountInString(sub.Title) > MaxTitle {
				t.Errorf("title %q", sub.Title)
			}
		}
		if r, ok, err := ParseReply(s, org); ok && err == nil && r.Action == "" {
			t.Errorf("reply %q without action", s)
		}
		if n, ok := ParseNumber(s); ok {
			if back, ok := ParseNumber(n.String()); !ok || back != n {
				t.Errorf("number %q does not round-trip: %v", s, n)
			}
		}
		ParseDate(s, today)
		ParseKey(s)
	})
}
