package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"officebot/calendar"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
	"officebot/text"
)

// A year is known from the holiday data or when an admin marks it complete,
// never from one override (issue 11 item 12).
func TestCalendarYearIsKnownOnlyWhenMarkedComplete(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		loc := time.FixedZone("CST", 8*3600)
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, loc)
		if err := s.SetCalendarOverride(ctx, time.Date(2099, 12, 31, 0, 0, 0, 0, loc), false, "测试", "cli", now); err != nil {
			t.Fatal(err)
		}
		cal, err := s.Calendar(ctx, loc)
		if err != nil {
			t.Fatal(err)
		}
		if cal.KnowsYear(2099) {
			t.Skip("the holiday library knows 2099")
		}
		if cal.IsWorkday(time.Date(2099, 12, 31, 0, 0, 0, 0, loc)) {
			t.Fatal("the override is not applied")
		}
		for i, want := range []bool{true, false} {
			added, err := s.CompleteCalendarYear(ctx, 2099, "cli", now)
			if err != nil || added != want {
				t.Fatalf("complete #%d: %v %v, want %v", i+1, added, err, want)
			}
		}
		if cal, _ = s.Calendar(ctx, loc); !cal.KnowsYear(2099) || cal.KnowsYear(2098) {
			t.Fatalf("after complete: knows 2099 %v, 2098 %v", cal.KnowsYear(2099), cal.KnowsYear(2098))
		}
		var audits int64
		s.DB.Model(&storage.AuditEntry{}).Where("action = ?", "calendar.complete").Count(&audits)
		if audits != 1 {
			t.Fatalf("%d audit entries, want 1", audits)
		}
	})
}

// Free-text limits are checked before writing, so SQLite and PostgreSQL
// refuse the same input the same way (issue 11 item 5).
func TestTooLongTextIsRefusedAlikeOnBothDatabases(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		loc := time.FixedZone("CST", 8*3600)
		day := time.Date(2026, 12, 31, 0, 0, 0, 0, loc)
		err := s.SetCalendarOverride(ctx, day, false, strings.Repeat("调", 100), "cli", day)
		var tl *text.TooLongError
		if !errors.As(err, &tl) || tl.Field != "field.calendar_name" || tl.Max != calendar.MaxNameLen {
			t.Fatalf("a 100-character name: %v", err)
		}
		if cal, _ := s.Calendar(ctx, loc); !cal.IsWorkday(day) {
			t.Fatal("the refused override was written")
		}
		r := leave.Request{Requester: "U0FGWHEAD", Kind: leave.BusinessTrip, Destination: strings.Repeat("上", 300),
			Period: leave.Period{Start: day, End: day}, State: leave.Pending, ReasonCode: leave.ReasonOutsideSuzhou}
		err = s.Tx(ctx, func(tx *storage.Tx) error { _, err := tx.FileLeave(&r); return err })
		if !errors.As(err, &tl) || tl.Field != "field.destination" || tl.Len != 300 {
			t.Fatalf("a 300-character destination: %v", err)
		}
		var n int64
		s.DB.Model(&storage.LeaveRequest{}).Count(&n)
		if n != 0 {
			t.Fatalf("%d leave rows written", n)
		}
	})
}
