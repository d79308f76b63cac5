package leave

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"officebot/dates"
	"officebot/directory"
)

// MaxTextLen is the longest /leave text Parse reads, in characters (runes):
// room for a MaxReasonLen reason, the destination, dates and a deputy.
const MaxTextLen = 700

// Example is a complete /leave text, for help and error messages.
const Example = "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会 代为参会：@钱副主任"

// Draft is a leave request as read from /leave text; the handler completes
// it into an Application with Draft.Application.
type Draft struct {
	Kind        Kind
	Destination string
	Period      Period
	Reason      string
	// Deputy is the Slack ID named in 代为参会：…, or "".
	Deputy string
}

// Application returns the draft as an application of the person.
func (d Draft) Application(requester directory.Person) Application {
	return Application{
		Requester:   requester,
		Kind:        d.Kind,
		Destination: d.Destination,
		Period:      d.Period,
		Reason:      d.Reason,
		Deputy:      d.Deputy,
	}
}

// Parse reads the text of /leave:
//
//	KIND DESTINATION DATES [REASON] [代为参会：@DEPUTY]
//
// in any order after the kind, e.g.
//
//	出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会
//	休假 12月24日-12月26日 北京 探亲
//	因私外出 杭州 明天 1天
//	出差 上海 明天下午
//
// Dates are 2026-12-03, 2026年12月3日, 12月3日, 12.3, 3号 (the next 3rd on or
// after today), 今天/明天/后天/大后天, with 上午/下午 for half days; a range
// joins two dates with 至, 到, -, ~ or —; a count (3天, 两天, 半天, 1.5天)
// runs from the start date. A month and day without a year mean this year,
// or next year when that date is more than 30 days gone (in late December
// 1月3日 is next January; 12月1日 on 12月5日 stays in the past, for the
// policy to refuse). The destination is the first word after the kind that
// is not a date; the reason is the rest. The deputy is a Slack mention
// (<@U…> or <@U…|name>) or a name in org.
//
// today is the current date (or instant), read in Asia/Shanghai (Parse is
// dates.At's default; ParseWith reads in the parser's zone, OFFICEBOT_TZ in
// the bot). The dates of the draft are midnights in that zone. Errors are
// *ParseError naming the part not understood. Parse does not check that the
// start is not in the past: Policy.Decide does.
func Parse(text string, today time.Time, org *directory.Org) (Draft, error) {
	return ParseWith(text, dates.At(today, nil), org)
}

// ParseWith is Parse with the dates read by dp, so every phrase of package
// dates is understood (下周三到周五, 国庆节后第一个工作日, 月底前) against the
// office's working-day calendar. The first date phrase is replaced by its
// explicit form before the text is read as Parse describes; a phrase that
// reads two ways returns an *AmbiguousError listing both.
func ParseWith(text string, dp dates.Parser, org *directory.Org) (Draft, error) {
	today := dp.Today()
	if n := utf8.RuneCountInString(text); n > MaxTextLen {
		return Draft{}, &ParseError{Part: PartText, Err: ErrTextTooLong, Len: n}
	}
	text = normalize(text)
	full := text
	var d Draft

	text, deputy, err := cutDeputy(text, org)
	if err != nil {
		return Draft{}, err
	}
	d.Deputy = deputy

	text = strings.TrimSpace(text)
	if text == "" {
		return Draft{}, &ParseError{Part: PartKind, Err: ErrUnknownKind}
	}
	kind, rest, ok := cutKind(text)
	if !ok {
		return Draft{}, &ParseError{Part: PartKind, Fragment: firstField(text), Err: ErrUnknownKind}
	}
	d.Kind = kind

	rest, err = explicitDates(rest, dp)
	if err != nil {
		var ae *AmbiguousError
		if errors.As(err, &ae) {
			ae.Texts = ae.offers(full)
		}
		return Draft{}, err
	}
	toks := tokenize(rest)
	period, used, err := datesOf(rest, toks, Day(today))
	if err != nil {
		return Draft{}, err
	}
	d.Period = period

	for i, t := range toks {
		if used[i] || t.kind != tWord {
			continue
		}
		if dest := trimPunct(rest[t.from:t.to]); dest != "" {
			used[i] = true
			d.Destination = joinRoute(dest, rest, toks[i+1:], used[i+1:])
			break
		}
	}
	if d.Destination == "" {
		return Draft{}, &ParseError{Part: PartDestination, Err: ErrNoDestination}
	}
	d.Reason = remainder(rest, toks, used)
	if m := strayCountRe.FindStringSubmatch(d.Reason); m != nil {
		// A day count standing alone that the dates did not take (-3天,
		// 99999天, a second count) is a mistake, not part of the reason.
		return Draft{}, &ParseError{Part: PartDates, Fragment: m[1], Err: ErrBadCount}
	}
	return d, nil
}

// routeWords join the places of a route typed with spaces (苏州 到 北京,
// 苏州 经停 北京) into one destination, so Policy sees every place named
// (Art. 57 ¶1).
var routeWords = []string{"到", "至", "经", "经停", "经由", "转", "再去", "去", "→", "->"}

// joinRoute extends the destination dest with the words that follow it
// while they continue a route: a route word, or the place after one.
// It marks the words it takes as used.
func joinRoute(dest, s string, toks []token, used []bool) string {
	endsRoute := func(w string) bool {
		return slices.ContainsFunc(routeWords, func(r string) bool { return strings.HasSuffix(w, r) })
	}
	for j, t := range toks {
		if used[j] || t.kind != tWord {
			break
		}
		w := trimPunct(s[t.from:t.to])
		if w == "" {
			break
		}
		startsRoute := slices.ContainsFunc(routeWords, func(r string) bool { return strings.HasPrefix(w, r) && (len(r) == len(w) || r == "→" || r == "->") })
		if !startsRoute && !endsRoute(dest) {
			break
		}
		dest += " " + w
		used[j] = true
	}
	return dest
}

// strayCountRe is a day count as a word of its own.
var strayCountRe = regexp.MustCompile(`(?:^|\s)([-+−]?\s*[0-9]+(?:\.[0-9]+)?\s*个?\s*天半?)(?:\s|$)`)

// normalize makes the text valid UTF-8 and turns full-width digits and the
// punctuation dates use into ASCII, so １２月３日 and 3～5号 parse.
func normalize(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '～':
			return '~'
		case r == '－':
			return '-'
		case r == '／':
			return '/'
		case r == '．':
			return '.'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

var deputyRe = regexp.MustCompile(`(?:代为参会|代为参加|代会)人?\s*[：:]?\s*(?:<@([A-Za-z0-9]+)(?:\|[^>]*)?>|@?([^\s,，;；。、<>@]*))`)

// cutDeputy takes the 代为参会 clause out of the text and resolves the deputy.
func cutDeputy(text string, org *directory.Org) (string, string, error) {
	m := deputyRe.FindStringSubmatchIndex(text)
	if m == nil {
		return text, "", nil
	}
	rest := text[:m[0]] + " " + text[m[1]:]
	if m[2] >= 0 {
		id := text[m[2]:m[3]]
		if org != nil {
			if _, ok := org.Person(id); !ok {
				return "", "", &ParseError{Part: PartDeputy, Fragment: id, Err: ErrUnknownDeputy}
			}
		}
		return rest, id, nil
	}
	name := text[m[4]:m[5]]
	if name == "" {
		return "", "", &ParseError{Part: PartDeputy, Err: ErrNoDeputy}
	}
	id, err := deputyNamed(name, org)
	if err != nil {
		return "", "", err
	}
	return rest, id, nil
}

// deputyNamed finds the person a deputy's name (王五, 王五同志) means.
func deputyNamed(name string, org *directory.Org) (string, error) {
	if org != nil {
		for _, n := range []string{name, strings.TrimSuffix(name, "同志")} {
			if p, ok := org.FindPerson(n); ok {
				return p.SlackID, nil
			}
		}
	}
	return "", &ParseError{Part: PartDeputy, Fragment: name, Err: ErrUnknownDeputy}
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}

func trimPunct(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
}

// tokKind is the kind of a token of the text after the kind.
type tokKind int

const (
	tWord  tokKind = iota // anything else, up to a space or a date
	tDate                 // a date, resolved when the group is read
	tHalf                 // 上午/下午
	tSep                  // 至/到/-/~/— between two dates
	tCount                // N天
)

type token struct {
	kind     tokKind
	from, to int // byte offsets in the text

	date  dateExpr // tDate
	half  Half     // tHalf
	halfs int      // tCount, in half days
}

// dateExpr is a date as written, resolved against a reference date later.
type dateExpr struct {
	form        dateForm
	year, month int
	day, offset int
	invalid     bool // a date that cannot exist, e.g. 2月30日 or 13月1日
}

type dateForm int

const (
	fullDate dateForm = iota // 2026-12-03
	monthDay                 // 12月3日, 12.3
	dayOnly                  // 3号
	relative                 // 今天/明天/后天
)

var (
	countRe    = regexp.MustCompile(`^(\d{1,4}(?:\.5)?|[一二两三四五六七八九十]{1,3})\s*个?\s*(天半|天)`)
	isoRe      = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*[日号])?`)
	monthDayRe = regexp.MustCompile(`^(\d{1,2})\s*月\s*(\d{1,2})(?:\s*[日号])?`)
	dottedRe   = regexp.MustCompile(`^(\d{1,2})[./](\d{1,2})`)
	dayRe      = regexp.MustCompile(`^(\d{1,2})\s*[号日]`)
	relRe      = regexp.MustCompile(`^(今天|今日|明天|明日|大后天|后天|昨天|昨日|前天)`)
	halfRe     = regexp.MustCompile(`^(上午|下午)`)
	sepRe      = regexp.MustCompile(`^(——|至|到|~|-|—|–)`)
)

var relOffsets = map[string]int{"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3, "昨天": -1, "昨日": -1, "前天": -2}

// tokenize splits the text into words and the tokens dates are made of. A
// half or a separator is only a token right after a date or a half, so 到
// and - inside words stay words.
func tokenize(s string) []token {
	var toks []token
	word := -1 // start of the word being read, or -1
	flush := func(at int) {
		if word >= 0 {
			toks = append(toks, token{kind: tWord, from: word, to: at})
			word = -1
		}
	}
	last := func() tokKind {
		if word >= 0 || len(toks) == 0 {
			return tWord
		}
		return toks[len(toks)-1].kind
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			flush(i)
			i += size
			continue
		}
		afterDigit := i > 0 && s[i-1] >= '0' && s[i-1] <= '9'
		if t, ok := matchToken(s[i:], last(), afterDigit); ok {
			flush(i)
			t.from, t.to = i, i+t.to
			toks = append(toks, t)
			i = t.to
			continue
		}
		if word < 0 {
			word = i
		}
		i += size
	}
	flush(len(s))
	return toks
}

// maxTokenLen bounds the bytes a date token can span (2026 年 12 月 03 日
// is 26), so matching at every position stays linear in the text.
const maxTokenLen = 48

// matchToken matches a date-related token at the start of s; t.to is its
// length.
func matchToken(rest string, last tokKind, afterDigit bool) (token, bool) {
	if r, _ := utf8.DecodeRuneInString(rest); !startsToken(r) {
		return token{}, false
	}
	s := rest
	if len(s) > maxTokenLen {
		s = s[:maxTokenLen]
	}
	if last == tDate || last == tHalf {
		if m := halfRe.FindStringSubmatch(s); m != nil && last == tDate {
			h := Morning
			if m[1] == "下午" {
				h = Afternoon
			}
			return token{kind: tHalf, half: h, to: len(m[0])}, true
		}
		if m := sepRe.FindString(s); m != "" {
			return token{kind: tSep, to: len(m)}, true
		}
	}
	if m := relRe.FindStringSubmatch(s); m != nil {
		return token{kind: tDate, to: len(m[0]), date: dateExpr{form: relative, offset: relOffsets[m[1]]}}, true
	}
	if strings.HasPrefix(s, "半天") {
		return token{kind: tCount, halfs: 1, to: len("半天")}, true
	}
	if afterDigit {
		return token{}, false
	}
	if m := countRe.FindStringSubmatch(s); m != nil {
		if n, ok := countHalfs(m[1], m[2] == "天半"); ok {
			return token{kind: tCount, halfs: n, to: len(m[0])}, true
		}
	}
	if m := isoRe.FindStringSubmatch(s); m != nil && !startsWithDigit(rest[len(m[0]):]) {
		y, mo, d := atoi(m[1]), atoi(m[2]), atoi(m[3])
		return token{kind: tDate, to: len(m[0]), date: dateExpr{form: fullDate, year: y, month: mo, day: d,
			invalid: !validDay(y, mo, d)}}, true
	}
	if m := monthDayRe.FindStringSubmatch(s); m != nil && !startsWithDigit(rest[len(m[0]):]) {
		mo, d := atoi(m[1]), atoi(m[2])
		return token{kind: tDate, to: len(m[0]), date: dateExpr{form: monthDay, month: mo, day: d,
			invalid: !validDay(2024, mo, d)}}, true // 2024: a leap year allows 2月29日
	}
	if m := dottedRe.FindStringSubmatch(s); m != nil && !startsWithDigit(rest[len(m[0]):]) {
		mo, d := atoi(m[1]), atoi(m[2])
		// 12.3 is a date only if it can be one; 13.5 is a number.
		if validDay(2024, mo, d) {
			return token{kind: tDate, to: len(m[0]), date: dateExpr{form: monthDay, month: mo, day: d}}, true
		}
	}
	if m := dayRe.FindStringSubmatch(s); m != nil {
		d := atoi(m[1])
		return token{kind: tDate, to: len(m[0]), date: dateExpr{form: dayOnly, day: d, invalid: d < 1 || d > 31}}, true
	}
	return token{}, false
}

// startsToken reports whether a token can start with r: a cheap test that
// spares the regular expressions most of the text.
func startsToken(r rune) bool {
	return r >= '0' && r <= '9' || strings.ContainsRune("今明昨前大后上下半至到~-—–一二两三四五六七八九十", r)
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// validDay reports whether the date exists.
func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

// countHalfs reads a day count (3, 1.5, 两, 十五) as half days.
func countHalfs(s string, plusHalf bool) (int, bool) {
	var halfs int
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		halfs = int(n * 2)
	} else {
		n, ok := chineseCount(s)
		if !ok {
			return 0, false
		}
		halfs = n * 2
	}
	if plusHalf {
		halfs++
	}
	return halfs, true
}

// chineseCount reads 一 … 九十九 (两 for 二).
func chineseCount(s string) (int, bool) {
	digit := func(r rune) int { return slices.Index([]rune("零一二三四五六七八九"), r) }
	rs := []rune(strings.ReplaceAll(s, "两", "二"))
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10, true
	case len(rs) == 1 && digit(rs[0]) > 0:
		return digit(rs[0]), true
	case len(rs) == 2 && rs[0] == '十' && digit(rs[1]) > 0:
		return 10 + digit(rs[1]), true
	case len(rs) == 2 && rs[1] == '十' && digit(rs[0]) > 0:
		return digit(rs[0]) * 10, true
	case len(rs) == 3 && rs[1] == '十' && digit(rs[0]) > 0 && digit(rs[2]) > 0:
		return digit(rs[0])*10 + digit(rs[2]), true
	}
	return 0, false
}

// resolve turns a written date into a date: start dates against today,
// end dates against the start (an end is never before its start unless the
// year is written).
func (e dateExpr) resolve(ref time.Time, isEnd bool) (time.Time, bool) {
	if e.invalid {
		return time.Time{}, false
	}
	switch e.form {
	case fullDate:
		if e.year < 1900 || e.year > 9999 {
			return time.Time{}, false
		}
		return time.Date(e.year, time.Month(e.month), e.day, 0, 0, 0, 0, ref.Location()), true
	case relative:
		return ref.AddDate(0, 0, e.offset), true
	case monthDay:
		earliest := ref.AddDate(0, 0, -30)
		if isEnd {
			earliest = ref
		}
		for y := ref.Year(); y <= ref.Year()+8; y++ {
			if !validDay(y, e.month, e.day) {
				continue
			}
			if t := time.Date(y, time.Month(e.month), e.day, 0, 0, 0, 0, ref.Location()); !t.Before(earliest) {
				return t, true
			}
		}
	case dayOnly:
		for k := 0; k < 3; k++ {
			first := time.Date(ref.Year(), ref.Month()+time.Month(k), 1, 0, 0, 0, 0, ref.Location())
			if !validDay(first.Year(), int(first.Month()), e.day) {
				continue
			}
			if t := first.AddDate(0, 0, e.day-1); !t.Before(ref) {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// datesOf reads the date group, the first run of tokens starting with a
// date: DATE [HALF] [SEP DATE [HALF]] [COUNT]. used marks its tokens.
func datesOf(s string, toks []token, today time.Time) (Period, []bool, error) {
	used := make([]bool, len(toks))
	i := 0
	for i < len(toks) && toks[i].kind != tDate {
		i++
	}
	if i == len(toks) {
		return Period{}, used, &ParseError{Part: PartDates, Err: ErrNoDates}
	}
	bad := func(t token, err error) (Period, []bool, error) {
		return Period{}, used, &ParseError{Part: PartDates, Fragment: s[t.from:t.to], Err: err}
	}
	startTok := toks[i]
	start, ok := startTok.date.resolve(today, false)
	if !ok {
		return bad(startTok, ErrBadDate)
	}
	used[i] = true
	i++
	at := func(k tokKind) bool { return i < len(toks) && toks[i].kind == k }

	p := Period{Start: start, End: start}
	var startHalf, endHalf Half
	if at(tHalf) {
		startHalf = toks[i].half
		used[i] = true
		i++
	}
	ranged := false
	if at(tSep) && i+1 < len(toks) && toks[i+1].kind == tDate {
		// 明天至后天 counts from today; 3号至5号 and 12月30日至1月2日 from the
		// start.
		ref := start
		if toks[i+1].date.form == relative {
			ref = today
		}
		end, ok := toks[i+1].date.resolve(ref, true)
		if !ok {
			return bad(toks[i+1], ErrBadDate)
		}
		used[i], used[i+1] = true, true
		i += 2
		p.End, ranged = end, true
		if at(tHalf) {
			endHalf = toks[i].half
			used[i] = true
			i++
		}
	}
	switch {
	case ranged:
		if startHalf == Afternoon {
			p.StartHalf = Afternoon
		}
		if endHalf == Morning {
			p.EndHalf = Morning
		}
	case startHalf != WholeDay:
		p = SingleDay(start, startHalf)
	}
	if at(tCount) {
		halfs := toks[i].halfs
		used[i] = true
		if halfs < 1 {
			return bad(toks[i], ErrBadDate)
		}
		if halfs > maxDays*2 {
			return bad(toks[i], ErrPeriodTooLong)
		}
		if ranged {
			if p.HalfDays() != halfs {
				return bad(toks[i], ErrDaysMismatch)
			}
		} else {
			p = fromCount(start, startHalf == Afternoon, halfs)
		}
	}
	if err := p.Validate(); err != nil {
		return bad(startTok, err)
	}
	return p, used, nil
}

// fromCount returns the period of n half days from the start date (from its
// afternoon when afternoon is set).
func fromCount(start time.Time, afternoon bool, n int) Period {
	first := 0
	if afternoon {
		first = 1
	}
	last := first + n - 1
	p := Period{Start: start, End: start.AddDate(0, 0, last/2)}
	if afternoon {
		p.StartHalf = Afternoon
	}
	if last%2 == 0 {
		p.EndHalf = Morning
	}
	return p
}

// remainder is the text left once the used tokens are taken out: the reason.
func remainder(s string, toks []token, used []bool) string {
	var b strings.Builder
	prev := 0
	for i, t := range toks {
		if used[i] {
			b.WriteString(s[prev:t.from])
			b.WriteByte(' ')
			prev = t.to
		}
	}
	b.WriteString(s[prev:])
	return trimPunct(strings.Join(strings.Fields(b.String()), " "))
}
