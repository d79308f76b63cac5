// Package storage keeps officebot's state with GORM: SQLite by default,
// PostgreSQL to scale out. It adapts the domain packages to the database:
// rows live in one file per idea and map to the domain's types, and every
// query and transaction is a named operation of Tx.
package storage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"officebot/dates"
	"officebot/directory"
)

// Store is an open database.
type Store struct {
	DB      *gorm.DB
	Dialect string // "sqlite" or "postgres"
	// Location is the office's zone (OFFICEBOT_TZ) that leave dates are
	// calendar days in; nil means Asia/Shanghai. Set it before use.
	Location *time.Location
	dsn      string

	orgMu sync.Mutex
	org   *directory.Org // the directory last read, see Org
	orgFP orgFingerprint
	orgAt time.Time // when the fingerprint was last checked, see Org

	// group, on SQLite, runs the transactions one at a time and commits
	// those queued together in one (group.go).
	group   *txGroup
	records *recorder   // the group commit of delivery records, recorder.go
	stmts   *statements // the hot path's prepared statements, prepared.go
}

// models are the tables Open migrates, one model per row type. A new table
// is a new model here.
func models() []any {
	return []any{
		&ApprovalStep{}, &PendingStepCount{},
		&AuditEntry{},
		&CalendarOverride{}, &CalendarYear{},
		&Entrustment{},
		&Document{}, &DocumentExtension{}, &OutgoingDoc{}, &HandlingDocCount{},
		&Person{}, &Department{}, &Channel{},
		&LeaveRequest{},
		&Meeting{}, &MeetingAttendee{}, &MeetingApplication{}, &MeetingMinutes{}, &ActionItem{}, &ActionReport{},
		&OutboxMessage{}, &SlackThread{},
		&Reminder{},
		&Rulebook{},
		&Sequence{},
		&SlackDelivery{},
		&CalendarToken{},
	}
}

// ErrUnsupportedDB is returned by Open for a URL of a database other than
// PostgreSQL (mysql://…): it is not taken for a SQLite file name.
var ErrUnsupportedDB = errors.New("open database: unsupported database URL")

// Open opens the database named by OFFICEBOT_DB's syntax: a postgres:// or
// postgresql:// URL, "sqlite:PATH", or a plain file path. It migrates the
// schema before returning.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	if dsn == "" {
		dsn = "officebot.db"
	}
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		TranslateError:         true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
	var (
		db      *gorm.DB
		err     error
		dialect string
	)
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		dialect = "postgres"
		db, err = gorm.Open(postgres.Open(dsn), cfg)
	case strings.Contains(dsn, "://") && !strings.HasPrefix(dsn, "sqlite:") && !strings.HasPrefix(dsn, "file:"):
		scheme, _, _ := strings.Cut(dsn, "://")
		return nil, fmt.Errorf("%w: %s://", ErrUnsupportedDB, scheme)
	default:
		dialect = "sqlite"
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, fmt.Errorf("open database: empty sqlite path in %q", dsn)
		}
		// Immediate transactions take the write lock at BEGIN, so concurrent
		// writers wait on the busy timeout instead of failing on lock upgrade.
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		// Not GORM's PrepareStmt: its cache closes a statement it evicts (or
		// that is a day old) asynchronously, while another request may be
		// about to run it ("sql: statement is closed"). The hot path's
		// statements are prepared once per store instead (prepared.go); pgx
		// caches GORM's statements per connection on PostgreSQL.
		db, err = gorm.Open(sqlite.Open(path+sep+"_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_txlock=immediate&_synchronous=NORMAL"), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	conns := poolSize(dialect)
	sqlDB.SetMaxOpenConns(conns)
	// Idle connections are kept (database/sql keeps 2 by default): under
	// load a PostgreSQL connection closed and opened again costs a backend
	// start per request.
	sqlDB.SetMaxIdleConns(conns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("reach %s database: %w", dialect, err)
	}
	s := &Store{DB: db, Dialect: dialect, dsn: dsn}
	s.records = newRecorder(s)
	if dialect == "sqlite" {
		s.group = newTxGroup(s)
	}
	if err := s.migrate(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if s.stmts, err = prepareStatements(ctx, sqlDB, dialect); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	if log != nil {
		log.Debug("database open", "dialect", dialect)
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	ms := models()
	db := s.DB.WithContext(ctx)
	if s.Dialect == "postgres" {
		// Two replicas starting together must not race on CREATE TABLE.
		return db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(7215001)").Error; err != nil {
				return fmt.Errorf("migrate: lock: %w", err)
			}
			if err := tx.AutoMigrate(ms...); err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			if err := dropReplaced(tx); err != nil {
				return err
			}
			if err := tx.Exec(leaveFilingFunction).Error; err != nil {
				return fmt.Errorf("migrate: leave_filing_id: %w", err)
			}
			return installCounts(tx, s.Dialect)
		})
	}
	if err := db.AutoMigrate(ms...); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := dropReplaced(db); err != nil {
		return err
	}
	return installCounts(db, s.Dialect)
}

// dropReplaced drops the indexes a wider one replaced or nothing reads:
// idx_leave_requester_state (requester, state) is a prefix of
// idx_leave_requester_open (requester, state, end_date), which serves the
// overlap check (OpenLeaveOf) from the index alone; idx_outbox_conv
// (conversation) is a prefix of idx_outbox_head (conversation, state, id);
// idx_reminders_item was read by no query; idx_documents_handling_dept
// (handling_dept) is a prefix of idx_doc_dept_due. Each index dropped is
// one B-tree fewer to write per reminder a pass queues, or per document
// change (issue 15).
func dropReplaced(db *gorm.DB) error {
	m := db.Migrator()
	for _, d := range []struct {
		model any
		index string
	}{
		{&LeaveRequest{}, "idx_leave_requester_state"},
		{&OutboxMessage{}, "idx_outbox_conv"},
		{&Reminder{}, "idx_reminders_item"},
		{&Document{}, "idx_documents_handling_dept"},
	} {
		if m.HasIndex(d.model, d.index) {
			if err := m.DropIndex(d.model, d.index); err != nil {
				return fmt.Errorf("migrate: drop %s: %w", d.index, err)
			}
		}
	}
	return nil
}

// poolSize is how many connections a store opens at most. PostgreSQL: four
// per CPU this process may use (a request waits on the database most of
// its time, so more connections than CPUs keep the CPUs busy), between 8
// and 32, well under PostgreSQL's default max_connections (100) with a few
// replicas. SQLite: one transaction writes at a time (inTx), the others
// read concurrently in WAL mode, one per CPU and a few more.
func poolSize(dialect string) int {
	n := runtime.GOMAXPROCS(0)
	if dialect == "postgres" {
		return min(max(4*n, 8), 32)
	}
	return min(max(n+4, 6), 16)
}

// Close closes the database, after the group commit in flight.
func (s *Store) Close() error {
	if s.records != nil {
		s.records.close() // its last batch is a transaction: before the group stops
	}
	if s.group != nil {
		s.group.close()
	}
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return errors.Join(s.stmts.close(), sqlDB.Close())
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Zone returns the office's zone: Location, or Asia/Shanghai when unset.
func (s *Store) Zone() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	return dates.Shanghai
}
