package document_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"officebot/approval"
	"officebot/document"
)

func TestParseDraftReadsTheIssueExample(t *testing.T) {
	t.Parallel()
	got, err := document.ParseDraft("以市政府名义 标题：关于印发昆山市2027年重点项目计划的通知 文种：通知 重大：否 涉及：发改委,财政局 会签：发改委，财政局 <https://files.slack.com/files-pri/T1-F1/draft.docx|draft.docx>")
	if err != nil {
		t.Fatal(err)
	}
	want := document.DraftText{Issuer: document.Government, Title: "关于印发昆山市2027年重点项目计划的通知", Kind: "通知",
		Areas: []string{"发改委", "财政局"}, CoSign: []string{"发改委", "财政局"},
		Links: []string{"https://files.slack.com/files-pri/T1-F1/draft.docx"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

func TestParseDraftFields(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text string
		want document.DraftText
	}{
		{"以市政府办公室名义 标题：关于做好2027年元旦春节期间值班工作的通知 文种：通知",
			document.DraftText{Issuer: document.Office, Title: "关于做好2027年元旦春节期间值班工作的通知", Kind: "通知"}},
		{"名义：市政府办公室 文种：函 标题：关于商请支持的函",
			document.DraftText{Issuer: document.Office, Title: "关于商请支持的函", Kind: "函"}},
		{"以市政府名义标题:关于任免王某某等同志职务的通知 文种:通知 市长签署:人员任免 密级:秘密 缓急:特急",
			document.DraftText{Issuer: document.Government, Title: "关于任免王某某等同志职务的通知", Kind: "通知",
				MayorMatter: document.Appointment, Secrecy: "秘密", Urgency: "特急"}},
		{"以市政府名义 标题：关于A的决定 文种：决定 重大：是 涉及：住建局、发改委 签发：常务副市长 重复说明：原文件废止后重新发布",
			document.DraftText{Issuer: document.Government, Title: "关于A的决定", Kind: "决定", Major: true,
				Areas: []string{"住建局", "发改委"}, ByExecutive: true, RepeatReason: "原文件废止后重新发布"}},
		{"以市政府名义 标题：关于 B 的  通知：补充 文种：通知 会签：无",
			document.DraftText{Issuer: document.Government, Title: "关于 B 的 通知:补充", Kind: "通知"}},
		{"以市政府名义 标题：关于C的通知 文种：通知 市长签署：否",
			document.DraftText{Issuer: document.Government, Title: "关于C的通知", Kind: "通知"}},
	}
	for _, c := range cases {
		got, err := document.ParseDraft(c.text)
		if err != nil {
			t.Errorf("%s: %v", c.text, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.text, got, c.want)
		}
	}
}

func TestParseDraftNamesThePartNotUnderstood(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text string
		part document.DraftPart
		err  error
	}{
		{"", document.DraftPartText, document.ErrDraftEmpty},
		{strings.Repeat("标", document.MaxDraftText), document.DraftPartText, document.ErrDraftTooLong},
		{"标题：关于A的通知 文种：通知", document.DraftPartIssuer, document.ErrNoIssuer},
		// A name that is not one of the two is an issuer not understood,
		// not stray text (the reply asks for 以市政府名义 or 以市政府办公室名义).
		{"以县政府名义 标题：关于A的通知 文种：通知", document.DraftPartIssuer, document.ErrBadIssuer},
		{"以市政府名义 关于A 标题：关于A的通知 文种：通知", document.DraftPartText, document.ErrStrayText},
		{"以市政府名义 文种：通知", document.DraftPartTitle, document.ErrNoTitle},
		{"以市政府名义 标题： 文种：通知", document.DraftPartTitle, document.ErrNoTitle},
		{"以市政府名义 标题：关于A的通知", document.DraftPartKind, document.ErrBadDocKind},
		{"以市政府名义 标题：关于A的通知 文种：便条", document.DraftPartKind, document.ErrBadDocKind},
		{"以市政府名义 标题：关于A的通知 文种：通知 重大：也许", document.DraftPartMajor, document.ErrBadYesNo},
		{"以市政府名义 标题：关于A的通知 文种：通知 签发：李副市长", document.DraftPartSigner, document.ErrBadSigner},
		{"以市政府名义 标题：关于A的通知 文种：通知 市长签署：随便", document.DraftPartMayorMatter, document.ErrBadMayorMatter},
		{"以市政府名义 标题：关于A的通知 文种：通知 密级：内部", document.DraftPartSecrecy, document.ErrBadSecrecy},
		{"以市政府名义 标题：关于A的通知 文种：通知 缓急：很急", document.DraftPartUrgency, document.ErrBadUrgency},
		{"以市政府名义 标题：关于A的通知 标题：关于B的通知 文种：通知", document.DraftPartTitle, document.ErrDuplicateField},
		{"以市政府名义 名义：市政府办公室 标题：关于A的通知 文种：通知", document.DraftPartIssuer, document.ErrDuplicateField},
	}
	for _, c := range cases {
		_, err := document.ParseDraft(c.text)
		var de *document.DraftError
		if !errors.As(err, &de) || de.Part != c.part || !errors.Is(err, c.err) {
			t.Errorf("%.40q: %v, want part %s %v", c.text, err, c.part, c.err)
		}
	}
}

func TestResolveFindsUnitsAndChecksTheDrafter(t *testing.T) {
	t.Parallel()
	org := demoOrg(t)
	head, _ := org.Person("U0FGWHEAD")
	txt, err := document.ParseDraft("以市政府名义 标题：关于A的通知 文种：通知 涉及：发改委,市住房和城乡建设局,zjj 会签：财政局")
	if err != nil {
		t.Fatal(err)
	}
	d, err := txt.Resolve(org, head)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.Areas, []string{"fgw", "zjj"}) || !reflect.DeepEqual(d.CoSign, []string{"czj"}) || d.Unit != "fgw" || d.Drafter != "U0FGWHEAD" {
		t.Errorf("resolved %+v", d)
	}
	txt.CoSign = []string{"财政局", "税务局"}
	var de *document.DraftError
	if _, err := txt.Resolve(org, head); !errors.As(err, &de) || de.Part != document.DraftPartCoSign || de.Fragment != "税务局" {
		t.Errorf("unknown 会签 unit: %v", err)
	}
	txt.Issuer = document.Office
	if _, err := txt.Resolve(org, head); !errors.Is(err, document.ErrNotDrafter) {
		t.Errorf("a department head drafting in the office's name: %v", err)
	}
	staff, _ := org.Person("U0OFFSTAFF")
	txt.CoSign = nil
	if d, err := txt.Resolve(org, staff); err != nil || d.Unit != "" {
		t.Errorf("the office drafting: %+v %v", d, err)
	}
}

func FuzzParseDraft(f *testing.F) {
	for _, s := range []string{
		"以市政府名义 标题：关于印发昆山市2027年重点项目计划的通知 文种：通知 重大：否 涉及：发改委,财政局 会签：发改委,财政局",
		"以市政府办公室名义 标题：x 文种：函 <https://files.slack.com/a|b>",
		"名义：办公室 标题：：： 文种：通知 标题：",
		"以市政府名义 标题:\x00\xff 文种:令",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := document.ParseDraft(s)
		if err == nil && (d.Title == "" || !d.Issuer.Valid() || d.Kind == "") {
			t.Fatalf("accepted an incomplete draft %+v from %q", d, s)
		}
		var de *document.DraftError
		if err != nil && !errors.As(err, &de) {
			t.Fatalf("error %v is not a *DraftError", err)
		}
	})
}

func TestOutgoingNumbersAreRegistersOfTheirIssuer(t *testing.T) {
	t.Parallel()
	n := document.Number{Register: document.Government.Register(), Year: 2026, N: 7}
	if n.String() != "昆政发〔2026〕7号" {
		t.Errorf("%s", n)
	}
	o := document.Number{Register: document.Office.Register(), Year: 2027, N: 112}
	if o.String() != "昆政办发〔2027〕112号" {
		t.Errorf("%s", o)
	}
	if document.Government.Register().Sequence() == document.Office.Register().Sequence() ||
		document.Office.Register().Sequence() == document.IncomingRegister.Sequence() {
		t.Error("the registers share a sequence")
	}
	for s, want := range map[string]document.Number{"昆政发[2026]7号": n, "昆政办发（２０２７）112号": o} {
		if got, ok := document.ParseNumber(s); !ok || got != want {
			t.Errorf("%q: %v", s, got)
		}
	}
}

func TestArticle53FlagsARepeatedTitle(t *testing.T) {
	t.Parallel()
	earlier := []document.Earlier{
		{ID: 3, Title: "关于做好防汛工作的通知", Number: "昆政办发〔2026〕4号"},
		{ID: 5, Title: "关于印发《昆山市2027年重点项目计划》的通知"},
	}
	cases := []struct {
		title string
		id    uint64
	}{
		{"关于做好防汛工作的通知", 3},
		{" 关于做好 防汛工作的通知", 3},
		{"關於做好防汛工作的通知", 3},
		{"关于印发昆山市２０２７年重点项目计划的通知", 5},
		{"关于做好防汛防台工作的通知", 0},
		{"", 0},
		{"《》", 0},
	}
	for _, c := range cases {
		e, ok := document.RepeatOf(c.title, earlier)
		if ok != (c.id != 0) || e.ID != c.id {
			t.Errorf("%q repeats %+v %v, want %d", c.title, e, ok, c.id)
		}
	}
}

func TestOutgoingRepliesAreExactWords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind    document.StepKind
		text    string
		ok      bool
		action  approval.Action
		comment string
	}{
		{document.SignStep, "签发", true, approval.Sign, ""},
		{document.SignStep, "同意签发。", true, approval.Sign, ""},
		{document.SignStep, "签发前请再核对一下数据", false, "", ""},
		{document.SignStep, "签发？", false, "", ""},
		{document.SignStep, "核稿通过", false, "", ""},
		{document.CheckStep, "核稿通过", true, approval.Approve, ""},
		{document.CheckStep, "签发", false, "", ""},
		{document.ReviewStep, "审核通过，请市长签发", true, approval.Approve, "请市长签发"},
		{document.ReviewStep, "退回修改 请补充资金测算依据", true, approval.Return, "请补充资金测算依据"},
		{document.ReviewStep, "退回修改意见稍后给", false, "", ""},
		{document.CoSignStep, "不同意：资金来源不明确", true, approval.Return, "资金来源不明确"},
		{document.CoSignStep, "同意", true, approval.Approve, ""},
		{document.CoSignStep, "同意吗", false, "", ""},
	}
	for _, c := range cases {
		v, ok := document.ParseOutgoingReply(c.text, c.kind)
		if ok != c.ok || v.Action != c.action || v.Comment != c.comment {
			t.Errorf("%s %q: %+v %v", c.kind, c.text, v, ok)
		}
	}
}
