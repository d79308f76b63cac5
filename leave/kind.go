package leave

import (
	"officebot/msg"
	"slices"
	"strings"
)

// Kind is the kind of absence Art. 57 ¶1 lists. Its value is a stable key for
// storage; Label gives the Chinese name.
type Kind string

// The kinds of Art. 57 ¶1.
const (
	Visit        Kind = "visit"         // 出访
	Inspection   Kind = "inspection"    // 考察
	BusinessTrip Kind = "business_trip" // 出差
	Private      Kind = "private"       // 因私外出
	Holiday      Kind = "holiday"       // 休假
)

// Kinds lists every kind in the order Art. 57 names them.
var Kinds = []Kind{Visit, Inspection, BusinessTrip, Private, Holiday}

// kindAliases are other words officials use for a kind, longest first where
// one is a prefix of another.
var kindAliases = []struct {
	word string
	kind Kind
}{
	{"因私外出", Private},
	{"私事外出", Private},
	{"因私出国", Private},
	{"年休假", Holiday},
	{"休年假", Holiday},
	{"出访", Visit},
	{"出国", Visit},
	{"出境", Visit},
	{"考察", Inspection},
	{"调研", Inspection},
	{"出差", BusinessTrip},
	{"公干", BusinessTrip},
	{"事假", Private},
	{"休假", Holiday},
	{"年假", Holiday},
	{"探亲", Holiday},
}

// Label returns the Chinese name of the kind, or "" for an unknown kind.
func (k Kind) Label() string {
	if !k.Valid() {
		return ""
	}
	return msg.T("leave.kind." + string(k))
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// String returns the Chinese label, or the raw value for an unknown kind.
func (k Kind) String() string {
	if l := k.Label(); l != "" {
		return l
	}
	return string(k)
}

// ParseKind recognises a kind by its key ("business_trip"), its label
// ("出差") or a common synonym (出国 → 出访, 年假 → 休假).
func ParseKind(s string) (Kind, bool) {
	s = strings.TrimSpace(s)
	if k := Kind(s); k.Valid() {
		return k, true
	}
	for _, a := range kindAliases {
		if s == a.word {
			return a.kind, true
		}
	}
	return "", false
}

// cutKind takes a kind word off the start of s.
func cutKind(s string) (Kind, string, bool) {
	for _, a := range kindAliases {
		if rest, ok := strings.CutPrefix(s, a.word); ok {
			return a.kind, rest, true
		}
	}
	for _, k := range Kinds {
		if rest, ok := strings.CutPrefix(s, string(k)); ok && (rest == "" || rest[0] == ' ') {
			return k, rest, true
		}
	}
	return "", s, false
}
