package document

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"officebot/text"
)

// Register is the registry a number belongs to: the characters before the
// year (昆政办收 for documents the office receives; the outgoing registries
// 昆政发 and 昆政办发 are registers too). Each register has its own gap-free
// sequence per year.
type Register string

// IncomingRegister numbers the documents the government office registers
// (Art. 49: 公文审批由市政府办公室统一登记).
const IncomingRegister Register = "昆政办收"

// Sequence is the name of the register's number sequence in storage.
func (r Register) Sequence() string { return "doc:" + string(r) }

// Number is a registration number, e.g. 昆政办收〔2026〕17号.
type Number struct {
	Register Register
	Year     int
	N        int64
}

// IsZero reports whether the number is unset (a document not registered).
func (n Number) IsZero() bool { return n.N == 0 }

// String formats the number as documents print it: 昆政办收〔2026〕17号.
func (n Number) String() string {
	if n.IsZero() {
		return ""
	}
	return fmt.Sprintf("%s〔%d〕%d号", n.Register, n.Year, n.N)
}

// numberRe reads a number with any of the brackets people type for 〔〕:
// 〔2026〕, [2026], 【2026】, (2026), （2026）, and 号 optional.
var numberRe = regexp.MustCompile(`^(\p{Han}{2,8})\s*[〔\[【(（]\s*(\d{4})\s*[〕\]】)）]\s*第?\s*(\d{1,9})\s*号?$`)

// ParseNumber reads a registration number of any register. It does not
// check that the register exists: a lookup by number finds nothing for a
// register nobody numbers in.
func ParseNumber(s string) (Number, bool) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 40 {
		return Number{}, false
	}
	// Full-width digits as an input method types them; the brackets stay.
	s = strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return '0' + (r - '０')
		}
		return r
	}, s)
	m := numberRe.FindStringSubmatch(s)
	if m == nil {
		return Number{}, false
	}
	year, _ := strconv.Atoi(m[2])
	n, err := strconv.ParseInt(m[3], 10, 64)
	if err != nil || n <= 0 || year < 1900 {
		return Number{}, false
	}
	return Number{Register: Register(m[1]), Year: year, N: n}, true
}

// Key returns a document's short ID: D8. Incoming and outgoing documents
// share the D sequence.
func Key(id uint64) string { return "D" + strconv.FormatUint(id, 10) }

// ParseKey reads a short ID with or without its letter ("D8", "d8", "8"),
// also as a full-width input method types it (Ｄ８).
func ParseKey(s string) (uint64, bool) {
	s = strings.TrimSpace(text.HalfWidth(s))
	if len(s) > 0 && (s[0] == 'D' || s[0] == 'd') {
		s = s[1:]
	}
	id, err := strconv.ParseUint(s, 10, 64)
	return id, err == nil && id > 0
}
