package approval_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"officebot/approval"
	"officebot/text"
)

var leaveWords = []approval.VerdictWord{
	{Word: "同意", Action: approval.Approve}, {Word: "批准", Action: approval.Approve},
	{Word: "不同意", Action: approval.Reject}, {Word: "驳回", Action: approval.Reject},
	{Word: "退回", Action: approval.Return}, {Word: "退回修改", Action: approval.Return},
}

func TestParseVerdictExactOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text    string
		ok      bool
		action  approval.Action
		comment string
	}{
		{"同意", true, approval.Approve, ""},
		{"  同意  ", true, approval.Approve, ""},
		{"同意。", true, approval.Approve, ""},
		{"同意，注意安全", true, approval.Approve, "注意安全"},
		{"同意 注意安全", true, approval.Approve, "注意安全"},
		{"同意\u3000注意安全", true, approval.Approve, "注意安全"},
		{"同意!", true, approval.Approve, ""},
		{"不同意：行程未定", true, approval.Reject, "行程未定"},
		{"不同意 推介会改期了", true, approval.Reject, "推介会改期了"},
		{"不同意", true, approval.Reject, ""},
		{"驳回，材料不全", true, approval.Reject, "材料不全"},
		{"退回修改：第三条", true, approval.Return, "第三条"},
		{"退回：第三条", true, approval.Return, "第三条"},
		// chatter: a verdict word that begins a longer phrase
		{"批准前请先补充行程安排", false, "", ""},
		{"同意吗", false, "", ""},
		{"同意？", false, "", ""},
		{"同意?", false, "", ""},
		{"同意不了", false, "", ""},
		{"退回来再说", false, "", ""},
		{"我同意", false, "", ""},
		{"", false, "", ""},
		{"请批示", false, "", ""},
	}
	for _, tt := range tests {
		v, ok := approval.ParseVerdict(tt.text, leaveWords)
		if ok != tt.ok || v.Action != tt.action || v.Comment != tt.comment {
			t.Errorf("ParseVerdict(%q) = %+v, %v; want %q %q %v", tt.text, v, ok, tt.action, tt.comment, tt.ok)
		}
	}
}

func FuzzParseVerdict(f *testing.F) {
	for _, s := range []string{"同意", "同意。", "同意，注意安全", "不同意：…", "批准前请先补充行程安排", "退回修改 x", "同意？", "\xff同意", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := approval.ParseVerdict(s, leaveWords)
		if !ok {
			if v != (approval.Verdict{}) {
				t.Fatalf("no verdict but %+v", v)
			}
			return
		}
		trimmed := strings.TrimSpace(s)
		if !strings.HasPrefix(trimmed, v.Word) {
			t.Fatalf("%q: verdict word %q is not where the reply starts", s, v.Word)
		}
		rest := trimmed[len(v.Word):]
		if rest != "" {
			r, _ := utf8.DecodeRuneInString(rest)
			if r == '?' || r == '？' || (r >= 'a' && r <= 'z') || (r >= 0x4e00 && r <= 0x9fff) {
				t.Fatalf("%q: the verdict word runs into %q", s, r)
			}
		}
		if !strings.Contains(s, v.Comment) {
			t.Fatalf("%q: comment %q is not part of the reply", s, v.Comment)
		}
	})
}

// A decision's comment has one limit in every flow (issue 11 item 5).
func TestDecideRefusesATooLongComment(t *testing.T) {
	t.Parallel()
	chain := plan(t, review, sign)
	_, err := approval.Decide(chain, approval.Decision{Subject: "M1-minutes-1", Actor: director, Action: approval.Return,
		Comment: strings.Repeat("补", approval.MaxCommentLen+1)}, now)
	var tl *text.TooLongError
	if !errors.As(err, &tl) || tl.Field != "field.comment" || tl.Max != approval.MaxCommentLen {
		t.Fatalf("a %d-character reason: %v", approval.MaxCommentLen+1, err)
	}
	if _, err := approval.Decide(chain, approval.Decision{Subject: "M1-minutes-1", Actor: director, Action: approval.Return,
		Comment: strings.Repeat("补", approval.MaxCommentLen)}, now); err != nil {
		t.Fatalf("a reason at the limit: %v", err)
	}
}
