package handlers

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"officebot/msg"
	"officebot/storage"
)

// FeedPath is where serve answers calendar subscriptions:
// FeedPath+TOKEN+".ics" (SPEC §3 HTTP).
const FeedPath = "/calendar/"

// feedHintLen is how much of a token App Home shows.
const feedHintLen = 4

// FeedTokenHash is what is stored of a calendar token: its SHA-256, so the
// database alone never lets anyone read a feed.
func FeedTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// FeedAddress is the subscription address of a token (or of a hint, with
// … for the rest): the public URL (OFFICEBOT_PUBLIC_URL) followed by
// /calendar/TOKEN.ics, or only the path when the public URL is not set
// (ok false: the person cannot subscribe with it as it is).
func (s *Service) FeedAddress(token string) (string, bool) {
	path := FeedPath + token + ".ics"
	if s.PublicURL == "" {
		return path, false
	}
	return strings.TrimRight(s.PublicURL, "/") + path, true
}

// IssueCalendarFeed gives the person a new private subscription address,
// revoking the one before (the 重置 of App Home, /office calendar reset,
// /meeting calendar): a random 256-bit token, returned once and stored
// only as its hash, audited. It returns the new token.
func IssueCalendarFeed(ctx context.Context, c *Call) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	err := c.Store.Tx(ctx, func(tx *storage.Tx) error {
		if err := tx.SetCalendarToken(c.Me.SlackID, FeedTokenHash(token), token[:feedHintLen], c.Now); err != nil {
			return err
		}
		return tx.Audit(c.Now, c.Me.SlackID, "calendar.issue", "calendar:"+c.Me.SlackID, nil, nil)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RevokeCalendarFeed removes the person's subscription address, audited;
// it reports whether there was one.
func RevokeCalendarFeed(ctx context.Context, c *Call) (bool, error) {
	var had bool
	err := c.Store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if had, err = tx.RevokeCalendarToken(c.Me.SlackID); err != nil || !had {
			return err
		}
		return tx.Audit(c.Now, c.Me.SlackID, "calendar.revoke", "calendar:"+c.Me.SlackID, nil, nil)
	})
	return had, err
}

// FeedIssued is the reply that shows a new subscription address, the only
// time it is shown; without a public URL it says what is missing.
func (s *Service) FeedIssued(token string) Response {
	addr, ok := s.FeedAddress(token)
	text := msg.T("calendar.feed_issued", addr)
	if !ok {
		text += "\n" + msg.T("calendar.feed_no_public_url")
	}
	return Reply(text)
}

// FeedRevoked is the reply to a revocation; had says whether there was an
// address to revoke.
func FeedRevoked(had bool) Response {
	if !had {
		return Reply(msg.T("calendar.feed_none"))
	}
	return Reply(msg.T("calendar.feed_revoked"))
}
