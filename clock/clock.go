// Package clock gives domain code the time without calling time.Now, so
// tests and demos control it.
package clock

import (
	"sync"
	"time"
)

// Clock tells the current instant.
type Clock interface {
	Now() time.Time
}

// System is the real clock.
type System struct{}

// Now returns time.Now().
func (System) Now() time.Time { return time.Now() }

// Offset is a clock that runs at real speed from a chosen start instant
// (OFFICEBOT_CLOCK).
type Offset struct {
	delta time.Duration
}

// StartingAt returns a clock that reads start now and advances in real time.
func StartingAt(start time.Time) *Offset {
	return &Offset{delta: time.Until(start)}
}

// Now returns the shifted time.
func (o *Offset) Now() time.Time { return time.Now().Add(o.delta) }

// Offset is how far the clock reads ahead of real time (negative: behind),
// so timers that run on real time can fire at the clock's instants.
func (o *Offset) Offset() time.Duration { return o.delta }

// Fake is a clock that only moves when told to. Its zero value reads the zero
// time; it is safe for concurrent use.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// NewFake returns a fake clock reading t.
func NewFake(t time.Time) *Fake { return &Fake{now: t} }

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Set moves the clock to t.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	f.now = t
	f.mu.Unlock()
}

// Advance moves the clock forward by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}
