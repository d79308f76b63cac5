package leave

import (
	"errors"
	"testing"
	"time"
)

func TestParseLeaveKeyTakesTheIDWithOrWithoutItsLetter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want uint64
		err  bool
	}{
		{"L12", 12, false}, {"l12", 12, false}, {"12", 12, false}, {" L7 ", 7, false},
		{"Ｌ１２", 12, false}, {"１２", 12, false}, {"ｌ7", 7, false}, // typed with a Chinese IME in full-width mode
		{"L", 0, true}, {"L0", 0, true}, {"M12", 0, true}, {"L-1", 0, true}, {"", 0, true}, {"L12x", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseKey(tt.in)
		if got != tt.want || (err != nil) != tt.err || (err != nil && !errors.Is(err, ErrBadKey)) {
			t.Errorf("ParseKey(%q) = %d, %v", tt.in, got, err)
		}
	}
}

func TestTransitionsStartOnlyFromTheirState(t *testing.T) {
	t.Parallel()
	filedAt := time.Date(2026, 11, 26, 10, 0, 0, 0, Shanghai)
	trip := Request{ID: 1, Requester: "U0FGWHEAD", Approver: "U0VMLI", CreatedAt: filedAt,
		Period: Period{Start: time.Date(2026, 12, 3, 0, 0, 0, 0, Shanghai), End: time.Date(2026, 12, 5, 0, 0, 0, 0, Shanghai)}}
	in := func(s State) Request { r := trip; r.State = s; return r }
	later := filedAt.Add(time.Hour)
	tests := []struct {
		name string
		move func() (Request, error)
		want State
		err  error
	}{
		{"approve", func() (Request, error) { return in(Pending).Decide("U0VMLI", true, "", later) }, Approved, nil},
		{"reject", func() (Request, error) { return in(Pending).Decide("U0VMLI", false, "时间冲突", later) }, Rejected, nil},
		{"decide twice", func() (Request, error) { return in(Approved).Decide("U0VMLI", false, "x", later) }, Approved, ErrNotInState},
		{"withdraw", func() (Request, error) { return in(Pending).Withdraw("U0FGWHEAD", later) }, Withdrawn, nil},
		{"withdraw someone else's", func() (Request, error) { return in(Pending).Withdraw("U0VMLI", later) }, Pending, ErrNotRequester},
		{"withdraw approved", func() (Request, error) { return in(Approved).Withdraw("U0FGWHEAD", later) }, Approved, ErrNotInState},
		{"revoke", func() (Request, error) { return in(Approved).Revoke("U0FGWHEAD", "会议改期", later) }, Revoked, nil},
		{"revoke pending", func() (Request, error) { return in(Pending).Revoke("U0FGWHEAD", "", later) }, Pending, ErrNotInState},
		{"revoke someone else's", func() (Request, error) { return in(Approved).Revoke("U0VMLI", "", later) }, Approved, ErrNotRequester},
		{"revoke after the leave", func() (Request, error) {
			return in(Approved).Revoke("U0FGWHEAD", "", time.Date(2026, 12, 6, 0, 0, 0, 0, Shanghai))
		}, Approved, ErrEnded},
	}
	for _, tt := range tests {
		r, err := tt.move()
		if !errors.Is(err, tt.err) || r.State != tt.want {
			t.Errorf("%s: state %s, err %v; want %s, %v", tt.name, r.State, err, tt.want, tt.err)
		}
	}
}

func TestAPendingRequestExpiresOnceItsLeaveHasBegun(t *testing.T) {
	t.Parallel()
	day := func(d int, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, Shanghai) }
	tests := []struct {
		name    string
		filed   time.Time
		now     time.Time
		state   State
		expires bool
	}{
		{"before the start", day(1, 10), day(2, 23), Pending, false},
		{"the start has passed", day(1, 10), day(3, 0).Add(time.Minute), Pending, true},
		{"filed on its first day: that day", day(3, 8), day(3, 20), Pending, false},
		{"filed on its first day: the day after", day(3, 8), day(4, 0).Add(time.Minute), Pending, true},
		{"decided", day(1, 10), day(4, 0), Approved, false},
	}
	for _, tt := range tests {
		r := Request{State: tt.state, CreatedAt: tt.filed, Period: Period{Start: day(3, 0), End: day(5, 0)}}
		got, ok := r.Expire(tt.now)
		if ok != tt.expires || (ok && (got.State != Expired || got.DecidedAt == nil)) {
			t.Errorf("%s: expired %v, %+v", tt.name, ok, got)
		}
	}
}
