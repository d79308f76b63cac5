package meeting

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"officebot/directory"
)

// Minutes are a meeting's minutes (纪要): the summary, the flags that shape
// the Art. 45 chain, and the action items (落实事项), as ParseMinutes reads
// them; once filed (Meeting.FileMinutes), a revision with its state. Minutes
// sent back for changes (退回修改) are filed again as the next revision; each
// revision has its own approval chain (Subject).
type Minutes struct {
	Text      string // the minutes without flags and action items
	CityWide  bool
	Delegated bool
	Items     []Item

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
)

// ParseMinutes reads minutes such as
//
//	会议研究了2027年预算草案。全市性 落实事项：发改委：牵头编制2027年重点项目计划；财政局：落实配套资金
//
// Flags stand alone: 全市性 (or 全局性) sends special-topic minutes to the
// mayor; 代签：常务副市长 has the executive vice mayor sign on the mayor's
// behalf. Each action item is "department：task", items separated by
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
	for {
		loc := flagWord.FindStringSubmatchIndex(summary)
		if loc == nil {
			break
		}
		if strings.HasPrefix(summary[loc[2]:loc[3]], "代签") {
			m.Delegated = true
		} else {
			m.CityWide = true
		}
		summary = summary[:loc[2]] + " " + summary[loc[3]:]
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
