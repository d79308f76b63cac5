package rulebook

import (
	"regexp"
	"slices"
	"strings"
)

// What a question asks for, and whether its best article can say it (issue
// 16, fifth pass). A question the rules do not cover often shares the
// rules' words (信访, 会议纪要, 公务用车, 人大代表建议) and so matches an
// article well; what gives it away is the kind of answer it wants: a
// duration where the article sets none (信访件多久要答复 against Art. 32,
// which asks for replies but sets no period), a place, a clock time, a
// contact, a form or an amount (值班室在哪, 几点上班, 会议纪要用什么格式,
// 接待标准多少, 报告表怎么填). Whether the article gives such an
// answer is read from its text, so the check holds for an imported
// rulebook too: one that sets a period or a fee answers those questions.

// askKind is the kind of answer a question wants.
type askKind int

const (
	askAny      askKind = iota // what the rules require: whether, who, which
	askDays                    // how many days, working days, months: a number
	askDuration                // how long, how often: a number or a when (及时, 定期)
	askPlace                   // where something is
	askClock                   // at what time of day
	askContact                 // a telephone number, a mailbox
	askForm                    // a format, a template, how to fill a form
	askAmount                  // a standard, a sum, a share
)

// askCues mark each kind, longest first within a kind. A cue asks for its
// kind wherever it stands in the question's asked clause.
var askCues = []struct {
	kind askKind
	cues []string
}{
	{askDays, []string{"多少个工作日", "几个工作日", "多少天", "多少日", "几个月", "多少年", "几天", "几日", "几年"}},
	{askDuration, []string{"多长时间", "多少时间", "多久", "几次", "期限"}},
	{askClock, []string{"几点"}},
	{askContact, []string{"电话", "手机号", "邮箱", "联系方式"}},
	{askForm, []string{"什么格式", "格式是", "格式怎么", "什么样式", "模板", "表格", "怎么填", "如何填", "填写"}},
	{askAmount, []string{"标准", "多少钱", "比例", "费用"}},
	{askPlace, []string{"几楼", "地址", "哪个位置"}},
}

// placeAtEnd: a clause ending in 在哪 / 在哪里 / 在哪儿 asks where a thing
// is (值班室在哪); 在哪里公布 asks through which channels, which Art. 28 says.
var placeAtEnd = regexp.MustCompile(`在哪(里|儿)?$`)

// gives are, per kind, what an article's text holds when it can answer it.
var gives = map[askKind]*regexp.Regexp{
	askDays:     regexp.MustCompile(`[0-9零一二两三四五六七八九十百半]+\s*(个工作日|工作日|日|天|个月|月|年|周|小时)`),
	askDuration: regexp.MustCompile(`[0-9零一二两三四五六七八九十百半]+\s*(个工作日|工作日|日|天|个月|月|年|周|小时|次)|每(半年|年|季度|月|周|天|日)|定期|不定期|及时|按时|时限|事先|提前|立即`),
	askPlace:    regexp.MustCompile(`地址|地点|[0-9一二三四五六七八九十]+楼|楼层|房间`),
	askClock:    regexp.MustCompile(`[0-9零一二两三四五六七八九十]+\s*(点|时)(整|半|前|后|至|到)?`),
	askContact:  regexp.MustCompile(`电话|邮箱|手机|联系方式`),
	askForm:     regexp.MustCompile(`格式|样式|模板|表格|字体|字号`),
	askAmount:   regexp.MustCompile(`标准|[0-9零一二两三四五六七八九十百千万]+\s*(元|万元|%|％|人民币)|比例|费用`),
}

// yesNoMarks ask whether; a cue before one is part of what is asked
// about, not the answer wanted (浪费公款的标准是多少要追究责任吗 asks whether
// waste is punished, Art. 37).
var yesNoMarks = []string{"吗", "要不要", "能不能", "是不是", "需不需要", "可不可以", "会不会", "行不行", "该不该", "有没有"}

// askedKinds are the kinds of answer the asked clause wants.
func askedKinds(clause string) []askKind {
	var kinds []askKind
	for _, k := range askCues {
		for _, c := range k.cues {
			if i := strings.Index(clause, c); i >= 0 && !containsAny(clause[i+len(c):], yesNoMarks) {
				kinds = append(kinds, k.kind)
				break
			}
		}
	}
	if placeAtEnd.MatchString(clause) {
		kinds = append(kinds, askPlace)
	}
	return kinds
}

// askedClause is the clause of a normalised question that asks (the last
// one holding a question word), and the clauses before and after it that
// tell the background.
func askedClause(norm string) (asked string, context []string) {
	clauses := strings.Fields(norm)
	at := len(clauses) - 1
	for i := len(clauses) - 1; i >= 0; i-- {
		if isQuestionClause(clauses[i]) {
			at = i
			break
		}
	}
	if at < 0 {
		return "", nil
	}
	context = append(context, clauses[:at]...)
	context = append(context, clauses[at+1:]...)
	return clauses[at], context
}

// questionMarks are the words that make a clause a question.
var questionMarks = []string{"吗", "呢", "怎么", "怎样", "如何", "什么", "谁", "几", "多少", "多久", "哪", "是否", "能不能", "要不要", "是不是", "可不可以", "行不行", "有没有", "需不需要", "符不符合", "算不算", "咋", "啥"}

func isQuestionClause(c string) bool { return containsAny(c, questionMarks) }

// unanswerableKind reports whether the question asks for a kind of answer
// that article doc's text does not give.
func (x *Index) unanswerableKind(asked string, doc int) bool {
	text := x.text(doc)
	for _, k := range askedKinds(asked) {
		if len(x.cfg.askOnly) > 0 && !slices.Contains(x.cfg.askOnly, k) {
			continue
		}
		if !gives[k].MatchString(text) {
			return true
		}
	}
	return false
}
