// Package storagetest opens real databases for tests: a SQLite file in
// t.TempDir(), and, when OFFICEBOT_TEST_POSTGRES holds a URL, a fresh schema
// on that PostgreSQL server.
package storagetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"officebot/storage"
)

// PostgresEnv names the variable that holds the test PostgreSQL URL.
const PostgresEnv = "OFFICEBOT_TEST_POSTGRES"

// SQLite opens a migrated SQLite database in a temporary directory.
func SQLite(t testing.TB) *storage.Store {
	t.Helper()
	return open(t, "sqlite:"+filepath.Join(t.TempDir(), "officebot.db"))
}

// PostgresDSN returns the DSN of a fresh, empty schema on the test server,
// dropped when the test ends; it skips the test when no server is configured.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("%s is not set: skipping the PostgreSQL run (set it to e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", PostgresEnv)
	}
	schema := fmt.Sprintf("t_%d", rand.Uint64())
	admin, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("connect to %s: %v", PostgresEnv, err)
	}
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		if db, err := admin.DB(); err == nil {
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Postgres opens a migrated store on a fresh schema of the test server, or
// skips the test when none is configured.
func Postgres(t testing.TB) *storage.Store {
	t.Helper()
	return open(t, PostgresDSN(t))
}

func open(t testing.TB, dsn string) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Each runs f as a subtest on SQLite and on PostgreSQL (skipped with a
// message when OFFICEBOT_TEST_POSTGRES is unset).
func Each(t *testing.T, f func(t *testing.T, s *storage.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, Postgres(t)) })
}
