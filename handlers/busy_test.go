package handlers_test

import (
	"context"
	"errors"
	"testing"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/msg"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// With the database away, Try reports a request that changed nothing as
// ErrBusy (a transport may run it again), and Handle — the console, reads
// answered in the ack, which record nothing to run again — says that nothing
// was done, not "内部错误".
func TestARequestMeetingADatabaseFaultIsBusyAndChangesNothing(t *testing.T) {
	t.Parallel()
	dsn := storagetest.PostgresDSN(t) // skips without OFFICEBOT_TEST_POSTGRES
	p := storagetest.NewProxy(t, dsn)
	store, err := storage.Open(context.Background(), p.DSN(dsn), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	s := handlerstest.New(t, store, handlerstest.Options{}).Service
	file := handlers.Request{User: "U0FGWHEAD", Command: "leave", Text: "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会"}

	p.Cut()
	ctx := storage.Track(context.Background())
	if resp, err := s.Try(ctx, file); !errors.Is(err, handlers.ErrBusy) || len(resp.Messages) != 0 {
		t.Fatalf("Try: %q, %v; want no answer and ErrBusy", resp.Text(), err)
	}
	if got := s.Handle(context.Background(), file).Text(); got != msg.T("common.busy") {
		t.Fatalf("Handle: %q, want %q", got, msg.T("common.busy"))
	}
	p.Restore()
	var n int64
	if err := store.DB.Table("leave_requests").Count(&n).Error; err != nil || n != 0 {
		t.Fatalf("%d leave requests (%v), want none", n, err)
	}
	// Once the database answers, the same tracked request runs again.
	if resp, err := s.Try(ctx, file); err != nil || resp.Text() == "" {
		t.Fatalf("after the restore: %q, %v", resp.Text(), err)
	}
}
