package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// A run where every request failed reports it and fails, instead of
// panicking on the empty latency list (issue 11 item 20).
func TestReportWhenEveryRequestFailed(t *testing.T) {
	var out bytes.Buffer
	err := report(&out, "target 200 req/s for 20s", nil, 57, 3*time.Second)
	if err == nil || !strings.Contains(err.Error(), "all 57 requests failed") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(out.String(), "ok 0, failed 57") {
		t.Fatalf("output %q", out.String())
	}
}

func TestReportPercentiles(t *testing.T) {
	var out bytes.Buffer
	lat := []time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond}
	if err := report(&out, "target 200 req/s for 1s", lat, 1, time.Second); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "p50 2ms") || !strings.Contains(out.String(), "max 3ms") {
		t.Fatalf("output %q", out.String())
	}
}
