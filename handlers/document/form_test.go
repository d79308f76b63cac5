package document_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"officebot/handlers"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// /doc alone opens the form; a field not understood is named beside it and
// nothing is registered; a good form registers like the text.
func TestSubmissionForm(t *testing.T) {
	t.Parallel()
	b := newBot(t, storagetest.SQLite(t))
	r := b.Command("U0FGWHEAD", "doc", "")
	if r.Modal == nil || r.Modal.CallbackID != "doc.submit" {
		t.Fatalf("no form: %+v", r)
	}
	for _, in := range r.Modal.Inputs {
		if in.ID == "unit" {
			t.Error("a unit head is offered another unit")
		}
	}
	if r := b.Command("U0OFFSTAFF", "doc", ""); !strings.Contains(fmt.Sprint(r.Modal.Inputs), "unit") {
		t.Error("the office is not offered the unit")
	}
	bad := b.Submit("U0FGWHEAD", "doc.submit", "", map[string]string{"title": "", "type": "请示", "category": "很急", "co": "火星局", "matters": "两",
		"links": "http://evil.example.com/a.pdf"})
	for _, id := range []string{"title", "category", "co", "matters", "links"} {
		if bad.Errors[id] == "" {
			t.Errorf("no error on %s: %v", id, bad.Errors)
		}
	}
	// 事项数 typed with a Chinese input method (full-width, 1件) reads as
	// in the /doc submit text.
	got := b.Submit("U0FGWHEAD", "doc.submit", "", map[string]string{"title": "关于A的请示", "type": "请示", "category": "joint",
		"signer": "U0FGWHEAD", "co": "财政局、住建局", "matters": "１件", "major": "否"}).Text()
	contains(t, "form", got, "昆政办收〔2026〕1号", "D1")
	if d := b.get(1); d.Category != "joint" || d.CoDepartments != ",czj,zjj," || d.Signer != "U0FGWHEAD" {
		t.Fatalf("registered %+v", d)
	}
	// The 交办 form: a lead and joint departments.
	if r := b.Click("U0VMLI", "doc.assign", "D1"); r.Modal == nil || r.Modal.CallbackID != "doc.assign" {
		t.Fatalf("assign form: %+v", r)
	}
	got = b.Submit("U0VMLI", "doc.assign", "D1", map[string]string{"lead": "fgw", "co": "财政局,发改委", "text": "抓紧会商"}).Text()
	contains(t, "assign form", got, "已交办 D1", "市发展和改革委员会（主办），会同 市财政局")
	if d := b.get(1); d.HandlingDept != "fgw" || d.HandlingCo != ",czj," {
		t.Fatalf("assigned %+v", d)
	}
}

// 50 submissions at once through the service get 50 consecutive numbers
// (Art. 49), on SQLite and PostgreSQL.
func TestFiftySubmissionsAtOnceGetConsecutiveNumbers(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		const n = 50
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				text := fmt.Sprintf("submit 标题：关于第%d个项目的报告 类型：报告 类别：in_remit", i)
				if got := b.Do(handlers.Request{User: "U0FGWHEAD", Command: "doc", Text: text}).Text(); !strings.Contains(got, "已登记") {
					t.Errorf("%d: %s", i, got)
				}
			})
		}
		wg.Wait()
		seen := map[int64]bool{}
		for _, d := range b.docs() {
			seen[*d.Number] = true
		}
		for i := int64(1); i <= n; i++ {
			if !seen[i] {
				t.Fatalf("number %d missing of %d registered", i, len(seen))
			}
		}
		if len(seen) != n {
			t.Fatalf("%d numbers", len(seen))
		}
	})
}
