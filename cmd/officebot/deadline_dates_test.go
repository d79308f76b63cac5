package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDeadlineFromTakesNaturalDates(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	env["OFFICEBOT_CLOCK"] = "2026-09-18T10:00:00+08:00" // Friday, before 中秋 and 国庆
	for _, c := range []struct{ from, wantFrom, due string }{
		// 10-10 is a 调休 Saturday: it counts.
		{"国庆节后第一个工作日", "2026-10-08", "2026-10-20"},
		{"下周一", "2026-09-21", "2026-10-10"}, // 中秋 and 国庆 skipped, 10-10 counted
		{"９月２８日", "2026-09-28", "2026-10-15"},
		// A holiday's name is its festival day (10-01); day 1 is 10-08.
		{"国庆节", "2026-10-01", "2026-10-19"},
	} {
		out, errOut, err := runCmd(t, env, "", "deadline", "--category", "joint", "--from", c.from, "--json")
		if err != nil {
			t.Fatalf("%s: %v %s", c.from, err, errOut)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("bad JSON %q", out)
		}
		if got["from"] != c.wantFrom || got["due"] != c.due {
			t.Errorf("--from %s = %v, want from %s due %s", c.from, got, c.wantFrom, c.due)
		}
	}
	_, errOut, err := runCmd(t, env, "", "deadline", "--category", "joint", "--from", "周五")
	if err == nil || !strings.Contains(errOut, "2026-09-18（星期五）") || !strings.Contains(errOut, "2026-09-25（星期五）") {
		t.Fatalf("周五 on a Friday: %v %q", err, errOut)
	}
	_, errOut, err = runCmd(t, env, "", "deadline", "--category", "joint", "--from", "下周")
	if err == nil || !strings.Contains(errOut, "2026-09-21（星期一）") {
		t.Fatalf("下周: %v %q", err, errOut)
	}
}
