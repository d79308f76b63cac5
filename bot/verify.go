package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
)

const (
	// MaxBody is the largest request body the Slack endpoints read.
	MaxBody = 1 << 20
	// MaxSkew is how far a request's timestamp may be from now: older
	// requests are replays.
	MaxSkew = 5 * time.Minute
)

var (
	errBadSignature = errors.New("bad signature")
	errStale        = errors.New("stale timestamp")
	errTooLarge     = errors.New("body too large")
)

// Sign returns the X-Slack-Signature of body sent at ts (Unix seconds), as
// Slack computes it: v0= and the hex HMAC-SHA256 of "v0:ts:body".
func Sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// verify reads the body of a Slack request (at most MaxBody bytes) and checks
// its timestamp against now and its signature against secret, in constant
// time.
func verify(r *http.Request, secret string, now time.Time) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxBody {
		return nil, errTooLarge
	}
	ts := r.Header.Get("X-Slack-Request-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return nil, errBadSignature
	}
	if d := now.Sub(time.Unix(sec, 0)); d > MaxSkew || d < -MaxSkew {
		return nil, errStale
	}
	want := Sign(secret, ts, body)
	if !hmac.Equal([]byte(want), []byte(r.Header.Get("X-Slack-Signature"))) {
		return nil, errBadSignature
	}
	return body, nil
}
