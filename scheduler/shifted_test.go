package scheduler

import (
	"testing"
	"time"

	"github.com/robfig/cron/v3"
)

// With OFFICEBOT_CLOCK a day or an hour away from real time, a job fires
// when the process clock reaches its time, not when real time does.
func TestShiftedScheduleFiresAtTheProcessClocksInstants(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	digest, err := cron.ParseStandard("0 9 * * *")
	if err != nil {
		t.Fatal(err)
	}
	real := time.Date(2026, 11, 26, 7, 30, 0, 0, loc)
	tests := []struct {
		name  string
		delta time.Duration
		want  time.Time // real instant of the next run
	}{
		{"real time", 0, time.Date(2026, 11, 26, 9, 0, 0, 0, loc)},
		{"clock an hour ahead: 09:00 on it is 08:00 real", time.Hour, time.Date(2026, 11, 26, 8, 0, 0, 0, loc)},
		{"clock 90 minutes ahead: 09:00 on it is now", 90 * time.Minute, time.Date(2026, 11, 27, 7, 30, 0, 0, loc)},
		{"clock a week behind", -7 * 24 * time.Hour, time.Date(2026, 11, 26, 9, 0, 0, 0, loc)},
		{"clock 3 hours behind: 09:00 on it is 12:00 real", -3 * time.Hour, time.Date(2026, 11, 26, 12, 0, 0, 0, loc)},
	}
	for _, tt := range tests {
		if got := (shifted{digest, tt.delta}).Next(real); !got.Equal(tt.want) {
			t.Errorf("%s: next run at %s, want %s", tt.name, got, tt.want)
		}
	}
}
