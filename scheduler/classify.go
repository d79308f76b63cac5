package scheduler

import (
	"context"
	"errors"
	"io"
	"net"
	"time"
)

type errKind int

const (
	errUnknown     errKind = iota // retried up to MaxAttempts
	errTransient                  // 5xx, network: retried with backoff, forever
	errRateLimited                // 429: retried after the given delay
	errPermanent                  // failed at once
)

type classified struct {
	kind  errKind
	after time.Duration
}

// classify decides what a send error means (see Sender).
func classify(err error) classified {
	var perm *PermanentError
	if errors.As(err, &perm) {
		return classified{kind: errPermanent}
	}
	var ra RetryAfterError
	if errors.As(err, &ra) {
		return classified{kind: errRateLimited, after: max(ra.RetryAfterDuration(), time.Second)}
	}
	var r interface{ Retryable() bool }
	if errors.As(err, &r) {
		if !r.Retryable() {
			return classified{kind: errPermanent}
		}
		return classified{kind: errTransient}
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return classified{kind: errTransient}
	}
	return classified{kind: errUnknown}
}
