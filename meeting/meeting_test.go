package meeting_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"officebot/calendar"
	"officebot/directory"
	"officebot/meeting"
)

var shanghai = func() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return l
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
		t.Fatalf("no %s in the demo org", id)
	}
	return p
}

func TestWhoMaySchedule(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	tests := []struct {
		who  string
		typ  meeting.Type
		want bool
	}{
		{"U0OFFSTAFF", meeting.Executive, true},
		{"U0OFFSTAFF", meeting.Plenary, true},
		{"U0OFFSTAFF", meeting.MayorOffice, true},
		{"U0OFFSTAFF", meeting.Special, false},
		{"U0OFFDIR", meeting.Special, true}, // Art. 44: on a leader's behalf
		{"U0OFFDEP", meeting.Executive, true},
		{"U0MAYOR", meeting.Plenary, true},
		{"U0MAYOR", meeting.Special, true},
		{"U0VMLI", meeting.Special, true},
		{"U0EXEC", meeting.Special, true},
		{"U0VMLI", meeting.Executive, false},
		{"U0FGWHEAD", meeting.Special, false},
		{"U0FGWDEP", meeting.Executive, false},
	}
	for _, tt := range tests {
		if got := meeting.MaySchedule(person(t, org, tt.who), tt.typ); got != tt.want {
			t.Errorf("MaySchedule(%s, %s) = %v, want %v", tt.who, tt.typ, got, tt.want)
		}
	}
}

func TestDefaultAttendeesFollowArticles40To44(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	leaders := []string{"U0MAYOR", "U0EXEC", "U0VMLI", "U0VMWANG", "U0VMZHANG", "U0OFFDIR"}
	heads := []string{"U0FGWHEAD", "U0CZJHEAD", "U0ZJJHEAD", "U0JYJHEAD", "U0WJWHEAD", "U0SWJHEAD", "U0ZRZYHEAD", "U0RSJHEAD"}
	tests := []struct {
		typ       meeting.Type
		convener  string
		attending []string
		observing []string
	}{
		{meeting.Plenary, "U0MAYOR", append(slices.Clone(leaders), heads...), []string{"U0OFFDEP", "U0ZHOUSHIHEAD", "U0ZHANGPUHEAD", "U0KFQHEAD"}},
		{meeting.Executive, "U0MAYOR", leaders, nil},
		{meeting.MayorOffice, "U0MAYOR", leaders, nil},
		{meeting.Special, "U0VMLI", []string{"U0VMLI"}, nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			var att, obs []string
			for _, a := range meeting.DefaultAttendees(org, tt.typ, tt.convener) {
				if a.Role == meeting.Observing {
					obs = append(obs, a.SlackID)
				} else {
					att = append(att, a.SlackID)
				}
			}
			slices.Sort(att)
			slices.Sort(obs)
			want, wantObs := slices.Sorted(slices.Values(tt.attending)), slices.Sorted(slices.Values(tt.observing))
			if !slices.Equal(att, want) || !slices.Equal(obs, wantObs) {
				t.Errorf("attending %v observing %v\nwant      %v observing %v", att, obs, want, wantObs)
			}
		})
	}
}

func TestChangeAddsMovesAndRemovesButKeepsTheConvener(t *testing.T) {
	t.Parallel()
	list := []meeting.Attendee{{SlackID: "U0MAYOR", Role: meeting.Attending}, {SlackID: "U0VMLI", Role: meeting.Attending}}
	got := meeting.Change(list, []meeting.Attendee{{SlackID: "U0FGWHEAD", Role: meeting.Observing}, {SlackID: "U0VMLI", Role: meeting.Observing}},
		[]string{"U0MAYOR", "U0VMLI"}, "U0MAYOR")
	want := []meeting.Attendee{{SlackID: "U0MAYOR", Role: meeting.Attending}, {SlackID: "U0FGWHEAD", Role: meeting.Observing}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestMinutesChainFollowsArticle45(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	type step struct {
		kind, assignee string
		role           directory.Role
	}
	tests := []struct {
		name     string
		typ      meeting.Type
		convener string
		flags    meeting.MinutesFlags
		want     []step
		err      error
	}{
		{"plenary: director reviews, mayor signs", meeting.Plenary, "U0MAYOR", meeting.MinutesFlags{},
			[]step{{meeting.Review, "U0OFFDIR", ""}, {meeting.Sign, "U0MAYOR", ""}}, nil},
		{"executive delegated: executive vice mayor signs", meeting.Executive, "U0MAYOR", meeting.MinutesFlags{Delegated: true},
			[]step{{meeting.Review, "U0OFFDIR", ""}, {meeting.Sign, "U0EXEC", ""}}, nil},
		{"mayor's office: mayor signs", meeting.MayorOffice, "U0MAYOR", meeting.MinutesFlags{},
			[]step{{meeting.Review, "U0OFFDIR", ""}, {meeting.Sign, "U0MAYOR", ""}}, nil},
		{"special by a vice mayor: the convener signs", meeting.Special, "U0VMWANG", meeting.MinutesFlags{LeadDepartment: "fgw"},
			[]step{{meeting.Review, "", directory.OfficeDirector}, {meeting.Sign, "U0VMWANG", ""}}, nil},
		{"special city-wide: the mayor signs", meeting.Special, "U0VMWANG", meeting.MinutesFlags{CityWide: true},
			[]step{{meeting.Review, "", directory.OfficeDirector}, {meeting.Sign, "U0MAYOR", ""}}, nil},
		// Art. 44-45: the director who convened attended, so he reviews.
		{"special by the office director: in-charge of the lead department signs", meeting.Special, "U0OFFDIR", meeting.MinutesFlags{LeadDepartment: "czj"},
			[]step{{meeting.Review, "U0OFFDIR", ""}, {meeting.Sign, "U0EXEC", ""}}, nil},
		{"special by the office director without items: nobody to sign", meeting.Special, "U0OFFDIR", meeting.MinutesFlags{}, nil, meeting.ErrNoSigner},
		{"special delegated: refused", meeting.Special, "U0VMLI", meeting.MinutesFlags{Delegated: true}, nil, meeting.ErrDelegatedSpecial},
		// Nobody reviews their own filing (issue 11 item 8).
		{"executive filed by the director: a deputy director reviews", meeting.Executive, "U0MAYOR", meeting.MinutesFlags{FiledBy: "U0OFFDIR"},
			[]step{{meeting.Review, "", directory.OfficeDeputyDirector}, {meeting.Sign, "U0MAYOR", ""}}, nil},
		{"executive filed by staff: the director reviews", meeting.Executive, "U0MAYOR", meeting.MinutesFlags{FiledBy: "U0OFFSTAFF"},
			[]step{{meeting.Review, "U0OFFDIR", ""}, {meeting.Sign, "U0MAYOR", ""}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chain, err := meeting.MinutesChain(org, meeting.Meeting{Type: tt.typ, Convener: tt.convener}, tt.flags)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err %v, want %v", err, tt.err)
			}
			var got []step
			for _, s := range chain {
				got = append(got, step{s.Kind, s.Assignee, s.Role})
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("chain %v, want %v", got, tt.want)
			}
			if tt.typ == meeting.Special && err == nil && chain[0].Assignee == "" && !slices.Contains(chain[0].AlsoRoles, directory.OfficeDeputyDirector) {
				t.Errorf("special-topic review does not let the deputy director act")
			}
		})
	}
}

// Special-topic minutes the director filed are reviewed by a deputy
// director only; with no deputy in the directory they cannot be filed
// (issue 11 item 8).
func TestMinutesAreNeverReviewedByTheirFiler(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	chain, err := meeting.MinutesChain(org, meeting.Meeting{Type: meeting.Special, Convener: "U0VMWANG"}, meeting.MinutesFlags{FiledBy: "U0OFFDIR"})
	if err != nil || chain[0].Role != directory.OfficeDeputyDirector || len(chain[0].AlsoRoles) != 0 || chain[0].Why != meeting.WhyDeputyReviews {
		t.Fatalf("special filed by the director: %+v %v", chain, err)
	}
	noDeputy := *org
	noDeputy.People = slices.DeleteFunc(slices.Clone(org.People), func(p directory.Person) bool { return p.Role == directory.OfficeDeputyDirector })
	if _, err := meeting.MinutesChain(&noDeputy, meeting.Meeting{Type: meeting.Executive, Convener: "U0MAYOR"}, meeting.MinutesFlags{FiledBy: "U0OFFDIR"}); !errors.Is(err, meeting.ErrNoReviewer) {
		t.Fatalf("no deputy director: %v", err)
	}
}

func TestReportDueTenDaysAfterTheMeetingMovedPastRestDays(t *testing.T) {
	t.Parallel()
	cal := calendar.New(shanghai, nil)
	tests := []struct{ meeting, due string }{
		{"2026-09-25 09:00", "2026-10-08"}, // 10-05 falls in the National Day holiday
		{"2026-12-15 09:00", "2026-12-25"}, // a Friday
		{"2026-12-16 15:00", "2026-12-28"}, // 12-26 is a Saturday
		{"2026-12-22 23:30", "2027-01-04"}, // 01-01 New Year, then the weekend
	}
	for _, tt := range tests {
		start, err := time.ParseInLocation("2006-01-02 15:04", tt.meeting, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		if got := meeting.ReportDue(cal, start).Date.Format(time.DateOnly); got != tt.due {
			t.Errorf("meeting %s: due %s, want %s", tt.meeting, got, tt.due)
		}
	}
}

func TestStatusOfReports(t *testing.T) {
	t.Parallel()
	cal := calendar.New(shanghai, nil)
	due := time.Date(2026, 10, 8, 0, 0, 0, 0, shanghai)
	at := func(s string) *time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	tests := []struct {
		name  string
		filed *time.Time
		now   string
		want  meeting.ReportStatus
	}{
		{"filed on the due day late evening", at("2026-10-08 23:59"), "2026-10-20 09:00", meeting.StatusIn},
		{"filed the day after", at("2026-10-09 00:01"), "2026-10-20 09:00", meeting.StatusLate},
		{"not filed, due day not over", nil, "2026-10-08 18:00", meeting.StatusDue},
		{"not filed, due day over", nil, "2026-10-09 08:00", meeting.StatusMissing},
	}
	for _, tt := range tests {
		if got := meeting.StatusOf(cal, due, tt.filed, *at(tt.now)); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestCadenceCountsActiveMeetingsInTheOfficeZone(t *testing.T) {
	t.Parallel()
	ms := []meeting.Meeting{
		// 2026-12-01 00:30 in Shanghai is still November in UTC.
		{Type: meeting.Executive, State: meeting.Scheduled, Start: time.Date(2026, 11, 30, 16, 30, 0, 0, time.UTC)},
		{Type: meeting.Executive, State: meeting.Cancelled, Start: time.Date(2027, 1, 5, 1, 0, 0, 0, time.UTC)},
		{Type: meeting.Plenary, State: meeting.Held, Start: time.Date(2026, 7, 2, 1, 0, 0, 0, time.UTC)},
		{Type: meeting.Special, State: meeting.Scheduled, Start: time.Date(2026, 2, 2, 1, 0, 0, 0, time.UTC)},
	}
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"executive in December (zone)", meeting.ExecutiveScheduled(ms, shanghai, 2026, time.December), true},
		{"executive not in November", meeting.ExecutiveScheduled(ms, shanghai, 2026, time.November), false},
		{"cancelled does not count", meeting.ExecutiveScheduled(ms, shanghai, 2027, time.January), false},
		{"plenary second half 2026", meeting.PlenaryScheduled(ms, shanghai, 2026, 2), true},
		{"no plenary first half 2026", meeting.PlenaryScheduled(ms, shanghai, 2026, 1), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestRemindersForTheScheduler(t *testing.T) {
	t.Parallel()
	m := meeting.Meeting{ID: 3, Type: meeting.Executive, Year: 2026, Number: 12, Place: "<!channel>三楼",
		Start: time.Date(2026, 12, 15, 9, 0, 0, 0, shanghai), End: time.Date(2026, 12, 15, 11, 0, 0, 0, shanghai),
		Convener: "U0MAYOR", Attendees: []meeting.Attendee{{SlackID: "U0MAYOR", Role: meeting.Attending}, {SlackID: "U0VMLI", Role: meeting.Attending}}}
	ms := meeting.MeetingReminders(m, meeting.RemindDayBefore, shanghai)
	if len(ms) != 2 || ms[0].Channel != "U0MAYOR" || ms[1].Channel != "U0VMLI" ||
		ms[0].Text != "会议提醒：M3 2026年第12次常务会议 将于明天召开，时间 2026-12-15（星期二）09:00-11:00，地点 &lt;!channel&gt;三楼。" {
		t.Fatalf("reminders %+v", ms)
	}
	tests := []struct {
		got  string
		want string
	}{
		{meeting.ReportReminder("U0FGWHEAD", "A5", "编制计划", "2026-12-25", meeting.RemindOverdue).Text, "逾期提醒：A5 编制计划 的落实情况已于 2026-12-25 到期仍未报送，请尽快报送：/meeting report A5 落实情况"},
		{meeting.ExecutiveCadenceReminder("C0OFFICE", 2026, time.December).Text, "会议提醒：2026年12月尚未安排市政府常务会议（第四十一条：常务会议一般每月召开一次）。"},
		{meeting.PlenaryCadenceReminder("C0OFFICE", 2027, 1).Text, "会议提醒：2027年上半年尚未安排市政府全体会议（第四十条：全体会议一般每半年召开一次）。"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got  %s\nwant %s", tt.got, tt.want)
		}
	}
}

func TestParseNameReadsOfficialMeetingNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in           string
		t            meeting.Type
		year, number int
		ok           bool
	}{
		{"2026年第12次常务会议", meeting.Executive, 2026, 12, true},
		{"2026年第1次市政府全体会议", meeting.Plenary, 2026, 1, true},
		{"2027年 第3次 市长办公会议", meeting.MayorOffice, 2027, 3, true},
		{"2026年第0次常务会议", "", 0, 0, false},
		{"2026年第1次茶话会", "", 0, 0, false},
		{"第1次常务会议", "", 0, 0, false},
		{"M3", "", 0, 0, false},
	}
	for _, tt := range tests {
		typ, y, n, ok := meeting.ParseName(tt.in)
		if ok != tt.ok || (ok && (typ != tt.t || y != tt.year || n != tt.number)) {
			t.Errorf("ParseName(%q) = %s %d %d %v", tt.in, typ, y, n, ok)
		}
	}
}

// An attendee of a principal meeting on approved leave is replaced by the
// deputy they named, or marked away when they named none (Art. 57 ¶2); the
// convener is never replaced, special-topic meetings keep their list, and
// reminders (AttendeeIDs) go to the deputy instead of the absent head.
func TestDeputisedSeatsTheDeputyInPlaceOfTheAbsent(t *testing.T) {
	t.Parallel()
	m := meeting.Meeting{Type: meeting.Executive, Convener: "U0MAYOR", Attendees: []meeting.Attendee{
		{SlackID: "U0MAYOR", Role: meeting.Attending}, {SlackID: "U0FGWHEAD", Role: meeting.Attending},
		{SlackID: "U0CZJHEAD", Role: meeting.Observing}, {SlackID: "U0VMLI", Role: meeting.Attending}}}
	absent := []meeting.Absent{{SlackID: "U0FGWHEAD", Deputy: "U0FGWDEP"}, {SlackID: "U0CZJHEAD"}, {SlackID: "U0MAYOR", Deputy: "U0EXEC"}}
	got := m.Deputised(absent)
	want := []meeting.Attendee{
		{SlackID: "U0MAYOR", Role: meeting.Attending},
		{SlackID: "U0FGWDEP", Role: meeting.Attending, For: "U0FGWHEAD"},
		{SlackID: "U0CZJHEAD", Role: meeting.Observing, Away: true},
		{SlackID: "U0VMLI", Role: meeting.Attending},
	}
	if !slices.Equal(got.Attendees, want) {
		t.Fatalf("attendees = %+v\nwant %+v", got.Attendees, want)
	}
	if ids := got.AttendeeIDs(); slices.Contains(ids, "U0FGWHEAD") || !slices.Contains(ids, "U0FGWDEP") {
		t.Fatalf("reminded: %v", ids)
	}
	if seat, ok := got.SeatOf("U0FGWHEAD"); !ok || seat.SlackID != "U0FGWDEP" {
		t.Fatalf("seat of the absent head: %+v %v", seat, ok)
	}
	if m.Attendees[1].SlackID != "U0FGWHEAD" {
		t.Fatal("Deputised changed the meeting it was called on")
	}
	special := m
	special.Type = meeting.Special
	if got := special.Deputised(absent); !slices.Equal(got.Attendees, m.Attendees) {
		t.Fatalf("special-topic meeting deputised: %+v", got.Attendees)
	}
}

// The reviewer of special-topic minutes says whether they concern a
// city-wide matter after 审核通过 in the thread, in exact words; anything
// else leaves the choice untaken.
func TestParseReviewScope(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		comment  string
		cityWide bool
		rest     string
		ok       bool
	}{
		{"全局性", true, "", true},
		{"全市性，请市长阅示", true, "请市长阅示", true},
		{"涉及全局性事项。", true, "", true},
		{"报市长签发", true, "", true},
		{"不涉及全局性事项", false, "", true},
		{"非全局性 注意时限", false, "注意时限", true},
		{"报分管领导签发", false, "", true},
		{"", false, "", false},
		{"请抓紧落实", false, "", false},
		{"全局性？", false, "", false},
		{"全局性问题要再议", false, "", false},
	} {
		cityWide, rest, ok := meeting.ParseReviewScope(tc.comment)
		if ok != tc.ok || cityWide != tc.cityWide || rest != tc.rest {
			t.Errorf("%q: got %v %q %v, want %v %q %v", tc.comment, cityWide, rest, ok, tc.cityWide, tc.rest, tc.ok)
		}
	}
}

func TestMayPresideFollowsArticles40To44(t *testing.T) {
	t.Parallel()
	mayor := directory.Person{Role: directory.Mayor}
	evm := directory.Person{Role: directory.ExecutiveViceMayor}
	vm := directory.Person{Role: directory.ViceMayor}
	dir := directory.Person{Role: directory.OfficeDirector}
	for _, tt := range []struct {
		p    directory.Person
		t    meeting.Type
		want bool
	}{
		{mayor, meeting.Plenary, true}, {evm, meeting.Plenary, false}, {vm, meeting.Plenary, false},
		{mayor, meeting.Executive, true}, {evm, meeting.Executive, true}, {vm, meeting.Executive, false},
		{mayor, meeting.MayorOffice, true}, {evm, meeting.MayorOffice, true}, {dir, meeting.MayorOffice, false},
		{mayor, meeting.Special, true}, {evm, meeting.Special, true}, {vm, meeting.Special, true}, {dir, meeting.Special, false},
	} {
		if got := meeting.MayPreside(tt.p, tt.t); got != tt.want {
			t.Errorf("meeting.MayPreside(%s, %s) = %v, want %v", tt.p.Role, tt.t, got, tt.want)
		}
	}
}

// Art. 45: 专题会议纪要，由参加会议的市政府办公室主任或副主任审核.
func TestSpecialMinutesReviewerAttended(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	seat := func(ids ...string) []meeting.Attendee {
		var out []meeting.Attendee
		for _, id := range ids {
			out = append(out, meeting.Attendee{SlackID: id, Role: meeting.Attending})
		}
		return out
	}
	dep, _ := org.Person("U0OFFDEP")
	dir, _ := org.Person("U0OFFDIR")
	tests := []struct {
		name      string
		attendees []meeting.Attendee
		filer     string
		assignee  string
		among     []string
		mayDir    bool
		mayDep    bool
	}{
		{"the deputy alone attended: he reviews", seat("U0VMLI", "U0OFFDEP"), "U0OFFSTAFF", "U0OFFDEP", nil, false, true},
		{"both attended: either", seat("U0VMLI", "U0OFFDIR", "U0OFFDEP"), "U0OFFSTAFF", "", []string{"U0OFFDIR", "U0OFFDEP"}, true, true},
		{"both attended, the deputy filed: the director", seat("U0VMLI", "U0OFFDIR", "U0OFFDEP"), "U0OFFDEP", "U0OFFDIR", nil, true, false},
		{"neither attended: either, by role", seat("U0VMLI"), "U0OFFSTAFF", "", nil, true, true},
		{"the deputy attended but was away", []meeting.Attendee{{SlackID: "U0OFFDEP", Role: meeting.Attending, Away: true}}, "U0OFFSTAFF", "", nil, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := meeting.Meeting{Type: meeting.Special, Convener: "U0VMLI", Attendees: tt.attendees}
			chain, err := meeting.MinutesChain(org, m, meeting.MinutesFlags{LeadDepartment: "fgw", FiledBy: tt.filer})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(chain[0].Among)
			slices.Sort(tt.among)
			if chain[0].Assignee != tt.assignee || !slices.Equal(chain[0].Among, tt.among) {
				t.Errorf("review step %+v, want assignee %q among %v", chain[0], tt.assignee, tt.among)
			}
			if got := meeting.MayReview(org, m, tt.filer, dir); got != tt.mayDir {
				t.Errorf("MayReview(director) = %v, want %v", got, tt.mayDir)
			}
			if got := meeting.MayReview(org, m, tt.filer, dep); got != tt.mayDep {
				t.Errorf("MayReview(deputy) = %v, want %v", got, tt.mayDep)
			}
		})
	}
}
