package storage

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
)

func TestRetryIsDecidedByTheDriversErrorCodeNotItsText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"PostgreSQL serialization failure", &pgconn.PgError{Code: "40001"}, true},
		{"PostgreSQL deadlock, wrapped", fmt.Errorf("file leave: %w", &pgconn.PgError{Code: "40P01"}), true},
		{"PostgreSQL unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"SQLite busy", sqlite3.Error{Code: sqlite3.ErrBusy}, true},
		{"SQLite locked, wrapped", fmt.Errorf("decide: %w", sqlite3.Error{Code: sqlite3.ErrLocked}), true},
		{"SQLite constraint", sqlite3.Error{Code: sqlite3.ErrConstraint}, false},
		{"only the text of a deadlock", errors.New("ERROR: deadlock detected (SQLSTATE 40P01)"), false},
		{"only the text of a busy database", errors.New("database is locked"), false},
	}
	for _, tt := range tests {
		if got := contended(tt.err); got != tt.want {
			t.Errorf("%s: contended = %v, want %v", tt.name, got, tt.want)
		}
	}
}
