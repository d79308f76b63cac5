package document

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"officebot/calendar"
	"officebot/directory"
	"officebot/text"
)

// Submission is a document as a unit submits it, before the checks and
// registration.
type Submission struct {
	Title         string
	Type          Type
	Department    string // the unit it is submitted for, when named (报送单位)
	Signer        string // Slack ID (签发人)
	Category      calendar.Category
	UrgentDue     string // YYYY-MM-DD
	CoDepartments []string
	Consulted     bool
	Disagreement  string
	Reasons       string
	Major         bool
	Matters       int
	Links         []string
}

// ParseError names the part of a submission not understood: Code is the
// catalogue key's last part, Arg what was typed.
type ParseError struct {
	Code string
	Arg  string
}

func (e *ParseError) Error() string { return "document: parse " + e.Code + ": " + e.Arg }

// Parse error codes.
const (
	CodeEmpty           = "empty"
	CodeTooLong         = "too_long"
	CodeNoTitle         = "no_title"
	CodeNoType          = "no_type"
	CodeBadType         = "bad_type"
	CodeNoCategory      = "no_category"
	CodeBadCategory     = "bad_category"
	CodeBadCount        = "bad_count"
	CodeBadYesNo        = "bad_yesno"
	CodeUnknownDept     = "unknown_dept"
	CodeUnknownPerson   = "unknown_person"
	CodeBadDate         = "bad_date"
	CodeAmbiguousDate   = "ambiguous_date" // Arg is the question (dates.Question), not what was typed
	CodeDuplicateField  = "duplicate_field"
	CodeTitleTooLong    = "title_too_long"
	CodeDepartmentTwice = "dept_twice"
	CodeBadLink         = "bad_link"
)

// MaxText bounds a submission's text; MaxTitle its title (characters).
const (
	MaxText  = 4000
	MaxTitle = 200
)

// fieldNames maps the words a field starts with to the field.
var fieldNames = map[string]string{
	"标题": "title", "题目": "title",
	"类型": "type", "文种": "type",
	"类别": "category", "办理类别": "category",
	"签发人": "signer", "签发": "signer",
	"会签": "co", "会同": "co", "协办": "co", "会签单位": "co", "会同单位": "co",
	"事项数": "matters",
	"重大":  "major", "重大事项": "major",
	"征求意见": "consulted", "已征求意见": "consulted", "协商": "consulted",
	"分歧": "disagreement", "分歧意见": "disagreement",
	"理由": "reasons", "理由依据": "reasons",
	"期限": "due", "办理期限": "due", "时限": "due",
	"报送单位": "dept", "报送部门": "dept", "单位": "dept",
	"附件": "attachment",
}

var fieldRe = func() *regexp.Regexp {
	names := make([]string, 0, len(fieldNames))
	for n := range fieldNames {
		names = append(names, regexp.QuoteMeta(n))
	}
	// Longest first, so 会签单位 is not read as 会签 + 单位.
	slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) })
	return regexp.MustCompile(`(?:^|[\s，,；;。])(` + strings.Join(names, "|") + `)\s*[：:]`)
}()

// categoryNames maps what people type to the Art. 54 categories.
var categoryNames = map[string]calendar.Category{
	"in_remit": calendar.InRemit, "职权范围内": calendar.InRemit, "职权范围": calendar.InRemit, "职权内": calendar.InRemit,
	"needs_approval": calendar.NeedsApproval, "需报批": calendar.NeedsApproval, "需报市政府审批": calendar.NeedsApproval, "报批": calendar.NeedsApproval,
	"joint": calendar.Joint, "会同办理": calendar.Joint, "会同": calendar.Joint,
	"investigation": calendar.Investigation, "调查论证": calendar.Investigation,
	"urgent": calendar.Urgent, "紧急": calendar.Urgent, "特急": calendar.Urgent,
}

// ParseCategory reads an Art. 54 category by its code or Chinese name.
func ParseCategory(s string) (calendar.Category, bool) {
	c, ok := categoryNames[strings.ToLower(strings.TrimSpace(text.HalfWidth(s)))]
	return c, ok
}

var (
	listSep   = regexp.MustCompile(`[\s,，、;；]+`)
	mentionRe = regexp.MustCompile(`^<@([A-Za-z0-9]+)(?:\|[^>]*)?>$`)
	linkRe    = regexp.MustCompile(`<?(https?://[^\s|>]+)(?:\|[^>]*)?>?`)
)

// Parse reads a submission typed as fields: 标题：… 类型：请示 类别：需报批
// 签发人：@王主任 会签：财政局,住建局 事项数：1 重大：否 (and 征求意见、分歧、
// 理由、期限、报送单位、附件). Text before the first field is the title when
// 标题 is not given. today (in the office's zone) gives the year of a date
// typed without one. Errors are *ParseError.
func Parse(s string, org *directory.Org, today time.Time) (Submission, error) {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	if s == "" {
		return Submission{}, &ParseError{Code: CodeEmpty}
	}
	if utf8.RuneCountInString(s) > MaxText {
		return Submission{}, &ParseError{Code: CodeTooLong}
	}
	sub := Submission{Matters: 1}
	fields := map[string]string{}
	locs := fieldRe.FindAllStringSubmatchIndex(s, -1)
	lead := s
	if len(locs) > 0 {
		lead = s[:locs[0][2]]
	}
	for i, l := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][2]
		}
		name := fieldNames[s[l[2]:l[3]]]
		if _, dup := fields[name]; dup {
			return Submission{}, &ParseError{Code: CodeDuplicateField, Arg: s[l[2]:l[3]]}
		}
		fields[name] = strings.TrimSpace(s[l[1]:end])
	}
	lead = strings.Trim(lead, " \t\n,，;；。")
	title := fields["title"]
	switch {
	case title == "" && lead != "":
		title = lead
	case title != "" && lead != "":
		title = lead + " " + title // words before 标题：are part of what was meant
	}
	title = strings.Trim(title, " \t\n,，;；。")
	if title == "" {
		return Submission{}, &ParseError{Code: CodeNoTitle}
	}
	if utf8.RuneCountInString(title) > MaxTitle {
		return Submission{}, &ParseError{Code: CodeTitleTooLong}
	}
	sub.Title = title

	t, ok := fields["type"]
	if !ok || t == "" {
		return Submission{}, &ParseError{Code: CodeNoType}
	}
	if sub.Type, ok = parseType(t); !ok {
		return Submission{}, &ParseError{Code: CodeBadType, Arg: clip(t)}
	}

	c, ok := fields["category"]
	if !ok || c == "" {
		return Submission{}, &ParseError{Code: CodeNoCategory}
	}
	if sub.Category, ok = ParseCategory(c); !ok {
		return Submission{}, &ParseError{Code: CodeBadCategory, Arg: clip(c)}
	}

	if v := fields["signer"]; v != "" {
		id, err := ResolvePerson(v, org)
		if err != nil {
			return Submission{}, err
		}
		sub.Signer = id
	}
	if v := fields["dept"]; v != "" {
		d, ok := findDept(v, org)
		if !ok {
			return Submission{}, &ParseError{Code: CodeUnknownDept, Arg: clip(v)}
		}
		sub.Department = d
	}
	if v := fields["co"]; v != "" {
		ids, err := ParseDepartments(v, org)
		if err != nil {
			return Submission{}, err
		}
		sub.CoDepartments = ids
	}
	if v, ok := fields["matters"]; ok {
		n, ok := ParseMatters(v)
		if !ok {
			return Submission{}, &ParseError{Code: CodeBadCount, Arg: clip(v)}
		}
		sub.Matters = n
	}
	for name, dst := range map[string]*bool{"major": &sub.Major, "consulted": &sub.Consulted} {
		if v, ok := fields[name]; ok {
			b, ok := yesNo(v)
			if !ok {
				return Submission{}, &ParseError{Code: CodeBadYesNo, Arg: clip(v)}
			}
			*dst = b
		}
	}
	sub.Disagreement = noneIsEmpty(fields["disagreement"])
	sub.Reasons = noneIsEmpty(fields["reasons"])
	if v := fields["due"]; v != "" {
		d, ok := ParseDate(v, today)
		if q, ambiguous := DateQuestion(v, today); !ok && ambiguous {
			return Submission{}, &ParseError{Code: CodeAmbiguousDate, Arg: q}
		}
		if !ok {
			return Submission{}, &ParseError{Code: CodeBadDate, Arg: clip(v)}
		}
		sub.UrgentDue = d.Format(time.DateOnly)
	}
	for _, m := range linkRe.FindAllStringSubmatch(s, -1) {
		if !SlackFileLink(m[1]) {
			return Submission{}, &ParseError{Code: CodeBadLink, Arg: clip(m[1])}
		}
		sub.Links = append(sub.Links, m[1])
	}
	return sub, nil
}

// SlackFileLink reports whether link is a file in Slack (an attachment,
// SPEC §1.2): https on files.slack.com, or a workspace's file permalink
// (https://WORKSPACE.slack.com/files/…).
func SlackFileLink(link string) bool {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "https" || u.User != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "files.slack.com":
		return true
	case strings.HasSuffix(host, ".slack.com") && strings.HasPrefix(u.Path, "/files/"):
		return true
	}
	return false
}

func parseType(s string) (Type, bool) {
	s = strings.TrimSpace(s)
	for _, t := range Types {
		if s == string(t) {
			return t, true
		}
	}
	return "", false
}

func yesNo(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(text.HalfWidth(s))) {
	case "是", "有", "yes", "y", "true", "已", "已征求":
		return true, true
	case "否", "无", "no", "n", "false", "未", "未征求":
		return false, true
	}
	return false, false
}

// noneIsEmpty reads 无 or 没有 as nothing said.
func noneIsEmpty(s string) string {
	switch s {
	case "无", "没有", "否", "none":
		return ""
	}
	return s
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 30 {
		return string([]rune(s)[:30]) + "…"
	}
	return s
}

func findDept(s string, org *directory.Org) (string, bool) {
	s = strings.TrimSpace(s)
	if d, ok := org.FindDepartment(s); ok {
		return d.ID, true
	}
	if d, ok := org.FindDepartment(strings.TrimPrefix(s, "市")); ok {
		return d.ID, true
	}
	return "", false
}

// ParseDepartments resolves a list of departments by ID, name or short
// name, separated by commas, 、 or spaces; each once, in order.
func ParseDepartments(s string, org *directory.Org) ([]string, error) {
	var out []string
	for _, tok := range listSep.Split(strings.TrimSpace(s), -1) {
		if tok == "" {
			continue
		}
		id, ok := findDept(tok, org)
		if !ok {
			return nil, &ParseError{Code: CodeUnknownDept, Arg: clip(tok)}
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// ResolvePerson finds a person by Slack mention (<@U0X> or <@U0X|name>),
// @name, Slack ID or name.
func ResolvePerson(s string, org *directory.Org) (string, error) {
	tok := strings.TrimSpace(s)
	name := tok
	if m := mentionRe.FindStringSubmatch(tok); m != nil {
		name = m[1]
	}
	name = strings.TrimPrefix(strings.TrimPrefix(name, "@"), "＠")
	if p, ok := org.FindPerson(name); ok {
		return p.SlackID, nil
	}
	return "", &ParseError{Code: CodeUnknownPerson, Arg: clip(tok)}
}

var (
	isoDateRe = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$`)
	cnDateRe  = regexp.MustCompile(`^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?(?:前|之前)?$`)
)

// ParseDate reads a date: 2026-12-20, 2026/12/20, 2026年12月20日 or
// 12月20日 (the year of today, or the next one when that date has passed).
func ParseDate(s string, today time.Time) (time.Time, bool) {
	s = strings.TrimSpace(text.HalfWidth(s))
	var y, m, d int
	if g := isoDateRe.FindStringSubmatch(s); g != nil {
		y, _ = strconv.Atoi(g[1])
		m, _ = strconv.Atoi(g[2])
		d, _ = strconv.Atoi(g[3])
	} else if g := cnDateRe.FindStringSubmatch(s); g != nil {
		m, _ = strconv.Atoi(g[2])
		d, _ = strconv.Atoi(g[3])
		if g[1] != "" {
			y, _ = strconv.Atoi(g[1])
		} else {
			y = today.Year()
			if time.Date(y, time.Month(m), d, 0, 0, 0, 0, today.Location()).Before(
				time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, today.Location())) {
				y++
			}
		}
	} else {
		return naturalDate(s, today)
	}
	if y < 1901 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, today.Location())
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false // 2月30日
	}
	return t, true
}

// ParseMatters reads a declared count of matters (事项数, Art. 48 一事一文):
// 1 to 99, full-width digits and a trailing 件 or 项 allowed, as a Chinese
// input method types them.
func ParseMatters(v string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(text.HalfWidth(v)), "件"), "项"))
	if err != nil || n < 1 || n > 99 {
		return 0, false
	}
	return n, true
}
