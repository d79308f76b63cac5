package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"

	"github.com/slack-go/slack"
)

// MaxBody is the largest request body the Slack endpoints read.
const MaxBody = 1 << 20

var (
	errBadSignature = errors.New("bad signature")
	errStale        = errors.New("stale timestamp")
	errTooLarge     = errors.New("body too large")
)

// Sign returns the X-Slack-Signature of body sent at ts (Unix seconds), as
// Slack computes it: v0= and the hex HMAC-SHA256 of "v0:ts:body". The bot
// checks signatures with slack-go's verifier; Sign is for the tests and
// bot/slacktest, which sign requests as Slack does.
func Sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// verify reads the body of a Slack request (at most MaxBody bytes) and
// checks it with slack-go's SecretsVerifier: the timestamp within five
// minutes of now (real time: errStale otherwise) and the signature of the
// timestamp and body, compared in constant time.
func verify(r *http.Request, secret string) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxBody {
		return nil, errTooLarge
	}
	sv, err := slack.NewSecretsVerifier(r.Header, secret)
	switch {
	case errors.Is(err, slack.ErrExpiredTimestamp):
		return nil, errStale
	case err != nil:
		return nil, errBadSignature
	}
	if _, err := sv.Write(body); err != nil {
		return nil, errBadSignature
	}
	if err := sv.Ensure(); err != nil {
		return nil, errBadSignature
	}
	return body, nil
}
