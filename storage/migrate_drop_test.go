package storage_test

import (
	"context"
	"path/filepath"
	"testing"

	"officebot/storage"
	"officebot/storage/storagetest"
)

// TestMigrationDropsIndexesNothingNeeds: a database migrated by an earlier
// version has idx_outbox_conv (a prefix of idx_outbox_head) and
// idx_reminders_item (read by no query); opening it drops both, so a
// reminder pass writes two B-trees fewer per reminder (issue 15), and
// opening it again is harmless.
func TestMigrationDropsIndexesNothingNeeds(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			var dsn string
			if db == "sqlite" {
				dsn = "sqlite:" + filepath.Join(t.TempDir(), "officebot.db")
			} else {
				dsn = storagetest.PostgresDSN(t)
			}
			open := func() *storage.Store {
				s, err := storage.Open(context.Background(), dsn, nil)
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			s := open()
			for _, q := range []string{
				"CREATE INDEX idx_outbox_conv ON outbox_messages (conversation)",
				"CREATE INDEX idx_reminders_item ON reminders (item)",
			} {
				if err := s.DB.Exec(q).Error; err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if !s.DB.Migrator().HasIndex(&storage.OutboxMessage{}, "idx_outbox_conv") {
				t.Fatal("setup: idx_outbox_conv not created")
			}
			s.Close()
			for range 2 {
				s = open()
				if s.DB.Migrator().HasIndex(&storage.OutboxMessage{}, "idx_outbox_conv") {
					t.Error("idx_outbox_conv still there after migration")
				}
				if s.DB.Migrator().HasIndex(&storage.Reminder{}, "idx_reminders_item") {
					t.Error("idx_reminders_item still there after migration")
				}
				if !s.DB.Migrator().HasIndex(&storage.OutboxMessage{}, "idx_outbox_head") {
					t.Error("idx_outbox_head dropped")
				}
				s.Close()
			}
		})
	}
}
