package handlers

import (
	"context"
	"testing"
	"time"

	"officebot/calendar"
	"officebot/clock"
	"officebot/directory"
	"officebot/storage"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// newService returns a service on store with the demo organisation and a
// fake clock at 2026-11-26 10:00 in Shanghai.
func newService(t *testing.T, store *storage.Store) (*Service, *clock.Fake) {
	t.Helper()
	org, err := directory.ParseOrg(directory.DemoYAML())
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 11, 26, 10, 0, 0, 0, shanghai))
	if _, err := store.ImportOrg(context.Background(), org, "test", clk.Now()); err != nil {
		t.Fatal(err)
	}
	s := New(Deps{Store: store, Clock: clk, Calendar: calendar.New(shanghai, nil), Errors: ApprovalErrors()}, Meeting())
	return s, clk
}
