package dates

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"officebot/calendar"
	"officebot/numeral"
)

// grammar reads one phrase of a scan. A phrase is
//
//	[从] POINT [上午|下午] [起] [SEP POINT [上午|下午]] [，] [共 COUNT] [前|内]
//	| N 个工作日/天/周/个月 内/后
//
// where a POINT is a date, a weekday, a week, a part of a month or year,
// or a holiday with what comes before or after it.
type grammar struct {
	p         Parser
	s         *scan
	today     time.Time
	cal       *calendar.Calendar
	loc       *time.Location
	pointOnly bool // DatePrefix: one date, nothing after it
	fixedYear int  // a year written before a month and day (明年1月2日), or 0
	backwards bool // an end's month and day fell before the start's
	prov      bool // a working day was counted in a year without holiday data
}

type kind int

const (
	kDate    kind = iota // a written date: 2026-12-09, 12月9日, 12.9
	kDayNum              // 9号
	kRel                 // 今天, 明天
	kWeekday             // 下周三
	kWeek                // 下周: Monday to Friday or to Sunday
	kWeekend             // 周末
	kMonth               // 下个月, 12月下旬
	kYear                // 年底
	kHoliday             // 国庆节, 春节前
)

// point is what a POINT reads: one span, or two when ambiguous.
type point struct {
	kind     kind
	spans    []Span
	deadline bool
	fixed    bool // a holiday's 前/后: no 前/内 suffix applies
}

func (g *grammar) date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, g.loc)
}

func (g *grammar) one(k kind, s Span) point { return point{kind: k, spans: []Span{s}} }

// phrase reads the phrase at i; end <= i means none.
func (g *grammar) phrase(i int) (Result, int, error) {
	start := i // 从/自 alone is no phrase: nothing is read from start
	if _, j := g.s.lit(i, "从", "自"); j > 0 {
		i = g.s.space(j)
	}
	if res, j, ok, err := g.countRel(i); ok || err != nil {
		return res, j, err
	}
	pt, j, err := g.point(i, g.today, nil)
	if err != nil {
		return Result{}, j, err
	}
	if j <= i {
		return Result{}, start, nil
	}
	if g.pointOnly {
		if pt.kind == kWeek || pt.kind == kWeekend || pt.kind == kMonth && len(pt.spans) == 1 && !pt.spans[0].IsDay() {
			return Result{}, start, nil
		}
		return g.result(pt.spans, pt.deadline), j, nil
	}
	var spans []Span
	end, deadline := j, pt.deadline
	var firstErr error
	errEnd := j
	for _, sp := range pt.spans {
		out, e, dl, err := g.tail(pt, sp, j)
		if err != nil {
			// A reading the rest of the phrase rules out (下周 共5天) is
			// dropped; the phrase fails only when every reading does.
			if firstErr == nil {
				firstErr, errEnd = err, e
			}
			continue
		}
		spans = append(spans, out...)
		end, deadline = e, dl
	}
	if len(spans) == 0 {
		return Result{}, errEnd, firstErr
	}
	for _, sp := range spans {
		if sp.HalfDays() == 0 {
			return Result{}, end, ErrEndBefore
		}
		if sp.HalfDays() > MaxSpanDays*2 {
			return Result{}, end, ErrTooLong
		}
	}
	return g.result(spans, deadline), end, nil
}

func (g *grammar) result(spans []Span, deadline bool) Result {
	var uniq []Span
	for _, s := range spans {
		if !slices.Contains(uniq, s) {
			uniq = append(uniq, s)
		}
	}
	r := Result{Deadline: deadline, Provisional: g.prov}
	if len(uniq) == 1 {
		r.Span = uniq[0]
	} else {
		r.Ambiguous, r.Readings = true, uniq
	}
	return r
}

// tail reads what follows a point: a half day, a range's end, a count, a
// 前/内 suffix.
func (g *grammar) tail(pt point, sp Span, j int) ([]Span, int, bool, error) {
	s := g.s
	end, deadline := j, pt.deadline
	if sp.IsDay() {
		if w, e := s.lit(s.space(end), "上午", "下午", "全天"); e > 0 {
			sp = withHalf(sp, w)
			end = e
		}
	}
	if _, e := s.lit(s.space(end), "起", "开始"); e > 0 {
		end = e
	}
	ranged := false
	if _, e := s.lit(s.space(end), "至", "到", "-", "~", "—"); e > 0 {
		m := s.space(e)
		ep, e2, err := g.point(m, sp.Start, &pt)
		if err != nil {
			return nil, e2, false, err
		}
		if e2 > m && len(ep.spans) > 0 {
			last := ep.spans[len(ep.spans)-1]
			to := Span{Start: sp.Start, StartHalf: sp.StartHalf, End: last.End, EndHalf: last.EndHalf}
			if to.StartHalf != Afternoon {
				to.StartHalf = WholeDay
			}
			if ep.deadline || last.IsDay() {
				to.EndHalf = WholeDay
			}
			end = e2
			if w, e3 := s.lit(s.space(end), "上午", "下午", "全天"); e3 > 0 {
				if w == "上午" {
					to.EndHalf = Morning
				} else {
					to.EndHalf = WholeDay
				}
				end = e3
			}
			if to.End.Before(to.Start) || to.HalfDays() == 0 {
				return nil, end, false, ErrEndBefore
			}
			sp, ranged, deadline = to, true, false
		}
	}
	k := s.space(end)
	if _, e := s.lit(k, "，", ",", "、", "(", "（", "；"); e > 0 {
		k = s.space(e)
	}
	if _, e := s.lit(k, "一共", "共计", "合计", "共", "计", "为期"); e > 0 {
		k = s.space(e)
	}
	if halfs, e, ok := g.count(k); ok {
		if _, e2 := s.lit(e, ")", "）"); e2 > 0 {
			e = e2
		}
		end, deadline = e, false
		switch {
		case halfs < 1:
			return nil, end, false, ErrBadDate
		case halfs > MaxSpanDays*2:
			return nil, end, false, ErrTooLong
		case ranged || !sp.Start.Equal(sp.End):
			if sp.HalfDays() != halfs {
				return nil, end, false, ErrDaysDiffer
			}
		case halfs == 1 && sp.IsDay():
			// 明天半天: the morning or the afternoon? Not guessed.
			return []Span{withHalf(sp, "上午"), withHalf(sp, "下午")}, end, false, nil
		case halfs == 1:
		default:
			sp = fromCount(sp.Start, sp.StartHalf == Afternoon, halfs)
		}
		return []Span{sp}, end, false, nil
	}
	if ranged || pt.fixed {
		return []Span{sp}, end, deadline, nil
	}
	w, e := s.lit(end, "之前", "以前", "前", "以内", "之内", "内", "为止", "止")
	if e > 0 && !strings.ContainsRune("往来去夕后", s.at(e)) {
		day := sp.End
		switch {
		case pt.kind == kWeek && strings.HasSuffix(w, "前"):
			day = g.prevWorkday(sp.Start)
		case pt.kind == kWeek:
			day = g.lastWorkday(sp.Start, sp.Start.AddDate(0, 0, 6))
		}
		return []Span{Day(day)}, e, true, nil
	}
	return []Span{sp}, end, deadline, nil
}

func withHalf(sp Span, w string) Span {
	switch w {
	case "上午":
		sp.StartHalf, sp.EndHalf = WholeDay, Morning
	case "下午":
		sp.StartHalf, sp.EndHalf = Afternoon, WholeDay
	}
	return sp
}

// fromCount is the span of n half days from start (from its afternoon).
func fromCount(start time.Time, afternoon bool, n int) Span {
	first := 0
	if afternoon {
		first = 1
	}
	last := first + n - 1
	sp := Span{Start: start, End: start.AddDate(0, 0, last/2)}
	if afternoon {
		sp.StartHalf = Afternoon
	}
	if last%2 == 0 {
		sp.EndHalf = Morning
	}
	return sp
}

// count reads a number of days: 3天, 两天, 1.5天, 三天半, 半天.
func (g *grammar) count(i int) (int, int, bool) {
	s := g.s
	if _, e := s.lit(i, "半天", "半日"); e > 0 {
		return 1, e, true
	}
	n, half, j, ok := g.number(i, true)
	if !ok {
		return 0, i, false
	}
	j = s.space(j)
	if _, e := s.lit(j, "个"); e > 0 {
		j = e
	}
	w, e := s.lit(j, "天半", "天")
	if e < 0 || strings.ContainsRune("内后前", s.at(e)) {
		return 0, i, false
	}
	halfs := n * 2
	if half || strings.HasSuffix(w, "半") {
		halfs++
	}
	return halfs, e, true
}

// number reads an Arabic number (with .5 when decimal) or a Chinese one.
func (g *grammar) number(i int, decimal bool) (n int, half bool, end int, ok bool) {
	s := g.s
	j := i
	for isDigit(s.at(j)) && j-i < 4 {
		j++
	}
	if j > i {
		if isDigit(s.at(j)) {
			return 0, false, i, false
		}
		n, _ = strconv.Atoi(string(s.r[i:j]))
		if decimal && s.at(j) == '.' && isDigit(s.at(j+1)) {
			if s.at(j+1) != '5' && s.at(j+1) != '0' || isDigit(s.at(j+2)) {
				return 0, false, i, false
			}
			return n, s.at(j+1) == '5', j + 2, true
		}
		return n, false, j, true
	}
	for isCN(s.at(j)) && j-i < 5 {
		j++
	}
	if j == i {
		return 0, false, i, false
	}
	v, err := numeral.Parse(string(s.r[i:j]))
	if err != nil {
		return 0, false, i, false
	}
	return v, false, j, true
}

// countRel reads N个工作日内, N天内, 十日内, N天后, N周后, N个月内.
func (g *grammar) countRel(i int) (Result, int, bool, error) {
	s := g.s
	n, _, j, ok := g.number(i, false)
	if !ok {
		if _, e := s.lit(i, "半个月", "半月"); e > 0 {
			n, j, ok = -1, e, true
		}
		if !ok {
			return Result{}, i, false, nil
		}
	}
	k := s.space(j)
	unit := ""
	if n == -1 {
		unit = "半月"
	} else {
		if _, e := s.lit(k, "个"); e > 0 {
			k = e
		}
		var e int
		unit, e = s.lit(k, "工作日", "天", "日", "周", "星期", "礼拜", "月")
		if e < 0 {
			return Result{}, i, false, nil
		}
		k = e
	}
	w, e := s.lit(k, "以内", "之内", "内", "以后", "之后", "后")
	if e < 0 || n == 0 || n > 400 {
		return Result{}, i, false, nil
	}
	within := strings.HasSuffix(w, "内")
	var d time.Time
	switch unit {
	case "工作日":
		due := g.cal.AddWorkdays(g.today, n)
		g.prov = g.prov || due.Provisional
		d = due.Date
	case "天", "日":
		if within {
			due := g.cal.WithinDays(g.today, n)
			g.prov = g.prov || due.Provisional
			d = due.Date
		} else {
			d = g.today.AddDate(0, 0, n)
		}
	case "周", "星期", "礼拜":
		d = g.today.AddDate(0, 0, 7*n)
		if within {
			d = g.nextWorkday(d)
		}
	case "月", "半月":
		if n == -1 {
			d = g.today.AddDate(0, 0, 15)
		} else {
			d = g.today.AddDate(0, n, 0)
		}
		if within {
			d = g.nextWorkday(d)
		}
	}
	return Result{Span: Day(d), Deadline: within, Provisional: g.prov}, e, true, nil
}

// point reads a POINT at i. ref is today for a start and the start's date
// for the end of a range; prev is the start's point for an end.
func (g *grammar) point(i int, ref time.Time, prev *point) (point, int, error) {
	for _, read := range []func(int, time.Time, *point) (point, int, error){
		g.relative, g.holiday, g.week, g.month, g.year, g.numeric,
	} {
		pt, j, err := read(i, ref, prev)
		if err != nil || j > i {
			return pt, j, err
		}
	}
	return point{}, i, nil
}

var relDays = map[string]int{"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "后日": 2, "大后天": 3,
	"昨天": -1, "昨日": -1, "前天": -2}

func (g *grammar) relative(i int, _ time.Time, _ *point) (point, int, error) {
	w, j := g.s.lit(i, "今天", "今日", "明天", "明日", "后天", "后日", "大后天", "昨天", "昨日", "前天")
	if j < 0 {
		return point{}, i, nil
	}
	return g.one(kRel, Day(g.today.AddDate(0, 0, relDays[w]))), j, nil
}

// weekdayRunes maps 一…日/天 and 1…7 to Monday…Sunday as 1…7.
func weekdayOf(c rune) int {
	if k := strings.IndexRune("一二三四五六日", c); k >= 0 {
		return len([]rune("一二三四五六日"[:k])) + 1
	}
	switch {
	case c == '天':
		return 7
	case c >= '1' && c <= '7':
		return int(c - '0')
	}
	return 0
}

// monday returns the Monday of d's week (weeks start on Monday).
func monday(d time.Time) time.Time {
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

func (g *grammar) week(i int, ref time.Time, prev *point) (point, int, error) {
	s := g.s
	pre, j := s.lit(i, "下下个", "下下", "下个", "下", "上个", "上", "本", "这个", "这")
	if j < 0 {
		j = i
	}
	_, k := s.lit(j, "周", "星期", "礼拜")
	if k < 0 {
		// 周三至五: the end's weekday alone, after a weekday.
		if pre == "" && prev != nil && prev.kind == kWeekday {
			if wd := weekdayOf(s.at(i)); wd > 0 && !isDigit(s.at(i)) && !isCN(s.at(i+1)) && !strings.ContainsRune("号日月", s.at(i+1)) {
				return g.one(kWeekday, Day(onOrAfter(ref, wd))), i + 1, nil
			}
		}
		return point{}, i, nil
	}
	off := map[string]int{"": 0, "本": 0, "这": 0, "这个": 0, "下": 1, "下个": 1, "下下": 2, "下下个": 2, "上": -1, "上个": -1}[pre]
	base := monday(g.today).AddDate(0, 0, 7*off)
	c := s.at(k)
	if wd := weekdayOf(c); wd > 0 && !(isCN(s.at(k+1)) || isDigit(s.at(k+1))) {
		day := base.AddDate(0, 0, wd-1)
		switch {
		case pre != "":
		case prev != nil:
			day = onOrAfter(ref, wd)
		default:
			// A bare weekday is the next one to come; on that very weekday
			// it may be today or a week later: asked.
			tw := (int(g.today.Weekday())+6)%7 + 1
			switch {
			case wd < tw:
				day = day.AddDate(0, 0, 7)
			case wd == tw:
				return point{kind: kWeekday, spans: []Span{Day(day), Day(day.AddDate(0, 0, 7))}}, k + 1, nil
			}
		}
		return g.one(kWeekday, Day(day)), k + 1, nil
	}
	if c == '末' {
		sat := base.AddDate(0, 0, 5)
		return g.one(kWeekend, Span{Start: sat, End: sat.AddDate(0, 0, 1)}), k + 1, nil
	}
	if pre == "" || strings.ContainsRune("年期刊报会", c) {
		return point{}, i, nil
	}
	// 下周: Monday to Friday, or the whole week? Asked, unless 内/前 follows.
	return point{kind: kWeek, spans: []Span{
		{Start: base, End: base.AddDate(0, 0, 4)},
		{Start: base, End: base.AddDate(0, 0, 6)},
	}}, k, nil
}

// onOrAfter is the first date on or after ref that falls on weekday wd (1 = Monday).
func onOrAfter(ref time.Time, wd int) time.Time {
	rw := (int(ref.Weekday())+6)%7 + 1
	return ref.AddDate(0, 0, (wd-rw+7)%7)
}

func (g *grammar) month(i int, ref time.Time, prev *point) (point, int, error) {
	s := g.s
	pre, j := s.lit(i, "下下个月", "下个月", "下月", "本月", "这个月", "当月", "上个月", "上月", "月")
	if j < 0 {
		return point{}, i, nil
	}
	off := map[string]int{"下下个月": 2, "下个月": 1, "下月": 1, "上个月": -1, "上月": -1}[pre]
	first := g.date(g.today.Year(), g.today.Month(), 1).AddDate(0, off, 0)
	pt, e, ok := g.monthPart(first, j)
	if !ok {
		if pre == "月" {
			return point{}, i, nil
		}
		last := first.AddDate(0, 1, -1)
		return g.one(kMonth, Span{Start: first, End: last}), j, nil
	}
	return pt, e, nil
}

// monthPart reads 初, 底, 末, 中, 上旬, 中旬, 下旬 after a month whose first day is first.
func (g *grammar) monthPart(first time.Time, j int) (point, int, bool) {
	w, e := g.s.lit(j, "初", "底", "末", "中旬", "上旬", "下旬", "中")
	if e < 0 {
		return point{}, j, false
	}
	last := first.AddDate(0, 1, -1)
	switch w {
	case "初":
		return g.one(kMonth, Day(g.nextWorkday(first))), e, true
	case "底", "末":
		return g.one(kMonth, Day(last)), e, true
	case "中":
		return g.one(kMonth, Day(first.AddDate(0, 0, 14))), e, true
	case "上旬":
		return g.one(kMonth, Span{Start: first, End: first.AddDate(0, 0, 9)}), e, true
	case "中旬":
		return g.one(kMonth, Span{Start: first.AddDate(0, 0, 10), End: first.AddDate(0, 0, 19)}), e, true
	default:
		return g.one(kMonth, Span{Start: first.AddDate(0, 0, 20), End: last}), e, true
	}
}

func (g *grammar) year(i int, _ time.Time, _ *point) (point, int, error) {
	s := g.s
	pre, j := s.lit(i, "今年", "本年", "明年", "年")
	if j < 0 {
		return point{}, i, nil
	}
	y := g.today.Year()
	if pre == "明年" {
		y++
	}
	if _, e := s.lit(j, "年"); e > 0 && pre != "年" { // 今年年底
		j = e
	}
	pt, e, ok := g.yearPart(y, j)
	if !ok {
		return point{}, i, nil
	}
	return pt, e, nil
}

// yearPart reads 底, 末, 初, 内 after a year.
func (g *grammar) yearPart(y, j int) (point, int, bool) {
	w, e := g.s.lit(j, "底", "末", "初", "内")
	if e < 0 {
		return point{}, j, false
	}
	if w == "初" {
		return g.one(kYear, Day(g.nextWorkday(g.date(y, 1, 1)))), e, true
	}
	pt := g.one(kYear, Day(g.date(y, 12, 31)))
	pt.deadline = w == "内"
	return pt, e, true
}

// holidays maps what people call a holiday to the calendar's name.
var holidays = map[string]string{
	"元旦": "元旦节", "元旦节": "元旦节", "春节": "春节", "过年": "春节", "清明": "清明节", "清明节": "清明节",
	"劳动节": "劳动节", "五一": "劳动节", "端午": "端午节", "端午节": "端午节", "中秋": "中秋节",
	"中秋节": "中秋节", "国庆": "国庆节", "国庆节": "国庆节", "十一": "国庆节",
}

var holidayWords = func() []string {
	var ws []string
	for w := range holidays {
		ws = append(ws, w)
	}
	return append(ws, "节后", "节前", "节假日后", "假期后", "假期结束后")
}()

func (g *grammar) holiday(i int, _ time.Time, _ *point) (point, int, error) {
	s := g.s
	start := i
	year := g.today.Year()
	if w, e := s.lit(i, "今年", "明年"); e > 0 {
		if w == "明年" {
			year++
		}
		i = e
	}
	w, j := s.lit(i, holidayWords...)
	if j < 0 {
		return point{}, start, nil
	}
	if (w == "十一" || w == "五一") && (isCN(s.at(j)) || isDigit(s.at(j)) || strings.ContainsRune("号日月点时个届次期", s.at(j))) {
		return point{}, start, nil
	}
	var run Span
	var ok bool
	after := strings.HasSuffix(w, "后")
	if name, named := holidays[w]; named {
		run, ok = g.holidayRun(name, year)
	} else {
		run, ok = g.holidayRun("", year)
		if !after {
			j-- // 节前: 前 is read below
		}
	}
	if !ok {
		return point{}, j, ErrNoHoliday
	}
	if _, e := s.lit(j, "小长假", "长假", "假期", "放假", "期间", "节", "假"); e > 0 {
		j = e
		w += "节"
	}
	if !after {
		if _, e := s.lit(j, "之后", "以后", "过后", "后"); e > 0 {
			after, j = true, e
		}
	}
	if after {
		n, e := g.nthWorkday(j)
		due := g.cal.AddWorkdays(run.End, n)
		g.prov = g.prov || due.Provisional
		return point{kind: kHoliday, spans: []Span{Day(due.Date)}, fixed: true}, e, nil
	}
	if _, e := s.lit(j, "之前", "以前", "前"); e > 0 && !strings.ContainsRune("往来去夕", s.at(e)) {
		return point{kind: kHoliday, spans: []Span{Day(g.prevWorkday(run.Start))}, fixed: true, deadline: true}, e, nil
	}
	if g.pointOnly {
		// One date is wanted (a meeting's day): the festival itself, the
		// next one to come, not its run of days off.
		run = g.festivalDay(holidays[w], run, year)
	}
	if w == "十一" {
		// 十一 alone: National Day, or the 11th? Asked.
		return point{kind: kHoliday, spans: []Span{run, Day(g.dayNum(11, g.today))}}, j, nil
	}
	return g.one(kHoliday, run), j, nil
}

// festivalDay is the festival's own day in a holiday's run of days off (the
// library's target: 元旦 1 January, 春节 正月初一), or the run's first day
// when no day of it names one (an admin's override). A festival day already
// gone (元旦 asked on 2 January, inside the run) gives next year's.
func (g *grammar) festivalDay(name string, run Span, year int) Span {
	pick := func(run Span) Span {
		for d := run.Start; !d.After(run.End); d = d.AddDate(0, 0, 1) {
			if t := g.cal.Day(d).Target; !t.IsZero() && !t.Before(run.Start) && !t.After(run.End) {
				return Day(g.date(t.Year(), t.Month(), t.Day()))
			}
		}
		return Day(run.Start)
	}
	day := pick(run)
	if name != "" && day.Start.Before(g.today) {
		if next, ok := g.holidayRun(name, year+1); ok {
			day = pick(next)
		}
	}
	return day
}

// nthWorkday reads 第一个工作日, 上班第一天, 第3个工作日 after 后; none is 1.
func (g *grammar) nthWorkday(j int) (int, int) {
	s := g.s
	k := s.space(j)
	if _, e := s.lit(k, "上班", "第一天上班", "首个工作日", "头一天"); e > 0 {
		k = e
		if _, e := s.lit(k, "第一天", "首日"); e > 0 {
			return 1, e
		}
		j = k
	}
	if _, e := s.lit(k, "第"); e > 0 {
		if n, _, e2, ok := g.number(e, false); ok && n >= 1 && n <= 60 {
			if _, e3 := s.lit(e2, "个工作日", "个工作天", "工作日", "天", "日"); e3 > 0 {
				return n, e3
			}
		}
	}
	return 1, j
}

// holidayRun is the run of rest days of the named holiday (any holiday for
// "") that has not ended by today, from the given year on.
func (g *grammar) holidayRun(name string, year int) (Span, bool) {
	from := g.today
	if year > g.today.Year() {
		from = g.date(year, 1, 1)
	}
	var best Span
	found := false
	for y := year; y <= year+1 && !found; y++ {
		var cur Span
		in := false
		days := g.cal.Year(y)
		for k, d := range days {
			match := !d.Workday && d.Name != "" && (name == "" || d.Name == name)
			if match && in && d.Date.Equal(cur.End.AddDate(0, 0, 1)) {
				cur.End = d.Date
			} else if match {
				cur, in = Day(d.Date), true
			}
			closes := !match || k == len(days)-1
			if !closes {
				nd := days[k+1]
				closes = nd.Workday || nd.Name != d.Name || !nd.Date.Equal(d.Date.AddDate(0, 0, 1))
			}
			if in && closes {
				in = false
				if !cur.End.Before(from) {
					best, found = cur, true
					break
				}
			}
		}
	}
	return best, found
}

func (g *grammar) nextWorkday(d time.Time) time.Time {
	if !g.cal.KnowsYear(d.Year()) {
		g.prov = true
	}
	return g.cal.NextWorkday(d)
}

// prevWorkday is the last working day before d.
func (g *grammar) prevWorkday(d time.Time) time.Time {
	for k := 0; k < 60; k++ {
		d = d.AddDate(0, 0, -1)
		day := g.cal.Day(d)
		g.prov = g.prov || day.Provisional
		if day.Workday {
			return d
		}
	}
	return d
}

// lastWorkday is the last working day in from..to, or to when there is none.
func (g *grammar) lastWorkday(from, to time.Time) time.Time {
	for d := to; !d.Before(from); d = d.AddDate(0, 0, -1) {
		day := g.cal.Day(d)
		g.prov = g.prov || day.Provisional
		if day.Workday {
			return d
		}
	}
	return to
}

// dayNum is the first date on or after ref that is the n-th of a month
// (within three months).
func (g *grammar) dayNum(n int, ref time.Time) time.Time {
	for k := 0; k < 3; k++ {
		first := g.date(ref.Year(), ref.Month(), 1).AddDate(0, k, 0)
		if !validDay(first.Year(), int(first.Month()), n) {
			continue
		}
		if t := first.AddDate(0, 0, n-1); !t.Before(ref) {
			return t
		}
	}
	return time.Time{}
}

func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() == d
}

// numeric reads dates written with numbers: 2026-12-09, 2026年12月9日,
// 二〇二六年十二月九日, 12月9日, 十二月九号, 12.9, 12/9, 9号, 12月下旬, and
// after a start 11日 or a bare 11 (12.9-11).
func (g *grammar) numeric(i int, ref time.Time, prev *point) (point, int, error) {
	s := g.s
	g.fixedYear = 0
	if w, e := s.lit(i, "今年", "明年", "去年"); e > 0 && isDigit(s.at(e)) || e > 0 && isCN(s.at(e)) {
		g.fixedYear = g.today.Year() + map[string]int{"明年": 1, "去年": -1}[w]
		pt, j, err := g.numeric1(e, ref, prev)
		g.fixedYear = 0
		if j <= e || pt.kind != kDate {
			return point{}, i, err
		}
		return pt, j, err
	}
	return g.numeric1(i, ref, prev)
}

func (g *grammar) numeric1(i int, ref time.Time, prev *point) (point, int, error) {
	s := g.s
	n1, _, j, ok := g.number(i, false)
	if !ok {
		return point{}, i, nil
	}
	arabic := isDigit(s.at(i))
	width := j - i
	c := s.at(j)
	isStart := prev == nil
	// A full date: a year of four digits (or 26年), then month and day.
	if (width == 4 || !arabic && n1 >= 1900) && strings.ContainsRune("-/.年", c) || arabic && width == 2 && c == '年' {
		y := n1
		if width == 2 && arabic {
			y += 2000
		}
		k := s.space(j + 1)
		mo, _, k2, ok := g.number(k, false)
		if !ok {
			if c == '年' {
				if pt, e, ok := g.yearPart(y, k); ok {
					return pt, e, g.checkYear(y)
				}
			}
			return point{}, i, nil
		}
		c2 := s.at(k2)
		if c == '年' && c2 != '月' || c != '年' && c2 != c {
			return point{}, i, nil
		}
		if c2 == '月' {
			if mo < 1 || mo > 12 {
				return point{}, k2, ErrBadDate
			}
			if pt, e, ok := g.monthPart(g.date(y, time.Month(mo), 1), k2+1); ok {
				return pt, e, g.checkYear(y)
			}
		}
		d, _, k3, ok := g.number(s.space(k2+1), false)
		if !ok {
			return point{}, i, nil
		}
		if strings.ContainsRune("日号", s.at(k3)) {
			k3++
		}
		if isDigit(s.at(k3)) {
			return point{}, i, nil
		}
		if err := g.checkYear(y); err != nil {
			return point{}, k3, err
		}
		if !validDay(y, mo, d) {
			return point{}, k3, ErrBadDate
		}
		return g.one(kDate, Day(g.date(y, time.Month(mo), d))), k3, nil
	}
	if width > 2 && arabic {
		return point{}, i, nil
	}
	switch {
	case c == '月':
		k := s.space(j + 1)
		if n1 < 1 || n1 > 12 {
			if _, e := s.lit(k, "份"); e > 0 || !isDigit(s.at(k)) && !isCN(s.at(k)) {
				return point{}, i, nil
			}
			return point{}, k, ErrBadDate
		}
		d, _, k2, ok := g.number(k, false)
		if !ok {
			// 12月下旬: the next such part of the month not yet over.
			y := g.today.Year()
			if g.date(y, time.Month(n1), 1).AddDate(0, 1, -1).Before(ref) {
				y++
			}
			if pt, e, ok := g.monthPart(g.date(y, time.Month(n1), 1), j+1); ok {
				return pt, e, nil
			}
			return point{}, i, nil
		}
		if _, e := s.lit(s.space(k2), "个", "天"); e > 0 {
			return point{}, i, nil
		}
		if strings.ContainsRune("日号", s.at(k2)) {
			k2++
		}
		if isDigit(s.at(k2)) {
			return point{}, i, nil
		}
		day, ok := g.monthDay(n1, d, ref, isStart)
		if !ok {
			return point{}, k2, g.badOrBackwards()
		}
		return g.one(kDate, Day(day)), k2, nil
	case arabic && (c == '.' || c == '/') && isDigit(s.at(j+1)):
		d, _, k, ok := g.number(j+1, false)
		if !ok || k-(j+1) > 2 || isDigit(s.at(k)) || s.at(k) == '.' && isDigit(s.at(k+1)) {
			return point{}, i, nil
		}
		if _, e := s.lit(s.space(k), "天", "个", "%", "倍", "万", "元"); e > 0 {
			return point{}, i, nil
		}
		day, ok := g.monthDay(n1, d, ref, isStart)
		if g.backwards {
			return point{}, k, g.badOrBackwards()
		}
		if !ok {
			return point{}, i, nil // 13.5 is a number, not a date
		}
		if _, e := s.lit(k, "日", "号"); e > 0 {
			k = e
		}
		return g.one(kDate, Day(day)), k, nil
	case c == '号' || c == '日' && !strings.ContainsRune("内后前", s.at(j+1)):
		if n1 < 1 || n1 > 31 {
			return point{}, j + 1, ErrBadDate
		}
		d := g.dayNum(n1, ref)
		if d.IsZero() {
			return point{}, j + 1, ErrBadDate
		}
		return g.one(kDayNum, Day(d)), j + 1, nil
	case isStart && arabic && n1 >= 1 && n1 <= 31 && c != '.' && c != '/':
		// 9-11号: the start's 号 is written once, after the end.
		k := s.space(j)
		if _, e := s.lit(k, "-", "~", "至", "到"); e > 0 {
			e = s.space(e)
			if n2, _, e2, ok := g.number(e, false); ok && isDigit(s.at(e)) && n2 >= n1 && strings.ContainsRune("号日", s.at(e2)) {
				if d := g.dayNum(n1, ref); !d.IsZero() {
					return g.one(kDayNum, Day(d)), j, nil
				}
			}
		}
	case !isStart && arabic && c == '-' && isDigit(s.at(j+1)):
		// 2026-12-09至12-11: month and day of the end.
		d, _, k, ok := g.number(j+1, false)
		if !ok || k-(j+1) > 2 || isDigit(s.at(k)) {
			return point{}, i, nil
		}
		day, ok := g.monthDay(n1, d, ref, false)
		if !ok {
			return point{}, k, g.badOrBackwards()
		}
		return g.one(kDate, Day(day)), k, nil
	case !isStart && arabic && n1 >= 1 && n1 <= 31 && (prev.kind == kDate || prev.kind == kDayNum) && !strings.ContainsRune("./:：点时个天-~", c):
		// 12.9-11: the end's month is the start's.
		d := g.dayNum(n1, ref)
		if d.IsZero() {
			return point{}, j, ErrBadDate
		}
		return g.one(kDayNum, Day(d)), j, nil
	}
	return point{}, i, nil
}

func (g *grammar) checkYear(y int) error {
	if y < 1901 || y > 2099 {
		return ErrYearRange
	}
	return nil
}

// monthDay resolves a month and day without a year: for a start, this year
// unless that date is more than 30 days gone (in late December 1月3日 is
// next January; 12月1日 on 12月5日 stays in the past, for the caller to
// refuse); for an end, the first such date on or after the start.
func (g *grammar) monthDay(m, d int, ref time.Time, isStart bool) (time.Time, bool) {
	if !validDay(2024, m, d) {
		return time.Time{}, false
	}
	if g.fixedYear != 0 {
		if !validDay(g.fixedYear, m, d) {
			return time.Time{}, false
		}
		return g.date(g.fixedYear, time.Month(m), d), true
	}
	earliest := ref
	if isStart {
		earliest = ref.AddDate(0, 0, -30)
	} else if time.Month(m) >= ref.Month() && g.date(ref.Year(), time.Month(m), min(d, 28)).Before(ref) && validDay(ref.Year(), m, d) && g.date(ref.Year(), time.Month(m), d).Before(ref) {
		// 12月11日至12月9日: written backwards, not a year long.
		g.backwards = true
		return time.Time{}, false
	}
	for y := ref.Year(); y <= ref.Year()+8; y++ {
		if !validDay(y, m, d) {
			continue
		}
		if t := g.date(y, time.Month(m), d); !t.Before(earliest) {
			return t, true
		}
	}
	return time.Time{}, false
}

// badOrBackwards is the error of a month and day that monthDay refused.
func (g *grammar) badOrBackwards() error {
	if g.backwards {
		g.backwards = false
		return ErrEndBefore
	}
	return ErrBadDate
}
