package document_test

import (
	"strings"
	"testing"

	"officebot/storage"
	"officebot/storage/storagetest"
)

// /doc draft with no text opens the form; a field not understood is named
// beside it and nothing is kept; a title containing 会签： stays a title;
// a good form drafts the document as the text does.
func TestTheDraftFormNamesEachFieldAndDrafts(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		m := b.Command("U0OFFDIR", "doc", "draft").Modal
		if m == nil || m.CallbackID != "doc.out_draft" {
			t.Fatalf("no form: %+v", m)
		}
		ids := map[string]string{}
		for _, in := range m.Inputs {
			ids[in.ID] = in.Initial
		}
		for _, id := range []string{"issuer", "title", "kind", "major", "areas", "cosign", "signer", "mayor_matter", "secrecy", "urgency", "repeat", "links"} {
			if _, ok := ids[id]; !ok {
				t.Errorf("the form has no %s", id)
			}
		}
		if ids["issuer"] != "以市政府办公室名义" {
			t.Errorf("the office's issuer preset %q", ids["issuer"])
		}
		if m := b.Command("U0FGWHEAD", "doc", "draft").Modal; m == nil || m.Inputs[0].Initial != "以市政府名义" {
			t.Errorf("a unit head's form: %+v", m)
		}

		for _, tc := range []struct {
			name, user string
			values     map[string]string
			field      string
			want       string
		}{
			{"no title", "U0OFFDIR", map[string]string{"issuer": "以市政府办公室名义", "kind": "通知"}, "title", "缺少标题"},
			{"a kind that is none", "U0OFFDIR", map[string]string{"issuer": "以市政府办公室名义", "title": "关于值班的通知", "kind": "便条"}, "kind", "便条"},
			{"a forged secrecy", "U0OFFDIR", map[string]string{"issuer": "以市政府办公室名义", "title": "关于值班的通知", "kind": "通知", "secrecy": "<绝密>"}, "secrecy", "&lt;绝密&gt;"},
			{"an unknown unit", "U0OFFDIR", map[string]string{"issuer": "以市政府名义", "title": "关于值班的通知", "kind": "通知", "areas": "不存在局"}, "areas", "不存在局"},
			{"staff may not draft", "U0FGWDEP", map[string]string{"issuer": "以市政府名义", "title": "关于值班的通知", "kind": "通知"}, "issuer", "第五十一条"},
		} {
			r := b.Submit(tc.user, "doc.out_draft", "", tc.values)
			if got := r.Errors[tc.field]; !strings.Contains(got, tc.want) {
				t.Errorf("%s: errors %v", tc.name, r.Errors)
			}
		}
		if n := len(b.docs()); n != 0 {
			t.Fatalf("%d documents kept from refused forms", n)
		}

		r := b.Submit("U0OFFDIR", "doc.out_draft", "", map[string]string{"issuer": "以市政府办公室名义",
			"title": "关于会签：流程调整的通知", "kind": "通知", "major": "否", "urgency": "特急",
			"links": "https://files.slack.com/files-pri/T1-F1/draft.docx"})
		if len(r.Errors) > 0 {
			t.Fatalf("errors %v", r.Errors)
		}
		contains(t, "draft reply", r.Text(), "D1", "第五十二条", "林副主任（审核）")
		o := b.outgoing(1)
		if o.Title != "关于会签：流程调整的通知" || len(o.CoSign) != 0 || o.Urgency != "特急" || len(o.Links) != 1 {
			t.Fatalf("drafted %+v", o)
		}
	})
}
