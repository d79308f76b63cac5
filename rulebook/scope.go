package rulebook

import "strings"

// The Kunshan rules say who must ask for leave and who approves (Art. 57:
// leave of 1 day or more away from Kunshan, asked in writing, approved by
// the city's leaders), and ask for financial discipline (Art. 37); they set
// no amount a person is entitled to: no days of any kind of leave, no
// allowance, pay or fee. A question asking such an amount (探亲假有几天,
// 年假一年能休几天, 出差补助一天多少钱, 车补每月多少) shares 假, 休假 or 出差
// with Art. 57 and used to get it as if it were covered.
// TestTheKunshanRulesSetNoEntitlement checks the premise against the text.

// entitlementLeave marks a question about leave days: 假 (探亲假, 年假,
// 婚假, 假期) or 休 (能休几天).
var entitlementLeave = []string{"假", "休"}

// entitlementMoney marks a question about money paid or refunded.
var entitlementMoney = []string{"钱", "工资", "奖金", "补助", "补贴", "津贴", "车补", "餐补", "房补", "餐标", "报销", "费"}

// entitlementAmount asks for an amount: how many days, how much, how it
// is reckoned.
var entitlementAmount = []string{"几天", "多少天", "几日", "多少日", "多长", "多久", "几个月", "多少", "怎么算", "如何计算", "怎么计算", "标准", "怎么休", "怎么发"}

// entitlementProcedure words ask what the rules do answer: whether one
// must ask, in writing, above what length, and who approves (Art. 57). A
// question holding one is left to ranking (休假几天以上要请假吗).
var entitlementProcedure = []string{"请假", "销假", "报批", "批准", "审批", "书面", "报告", "申请", "请示", "以上", "超过", "谁", "吗", "要不要", "需不需要", "需要"}

// asksEntitlement reports whether the normalised question asks how much
// leave or money one is entitled to, not whether to ask or who approves.
func asksEntitlement(norm string) bool {
	q := strings.ReplaceAll(norm, "浪费", "") // waste (Art. 37) is not a fee
	if !containsAny(q, entitlementLeave) && !containsAny(q, entitlementMoney) {
		return false
	}
	return containsAny(q, entitlementAmount) && !containsAny(q, entitlementProcedure)
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// The rules also say nothing of the practical side of office life
// (equipment, IT accounts and channels, repairs, formatting, supplies) nor
// of personnel matters and benefits (ranks, hiring, insurance, pensions,
// procurement). A question naming one of practicalWords or personnelWords
// (政府网站密码忘了怎么重置, 公车坏了找谁修, 请示的文头怎么排版, 公务员的职务和
// 职级有什么区别) shares a rules word (政府网站, 公务用车, 请示, 职务) with an
// article but asks what no article says. TestTheKunshanRulesNameNoPracticalMatter
// checks that no article and no question pattern holds one of them.
var practicalWords = []string{
	"密码", "账号", "登录", "网速", "wifi", "电脑", "空调", "报修", "维修", "修理", "坏了",
	"油卡", "加油", "排版", "字体", "字号", "模板", "背景板", "横幅", "档案", "工牌", "门禁",
	"食堂", "宿舍", "停车", "快递", "办公用品", "软件", "设备", "护照", "栏目", "信箱", "热线",
	"12345", "工单",
}

var personnelWords = []string{
	"保险", "养老", "医保", "社保", "公积金", "职级", "职称", "晋升", "选调", "招聘", "编制",
	"采购", "考试", "福利", "体检", "年金", "个税", "入职", "离职", "退休", "转正", "试用期",
	"党费", "工会", "调动",
}

// scopeFrames are the words of a question that asks what the rules do
// speak of, whatever personnel matter is its subject: leave (a trip for an exam, 去考试要请假吗)
// and decisions, documents and meetings about any matter (出台养老保险政策
// 前要听证吗). A question holding one is left to ranking. A practical
// word has no such frame: the format of a 请示 is still not in the rules.
var scopeFrames = []string{
	"请假", "销假", "出差", "外出", "离昆", "政策", "文件", "决策", "出台", "制定", "听证",
	"征求意见", "上会", "常务会", "全体会", "办公会", "专题会", "请示", "发文", "公文",
}

// practicalMatched is the matched weight (about three rare words) at which
// a question naming a practical or personnel word is about its article all
// the same. Chosen on the development sets: the practical questions out of
// scope match at most 15.6, an in-scope one 36.
const practicalMatched = 20

// asksPractical reports whether the normalised question names a practical
// or personnel matter the Kunshan rules do not speak of, and asks nothing
// they do.
func asksPractical(norm string) bool {
	return containsAny(norm, practicalWords) || containsAny(norm, personnelWords) && !containsAny(norm, scopeFrames)
}
