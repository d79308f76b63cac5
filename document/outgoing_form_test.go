package document_test

import (
	"testing"

	"officebot/document"
)

// DraftFields never panics; what it accepts has an issuer, a title and a
// statutory 文种, and every error is keyed by a part of the form.
func FuzzDraftFields(f *testing.F) {
	f.Add("以市政府办公室名义", "关于做好值班工作的通知", "通知", "否", "发改委,财政局", "秘密", "人员任免")
	f.Add("以市政府名义", "关于会签：流程的通知", "便条", "也许", "", "绝绝密", "是")
	f.Add("", "", "", "", "", "", "")
	f.Add("市政府", "\xff\xfe", "函", "是", "、、", "机密", "否")
	f.Fuzz(func(t *testing.T, issuer, title, kind, major, areas, secrecy, matter string) {
		d, errs := document.DraftFields(map[string]string{"名义": issuer, "标题": title, "文种": kind, "重大": major,
			"涉及": areas, "会签": areas, "密级": secrecy, "市长签署": matter})
		if len(errs) == 0 && (!d.Issuer.Valid() || d.Title == "" || d.Kind == "") {
			t.Fatalf("accepted without issuer, title or kind: %+v", d)
		}
		for part := range errs {
			if part == "" || part == document.DraftPartText {
				t.Fatalf("an error not keyed by a field: %v", errs)
			}
		}
	})
}
