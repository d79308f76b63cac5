package leave

import (
	"errors"
	"slices"
	"testing"
)

// executiveMeeting is the 12th executive meeting, 4 December 09:00-11:30.
var executiveMeeting = Meeting{
	ID: "M12", Name: "2026年第12次常务会议", Type: Executive,
	Start: at("2026-12-04 09:00"), End: at("2026-12-04 11:30"),
	Attendees:  []string{"U0MAYOR", "U0EXEC", "U0VMLI", "U0VMWANG", "U0OFFDIR", "U0FGWHEAD", "U0ORPHAN", "U0TOWN"},
	PresiderID: "U0MAYOR",
}

// entrustedMeeting is an executive meeting the executive vice mayor presides
// over on the mayor's behalf (Art. 41: 市长外出期间，可委托负责常务工作的副市长召集和主持).
var entrustedMeeting = Meeting{
	ID: "M14", Name: "2026年第13次常务会议", Type: Executive,
	Start: at("2026-12-04 09:00"), End: at("2026-12-04 11:30"),
	Attendees:  []string{"U0EXEC", "U0VMLI", "U0VMWANG", "U0OFFDIR", "U0FGWHEAD"},
	PresiderID: "U0EXEC",
}

// specialMeeting is a special-topic meeting: missing it is no Art. 57 ¶2 case.
var specialMeeting = Meeting{
	ID: "M13", Name: "招商专题会议", Type: Special,
	Start:      at("2026-12-03 14:00"),
	Attendees:  []string{"U0FGWHEAD"},
	PresiderID: "U0VMLI",
}

func TestDecide(t *testing.T) {
	now := at("2026-11-30 10:00")
	org := testOrg()
	shanghai := days("2026-12-03", "2026-12-05")

	type want struct {
		required       bool
		reason         Reason
		article        Article
		approver       string
		approverReason ApproverReason
		bypassed       []Bypass
		meetingAbsence bool
		deputyRequired bool
		deputy         string
		notifyOffice   bool
	}
	notRequired := func(r Reason) want {
		return want{reason: r, article: Art57Para1, approverReason: ApproverNotNeeded}
	}
	required := func(r Reason, approver string, why ApproverReason, bypassed ...Bypass) want {
		return want{required: true, reason: r, article: Art57Para1, approver: approver, approverReason: why, bypassed: bypassed}
	}
	meetingAbsence := func(approver string, why ApproverReason, deputy string, bypassed ...Bypass) want {
		return want{required: true, reason: ReasonMeetingAbsence, article: Art57Para2, approver: approver,
			approverReason: why, bypassed: bypassed, meetingAbsence: true, deputyRequired: deputy != "",
			deputy: deputy, notifyOffice: true}
	}
	away := func(id string, p Period) Absence { return p.Absence(id) }

	tests := []struct {
		name     string
		who      string
		dest     string
		period   Period
		deputy   string
		meetings []Meeting
		away     []Absence
		want     want
		err      error
	}{
		{name: "department head to Shanghai for 3 days asks the vice mayor in charge",
			who: "U0FGWHEAD", dest: "上海", period: shanghai,
			want: required(ReasonOutsideSuzhou, "U0VMLI", ApproverInCharge)},
		{name: "town head asks the vice mayor in charge of the town",
			who: "U0TOWN", dest: "北京", period: shanghai,
			want: required(ReasonOutsideSuzhou, "U0VMWANG", ApproverInCharge)},
		{name: "abroad is outside Suzhou",
			who: "U0FGWHEAD", dest: "德国", period: days("2026-12-10", "2026-12-18"),
			want: required(ReasonOutsideSuzhou, "U0VMLI", ApproverInCharge)},
		{name: "exactly one day outside Suzhou is required",
			who: "U0FGWHEAD", dest: "杭州", period: days("2026-12-03", "2026-12-03"),
			want: required(ReasonOutsideSuzhou, "U0VMLI", ApproverInCharge)},
		{name: "starting today is beforehand enough",
			who: "U0FGWHEAD", dest: "杭州", period: days("2026-11-30", "2026-12-01"),
			want: required(ReasonOutsideSuzhou, "U0VMLI", ApproverInCharge)},
		{name: "Changshu is inside Suzhou, no request citing Art. 57",
			who: "U0FGWHEAD", dest: "常熟", period: shanghai, want: notRequired(ReasonInsideSuzhou)},
		{name: "the industrial park is inside Suzhou",
			who: "U0FGWHEAD", dest: "园区", period: shanghai, want: notRequired(ReasonInsideSuzhou)},
		{name: "Zhangjiagang city is inside Suzhou",
			who: "U0FGWHEAD", dest: "张家港市", period: shanghai, want: notRequired(ReasonInsideSuzhou)},
		{name: "Huaqiao is inside Kunshan",
			who: "U0FGWHEAD", dest: "花桥", period: shanghai, want: notRequired(ReasonInsideKunshan)},
		{name: "half a day outside Suzhou is under one day",
			who: "U0FGWHEAD", dest: "上海", period: SingleDay(date("2026-12-03"), Afternoon),
			want: notRequired(ReasonUnderOneDay)},
		{name: "a start in the past is refused",
			who: "U0FGWHEAD", dest: "上海", period: days("2026-11-29", "2026-12-01"), err: ErrStartInPast},
		{name: "an end before the start is refused",
			who: "U0FGWHEAD", dest: "上海", period: days("2026-12-05", "2026-12-03"), err: ErrEndBeforeStart},
		{name: "an afternoon-to-morning day is refused",
			who: "U0FGWHEAD", dest: "上海",
			period: Period{Start: date("2026-12-03"), StartHalf: Afternoon, End: date("2026-12-03"), EndHalf: Morning},
			err:    ErrEndBeforeStart},
		{name: "a period without dates is refused",
			who: "U0FGWHEAD", dest: "上海", err: ErrNoDates},
		{name: "overlapping the executive meeting goes to the mayor with a deputy and tells the office director",
			who: "U0FGWHEAD", dest: "上海", period: shanghai, meetings: []Meeting{executiveMeeting},
			want: meetingAbsence("U0MAYOR", ApproverMeetingMayor, "U0FGWDEP")},
		{name: "a meeting absence counts inside Kunshan and for half a day",
			who: "U0FGWHEAD", dest: "花桥", period: SingleDay(date("2026-12-04"), Morning), meetings: []Meeting{executiveMeeting},
			want: meetingAbsence("U0MAYOR", ApproverMeetingMayor, "U0FGWDEP")},
		{name: "an afternoon off after a morning meeting is no meeting absence",
			who: "U0FGWHEAD", dest: "上海", period: SingleDay(date("2026-12-04"), Afternoon), meetings: []Meeting{executiveMeeting},
			want: notRequired(ReasonUnderOneDay)},
		{name: "a special-topic meeting is no meeting absence",
			who: "U0FGWHEAD", dest: "上海", period: shanghai, meetings: []Meeting{specialMeeting},
			want: required(ReasonOutsideSuzhou, "U0VMLI", ApproverInCharge)},
		{name: "a meeting the requester does not attend is no meeting absence",
			who: "U0FGWSTAFF", dest: "上海", period: shanghai, meetings: []Meeting{executiveMeeting},
			want: required(ReasonExtension, "U0FGWHEAD", ApproverDepartmentHead)},
		{name: "a meeting absence while the mayor is away goes to the executive vice mayor",
			who: "U0FGWHEAD", dest: "上海", period: shanghai, meetings: []Meeting{executiveMeeting},
			away: []Absence{away("U0MAYOR", days("2026-12-01", "2026-12-03"))},
			want: meetingAbsence("U0EXEC", ApproverMeetingExecutive, "U0FGWDEP", Bypass{"U0MAYOR", BypassAway})},
		{name: "a meeting absence from a meeting the executive vice mayor presides goes to him (Art. 57 ¶2: 向市长或主持会议的常务副市长请假)",
			who: "U0FGWHEAD", dest: "上海", period: shanghai, meetings: []Meeting{entrustedMeeting},
			want: meetingAbsence("U0EXEC", ApproverMeetingPresiding, "U0FGWDEP")},
		{name: "the executive vice mayor presiding away, the mayor decides",
			who: "U0FGWHEAD", dest: "上海", period: shanghai, meetings: []Meeting{entrustedMeeting},
			away: []Absence{away("U0EXEC", days("2026-12-01", "2026-12-03"))},
			want: meetingAbsence("U0MAYOR", ApproverMeetingMayor, "U0FGWDEP", Bypass{"U0EXEC", BypassAway})},
		{name: "one of two meetings presided by the mayor: the mayor decides",
			who: "U0FGWHEAD", dest: "上海", period: shanghai, meetings: []Meeting{entrustedMeeting, executiveMeeting},
			want: meetingAbsence("U0MAYOR", ApproverMeetingMayor, "U0FGWDEP")},
		{name: "the executive vice mayor missing the meeting he would preside asks the mayor",
			who: "U0EXEC", dest: "上海", period: shanghai, meetings: []Meeting{entrustedMeeting},
			want: meetingAbsence("U0MAYOR", ApproverMeetingMayor, "", Bypass{"U0EXEC", BypassRequester})},
		{name: "a named deputy replaces the directory's",
			who: "U0FGWHEAD", dest: "上海", period: shanghai, deputy: "U0FGWSTAFF", meetings: []Meeting{executiveMeeting},
			want: meetingAbsence("U0MAYOR", ApproverMeetingMayor, "U0FGWSTAFF")},
		{name: "a meeting absence without any deputy is refused",
			who: "U0ORPHAN", dest: "上海", period: shanghai, meetings: []Meeting{executiveMeeting}, err: ErrNoDeputy},
		{name: "a deputy from another department is refused",
			who: "U0FGWHEAD", dest: "上海", period: shanghai, deputy: "U0TOWNDEP", meetings: []Meeting{executiveMeeting},
			err: ErrDeputyOtherDepartment},
		{name: "the requester cannot be their own deputy",
			who: "U0FGWHEAD", dest: "上海", period: shanghai, deputy: "U0FGWHEAD", err: ErrDeputyIsRequester},
		{name: "a deputy not in the directory is refused",
			who: "U0FGWHEAD", dest: "上海", period: shanghai, deputy: "U0NOBODY", err: ErrUnknownDeputy},
		{name: "a deputy away at the meeting is refused",
			who: "U0FGWHEAD", dest: "上海", period: shanghai, meetings: []Meeting{executiveMeeting},
			away: []Absence{away("U0FGWDEP", days("2026-12-04", "2026-12-04"))}, err: ErrDeputyAway},
		{name: "a vice mayor missing the executive meeting asks the mayor and needs no deputy",
			who: "U0VMLI", dest: "上海", period: shanghai, meetings: []Meeting{executiveMeeting},
			want: meetingAbsence("U0MAYOR", ApproverMeetingMayor, "")},
		{name: "vice mayor in charge away goes to the mayor",
			who: "U0FGWHEAD", dest: "上海", period: shanghai,
			away: []Absence{away("U0VMLI", days("2026-12-05", "2026-12-09"))},
			want: required(ReasonOutsideSuzhou, "U0MAYOR", ApproverStandInMayor, Bypass{"U0VMLI", BypassAway})},
		{name: "vice mayor in charge away at another time still approves",
			who: "U0FGWHEAD", dest: "上海", period: shanghai,
			away: []Absence{away("U0VMLI", days("2026-12-06", "2026-12-09")), away("U0VMWANG", shanghai)},
			want: required(ReasonOutsideSuzhou, "U0VMLI", ApproverInCharge)},
		{name: "vice mayor in charge and mayor away goes to the executive vice mayor",
			who: "U0FGWHEAD", dest: "上海", period: shanghai,
			away: []Absence{away("U0VMLI", shanghai), away("U0MAYOR", shanghai)},
			want: required(ReasonOutsideSuzhou, "U0EXEC", ApproverStandInExecutive,
				Bypass{"U0VMLI", BypassAway}, Bypass{"U0MAYOR", BypassAway})},
		{name: "every leader away falls back to the office director",
			who: "U0FGWHEAD", dest: "上海", period: shanghai,
			away: []Absence{away("U0VMLI", shanghai), away("U0MAYOR", shanghai), away("U0EXEC", shanghai)},
			want: required(ReasonOutsideSuzhou, "U0OFFDIR", ApproverFallbackNoLeader,
				Bypass{"U0VMLI", BypassAway}, Bypass{"U0MAYOR", BypassAway}, Bypass{"U0EXEC", BypassAway})},
		{name: "staff file with their department head",
			who: "U0FGWSTAFF", dest: "上海", period: shanghai,
			want: required(ReasonExtension, "U0FGWHEAD", ApproverDepartmentHead)},
		{name: "staff whose head is away go to the mayor",
			who: "U0FGWSTAFF", dest: "上海", period: shanghai, away: []Absence{away("U0FGWHEAD", shanghai)},
			want: required(ReasonExtension, "U0MAYOR", ApproverStandInMayor, Bypass{"U0FGWHEAD", BypassAway})},
		{name: "staff of a department without head fall back to the office director",
			who: "U0LONELY", dest: "上海", period: shanghai,
			want: required(ReasonExtension, "U0OFFDIR", ApproverFallbackNoHead)},
		{name: "office staff file with the office director",
			who: "U0OFFSTAFF", dest: "上海", period: shanghai,
			want: required(ReasonExtension, "U0OFFDIR", ApproverOfficeDirector)},
		{name: "a department with no vice mayor in charge falls back to the office director",
			who: "U0ORPHAN", dest: "上海", period: shanghai,
			want: required(ReasonOutsideSuzhou, "U0OFFDIR", ApproverFallbackNoInCharge)},
		{name: "a vice mayor in charge no longer active falls back to the office director",
			who: "U0RETIREDHEAD", dest: "上海", period: shanghai,
			want: required(ReasonOutsideSuzhou, "U0OFFDIR", ApproverFallbackNoInCharge)},
		{name: "a head without department falls back to the office director",
			who: "U0NODEPT", dest: "上海", period: shanghai,
			want: required(ReasonOutsideSuzhou, "U0OFFDIR", ApproverFallbackNoDepartment)},
		{name: "a head in charge of their own unit goes up to the mayor",
			who: "U0SELF", dest: "上海", period: shanghai,
			want: required(ReasonOutsideSuzhou, "U0MAYOR", ApproverStandInMayor, Bypass{"U0SELF", BypassRequester})},
		{name: "a vice mayor's own leave goes to the mayor",
			who: "U0VMLI", dest: "上海", period: shanghai,
			want: required(ReasonOutsideSuzhou, "U0MAYOR", ApproverMayor)},
		{name: "the office director's leave goes to the mayor",
			who: "U0OFFDIR", dest: "上海", period: shanghai,
			want: required(ReasonOutsideSuzhou, "U0MAYOR", ApproverMayor)},
		{name: "the executive vice mayor's leave goes to the mayor",
			who: "U0EXEC", dest: "上海", period: shanghai,
			want: required(ReasonOutsideSuzhou, "U0MAYOR", ApproverMayor)},
		{name: "the executive vice mayor never approves their own leave",
			who: "U0EXEC", dest: "上海", period: shanghai, away: []Absence{away("U0MAYOR", shanghai)},
			want: required(ReasonOutsideSuzhou, "U0OFFDIR", ApproverFallbackNoLeader,
				Bypass{"U0MAYOR", BypassAway}, Bypass{"U0EXEC", BypassRequester})},
		{name: "the office director's leave with no leader available is routed by nobody automatically",
			who: "U0OFFDIR", dest: "上海", period: shanghai,
			away: []Absence{away("U0MAYOR", shanghai), away("U0EXEC", shanghai)},
			want: required(ReasonOutsideSuzhou, "", ApproverNone,
				Bypass{"U0MAYOR", BypassAway}, Bypass{"U0EXEC", BypassAway})},
		{name: "the mayor's leave is outside Art. 57 and the office director is told",
			who: "U0MAYOR", dest: "北京", period: shanghai,
			want: want{reason: ReasonMayor, article: Art57Para1, approverReason: ApproverNone, notifyOffice: true}},
		{name: "the mayor inside Kunshan tells nobody",
			who: "U0MAYOR", dest: "昆山", period: shanghai,
			want: want{reason: ReasonMayor, article: Art57Para1, approverReason: ApproverNone}},
		{name: "the mayor missing the meeting he presides tells the office director",
			who: "U0MAYOR", dest: "周庄", period: shanghai, meetings: []Meeting{executiveMeeting},
			want: want{reason: ReasonMayor, article: Art57Para1, approverReason: ApproverNone,
				meetingAbsence: true, notifyOffice: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			who, ok := org.Person(tt.who)
			if !ok {
				t.Fatalf("no %s in the test org", tt.who)
			}
			in := Input{
				Org: org,
				Request: Application{Requester: who, Kind: BusinessTrip, Destination: tt.dest,
					Period: tt.period, Reason: "test", Deputy: tt.deputy},
				Meetings: tt.meetings, Away: tt.away, Now: now,
			}
			d, err := Policy{}.Decide(in)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			got := want{
				required: d.Required, reason: d.Reason, article: d.Article,
				approver: d.Approver, approverReason: d.ApproverReason, bypassed: d.Bypassed,
				meetingAbsence: d.MeetingAbsence, deputyRequired: d.DeputyRequired, deputy: d.Deputy,
				notifyOffice: d.NotifyOfficeDirector,
			}
			if !slices.Equal(got.bypassed, tt.want.bypassed) {
				t.Errorf("bypassed = %v, want %v", got.bypassed, tt.want.bypassed)
			}
			got.bypassed, tt.want.bypassed = nil, nil
			if got.reason != tt.want.reason || got.required != tt.want.required || got.article != tt.want.article ||
				got.approver != tt.want.approver || got.approverReason != tt.want.approverReason ||
				got.meetingAbsence != tt.want.meetingAbsence || got.deputyRequired != tt.want.deputyRequired ||
				got.deputy != tt.want.deputy || got.notifyOffice != tt.want.notifyOffice {
				t.Errorf("decision\n got %+v\nwant %+v", got, tt.want)
			}
			if d.NotifyOfficeDirector && d.OfficeDirector != "U0OFFDIR" {
				t.Errorf("OfficeDirector = %q", d.OfficeDirector)
			}
		})
	}
}

func TestDecideMeetingAbsenceKeepsDecisionWhenDeputyMissing(t *testing.T) {
	org := testOrg()
	who, _ := org.Person("U0ORPHAN")
	d, err := Policy{}.Decide(Input{
		Org: org, Now: at("2026-11-30 10:00"), Meetings: []Meeting{executiveMeeting},
		Request: Application{Requester: who, Kind: Holiday, Destination: "上海", Period: days("2026-12-03", "2026-12-05")},
	})
	if !errors.Is(err, ErrNoDeputy) {
		t.Fatalf("err = %v, want ErrNoDeputy", err)
	}
	if !d.MeetingAbsence || len(d.Meetings) != 1 || d.Meetings[0].ID != "M12" || !d.DeputyRequired {
		t.Errorf("decision = %+v, want the meeting named and a deputy required", d)
	}
}

func TestDecideSuggestsTheDirectoryDeputy(t *testing.T) {
	org := testOrg()
	who, _ := org.Person("U0FGWHEAD")
	req := Application{Requester: who, Kind: Holiday, Destination: "上海", Period: days("2026-12-03", "2026-12-05")}
	in := Input{Org: org, Now: at("2026-11-30 10:00"), Meetings: []Meeting{executiveMeeting}, Request: req}
	d, err := Policy{}.Decide(in)
	if err != nil || d.Deputy != "U0FGWDEP" || !d.DeputySuggested {
		t.Fatalf("Decide = %+v, %v; want the directory deputy suggested", d, err)
	}
	in.Request.Deputy = "U0FGWDEP"
	d, err = Policy{}.Decide(in)
	if err != nil || d.Deputy != "U0FGWDEP" || d.DeputySuggested {
		t.Fatalf("Decide = %+v, %v; want the named deputy, not suggested", d, err)
	}
}

func TestDecideRefusesIncompleteInput(t *testing.T) {
	org := testOrg()
	who, _ := org.Person("U0FGWHEAD")
	ok := Input{Org: org, Now: at("2026-11-30 10:00"),
		Request: Application{Requester: who, Kind: BusinessTrip, Destination: "上海", Period: days("2026-12-03", "2026-12-05")}}
	tests := []struct {
		name   string
		modify func(*Input)
		err    error
	}{
		{"no directory", func(in *Input) { in.Org = nil }, ErrNoOrg},
		{"no requester", func(in *Input) { in.Request.Requester = Application{}.Requester }, ErrNoRequester},
		{"unknown kind", func(in *Input) { in.Request.Kind = "vacation" }, ErrUnknownKind},
		{"no destination", func(in *Input) { in.Request.Destination = "" }, ErrNoDestination},
		{"the day before today in Shanghai while UTC is still there",
			func(in *Input) {
				in.Now = at("2026-12-04 02:00").UTC() // 3 December 18:00 UTC
				in.Request.Period = days("2026-12-03", "2026-12-05")
			}, ErrStartInPast},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.modify(&in)
			if _, err := (Policy{}).Decide(in); !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
		})
	}
}

func TestArticleString(t *testing.T) {
	tests := []struct {
		a    Article
		want string
	}{
		{Art57Para1, "第五十七条第一款"},
		{Art57Para2, "第五十七条第二款"},
		{Article{Number: 10}, "第十条"},
		{Article{Number: 15}, "第十五条"},
		{Article{Number: 61}, "第六十一条"},
		{Article{Number: 105, Paragraph: 3}, "第一百零五条第三款"},
		{Article{Number: 110}, "第一百一十条"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.a, got, tt.want)
		}
	}
}
