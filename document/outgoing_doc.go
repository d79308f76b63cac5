package document

import (
	"time"

	"officebot/chat"
)

// Outgoing is an outgoing document (发文), short ID D8 (shared with
// incoming documents): the draft, the row of the table it follows, its
// chain, and once signed its number.
type Outgoing struct {
	ID uint64
	Draft
	Condition Condition
	Article   string // the row's article, shown with the chain
	Chain     Chain
	Number    Number // zero until the last signature
	Links     []string
	Files     []chat.File // the current version's draft file(s)
	// Art. 53: the earlier document the title repeats, and the drafter's
	// reason to go on.
	RepeatOf     string
	RepeatReason string
	SheetFile    string // the Slack file ID of the uploaded 发文稿纸
	SignedAt     *time.Time
	CreatedAt    time.Time
	// Version grows with every change; storage writes a change only if the
	// stored version is still the one read.
	Version int
}

// Key returns the document's short ID: D8.
func (o Outgoing) Key() string { return Key(o.ID) }

// NewOutgoing starts an outgoing document: the draft's chain planned from
// the directory, its first stage open.
func NewOutgoing(d Draft, p Plan, now time.Time) Outgoing {
	return Outgoing{Draft: d, Condition: p.Row.Condition, Article: p.Row.Article, Chain: NewChain(p, d.Drafter),
		CreatedAt: now.UTC()}
}
