package text

import (
	"fmt"
	"unicode/utf8"
)

// TooLongError says a free-text field is longer than its limit. Field is
// the message catalogue's key of the field's name (field.destination), so
// the person reads which field and how long it may be.
type TooLongError struct {
	Field string
	Max   int // characters
	Len   int // characters typed
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("%s: %d characters, at most %d", e.Field, e.Len, e.Max)
}

// CheckLen returns a *TooLongError when s has more than max characters
// (runes: 上海 is 2, whatever the database counts). Limits are checked in
// code, before anything is written, so SQLite and PostgreSQL refuse the
// same input with the same message.
func CheckLen(field, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return &TooLongError{Field: field, Max: max, Len: n}
	}
	return nil
}
