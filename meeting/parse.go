package meeting

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"officebot/directory"
)

// ParseError is bad input in a /meeting text: Code says what is wrong
// (msg key "meeting.parse.<code>"), Arg is the offending piece.
type ParseError struct {
	Code string
	Arg  string
}

func (e *ParseError) Error() string { return "meeting: parse: " + e.Code + " " + strconv.Quote(e.Arg) }

// Parse error codes.
const (
	CodeNoType            = "no_type"            // the text does not start with a meeting type
	CodeNoDate            = "no_date"            // no date after the type
	CodeBadDate           = "bad_date"           // a date that does not exist
	CodeNoTime            = "no_time"            // no time after the date
	CodeBadTime           = "bad_time"           // 25:00
	CodeEndBeforeStat     = "end_before"         // the end is not after the start
	CodeBadEnd            = "bad_end"            // 至/到/- followed by no end time
	CodePast              = "past"               // the start has passed
	CodeNoPlace           = "no_place"           // no place
	CodeUnknownPerson     = "unknown_person"     // a name in 参会/列席/不参会 that is nobody
	CodeNoHead            = "no_head"            // a department without a head
	CodeTooLong           = "too_long"           // a field over its limit
	CodeNoDepartment      = "no_department"      // an action item names no department ("部门：任务")
	CodeUnknownDepartment = "unknown_department" // an action item names a department the directory lacks
	CodeNoTask            = "no_task"            // an action item without a task
	CodeEmpty             = "empty"              // nothing given
	CodeAmbiguousDate     = "ambiguous_date"     // a date that reads two ways; Arg is the question listing both
)

// Limits on free text, in characters.
const (
	MaxPlace  = 100
	MaxTopics = 2000
	MaxText   = 10000
)

// Request is a parsed /meeting scheduling text.
type Request struct {
	Type     Type
	Start    time.Time
	End      time.Time
	Place    string
	Topics   []string
	Add      []Attendee // 参会 (Attending) and 列席 (Observing) additions
	Remove   []string   // 不参会: Slack IDs
	Presider string     // 主持: Slack ID, when given
}

var (
	labelRe = regexp.MustCompile(`(不参会|参会人员|参会|列席|议题|主持|地点)\s*[:：]`)
	isoDate = regexp.MustCompile(`^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})`)
	cnDate  = regexp.MustCompile(`^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?`)
	relDate = regexp.MustCompile(`^(今天|明天|后天)`)
	colonTm = regexp.MustCompile(`^(上午|下午|晚上)?\s*(\d{1,2})\s*[:：]\s*(\d{2})`)
	cnTime  = regexp.MustCompile(`^(上午|下午|晚上)?\s*(\d{1,2})\s*[点时](半|(\d{1,2})\s*分?)?`)
	rangeTo = regexp.MustCompile(`^\s*(?:-|—|–|~|～|至|到)\s*`)
)

// Parse reads the text form of /meeting, e.g.
//
//	常务会议 2026-12-15 09:00 三楼会议室 议题：2027年预算草案；老旧小区改造 参会：@U0FGWHEAD 财政局 不参会：张副市长
//
// Dates: 2026-12-15, 12月15日, 2026年12月15日, 今天/明天/后天; times: 09:00,
// 9点, 9点半, 下午3点, with an optional end (09:00-11:30). People by Slack
// mention, ID or name; a department by name, short name or ID means its
// head. now fixes the zone, today and "the past".
func Parse(text string, org *directory.Org, now time.Time) (Request, error) {
	var r Request
	text = normalize(text)
	if text == "" {
		return r, &ParseError{Code: CodeEmpty}
	}
	if utf8.RuneCountInString(text) > MaxText {
		return r, &ParseError{Code: CodeTooLong, Arg: "text"}
	}
	head, sections := splitLabels(text)
	t, rest, ok := cutType(head)
	if !ok {
		word, _, _ := strings.Cut(head, " ")
		return r, &ParseError{Code: CodeNoType, Arg: word}
	}
	r.Type = t
	start, end, rest, err := ParseWhen(strings.TrimSpace(rest), now)
	if err != nil {
		return r, err
	}
	r.Start, r.End = start, end
	r.Place = strings.TrimSpace(rest)
	for _, s := range sections {
		switch s.label {
		case "议题":
			r.Topics = append(r.Topics, ParseTopics(s.value)...)
		case "参会", "参会人员", "列席":
			role := Attending
			if s.label == "列席" {
				role = Observing
			}
			ids, err := ParsePeople(s.value, org)
			if err != nil {
				return r, err
			}
			for _, id := range ids {
				r.Add = append(r.Add, Attendee{SlackID: id, Role: role})
			}
		case "不参会":
			ids, err := ParsePeople(s.value, org)
			if err != nil {
				return r, err
			}
			r.Remove = append(r.Remove, ids...)
		case "主持":
			ids, err := ParsePeople(s.value, org)
			if err != nil {
				return r, err
			}
			if len(ids) > 0 {
				r.Presider = ids[0]
			}
		case "地点":
			r.Place = strings.TrimSpace(s.value)
		}
	}
	if err := checkFields(r.Place, r.Topics); err != nil {
		return r, err
	}
	return r, nil
}

func checkFields(place string, topics []string) error {
	if place == "" {
		return &ParseError{Code: CodeNoPlace}
	}
	if utf8.RuneCountInString(place) > MaxPlace {
		return &ParseError{Code: CodeTooLong, Arg: "place"}
	}
	if utf8.RuneCountInString(strings.Join(topics, "；")) > MaxTopics {
		return &ParseError{Code: CodeTooLong, Arg: "topics"}
	}
	return nil
}

// CheckFields validates a place and topics entered in a form.
func CheckFields(place string, topics []string) error { return checkFields(place, topics) }

// normalize folds full-width spaces and blank runs, keeping line breaks,
// and the full-width digits and date punctuation a Chinese input method
// types (２０２６－１２－１５).
func normalize(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = foldDigits(s)
	s = strings.ReplaceAll(s, "\u3000", " ")
	s = strings.ReplaceAll(s, "\r", "")
	s = strings.ReplaceAll(s, "\t", " ")
	return strings.TrimSpace(s)
}

// foldDigits turns full-width digits and the punctuation of dates and
// times (－ ～ ／ ．) into ASCII; the full-width colon is read as it is.
func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '－':
			return '-'
		case r == '～':
			return '~'
		case r == '／':
			return '/'
		case r == '．':
			return '.'
		}
		return r
	}, s)
}

type section struct{ label, value string }

func splitLabels(s string) (string, []section) {
	idx := labelRe.FindAllStringSubmatchIndex(s, -1)
	if len(idx) == 0 {
		return s, nil
	}
	head := s[:idx[0][0]]
	var out []section
	for i, m := range idx {
		end := len(s)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		out = append(out, section{label: s[m[2]:m[3]], value: strings.TrimSpace(s[m[1]:end])})
	}
	return strings.TrimSpace(head), out
}

var typeKeys = func() []string {
	ks := make([]string, 0, len(typeWords))
	for k := range typeWords {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return len(ks[i]) > len(ks[j]) || len(ks[i]) == len(ks[j]) && ks[i] < ks[j] })
	return ks
}()

func cutType(s string) (Type, string, bool) {
	for _, k := range typeKeys {
		if rest, ok := strings.CutPrefix(s, k); ok {
			return typeWords[k], rest, true
		}
	}
	return "", s, false
}

// ParseWhen reads a date, a time and an optional end time at the start of s
// and returns the rest. A date without a year that has passed this year is
// taken in the next year. The start must lie after now.
func ParseWhen(s string, now time.Time) (start, end time.Time, rest string, err error) {
	loc := now.Location()
	s = strings.ReplaceAll(foldDigits(s), "\u3000", " ")
	day, rest, err := parseDate(s, now)
	if err != nil {
		return start, end, s, err
	}
	h, mi, rest, ok, err := parseClock(strings.TrimSpace(rest))
	if err != nil {
		return start, end, s, err
	}
	if !ok {
		return start, end, s, &ParseError{Code: CodeNoTime, Arg: firstWord(rest)}
	}
	start = time.Date(day.Year(), day.Month(), day.Day(), h, mi, 0, 0, loc)
	end = start.Add(DefaultLength)
	if m := rangeTo.FindStringIndex(rest); m != nil {
		eh, emi, rest2, ok, err := parseClock(rest[m[1]:])
		if err != nil {
			return start, end, s, err
		}
		if !ok {
			// 至 followed by no clock (至 2026-12-16 14:00, 到下午): not a place.
			return start, end, s, &ParseError{Code: CodeBadEnd, Arg: firstWord(rest[m[1]:])}
		}
		end = time.Date(day.Year(), day.Month(), day.Day(), eh, emi, 0, 0, loc)
		rest = rest2
		if !end.After(start) {
			return start, end, s, &ParseError{Code: CodeEndBeforeStat}
		}
	}
	if !start.After(now) {
		return start, end, s, &ParseError{Code: CodePast, Arg: start.Format("2006-01-02 15:04")}
	}
	return start, end, strings.TrimSpace(rest), nil
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	if utf8.RuneCountInString(w) > 20 {
		w = string([]rune(w)[:20])
	}
	return w
}

func parseDate(s string, now time.Time) (time.Time, string, error) {
	loc := now.Location()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	if m := relDate.FindStringSubmatch(s); m != nil {
		n := map[string]int{"今天": 0, "明天": 1, "后天": 2}[m[1]]
		return today.AddDate(0, 0, n), s[len(m[0]):], nil
	}
	var y, mo, d int
	var rest string
	yearGiven := true
	if m := isoDate.FindStringSubmatch(s); m != nil {
		y, mo, d, rest = atoi(m[1]), atoi(m[2]), atoi(m[3]), s[len(m[0]):]
	} else if m := cnDate.FindStringSubmatch(s); m != nil {
		y, mo, d, rest = atoi(m[1]), atoi(m[2]), atoi(m[3]), s[len(m[0]):]
		if m[1] == "" {
			y, yearGiven = now.Year(), false
		}
	} else {
		return naturalDate(s, now)
	}
	day := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, loc)
	if y < 2000 || y > 2100 || day.Year() != y || int(day.Month()) != mo || day.Day() != d {
		return time.Time{}, s, &ParseError{Code: CodeBadDate, Arg: strings.TrimSpace(s[:len(s)-len(rest)])}
	}
	if !yearGiven && day.Before(today) {
		day = day.AddDate(1, 0, 0)
		if day.Month() != time.Month(mo) { // 2月29日 next year
			return time.Time{}, s, &ParseError{Code: CodeBadDate, Arg: strings.TrimSpace(s[:len(s)-len(rest)])}
		}
	}
	return day, rest, nil
}

// parseClock reads a time of day at the start of s.
func parseClock(s string) (h, mi int, rest string, ok bool, err error) {
	var m []string
	if m = colonTm.FindStringSubmatch(s); m != nil {
		h, mi = atoi(m[2]), atoi(m[3])
	} else if m = cnTime.FindStringSubmatch(s); m != nil {
		h = atoi(m[2])
		switch {
		case m[3] == "半":
			mi = 30
		case m[4] != "":
			mi = atoi(m[4])
		}
	} else {
		return 0, 0, s, false, nil
	}
	if (m[1] == "下午" || m[1] == "晚上") && h < 12 {
		h += 12
	}
	if h > 23 || mi > 59 {
		return 0, 0, s, false, &ParseError{Code: CodeBadTime, Arg: strings.TrimSpace(m[0])}
	}
	return h, mi, s[len(m[0]):], true, nil
}

func atoi(s string) int {
	if len(s) > 6 {
		return -1
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

var topicSep = regexp.MustCompile(`[；;\n]+`)

// ParseTopics splits a topic list at semicolons and line breaks.
func ParseTopics(s string) []string {
	var out []string
	for _, t := range topicSep.Split(s, -1) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

var peopleSep = regexp.MustCompile(`[\s,，、;；]+`)
var mentionRe = regexp.MustCompile(`^<@([A-Z0-9]+)(?:\|[^>]*)?>$`)

// ParsePeople resolves a list of people: Slack mentions (<@U0X> or @U0X),
// Slack IDs, names, or departments by name, short name or ID, meaning their
// heads. Each person appears once, in order.
func ParsePeople(s string, org *directory.Org) ([]string, error) {
	var out []string
	for _, tok := range peopleSep.Split(strings.TrimSpace(s), -1) {
		if tok == "" {
			continue
		}
		id, err := resolvePerson(tok, org)
		if err != nil {
			return nil, err
		}
		if !contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func resolvePerson(tok string, org *directory.Org) (string, error) {
	name := tok
	if m := mentionRe.FindStringSubmatch(tok); m != nil {
		name = m[1]
	}
	name = strings.TrimPrefix(name, "@")
	if p, ok := org.FindPerson(name); ok {
		return p.SlackID, nil
	}
	if d, ok := org.FindDepartment(name); ok {
		h, ok := org.Head(d.ID)
		if !ok {
			return "", &ParseError{Code: CodeNoHead, Arg: d.Name}
		}
		return h.SlackID, nil
	}
	if utf8.RuneCountInString(tok) > 30 {
		tok = string([]rune(tok)[:30]) + "…"
	}
	return "", &ParseError{Code: CodeUnknownPerson, Arg: tok}
}
