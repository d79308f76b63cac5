package storage

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
)

// ErrLocked reports that another process serves the same SQLite database.
var ErrLocked = errors.New("storage: another officebot process is serving this SQLite database")

// LockSingleProcess makes sure this is the only process serving a SQLite
// database: SQLite is for one process (its outbox claims and reminder keys
// are safe within one process; replicas need PostgreSQL). It takes an
// exclusive flock on PATH.lock, held until the returned function is called
// or the process exits (the kernel drops the lock of a killed process, so a
// crash never leaves a stale lock). On PostgreSQL it does nothing.
func (s *Store) LockSingleProcess() (unlock func() error, err error) {
	if s.Dialect != "sqlite" {
		return func() error { return nil }, nil
	}
	path := strings.TrimPrefix(s.dsn, "sqlite:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (%s.lock)", ErrLocked, path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	return func() error {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return f.Close()
	}, nil
}
