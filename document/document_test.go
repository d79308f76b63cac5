package document

import (
	"errors"
	"slices"
	"testing"
	"time"

	"officebot/approval"
	"officebot/calendar"
	"officebot/directory"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

func demoOrg(t testing.TB) *directory.Org {
	t.Helper()
	org, err := directory.ParseOrg(directory.DemoYAML())
	if err != nil {
		t.Fatal(err)
	}
	return org
}

func person(t testing.TB, org *directory.Org, id string) directory.Person {
	t.Helper()
	p, ok := org.Person(id)
	if !ok {
		t.Fatalf("no %s in the demo directory", id)
	}
	return p
}

func day(s string) time.Time {
	d, err := time.ParseInLocation(time.DateOnly, s, shanghai)
	if err != nil {
		panic(err)
	}
	return d
}

func TestNumberFormatsAndParsesBack(t *testing.T) {
	t.Parallel()
	n := Number{Register: IncomingRegister, Year: 2026, N: 17}
	if got := n.String(); got != "昆政办收〔2026〕17号" {
		t.Fatalf("String = %q", got)
	}
	for _, s := range []string{"昆政办收〔2026〕17号", "昆政办收[2026]17号", "昆政办收【2026】17", "昆政办收（２０２６）１７号", " 昆政办收(2026)第17号 "} {
		got, ok := ParseNumber(s)
		if !ok || got != n {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", s, got, ok, n)
		}
	}
	// Another register parses to its own number (docout's 昆政发).
	if got, ok := ParseNumber("昆政发〔2027〕3号"); !ok || got.Register != "昆政发" || got.Year != 2027 || got.N != 3 {
		t.Errorf("outgoing register: %v %v", got, ok)
	}
	for _, s := range []string{"", "D12", "昆政办收〔26〕1号", "昆政办收〔2026〕0号", "昆政办收〔2026〕号", "〔2026〕5号", "昆政办收〔2026〕99999999999号"} {
		if _, ok := ParseNumber(s); ok {
			t.Errorf("ParseNumber(%q) accepted", s)
		}
	}
	if (Number{}).String() != "" || !(Number{}).IsZero() {
		t.Error("zero number")
	}
}

func TestParseKeyTakesTheIDWithOrWithoutItsLetter(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]uint64{"D12": 12, "d12": 12, "12": 12, "Ｄ１２": 12, " D3 ": 3} {
		if got, ok := ParseKey(s); !ok || got != want {
			t.Errorf("ParseKey(%q) = %d %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "D", "D0", "L12", "D-1", "D1x"} {
		if _, ok := ParseKey(s); ok {
			t.Errorf("ParseKey(%q) accepted", s)
		}
	}
	if Key(8) != "D8" {
		t.Error(Key(8))
	}
}

func TestParseReadsEveryField(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	today := day("2026-12-07")
	tests := []struct {
		name string
		text string
		want Submission
	}{
		{"issue example", "标题：关于申请2027年老旧小区改造资金的请示 类型：请示 类别：needs_approval 签发人：@王主任 会签：财政局,住建局 事项数：1 重大：否",
			Submission{Title: "关于申请2027年老旧小区改造资金的请示", Type: Request, Category: calendar.NeedsApproval, Signer: "U0FGWHEAD",
				CoDepartments: []string{"czj", "zjj"}, Matters: 1}},
		{"title first, Chinese category, mention", "关于开发区扩区的请示 类型：请示 类别：会同办理 签发人：<@U0KFQHEAD|邹主任> 会签：财政局、自然资源和规划局 重大：是",
			Submission{Title: "关于开发区扩区的请示", Type: Request, Category: calendar.Joint, Signer: "U0KFQHEAD",
				CoDepartments: []string{"czj", "zrzy"}, Major: true, Matters: 1}},
		{"urgent with date, disagreement and reasons", "标题：关于防汛物资调拨的函 类型：函 类别：紧急 期限：12月20日 分歧：财政局认为应分批 理由：汛期临近，需一次到位 征求意见：是",
			Submission{Title: "关于防汛物资调拨的函", Type: Letter, Category: calendar.Urgent, UrgentDue: "2026-12-20",
				Disagreement: "财政局认为应分批", Reasons: "汛期临近，需一次到位", Consulted: true, Matters: 1}},
		{"office for a unit, plain signer name, link", "标题：关于X的报告 类型：报告 类别：调查论证 报送单位：市教育局 签发人：何局长 附件：<https://files.slack.com/files-pri/T1-F1/a.pdf|a.pdf> 事项数：2",
			Submission{Title: "关于X的报告", Type: Report, Category: calendar.Investigation, Department: "jyj", Signer: "U0JYJHEAD",
				Links: []string{"https://files.slack.com/files-pri/T1-F1/a.pdf"}, Matters: 2}},
		{"full-width colon and ASCII colon", "标题:关于Y的意见 类型：意见 类别:职权范围内 分歧：无",
			Submission{Title: "关于Y的意见", Type: Suggestion, Category: calendar.InRemit, Matters: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.text, org, today)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != tt.want.Title || got.Type != tt.want.Type || got.Category != tt.want.Category || got.Signer != tt.want.Signer ||
				!slices.Equal(got.CoDepartments, tt.want.CoDepartments) || got.Major != tt.want.Major || got.Matters != tt.want.Matters ||
				got.UrgentDue != tt.want.UrgentDue || got.Disagreement != tt.want.Disagreement || got.Reasons != tt.want.Reasons ||
				got.Consulted != tt.want.Consulted || got.Department != tt.want.Department || !slices.Equal(got.Links, tt.want.Links) {
				t.Errorf("Parse =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestParseNamesThePartNotUnderstood(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	tests := []struct{ text, code, arg string }{
		{"", CodeEmpty, ""},
		{"类型：请示 类别：joint", CodeNoTitle, ""},
		{"标题：X", CodeNoType, ""},
		{"标题：X 类型：通知 类别：joint", CodeBadType, "通知"},
		{"标题：X 类型：请示", CodeNoCategory, ""},
		{"标题：X 类型：请示 类别：很急", CodeBadCategory, "很急"},
		{"标题：X 类型：请示 类别：joint 签发人：@无名氏", CodeUnknownPerson, "@无名氏"},
		{"标题：X 类型：请示 类别：joint 会签：财政局,火星局", CodeUnknownDept, "火星局"},
		{"标题：X 类型：请示 类别：joint 事项数：两", CodeBadCount, "两"},
		{"标题：X 类型：请示 类别：joint 事项数：0", CodeBadCount, "0"},
		{"标题：X 类型：请示 类别：joint 重大：也许", CodeBadYesNo, "也许"},
		{"标题：X 类型：请示 类别：urgent 期限：2月30日", CodeBadDate, "2月30日"},
		{"标题：X 类型：请示 类型：函 类别：joint", CodeDuplicateField, "类型"},
		// An attachment is a Slack file (SPEC §1.2), not any address.
		{"标题：X 类型：报告 类别：joint 附件：http://evil.example.com/x.pdf", CodeBadLink, "http://evil.example.com/x.pdf"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.text, org, day("2026-12-07"))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Code != tt.code || pe.Arg != tt.arg {
			t.Errorf("Parse(%q) = %v; want %s %q", tt.text, err, tt.code, tt.arg)
		}
	}
}

func TestSlackFileLink(t *testing.T) {
	t.Parallel()
	for link, want := range map[string]bool{
		"https://files.slack.com/files-pri/T1-F1/a.pdf":          true,
		"https://kunshan-gov.slack.com/files/U0FGWHEAD/F1/a.pdf": true,
		"http://files.slack.com/files-pri/T1-F1/a.pdf":           false,
		"https://evil.example.com/files.slack.com/a.pdf":         false,
		"https://files.slack.com.evil.example.com/a.pdf":         false,
		"https://kunshan-gov.slack.com/archives/C1/p1":           false,
	} {
		if got := SlackFileLink(link); got != want {
			t.Errorf("SlackFileLink(%q) = %v, want %v", link, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	today := day("2026-12-07")
	for s, want := range map[string]string{"2026-12-20": "2026-12-20", "2027/1/5": "2027-01-05", "2026年12月9日": "2026-12-09",
		"12月20日": "2026-12-20", "1月5日": "2027-01-05", "１２月２０日": "2026-12-20", "12月20号前": "2026-12-20"} {
		got, ok := ParseDate(s, today)
		if !ok || got.Format(time.DateOnly) != want {
			t.Errorf("ParseDate(%q) = %v %v; want %s", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "尽快", "2026-13-01", "2月30日", "3000-01-01", "12月"} { // 明天 is a date now (package dates)
		if _, ok := ParseDate(s, today); ok {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
}

func TestCheckNamesEveryArticle48ProblemAtOnce(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	head, staff, office := person(t, org, "U0FGWHEAD"), person(t, org, "U0FGWDEP"), person(t, org, "U0OFFSTAFF")
	good := Submission{Title: "关于X的请示", Type: Request, Category: calendar.InRemit, Signer: "U0FGWHEAD", Matters: 1}
	codes := func(ps []Problem) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Code)
		}
		return out
	}
	tests := []struct {
		name  string
		who   directory.Person
		dept  string
		edit  func(*Submission)
		dup   string
		want  []string
		artOf map[string]int
	}{
		{"a good 请示 by the head", head, "fgw", nil, "", nil, nil},
		{"staff may submit what the head signed", staff, "fgw", nil, "", nil, nil},
		{"请示 signed by the deputy", staff, "fgw", func(s *Submission) { s.Signer = "U0FGWDEP" }, "", []string{ProblemSignerNotHead}, map[string]int{ProblemSignerNotHead: 48}},
		{"请示 signed by another unit's head", head, "fgw", func(s *Submission) { s.Signer = "U0CZJHEAD" }, "", []string{ProblemSignerNotHead}, nil},
		{"请示 with no signer", head, "fgw", func(s *Submission) { s.Signer = "" }, "", []string{ProblemSignerNotFound}, nil},
		{"a 报告 needs no head's signature", head, "fgw", func(s *Submission) { s.Type, s.Signer = Report, "" }, "", nil, nil},
		{"two matters", head, "fgw", func(s *Submission) { s.Matters = 2 }, "", []string{ProblemManyMatters}, nil},
		{"open duplicate", head, "fgw", nil, "D3", []string{ProblemDuplicate}, nil},
		{"disagreement without reasons", head, "fgw", func(s *Submission) { s.Disagreement = "财政局不同意" }, "", []string{ProblemNoReasons}, nil},
		{"disagreement with reasons", head, "fgw", func(s *Submission) { s.Disagreement, s.Reasons = "财政局不同意", "依据X" }, "", nil, nil},
		{"joint without co-departments", head, "fgw", func(s *Submission) { s.Category = calendar.Joint }, "", []string{ProblemJointNoCo}, nil},
		{"urgent without a date", head, "fgw", func(s *Submission) { s.Category = calendar.Urgent }, "", []string{ProblemUrgentNoDue}, map[string]int{ProblemUrgentNoDue: 54}},
		{"urgent with a past date", head, "fgw", func(s *Submission) { s.Category, s.UrgentDue = calendar.Urgent, "2026-12-01" }, "", []string{ProblemUrgentPastDue}, nil},
		{"for another unit", head, "czj", func(s *Submission) { s.Signer = "U0CZJHEAD" }, "", []string{ProblemNotMember}, nil},
		{"the office submits for a unit", office, "czj", func(s *Submission) { s.Signer = "U0CZJHEAD" }, "", nil, nil},
		{"everything at once", staff, "fgw", func(s *Submission) {
			s.Signer, s.Matters, s.Disagreement, s.Category = "U0FGWDEP", 3, "有分歧", calendar.Joint
		}, "D9", []string{ProblemSignerNotHead, ProblemManyMatters, ProblemDuplicate, ProblemNoReasons, ProblemJointNoCo}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := good
			if tt.edit != nil {
				tt.edit(&s)
			}
			ps := Check(CheckInput{Org: org, Submitter: tt.who, Submission: s, Department: tt.dept, OpenDuplicate: tt.dup, Today: "2026-12-07"})
			if got := codes(ps); !slices.Equal(got, tt.want) {
				t.Fatalf("problems = %v; want %v", got, tt.want)
			}
			for _, p := range ps {
				want := 48
				if a, ok := tt.artOf[p.Code]; ok {
					want = a
				} else if p.Code == ProblemUrgentNoDue || p.Code == ProblemUrgentPastDue {
					want = 54
				}
				if p.Article != want {
					t.Errorf("%s cites article %d; want %d", p.Code, p.Article, want)
				}
			}
		})
	}
}

func TestRouteIncoming(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	nobody := func(string) bool { return false }
	awayOf := func(ids ...string) func(string) bool { return func(id string) bool { return slices.Contains(ids, id) } }
	tests := []struct {
		name   string
		dept   string
		major  bool
		away   func(string) bool
		want   string
		reason RouteReason
	}{
		{"vice mayor in charge", "fgw", false, nobody, "U0VMLI", RouteInCharge},
		{"executive vice mayor for their units", "czj", false, nobody, "U0EXEC", RouteInCharge},
		{"town in the charge of a vice mayor", "zhoushi", false, nobody, "U0VMWANG", RouteInCharge},
		{"major to the mayor", "fgw", true, nobody, "U0MAYOR", RouteMajor},
		{"leader in charge away: the mayor", "fgw", false, awayOf("U0VMLI"), "U0MAYOR", RouteAway},
		{"leader and mayor away: the executive vice mayor", "fgw", false, awayOf("U0VMLI", "U0MAYOR"), "U0EXEC", RouteMayorAway},
		{"major, mayor away: the executive vice mayor", "jyj", true, awayOf("U0MAYOR"), "U0EXEC", RouteMayorAway},
	}
	for _, tt := range tests {
		r, err := RouteIncoming(org, tt.dept, tt.major, tt.away)
		if err != nil || r.Leader != tt.want || r.Reason != tt.reason {
			t.Errorf("%s: %+v %v; want %s %s", tt.name, r, err, tt.want, tt.reason)
		}
	}
	if acts := LeaderActions(org, "U0MAYOR"); slices.Contains(acts, approval.Forward) {
		t.Error("the mayor may forward to the mayor")
	}
	if acts := LeaderActions(org, "U0VMLI"); !slices.Contains(acts, approval.Forward) || !slices.Contains(acts, approval.Assign) {
		t.Errorf("vice mayor's actions %v", acts)
	}
}

// The working day before the 2026 National Day holiday (Wed 30 Sep; 1-7
// Oct off, Sat 10 Oct worked): each category's due date as the official
// calendar gives it.
func TestDueDateAcrossNationalDay2026(t *testing.T) {
	t.Parallel()
	cal := calendar.New(shanghai, nil)
	from := day("2026-09-30").Add(10 * time.Hour)
	for cat, want := range map[calendar.Category]string{
		calendar.InRemit: "2026-10-14", calendar.NeedsApproval: "2026-10-14", calendar.Joint: "2026-10-19", calendar.Investigation: "2026-11-03",
	} {
		due, err := DueDate(cal, cat, from, "")
		if err != nil || due.Date.Format(time.DateOnly) != want || due.Provisional {
			t.Errorf("%s: %v %v; want %s", cat, due, err, want)
		}
	}
	due, err := DueDate(cal, calendar.Urgent, from, "2026-10-09")
	if err != nil || due.Date.Format(time.DateOnly) != "2026-10-09" || due.Provisional {
		t.Errorf("urgent: %v %v", due, err)
	}
	if _, err := DueDate(cal, calendar.Urgent, from, ""); err == nil {
		t.Error("urgent without a date")
	}
}

func TestDueDateInAYearTheCalendarLacksIsProvisional(t *testing.T) {
	t.Parallel()
	cal := calendar.New(shanghai, nil)
	due, err := DueDate(cal, calendar.Investigation, day("2099-12-20"), "")
	if err != nil || !due.Provisional {
		t.Fatalf("2099: %v %v", due, err)
	}
	due, err = DueDate(cal, calendar.Urgent, day("2026-12-20"), "2099-01-05")
	if err != nil || !due.Provisional {
		t.Fatalf("urgent 2099: %v %v", due, err)
	}
}

func TestParseReplyTakesExactWordsOnly(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	tests := []struct {
		text string
		ok   bool
		want Reply
	}{
		{"交办 住建局 请按职责办理", true, Reply{Action: approval.Assign, Lead: "zjj", Comment: "请按职责办理"}},
		{"交办 发改委 会同 财政局,住建局", true, Reply{Action: approval.Assign, Lead: "fgw", Co: []string{"czj", "zjj"}}},
		{"交办 发改委 会同 财政局,发改委 抓紧会商", true, Reply{Action: approval.Assign, Lead: "fgw", Co: []string{"czj"}, Comment: "抓紧会商"}},
		{"交办 发改委，会同财政局、住建局，请抓紧会商", true, Reply{Action: approval.Assign, Lead: "fgw", Co: []string{"czj", "zjj"}, Comment: "请抓紧会商"}},
		{"交办 住建局，请按职责办理", true, Reply{Action: approval.Assign, Lead: "zjj", Comment: "请按职责办理"}},
		{"交办：住建局", true, Reply{Action: approval.Assign, Lead: "zjj"}},
		{"批示同意 同意，请抓紧落实", true, Reply{Action: approval.Approve, Comment: "同意，请抓紧落实"}},
		{"批示同意", true, Reply{Action: approval.Approve}},
		{"退回 请补充资金测算依据", true, Reply{Action: approval.Return, Comment: "请补充资金测算依据"}},
		{"报市长", true, Reply{Action: approval.Forward}},
		{"报市长。此事重大", true, Reply{Action: approval.Forward, Comment: "此事重大"}},
		{"改派 @王副市长 分工调整", true, Reply{Action: Reroute, To: "U0VMWANG", Comment: "分工调整"}},
		{"改派 <@U0VMWANG|王副市长>，分工调整", true, Reply{Action: Reroute, To: "U0VMWANG", Comment: "分工调整"}},
		{"同意延期", true, Reply{Action: Grant}},
		{"不同意延期 时间充足", true, Reply{Action: Refuse, Comment: "时间充足"}},
		{"批示同意吗", false, Reply{}},
		{"退回去看看", false, Reply{}},
		{"报市长审定后再说", false, Reply{}},
		{"交办给谁？", false, Reply{}},
		{"好的", false, Reply{}},
	}
	for _, tt := range tests {
		got, ok, err := ParseReply(tt.text, org)
		if ok != tt.ok || err != nil || got.Action != tt.want.Action || got.Lead != tt.want.Lead || !slices.Equal(got.Co, tt.want.Co) ||
			got.Comment != tt.want.Comment || got.To != tt.want.To {
			t.Errorf("ParseReply(%q) = %+v %v %v; want %+v %v", tt.text, got, ok, err, tt.want, tt.ok)
		}
	}
	var pe *ParseError
	if _, ok, err := ParseReply("交办 火星局", org); !ok || !errors.As(err, &pe) || pe.Code != CodeUnknownDept {
		t.Errorf("unknown department: %v %v", ok, err)
	}
	if _, ok, err := ParseReply("交办", org); !ok || !errors.As(err, &pe) {
		t.Errorf("交办 alone: %v %v", ok, err)
	}
	if _, ok, err := ParseReply("交办 发改委 会同 火星局", org); !ok || !errors.As(err, &pe) || pe.Arg != "火星局" {
		t.Errorf("unknown joint department: %v %v", ok, err)
	}
}
