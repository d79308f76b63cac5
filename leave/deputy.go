package leave

import (
	"regexp"
	"strings"
	"time"

	"officebot/directory"
	"officebot/text"
)

// NameDeputy records who attends meetings in the requester's place while
// they are away (代为参会; Art. 57 ¶2: 经批准后，应当委派主持工作的副职领导参加):
// by the requester, while the request is pending or approved and before the
// leave ends. CheckDeputy says whether that person may.
func (r Request) NameDeputy(by, deputy string, at time.Time) (Request, error) {
	switch {
	case by != r.Requester:
		return r, ErrNotRequester
	case r.State != Pending && r.State != Approved:
		return r, ErrNotInState
	case !at.Before(r.Period.To()):
		return r, ErrEnded
	}
	r.Deputy = deputy
	return r, nil
}

// The ways a requester names the deputy in a reply of the request's
// thread, the whole reply each time (trailing 。 or ！ allowed):
//
//	代为参会：@钱副主任      (the clause of /leave, also 代会人：钱副主任)
//	由钱副主任代为参会       (also 代会, 代为参加, 代为出席; 由 may be left out)
//	请钱副主任参会           (参会 or 出席 need 由, 请, 委派 or 派 before the name)
var (
	deputyClauseReply = regexp.MustCompile(`^` + deputyRe.String() + `$`)
	deputyByReply     = regexp.MustCompile(`^(?:由|请|委派|派)?\s*(?:<@([A-Za-z0-9]+)(?:\|[^>]*)?>|@?([^\s,，;；。、<>@:：]+?))\s*(?:代为参会|代为参加|代为出席|代会)$`)
	deputySendReply   = regexp.MustCompile(`^(?:由|请|委派|派)\s*(?:<@([A-Za-z0-9]+)(?:\|[^>]*)?>|@?([^\s,，;；。、<>@:：]+?))\s*(?:参会|参加会议|出席)$`)
)

// ParseDeputyReply reads a reply typed in a request's thread that names the
// deputy. It reports false for anything else (conversation); a deputy form
// whose person the directory does not know is a *ParseError
// (ErrUnknownDeputy, the name as Fragment). Mentions are <@U…> as Slack
// sends them.
func ParseDeputyReply(reply string, org *directory.Org) (string, bool, error) {
	t := strings.TrimSpace(normalize(text.HalfWidth(reply)))
	t = strings.TrimRight(t, "。.！! ")
	for _, re := range []*regexp.Regexp{deputyClauseReply, deputyByReply, deputySendReply} {
		m := re.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		if m[1] != "" {
			if org != nil {
				if _, ok := org.Person(m[1]); !ok {
					return "", true, &ParseError{Part: PartDeputy, Fragment: m[1], Err: ErrUnknownDeputy}
				}
			}
			return m[1], true, nil
		}
		if m[2] == "" {
			return "", true, &ParseError{Part: PartDeputy, Err: ErrNoDeputy}
		}
		id, err := deputyNamed(m[2], org)
		return id, true, err
	}
	return "", false, nil
}

// ParsePerson reads the deputy as /leave deputy L3 takes it: a mention
// (<@U…>), an @name or a name of the directory.
func ParsePerson(s string, org *directory.Org) (string, error) {
	s = strings.TrimSpace(s)
	if m := mentionRe.FindStringSubmatch(s); m != nil {
		if _, ok := org.Person(m[1]); !ok {
			return "", &ParseError{Part: PartDeputy, Fragment: m[1], Err: ErrUnknownDeputy}
		}
		return m[1], nil
	}
	if s = strings.TrimPrefix(s, "@"); s == "" {
		return "", &ParseError{Part: PartDeputy, Err: ErrNoDeputy}
	}
	return deputyNamed(s, org)
}

var mentionRe = regexp.MustCompile(`^<@([A-Za-z0-9]+)(?:\|[^>]*)?>$`)
