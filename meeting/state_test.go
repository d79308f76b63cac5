package meeting

import (
	"errors"
	"testing"
	"time"

	"officebot/directory"
)

func TestParseKeyAcceptsTheLetterOrNot(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		id uint64
		ok bool
	}{
		{"M3", 3, true}, {"m3", 3, true}, {"3", 3, true}, {"Ｍ３", 3, true}, {"ｍ3", 3, true}, {"３", 3, true}, {"Ａ3", 0, false}, {"A3", 0, false}, {"M0", 0, false}, {"M", 0, false}, {"M-1", 0, false},
	}
	for _, tt := range tests {
		id, ok := ParseKey("M", tt.in)
		if id != tt.id || ok != tt.ok {
			t.Errorf("ParseKey(M, %q) = %d %v", tt.in, id, ok)
		}
	}
}

func TestOnlyOrganisersChangeAMeetingStillToTakePlace(t *testing.T) {
	t.Parallel()
	m := Meeting{ID: 3, Convener: "U0MAYOR", CreatedBy: "U0OFFSTAFF", State: Scheduled}
	staff := directory.Person{SlackID: "U0OFFSTAFF", Role: directory.OfficeStaff}
	head := directory.Person{SlackID: "U0FGWHEAD", Role: directory.DepartmentHead}
	mayor := directory.Person{SlackID: "U0MAYOR", Role: directory.Mayor}
	tests := []struct {
		name  string
		state string
		who   directory.Person
		want  error
	}{
		{"the office", Scheduled, staff, nil},
		{"the convener, moved before", Moved, mayor, nil},
		{"a department head", Scheduled, head, ErrNotOrganiser},
		{"held", Held, staff, ErrNotChangeable},
		{"cancelled", Cancelled, mayor, ErrNotChangeable},
	}
	for _, tt := range tests {
		m.State = tt.state
		if err := m.CheckChange(tt.who); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	start := time.Date(2026, 12, 16, 9, 0, 0, 0, time.UTC)
	if moved := m.Move(start, start.Add(time.Hour), "二楼"); moved.State != Moved || !moved.Start.Equal(start) || moved.Place != "二楼" {
		t.Errorf("moved: %+v", moved)
	}
	if c := m.Cancel(); c.State != Cancelled {
		t.Errorf("cancelled: %+v", c)
	}
}

func TestMinutesAreFiledOnceTheMeetingStartedAndNumberedByRevision(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 15, 1, 0, 0, 0, time.UTC)
	m := Meeting{ID: 1, Convener: "U0MAYOR", State: Scheduled, Start: start}
	staff := directory.Person{SlackID: "U0OFFSTAFF", Role: directory.OfficeStaff}
	head := directory.Person{SlackID: "U0FGWHEAD", Role: directory.DepartmentHead}
	after := start.Add(3 * time.Hour)
	inReview := &Minutes{Revision: 1, State: MinutesInReview}
	returned := &Minutes{Revision: 1, State: MinutesReturned}
	signed := &Minutes{Revision: 2, State: MinutesSigned}
	tests := []struct {
		name   string
		who    directory.Person
		now    time.Time
		state  string
		latest *Minutes
		want   error
	}{
		{"the office after the start", staff, after, Scheduled, nil, nil},
		{"a department head", head, after, Scheduled, nil, ErrNotMinutesFiler},
		{"before the start", staff, start.Add(-time.Minute), Scheduled, nil, ErrTooEarly},
		{"cancelled", staff, after, Cancelled, nil, ErrCancelled},
		{"in review", staff, after, Held, inReview, ErrMinutesInReview},
		{"signed", staff, after, Held, signed, ErrMinutesSigned},
		{"returned: filed again", staff, after, Held, returned, nil},
	}
	for _, tt := range tests {
		m.State = tt.state
		if err := m.CheckMinutes(tt.who, tt.now, tt.latest); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	mins := m.FileMinutes(Minutes{Text: "会议纪要"}, returned, "U0OFFSTAFF", after)
	if mins.Revision != 2 || mins.State != MinutesInReview || mins.MeetingID != 1 || mins.Subject() != "M1-minutes-2" {
		t.Fatalf("filed: %+v", mins)
	}
	if id, rev, seq, ok := ParseSubject("M1-minutes-2#3"); !ok || id != 1 || rev != 2 || seq != 3 {
		t.Errorf("ParseSubject: %d %d %d %v", id, rev, seq, ok)
	}
	if _, _, _, ok := ParseSubject("L12"); ok {
		t.Error("a leave key read as minutes")
	}
	if s := mins.Sign("U0MAYOR", after); s.State != MinutesSigned || s.SignedBy != "U0MAYOR" || s.SignedAt == nil {
		t.Errorf("signed: %+v", s)
	}
}

func TestAnItemIsReportedByItsDepartmentAndUrgedOnceADay(t *testing.T) {
	t.Parallel()
	loc := time.FixedZone("CST", 8*3600)
	it := ActionItem{ID: 5, Department: "fgw", State: ItemOpen}
	if err := it.CheckReport(directory.Person{Department: "czj"}); !errors.Is(err, ErrWrongDepartment) {
		t.Errorf("another department: %v", err)
	}
	if err := it.CheckReport(directory.Person{Department: "fgw"}); err != nil {
		t.Errorf("its department: %v", err)
	}
	if err := it.CheckReturn(); !errors.Is(err, ErrNothingToReturn) {
		t.Errorf("return with no report: %v", err)
	}
	morning := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC) // 09:00 in the office
	it.UrgedAt = &morning
	if err := it.CheckUrge(morning.Add(5*time.Hour), loc); !errors.Is(err, ErrUrgedToday) {
		t.Errorf("urged twice a day: %v", err)
	}
	if err := it.CheckUrge(morning.Add(24*time.Hour), loc); err != nil {
		t.Errorf("urged the next day: %v", err)
	}
	it.State = ItemReported
	if err := it.CheckReport(directory.Person{Department: "fgw"}); !errors.Is(err, ErrAlreadyReported) {
		t.Errorf("reported twice: %v", err)
	}
	if it.CheckReturn() != nil {
		t.Error("a reported item's report may be sent back")
	}
}
