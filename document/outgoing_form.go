package document

import (
	"strings"

	"officebot/text"
)

// DraftFields reads the /doc draft form: each value by the name of its
// field in the text form (名义, 标题, 文种, 重大, 涉及, 会签, 签发, 市长签署,
// 密级, 缓急, 重复说明), read alone, so a title that happens to contain
// 会签： stays a title. Empty values are fields left out. Every field not
// understood is returned by its part, with the issuer, title and 文种
// required as in the text.
func DraftFields(fields map[string]string) (DraftText, map[DraftPart]error) {
	var d DraftText
	errs := map[DraftPart]error{}
	for key, part := range draftKeys {
		val := strings.TrimSpace(strings.ToValidUTF8(fields[key], ""))
		if part != DraftPartTitle && part != DraftPartRepeat {
			val = text.HalfWidth(val) // a title keeps its full-width forms as typed
		}
		if val == "" {
			continue
		}
		if len(val) > MaxDraftText {
			errs[part] = ErrDraftTooLong
			continue
		}
		if err := d.set(key, val); err != nil {
			errs[part] = err
		}
	}
	if _, bad := errs[DraftPartIssuer]; !bad && !d.Issuer.Valid() {
		errs[DraftPartIssuer] = ErrNoIssuer
	}
	if _, bad := errs[DraftPartTitle]; !bad && d.Title == "" {
		errs[DraftPartTitle] = ErrNoTitle
	}
	if _, bad := errs[DraftPartKind]; !bad && d.Kind == "" {
		errs[DraftPartKind] = ErrBadDocKind
	}
	return d, errs
}
