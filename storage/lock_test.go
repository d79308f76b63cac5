package storage_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"officebot/storage"
)

func TestASecondProcessIsRefusedOnTheSameSQLiteFile(t *testing.T) {
	path := "sqlite:" + filepath.Join(t.TempDir(), "officebot.db")
	ctx := context.Background()
	a, err := storage.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := storage.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	unlock, err := a.LockSingleProcess()
	if err != nil {
		t.Fatalf("first lock: %v", err)
	}
	if _, err := b.LockSingleProcess(); !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("second lock: %v, want ErrLocked", err)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	unlock, err = b.LockSingleProcess()
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	unlock()
}
