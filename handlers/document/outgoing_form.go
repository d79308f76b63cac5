package document

import (
	"context"
	"errors"

	"officebot/chat"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
)

// cbOutDraft is the callback of the /doc draft form.
const cbOutDraft = "doc.out_draft"

// The form's inputs are the parts of the text form, so an error the domain
// names by part is shown beside its input; the links to the draft file
// have their own.
const inOutLinks = "links"

// draftFieldNames are the text form's field names of the form's inputs.
var draftFieldNames = map[document.DraftPart]string{
	document.DraftPartIssuer: "名义", document.DraftPartTitle: "标题", document.DraftPartKind: "文种",
	document.DraftPartMajor: "重大", document.DraftPartAreas: "涉及", document.DraftPartCoSign: "会签",
	document.DraftPartSigner: "签发", document.DraftPartMayorMatter: "市长签署", document.DraftPartSecrecy: "密级",
	document.DraftPartUrgency: "缓急", document.DraftPartRepeat: "重复说明",
}

func options(vals ...string) []chat.Option {
	out := make([]chat.Option, len(vals))
	for i, v := range vals {
		out[i] = chat.Option{Label: v, Value: v}
	}
	return out
}

// draftModal is the /doc draft form: /doc draft with no text opens it, as
// /doc alone opens the submission form.
func draftModal(c *handlers.Call) *chat.Modal {
	issuer := "以市政府名义"
	if c.Me.Role.IsOffice() {
		issuer = "以市政府办公室名义"
	}
	in := func(p document.DraftPart) string { return string(p) }
	inputs := []chat.Input{
		{ID: in(document.DraftPartIssuer), Label: msg.T("document.out.form.issuer"), Kind: chat.InputSelect,
			Options: options("以市政府办公室名义", "以市政府名义"), Initial: issuer, Hint: msg.T("document.out.form.issuer_hint")},
		{ID: in(document.DraftPartTitle), Label: msg.T("document.out.form.title"), Kind: chat.InputText,
			Placeholder: msg.T("document.out.form.title_hint")},
		{ID: in(document.DraftPartKind), Label: msg.T("document.out.form.kind"), Kind: chat.InputSelect,
			Options: options(document.DocKinds...), Initial: "通知"},
		{ID: in(document.DraftPartMajor), Label: msg.T("document.out.form.major"), Kind: chat.InputSelect,
			Options: options("否", "是"), Initial: "否"},
		{ID: in(document.DraftPartAreas), Label: msg.T("document.out.form.areas"), Kind: chat.InputText, Optional: true,
			Placeholder: "发改委,财政局", Hint: msg.T("document.out.form.areas_hint")},
		{ID: in(document.DraftPartCoSign), Label: msg.T("document.out.form.cosign"), Kind: chat.InputText, Optional: true,
			Placeholder: "财政局"},
		{ID: in(document.DraftPartSigner), Label: msg.T("document.out.form.signer"), Kind: chat.InputSelect, Optional: true,
			Options: options("市长", "常务副市长"), Hint: msg.T("document.out.form.signer_hint")},
		{ID: in(document.DraftPartMayorMatter), Label: msg.T("document.out.form.mayor_matter"), Kind: chat.InputSelect, Optional: true,
			Options: options("重要文件", "报请市委", "报请上级政府", "提请人大", "人员任免")},
		{ID: in(document.DraftPartSecrecy), Label: msg.T("document.out.form.secrecy"), Kind: chat.InputSelect, Optional: true,
			Options: options(document.Secrecies...)},
		{ID: in(document.DraftPartUrgency), Label: msg.T("document.out.form.urgency"), Kind: chat.InputSelect, Optional: true,
			Options: options(document.Urgencies...)},
		{ID: in(document.DraftPartRepeat), Label: msg.T("document.out.form.repeat"), Kind: chat.InputText, Optional: true,
			Multiline: true, Hint: msg.T("document.out.form.repeat_hint")},
		{ID: inOutLinks, Label: msg.T("document.out.form.links"), Kind: chat.InputText, Optional: true,
			Hint: msg.T("document.out.form.links_hint")},
	}
	return &chat.Modal{CallbackID: cbOutDraft, Title: msg.T("document.out.form.heading"), Submit: msg.T("document.out.form.submit"),
		Intro: msg.T("document.out.form.intro"), Inputs: inputs}
}

// draftFieldError is the message beside an input for a field's error.
func draftFieldError(err error, typed string) string {
	for _, k := range draftErrKeys {
		if errors.Is(err, k.err) {
			if k.err == document.ErrBadDocKind && typed == "" {
				return msg.T("document.out.perr.kind_missing")
			}
			return draftErrText(k.key, typed)
		}
	}
	return chat.Escape(err.Error())
}

// outDraftForm reads the submitted /doc draft form: every field not
// understood is named beside it and nothing is kept; otherwise it goes on
// as /doc draft in words does.
func (s *Service) outDraftForm(ctx context.Context, c *handlers.Call, f *handlers.Submission) (handlers.Response, error) {
	fields := map[string]string{}
	for part, name := range draftFieldNames {
		fields[name] = f.Values[string(part)]
	}
	t, errs := document.DraftFields(fields)
	if len(errs) > 0 {
		out := map[string]string{}
		for part, err := range errs {
			out[string(part)] = draftFieldError(err, f.Values[string(part)])
		}
		return handlers.Response{Errors: out}, nil
	}
	if _, err := t.Resolve(c.Org, c.Me); err != nil {
		var de *document.DraftError
		if errors.As(err, &de) {
			return handlers.Response{Errors: map[string]string{string(de.Part): draftFieldError(de.Err, de.Fragment)}}, nil
		}
		if errors.Is(err, document.ErrNotDrafter) {
			return handlers.Response{Errors: map[string]string{string(document.DraftPartIssuer): msg.T("document.out.err.not_drafter")}}, nil
		}
	}
	t.Links = document.DraftLinks(f.Values[inOutLinks])
	return s.issueDraft(ctx, c, t)
}
