package document_test

import (
	"strings"
	"testing"

	"officebot/storage"
	"officebot/storage/storagetest"
)

// Every Art. 48 check returns the document citing the article and
// registers nothing: no row, no number taken, no message.
func TestArticle48ChecksReturnTheDocumentAndRegisterNothing(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		tests := []struct {
			name, who, text string
			want            []string
		}{
			{"请示 signed by the deputy", "U0FGWHEAD", "标题：关于A的请示 类型：请示 类别：in_remit 签发人：@钱副主任",
				[]string{"行政主要负责人签发", "钱副主任", "王主任", "第四十八条"}},
			{"请示 without a signer", "U0FGWHEAD", "标题：关于A的请示 类型：请示 类别：in_remit", []string{"须写明签发人", "第四十八条"}},
			{"two matters", "U0FGWHEAD", "标题：关于A和B的请示 类型：请示 类别：in_remit 签发人：@王主任 事项数：2", []string{"一事一文", "第四十八条"}},
			{"disagreement without reasons", "U0FGWHEAD", "标题：关于A的请示 类型：请示 类别：in_remit 签发人：@王主任 分歧：财政局有不同意见",
				[]string{"理由依据", "第四十八条"}},
			{"joint without co-departments", "U0FGWHEAD", "标题：关于A的请示 类型：请示 类别：joint 签发人：@王主任", []string{"会同", "第四十八条"}},
			{"urgent without a date", "U0FGWHEAD", "标题：关于A的函 类型：函 类别：urgent", []string{"办理时限", "第五十四条"}},
			{"for another unit", "U0FGWHEAD", "标题：关于A的报告 类型：报告 类别：in_remit 报送单位：财政局", []string{"不属于市财政局", "第四十八条"}},
			{"several at once", "U0FGWDEP", "标题：关于A的请示 类型：请示 类别：joint 签发人：@钱副主任 事项数：3 分歧：有",
				[]string{"1. ", "2. ", "3. ", "4. ", "一事一文", "理由依据", "会同"}},
		}
		for _, tt := range tests {
			got := b.doc(tt.who, "submit "+tt.text)
			contains(t, tt.name, got, append([]string{"未予登记", "退文"}, tt.want...)...)
		}
		if ds := b.docs(); len(ds) != 0 {
			t.Fatalf("registered %d documents", len(ds))
		}
		if out := b.Outbox(); len(out) != 0 {
			t.Fatalf("messages sent: %v", out)
		}
		// Corrected, it registers as number 1: a refusal takes no number.
		got := b.submit(example)
		contains(t, "corrected", got, "昆政办收〔2026〕1号")
		// The same document again while the first is open.
		got = b.doc("U0FGWDEP", "submit "+strings.Replace(example, "老旧小区", "老旧 小区", 1))
		contains(t, "duplicate", got, "未予登记", "D1", "不得重复", "第四十八条")
		// The office registers for a unit; a person with no unit must name one.
		got = b.doc("U0OFFSTAFF", "submit 标题：关于B的报告 类型：报告 类别：in_remit 报送单位：教育局")
		contains(t, "office for a unit", got, "昆政办收〔2026〕2号", "张副市长")
		got = b.doc("U0OFFSTAFF", "submit 标题：关于C的报告 类型：报告 类别：in_remit")
		contains(t, "no unit", got, "报送单位")
	})
}

// What is not understood is named, in Chinese, and nothing is written.
func TestBadInputIsNamed(t *testing.T) {
	t.Parallel()
	b := newBot(t, storagetest.SQLite(t))
	for text, want := range map[string]string{
		"submit 标题：X 类型：通知 类别：joint":          "无法识别的文种“通知”",
		"submit 标题：X 类型：请示 类别：很急":             "无法识别的办理类别“很急”",
		"submit 标题：X 类型：请示 类别：joint 会签：火星局":   "找不到单位“火星局”",
		"submit 标题：X 类型：请示":                   "缺少办理类别",
		"submit 类型：请示 类别：joint":               "缺少标题",
		"submit 标题：<!channel> 类型：便条 类别：joint": "无法识别的文种“便条”",
		"status D99":           "没有 D99",
		"status 昆政办收〔2026〕99号": "没有登记号为 昆政办收〔2026〕99号",
		"status X1":            "不是公文编号",
		"done":                 "用法",
		"extend D1 尽快 理由":      "日期“尽快”无效",
		"list 随便":              "无法识别的筛选",
		"sheet D1":             "“sheet”不是 /doc 的命令",
		"foo":                  "“foo”不是 /doc 的命令",
		"help":                 "/doc draft",
		"":                     "",
	} {
		if text == "" {
			if r := b.Command("U0FGWHEAD", "doc", ""); r.Modal == nil || r.Modal.CallbackID != "doc.submit" {
				t.Errorf("/doc alone: %+v", r)
			}
			continue
		}
		contains(t, text, b.doc("U0FGWHEAD", text), want)
	}
	if ds := b.docs(); len(ds) != 0 {
		t.Fatalf("registered %d", len(ds))
	}
	if got := b.doc("U0FGWHEAD", "submit 标题：X 类型：<@U0MAYOR> 类别：joint"); strings.Contains(got, "<@U0MAYOR>") || !strings.Contains(got, "&lt;@U0MAYOR&gt;") {
		t.Errorf("user text not escaped: %s", got)
	}
}

// Art. 48 ¶2: 请示性公文…并事先征求相关单位意见. A 请示 naming 会签 units
// without 征求意见：是 is registered (SPEC §1.2 keeps consultation a recorded
// field) with a note citing the article; with 征求意见：是, or a 报告, none.
func TestARequestWithoutConsultationIsRegisteredWithANote(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		got := b.doc("U0FGWHEAD", "submit 标题：关于甲的请示 类型：请示 类别：joint 签发人：@王主任 会签：财政局")
		contains(t, "not consulted", got, "昆政办收〔2026〕1号", "第四十八条", "征求", "市财政局")
		got = b.doc("U0FGWHEAD", "submit 标题：关于乙的请示 类型：请示 类别：joint 签发人：@王主任 会签：财政局 征求意见：是")
		if strings.Contains(got, "第四十八条") {
			t.Fatalf("consulted, still noted: %s", got)
		}
		got = b.doc("U0FGWHEAD", "submit 标题：关于丙的报告 类型：报告 类别：joint 会签：财政局")
		if strings.Contains(got, "第四十八条") {
			t.Fatalf("a 报告 noted: %s", got)
		}
	})
}
