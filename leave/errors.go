package leave

import (
	"errors"
	"strconv"
)

// Errors a request can be refused with. They are values: the handler turns
// each into a Chinese message in one place (errors.Is).
var (
	// ErrUnknownKind: the kind is not one Art. 57 lists.
	ErrUnknownKind = errors.New("leave: unknown kind")
	// ErrNoDestination: the request names no destination.
	ErrNoDestination = errors.New("leave: no destination")
	// ErrNoDates: the request has no start or no end date.
	ErrNoDates = errors.New("leave: no dates")
	// ErrBadDate: a date does not exist (2月30日) or is out of range.
	ErrBadDate = errors.New("leave: invalid date")
	// ErrEndBeforeStart: the period ends before it starts.
	ErrEndBeforeStart = errors.New("leave: end before start")
	// ErrDaysMismatch: a range and a day count were both given and disagree.
	ErrDaysMismatch = errors.New("leave: day count does not match the dates")
	// ErrBadCount: a day count that is not a number of days a leave can
	// last (-3天, 99999天), or one more than the dates need.
	ErrBadCount = errors.New("leave: invalid day count")
	// ErrPeriodTooLong: the period is longer than a year, surely a typo.
	ErrPeriodTooLong = errors.New("leave: period longer than a year")
	// ErrStartInPast: the absence starts before today; Art. 57 asks for the
	// request beforehand (事先).
	ErrStartInPast = errors.New("leave: start date in the past")
	// ErrNoRequester: the request has no requester Slack ID.
	ErrNoRequester = errors.New("leave: no requester")
	// ErrNoOrg: the decision was asked for without a directory.
	ErrNoOrg = errors.New("leave: no organisation directory")
	// ErrNoDeputy: the absence misses a plenary, executive or mayor's office
	// meeting, and neither the request nor the directory names the deputy
	// who attends instead (Art. 57 ¶2).
	ErrNoDeputy = errors.New("leave: meeting absence needs a deputy")
	// ErrUnknownDeputy: the deputy named is not an active person in the
	// directory.
	ErrUnknownDeputy = errors.New("leave: deputy not in the directory")
	// ErrDeputyIsRequester: the requester named themself as deputy.
	ErrDeputyIsRequester = errors.New("leave: deputy is the requester")
	// ErrDeputyOtherDepartment: the deputy is not of the requester's
	// department; Art. 57 ¶2 sends the deputy who presides over the
	// requester's own work (主持工作的副职).
	ErrDeputyOtherDepartment = errors.New("leave: deputy from another department")
	// ErrDeputyAway: the deputy is away on approved leave at the meeting.
	ErrDeputyAway = errors.New("leave: deputy away at the meeting")
	// ErrTextTooLong: the /leave text is longer than MaxTextLen.
	ErrTextTooLong = errors.New("leave: text too long")
)

// Part names the part of the /leave text that was not understood.
type Part string

// The parts of the /leave text.
const (
	PartText        Part = "text"        // the whole text (empty, too long)
	PartKind        Part = "kind"        // 出访/考察/出差/因私外出/休假
	PartDestination Part = "destination" // 目的地
	PartDates       Part = "dates"       // 日期
	PartDeputy      Part = "deputy"      // 代为参会
)

// ParseError says which part of the /leave text was not understood, so the
// handler can show a Chinese message with a correct example. Err is one of
// the package's error values; Fragment is the user's text it is about, if
// any.
type ParseError struct {
	Part     Part
	Fragment string
	Err      error
	// Len is the text's length in characters, for ErrTextTooLong.
	Len int
}

// Error implements error.
func (e *ParseError) Error() string {
	if e.Fragment != "" {
		return "leave: cannot parse " + string(e.Part) + " " + strconv.Quote(e.Fragment) + ": " + e.Err.Error()
	}
	return "leave: cannot parse " + string(e.Part) + ": " + e.Err.Error()
}

// Unwrap returns Err, so errors.Is(err, ErrBadDate) works.
func (e *ParseError) Unwrap() error { return e.Err }
