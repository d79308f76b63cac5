package meeting

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"officebot/directory"
)

// Minutes are a meeting's minutes (纪要): the summary, the flags that shape
// the Art. 45 chain, and the action items (落实事项), as ParseMinutes reads
// them; once filed (Meeting.FileMinutes), a revision with its state. Minutes
// sent back for changes (退回修改) are filed again as the next revision; each
// revision has its own approval chain (Subject).
type Minutes struct {
	Text string // the minutes without flags and action items
	// CityWide: the minutes concern a city-wide matter (涉及全局性事项), so
	// special-topic minutes go to the mayor to sign (Art. 45). For
	// special-topic minutes it is the reviewer's decision (Scope), ScopedBy
	// who took it; the filer's 全市性 is only CityWideProposed.
	CityWide         bool
	CityWideProposed bool
	ScopedBy         string
	Delegated        bool
	Items            []Item

	ID        uint64
	MeetingID uint64
	Revision  int
	State     string // MinutesInReview, MinutesSigned or MinutesReturned
	FiledBy   string
	SignedBy  string
	CreatedAt time.Time
	SignedAt  *time.Time
}

// Item is one decision a department has to carry out.
type Item struct {
	Department string // department ID
	Task       string
}

// MaxTask is the limit of one action item's task, in characters.
const MaxTask = 500

var (
	itemsLabel = regexp.MustCompile(`落实事项\s*[:：]`)
	flagWord   = regexp.MustCompile(`(?:^|\s)(全市性|全局性|代签\s*[:：]\s*常务副市长|代签)(?:\s|$)`)
	itemSep    = regexp.MustCompile(`[；;\n]+`)
	// trailingFlag is a flag typed after the last action item, apart from
	// its task: officials add 全市性 or 代签：常务副市长 at the end too.
	trailingFlag = regexp.MustCompile(`\s(全市性|全局性|代签\s*[:：]\s*常务副市长|代签)\s*$`)
)

// ParseMinutes reads minutes such as
//
//	会议研究了2027年预算草案。全市性 落实事项：发改委：牵头编制2027年重点项目计划；财政局：落实配套资金
//
// Flags stand alone: 全市性 (or 全局性) proposes that special-topic minutes
// go to the mayor (CityWideProposed; the reviewer decides, Scope);
// 代签：常务副市长 has the executive vice mayor sign on the mayor's behalf
// (only with the mayor's entrustment). Flags may also follow the last
// action item, apart from its task. Each action item is "department：task", items separated by
// semicolons or line breaks; departments by name, short name or ID.
func ParseMinutes(text string, org *directory.Org) (Minutes, error) {
	var m Minutes
	text = normalize(text)
	if text == "" {
		return m, &ParseError{Code: CodeEmpty}
	}
	if utf8.RuneCountInString(text) > MaxText {
		return m, &ParseError{Code: CodeTooLong, Arg: "text"}
	}
	summary, items := text, ""
	if loc := itemsLabel.FindStringIndex(text); loc != nil {
		summary, items = text[:loc[0]], text[loc[1]:]
	}
	flag := func(word string) {
		if strings.HasPrefix(word, "代签") {
			m.Delegated = true
		} else {
			m.CityWideProposed = true
		}
	}
	for {
		loc := flagWord.FindStringSubmatchIndex(summary)
		if loc == nil {
			break
		}
		flag(summary[loc[2]:loc[3]])
		summary = summary[:loc[2]] + " " + summary[loc[3]:]
	}
	for {
		loc := trailingFlag.FindStringSubmatchIndex(items)
		if loc == nil {
			break
		}
		flag(items[loc[2]:loc[3]])
		items = items[:loc[0]]
	}
	m.Text = strings.Join(strings.Fields(summary), " ")
	for _, it := range itemSep.Split(items, -1) {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		name, task, ok := cutColon(it)
		d, found := org.FindDepartment(strings.TrimSpace(name))
		if ok && !found && strings.TrimSpace(name) != "" {
			// "部门：任务" whose department the directory does not have.
			arg := strings.TrimSpace(name)
			if utf8.RuneCountInString(arg) > 30 {
				arg = string([]rune(arg)[:30]) + "…"
			}
			return m, &ParseError{Code: CodeUnknownDepartment, Arg: arg}
		}
		if !ok || !found {
			arg := name
			if !ok {
				arg = it
			}
			if utf8.RuneCountInString(arg) > 30 {
				arg = string([]rune(arg)[:30]) + "…"
			}
			return m, &ParseError{Code: CodeNoDepartment, Arg: arg}
		}
		task = strings.TrimSpace(task)
		if task == "" {
			return m, &ParseError{Code: CodeNoTask, Arg: d.Name}
		}
		if utf8.RuneCountInString(task) > MaxTask {
			return m, &ParseError{Code: CodeTooLong, Arg: "task"}
		}
		m.Items = append(m.Items, Item{Department: d.ID, Task: task})
	}
	if m.Text == "" && len(m.Items) == 0 {
		return m, &ParseError{Code: CodeEmpty}
	}
	return m, nil
}

// cutColon splits at the first full-width or ASCII colon.
func cutColon(s string) (before, after string, ok bool) {
	i := strings.IndexAny(s, ":：")
	if i < 0 {
		return s, "", false
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[:i], s[i+size:], true
}

// LeadDepartment returns the department of the first action item, which
// leads the matter (牵头).
func (m Minutes) LeadDepartment() string {
	if len(m.Items) == 0 {
		return ""
	}
	return m.Items[0].Department
}

// Scope records the reviewer's decision whether special-topic minutes
// concern a city-wide matter (Art. 45: 涉及全局性事项的，须经市长签发): it is
// taken at review by the office director or deputy director who reviews,
// never by the filer.
func (m Minutes) Scope(by string, cityWide bool) Minutes {
	m.CityWide, m.ScopedBy = cityWide, by
	return m
}

type scopeWord struct {
	word     string
	cityWide bool
}

// scopeWords are the words a reviewer of special-topic minutes types after
// 审核通过 to say whether they concern a city-wide matter.
var scopeWords = []scopeWord{
	{"不涉及全局性事项", false}, {"不涉及全局性", false}, {"非全局性", false}, {"非全市性", false},
	{"报分管领导签发", false}, {"分管领导签发", false},
	{"涉及全局性事项", true}, {"全局性事项", true}, {"全局性", true}, {"全市性", true}, {"报市长签发", true},
}

// ParseReviewScope reads the reviewer's decision at the start of what
// follows 审核通过 in a thread reply (the verdict's comment): 全局性 /
// 涉及全局性事项 / 报市长签发, or 不涉及全局性事项 / 报分管领导签发, alone or
// followed by punctuation or a space and a comment, which it returns. It
// reports false when the comment does not begin with one: the reviewer
// has not decided.
func ParseReviewScope(comment string) (cityWide bool, rest string, ok bool) {
	t := strings.TrimSpace(comment)
	words := slices.Clone(scopeWords)
	slices.SortStableFunc(words, func(a, b scopeWord) int { return len(b.word) - len(a.word) })
	for _, w := range words {
		after, found := strings.CutPrefix(t, w.word)
		if !found {
			continue
		}
		if after == "" {
			return w.cityWide, "", true
		}
		r, _ := utf8.DecodeRuneInString(after)
		if r == '?' || r == '？' || !(unicode.IsSpace(r) || unicode.IsPunct(r)) {
			continue
		}
		return w.cityWide, strings.TrimSpace(strings.TrimLeftFunc(after, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })), true
	}
	return false, "", false
}
