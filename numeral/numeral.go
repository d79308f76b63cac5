// Package numeral reads and writes Chinese numerals as regulations number
// their articles and chapters: 第五十七条 ↔ 57.
package numeral

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotANumber is returned by Parse for text that is not a
// Chinese or Arabic numeral in the supported range.
var ErrNotANumber = errors.New("numeral: not a number")

// Max bounds the numerals this package reads and writes: article and
// chapter numbers, never amounts.
const Max = 9999

var digitValue = map[rune]int{
	'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
	// Traditional and financial forms people sometimes type.
	'壹': 1, '贰': 2, '貳': 2, '叁': 3, '參': 3, '肆': 4, '伍': 5, '陆': 6,
	'陸': 6, '柒': 7, '捌': 8, '玖': 9,
}

var unitValue = map[rune]int{'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000}

// Parse reads a number written in Chinese numerals ("五十七",
// "一百零一", "十一", "两百") or in Arabic digits, half- or full-width
// ("57", "５７"), in the range 0..9999. Digit-by-digit forms ("一〇一") are
// accepted too. It returns ErrNotANumber (wrapped) for anything else.
func Parse(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("%w: empty", ErrNotANumber)
	}
	if n, ok := parseArabic(s); ok {
		return n, nil
	}
	runes := []rune(s)
	hasUnit := false
	for _, r := range runes {
		if _, ok := unitValue[r]; ok {
			hasUnit = true
		} else if _, ok := digitValue[r]; !ok {
			return 0, fmt.Errorf("%w: %q", ErrNotANumber, s)
		}
	}
	if !hasUnit {
		// Digit-by-digit: 一〇一 = 101.
		if len(runes) > 4 {
			return 0, fmt.Errorf("%w: %q out of range", ErrNotANumber, s)
		}
		n := 0
		for _, r := range runes {
			n = n*10 + digitValue[r]
		}
		return n, nil
	}
	total, digit := 0, -1
	lastUnit := 10000 // units must strictly decrease: 一百五十, not 五十百
	zeroSeen := false
	for _, r := range runes {
		if d, ok := digitValue[r]; ok {
			if d == 0 {
				if digit >= 0 || zeroSeen || total == 0 {
					return 0, fmt.Errorf("%w: %q: misplaced zero", ErrNotANumber, s)
				}
				zeroSeen = true
				continue
			}
			if digit >= 0 {
				return 0, fmt.Errorf("%w: %q: two digits in a row", ErrNotANumber, s)
			}
			digit = d
			continue
		}
		u := unitValue[r]
		if u >= lastUnit {
			return 0, fmt.Errorf("%w: %q: misplaced unit", ErrNotANumber, s)
		}
		if digit < 0 {
			// A bare 十 means 一十 (十一 = 11), but only at the start.
			if u != 10 || total != 0 || zeroSeen {
				if u == 10 && (total != 0 || zeroSeen) {
					// 一百一十 is the usual form, 一百十 is tolerated.
					digit = 1
				} else {
					return 0, fmt.Errorf("%w: %q: unit without digit", ErrNotANumber, s)
				}
			} else {
				digit = 1
			}
		}
		total += digit * u
		digit = -1
		lastUnit = u
		zeroSeen = false
	}
	if digit >= 0 {
		if zeroSeen || lastUnit == 10 || lastUnit == 10000 {
			total += digit
		} else {
			// Abbreviated forms such as 一百五 (150) are colloquial and
			// ambiguous in article numbers; refuse them.
			return 0, fmt.Errorf("%w: %q: abbreviated numeral", ErrNotANumber, s)
		}
	}
	if total > Max {
		return 0, fmt.Errorf("%w: %q out of range", ErrNotANumber, s)
	}
	return total, nil
}

// parseArabic reads half- or full-width decimal digits.
func parseArabic(s string) (int, bool) {
	n, digits := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
		case r >= '０' && r <= '９':
			n = n*10 + int(r-'０')
		default:
			return 0, false
		}
		digits++
		if digits > 4 {
			return 0, false
		}
	}
	return n, true
}

var digitRunes = []rune("零一二三四五六七八九")

// Chinese writes n (0..9999) in Chinese numerals as legal texts number
// their articles: 57 → "五十七", 10 → "十", 110 → "一百一十", 101 → "一百零一".
// Numbers outside that range are written in Arabic digits.
func Chinese(n int) string {
	if n < 0 || n > Max {
		return fmt.Sprint(n)
	}
	if n == 0 {
		return "零"
	}
	if n >= 10 && n < 20 {
		// 十, 十一 … 十九: the leading 一 is dropped only below twenty.
		if n == 10 {
			return "十"
		}
		return "十" + string(digitRunes[n-10])
	}
	var b strings.Builder
	units := []struct {
		value int
		name  string
	}{{1000, "千"}, {100, "百"}, {10, "十"}, {1, ""}}
	pendingZero := false
	for _, u := range units {
		d := n / u.value % 10
		if d == 0 {
			if b.Len() > 0 {
				pendingZero = true
			}
			continue
		}
		if pendingZero {
			b.WriteRune('零')
			pendingZero = false
		}
		b.WriteRune(digitRunes[d])
		b.WriteString(u.name)
	}
	return b.String()
}
