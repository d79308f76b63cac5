package document

import (
	"errors"
	"regexp"
	"slices"
	"strings"

	"officebot/directory"
	"officebot/text"
)

// DraftText is the text form of /doc draft as typed, before the directory
// resolves the units:
//
//	以市政府名义 标题：关于印发昆山市2027年重点项目计划的通知 文种：通知 重大：否 涉及：发改委,财政局 会签：发改委,财政局
//
// Optional fields: 签发：常务副市长 (Art. 51), 市长签署：人员任免 (Art. 50),
// 密级：秘密, 缓急：特急, 重复说明：… (Art. 53, going on despite a repeat).
type DraftText struct {
	Issuer       Issuer
	Title        string
	Kind         string
	Major        bool
	MayorMatter  MayorMatter
	Areas        []string // unit names as typed
	CoSign       []string
	ByExecutive  bool
	Secrecy      string
	Urgency      string
	RepeatReason string
	Links        []string // links in the text (the draft file, when not attached)
}

// DraftPart names the part of the /doc draft text not understood.
type DraftPart string

// The parts of the /doc draft text.
const (
	DraftPartText        DraftPart = "text" // the whole text, or words outside any field
	DraftPartIssuer      DraftPart = "issuer"
	DraftPartTitle       DraftPart = "title"
	DraftPartKind        DraftPart = "kind"
	DraftPartMajor       DraftPart = "major"
	DraftPartMayorMatter DraftPart = "mayor_matter"
	DraftPartAreas       DraftPart = "areas"
	DraftPartCoSign      DraftPart = "cosign"
	DraftPartSigner      DraftPart = "signer"
	DraftPartSecrecy     DraftPart = "secrecy"
	DraftPartUrgency     DraftPart = "urgency"
	DraftPartRepeat      DraftPart = "repeat" // 重复说明 (Art. 53)
)

// DraftError names the part of the /doc draft text that is wrong and why.
type DraftError struct {
	Part     DraftPart
	Fragment string // what was typed there, when it helps
	Err      error
}

func (e *DraftError) Error() string {
	if e.Fragment != "" {
		return "document: draft " + string(e.Part) + " " + e.Fragment + ": " + e.Err.Error()
	}
	return "document: draft " + string(e.Part) + ": " + e.Err.Error()
}

func (e *DraftError) Unwrap() error { return e.Err }

// Errors of the /doc draft text.
var (
	ErrDraftEmpty     = errors.New("empty")
	ErrDraftTooLong   = errors.New("too long")
	ErrNoIssuer       = errors.New("no issuer (以市政府名义 or 以市政府办公室名义)")
	ErrBadIssuer      = errors.New("an issuer other than 以市政府名义 or 以市政府办公室名义")
	ErrNoTitle        = errors.New("no title")
	ErrBadDocKind     = errors.New("not a document kind (文种)")
	ErrBadYesNo       = errors.New("not 是 or 否")
	ErrBadMayorMatter = errors.New("not a matter Art. 50 names")
	ErrBadSigner      = errors.New("only the mayor or the executive vice mayor signs (Art. 51)")
	ErrBadSecrecy     = errors.New("not a secrecy level")
	ErrBadUrgency     = errors.New("not an urgency")
	ErrDuplicateField = errors.New("field given twice")
	ErrStrayText      = errors.New("text outside any field")
	ErrUnknownUnit    = errors.New("unit not in the directory")
)

// MaxDraftText is the longest /doc draft text read, in bytes.
const MaxDraftText = 4000

// DocKinds are the 文种 of official documents (党政机关公文处理工作条例 第八条).
var DocKinds = []string{"决议", "决定", "命令", "令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "议案", "函", "纪要"}

// Secrecies and Urgencies are the 密级 and 缓急 a draft may carry.
var (
	Secrecies = []string{"绝密", "机密", "秘密"}
	Urgencies = []string{"特急", "加急"}
)

var draftKeys = map[string]DraftPart{
	"标题": DraftPartTitle, "文种": DraftPartKind, "重大": DraftPartMajor, "涉及": DraftPartAreas,
	"会签": DraftPartCoSign, "签发": DraftPartSigner, "市长签署": DraftPartMayorMatter, "密级": DraftPartSecrecy,
	"缓急": DraftPartUrgency, "重复说明": DraftPartRepeat, "名义": DraftPartIssuer,
}

var (
	draftKeyRe  = regexp.MustCompile(`(?:^|\s)(标题|文种|重大|涉及|会签|签发|市长签署|密级|缓急|重复说明|名义)\s*:`)
	draftLinkRe = regexp.MustCompile(`<(https?://[^|>\s]+)(?:\|[^>]*)?>|https?://\S+`)
	listSepRe   = regexp.MustCompile(`[,;、\s]+`)
)

var issuerWords = []struct {
	word   string
	issuer Issuer
}{
	{"以市政府办公室名义", Office}, {"以市政府名义", Government},
	{"市政府办公室", Office}, {"办公室", Office}, {"市政府", Government}, {"政府", Government},
}

var mayorMatterWords = map[string]MayorMatter{
	"是": ImportantDocument, "重要文件": ImportantDocument,
	"报请市委": ReportToSuperiors, "报请上级政府": ReportToSuperiors, "工作汇报": ReportToSuperiors,
	"计划": ReportToSuperiors, "请示": ReportToSuperiors,
	"提请人大": ToCongress, "人大": ToCongress, "提请人大常委会": ToCongress,
	"人员任免": Appointment, "任免": Appointment,
}

// DraftLinks returns the links in a text (Slack's <url|label> or a bare
// URL): the draft file, when it is not attached.
func DraftLinks(s string) []string {
	var out []string
	for _, m := range draftLinkRe.FindAllStringSubmatch(s, -1) {
		link := m[1]
		if link == "" {
			link = m[0]
		}
		out = append(out, link)
	}
	return out
}

// ParseDraft reads the text form of /doc draft. It returns a *DraftError
// naming the first part not understood.
func ParseDraft(s string) (DraftText, error) {
	if len(s) > MaxDraftText {
		return DraftText{}, &DraftError{Part: DraftPartText, Err: ErrDraftTooLong}
	}
	s = strings.TrimSpace(text.HalfWidth(strings.ToValidUTF8(s, "")))
	if s == "" {
		return DraftText{}, &DraftError{Part: DraftPartText, Err: ErrDraftEmpty}
	}
	d := DraftText{Links: DraftLinks(s)}
	s = strings.TrimSpace(draftLinkRe.ReplaceAllString(s, " "))
	for _, w := range issuerWords[:2] {
		if rest, ok := strings.CutPrefix(s, w.word); ok {
			d.Issuer, s = w.issuer, " "+strings.TrimSpace(rest)
			break
		}
	}
	locs := draftKeyRe.FindAllStringSubmatchIndex(s, -1)
	lead := s
	if len(locs) > 0 {
		lead = s[:locs[0][0]]
	}
	if lead = strings.TrimSpace(lead); lead != "" {
		if w, _, _ := strings.Cut(lead, " "); !d.Issuer.Valid() && strings.HasPrefix(w, "以") && strings.HasSuffix(w, "名义") {
			// 以县政府名义: an issuer the rules do not have.
			return DraftText{}, &DraftError{Part: DraftPartIssuer, Fragment: clip(w), Err: ErrBadIssuer}
		}
		return DraftText{}, &DraftError{Part: DraftPartText, Fragment: clip(lead), Err: ErrStrayText}
	}
	seen := map[string]bool{}
	for i, l := range locs {
		key := s[l[2]:l[3]]
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		val := strings.TrimSpace(s[l[1]:end])
		part := draftKeys[key]
		if seen[key] {
			return DraftText{}, &DraftError{Part: part, Fragment: key, Err: ErrDuplicateField}
		}
		seen[key] = true
		if err := d.set(key, val); err != nil {
			return DraftText{}, &DraftError{Part: part, Fragment: clip(val), Err: err}
		}
	}
	if !d.Issuer.Valid() {
		return DraftText{}, &DraftError{Part: DraftPartIssuer, Err: ErrNoIssuer}
	}
	if d.Title == "" {
		return DraftText{}, &DraftError{Part: DraftPartTitle, Err: ErrNoTitle}
	}
	if d.Kind == "" {
		return DraftText{}, &DraftError{Part: DraftPartKind, Err: ErrBadDocKind}
	}
	return d, nil
}

func (d *DraftText) set(key, val string) error {
	switch key {
	case "名义":
		v := strings.TrimSuffix(strings.TrimPrefix(val, "以"), "名义")
		for _, w := range issuerWords[2:] {
			if v == w.word {
				if d.Issuer != "" && d.Issuer != w.issuer {
					return ErrDuplicateField
				}
				d.Issuer = w.issuer
				return nil
			}
		}
		return ErrNoIssuer
	case "标题":
		d.Title = strings.Join(strings.Fields(val), " ")
		if d.Title == "" {
			return ErrNoTitle
		}
	case "文种":
		if !slices.Contains(DocKinds, val) {
			return ErrBadDocKind
		}
		d.Kind = val
	case "重大":
		b, ok := yesNo(val)
		if !ok {
			return ErrBadYesNo
		}
		d.Major = b
	case "市长签署":
		if b, ok := yesNo(val); ok && !b {
			return nil
		}
		m, ok := mayorMatterWords[val]
		if !ok {
			return ErrBadMayorMatter
		}
		d.MayorMatter = m
	case "涉及":
		d.Areas = splitList(val)
	case "会签":
		d.CoSign = splitList(val)
	case "签发":
		switch val {
		case "市长":
			d.ByExecutive = false
		case "常务副市长", "负责常务工作的副市长":
			d.ByExecutive = true
		default:
			return ErrBadSigner
		}
	case "密级":
		if !slices.Contains(Secrecies, val) {
			return ErrBadSecrecy
		}
		d.Secrecy = val
	case "缓急":
		if !slices.Contains(Urgencies, val) {
			return ErrBadUrgency
		}
		d.Urgency = val
	case "重复说明":
		d.RepeatReason = val
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, x := range listSepRe.Split(s, -1) {
		if x != "" && x != "无" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Resolve checks the drafter and finds the units named in the directory.
func (t DraftText) Resolve(org *directory.Org, drafter directory.Person) (Draft, error) {
	if err := MayDraft(drafter, t.Issuer); err != nil {
		return Draft{}, err
	}
	d := Draft{Issuer: t.Issuer, Title: t.Title, Kind: t.Kind, Major: t.Major, MayorMatter: t.MayorMatter,
		ByExecutive: t.ByExecutive, Secrecy: t.Secrecy, Urgency: t.Urgency, Drafter: drafter.SlackID}
	if !drafter.Role.IsOffice() {
		d.Unit = drafter.Department
	}
	units := func(part DraftPart, names []string) ([]string, error) {
		var ids []string
		for _, n := range names {
			dep, ok := org.FindDepartment(n)
			if !ok {
				return nil, &DraftError{Part: part, Fragment: clip(n), Err: ErrUnknownUnit}
			}
			if !slices.Contains(ids, dep.ID) {
				ids = append(ids, dep.ID)
			}
		}
		return ids, nil
	}
	var err error
	if d.Areas, err = units(DraftPartAreas, t.Areas); err != nil {
		return Draft{}, err
	}
	if d.CoSign, err = units(DraftPartCoSign, t.CoSign); err != nil {
		return Draft{}, err
	}
	return d, nil
}
