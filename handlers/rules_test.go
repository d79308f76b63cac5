package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/storage/storagetest"
)

func TestRulesAnswersQuestionsCommandsAndMentions(t *testing.T) {
	t.Parallel()
	svc := handlerstest.New(t, storagetest.SQLite(t), handlerstest.Options{LoadRules: true}).Service
	tests := []struct {
		name string
		req  handlers.Request
		want []string
		not  []string
	}{
		{"article by number", handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "第五十七条"},
			[]string{"《昆山市人民政府工作规则》第五十七条", "十一、作风纪律", "严格执行请销假和考勤制度"}, nil},
		{"article by digits", handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "57"},
			[]string{"第五十七条"}, nil},
		{"time limits question ranks article 54 first", handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "公文办理时限"},
			[]string{"第五十四条（十、公文审批）\n", "*相关条文*"}, nil},
		{"matched words in bold", handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "出差要请假吗"},
			[]string{"\u200b*出差*\u200b", "第五十七条"}, nil},
		{"chapter", handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "会议制度"},
			[]string{"九、会议制度", "第三十九条", "第四十七条"}, nil},
		{"missing article", handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "第九十九条"},
			[]string{"共六十一条，没有第九十九条", "十一、作风纪律"}, nil},
		{"empty mention", handlers.Request{User: "U0FGWHEAD", Mention: true, Text: "  "},
			[]string{"请输入要查询的条号"}, nil},
		{"help", handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "help"},
			[]string{"请输入要查询的条号"}, []string{"没有关于"}},
		{"punctuation only", handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "？！……😀"},
			[]string{"请输入要查询的条号"}, nil},
		{"long query is cut with a note", handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: strings.Repeat("公文办理时限", 100)},
			[]string{"超过 500 个字"}, nil},
		{"mention works like /rules", handlers.Request{User: "U0FGWHEAD", Mention: true, Text: "常务会议多久开一次"},
			[]string{"第四十一条"}, nil},
		{"free text is a question", handlers.Request{User: "U0FGWHEAD", Text: "红头文件由谁把关合不合法"},
			[]string{"第二十二条"}, nil},
		{"user text is escaped", handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "<!channel> 完全无关的词汇xyz"},
			nil, []string{"<!channel>"}},
		{"stranger", handlers.Request{User: "U0NOBODY", Command: "rules", Text: "57"},
			[]string{"尚未登记"}, []string{"第五十七条"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := svc.Handle(context.Background(), tt.req).Text()
			if got == "" {
				t.Fatal("empty reply")
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("reply contains %q:\n%s", w, got)
				}
			}
		})
	}
}

// SPEC §3: with no argument a slash command opens a modal. /rules asks for
// the question in one; its answer comes as a message, the same as typed.
func TestAnEmptyRulesCommandOpensAQuestionForm(t *testing.T) {
	t.Parallel()
	svc := handlerstest.New(t, storagetest.SQLite(t), handlerstest.Options{LoadRules: true}).Service
	ctx := context.Background()
	resp := svc.Handle(ctx, handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: " "})
	if resp.Modal == nil || len(resp.Modal.Inputs) != 1 {
		t.Fatalf("/rules with no text: %+v, want a form with one input", resp)
	}
	m := resp.Modal
	ask := func(q string) handlers.Response {
		return svc.Handle(ctx, handlers.Request{User: "U0FGWHEAD", Submission: &handlers.Submission{
			CallbackID: m.CallbackID, Private: m.Private, Values: map[string]string{m.Inputs[0].ID: q}}})
	}
	typed := svc.Handle(ctx, handlers.Request{User: "U0FGWHEAD", Command: "rules", Text: "出差要请假吗？"}).Text()
	if got := ask("出差要请假吗？").Text(); got != typed || !strings.Contains(got, "第五十七条") {
		t.Errorf("the form's answer:\n%s\nwant what /rules 出差要请假吗？ says:\n%s", got, typed)
	}
	if got := ask("   "); len(got.Errors) != 1 || got.Errors[m.Inputs[0].ID] == "" {
		t.Errorf("an empty question: %+v, want an error on the field", got)
	}
	if got := svc.Handle(ctx, handlers.Request{User: "U0NOBODY", Command: "rules"}); got.Modal != nil {
		t.Error("a stranger got the form")
	}
}

func TestImportedRulebookIsSearchedAndCited(t *testing.T) {
	t.Parallel()
	store := storagetest.SQLite(t)
	ctx := context.Background()
	const text = "昆山市公务接待管理办法\n第一章 总则\n第一条 为规范公务接待工作，制定本办法。\n第二章 接待标准\n第二条 公务接待应当严格控制陪餐人数，不得提供高档菜肴和香烟。\n"
	if _, err := store.SaveRulebook(ctx, "昆山市公务接待管理办法", text, "test", time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	r, err := handlers.LoadRules(ctx, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := handlers.RulesAnswer(r, "陪餐人数有限制吗", nil).Text()
	if !strings.Contains(got, "《昆山市公务接待管理办法》第二条") {
		t.Fatalf("imported rulebook not cited:\n%s", got)
	}
}

func TestPlannedCommandsSaySoAndRulesDoNotPointToThem(t *testing.T) {
	t.Parallel()
	svc := handlerstest.New(t, storagetest.SQLite(t), handlerstest.Options{LoadRules: true}).Service
	// /doc is built: it answers with its usage, not "not yet".
	got := svc.Handle(context.Background(), handlers.Request{User: "U0MAYOR", Command: "doc", Text: "submit"}).Text()
	if strings.Contains(got, "功能尚未开通") || !strings.Contains(got, "/doc submit") {
		t.Fatalf("/doc: %s", got)
	}
	// /office is built too. Typed as free text (console, a DM), also as a
	// full-width IME types it, it answers the desk.
	for _, text := range []string{"/office", "／ｏｆｆｉｃｅ"} {
		if got := svc.Handle(context.Background(), handlers.Request{User: "U0MAYOR", Text: text}).Text(); !strings.Contains(got, "督查台") {
			t.Fatalf("%q: %s", text, got)
		}
	}
	if got := svc.Handle(context.Background(), handlers.Request{User: "U0MAYOR", Text: "ｗｈｏａｍｉ"}).Text(); !strings.Contains(got, "周市长") {
		t.Fatalf("full-width whoami: %s", got)
	}
	got = svc.Handle(context.Background(), handlers.Request{User: "U0MAYOR", Command: "rules", Text: "第五十四条"}).Text()
	if !strings.Contains(got, "/doc") {
		t.Fatalf("article 54 should point to /doc:\n%s", got)
	}
	got = svc.Handle(context.Background(), handlers.Request{User: "U0MAYOR", Command: "rules", Text: "第五十七条"}).Text()
	if !strings.Contains(got, "办理此事项请使用 /leave") {
		t.Fatalf("article 57 should point to /leave:\n%s", got)
	}
}

func TestUnknownButtonsAndFormsSayTheyNoLongerWork(t *testing.T) {
	t.Parallel()
	svc := handlerstest.New(t, storagetest.SQLite(t), handlerstest.Options{}).Service
	for _, req := range []handlers.Request{
		{User: "U0MAYOR", Action: &handlers.Action{ID: "export.download", Value: "X1"}},
		{User: "U0MAYOR", Action: &handlers.Action{ID: "leave.frobnicate", Value: "L1"}},
		{User: "U0MAYOR", Action: &handlers.Action{ID: "meeting.frobnicate", Value: "M1"}},
		{User: "U0MAYOR", Submission: &handlers.Submission{CallbackID: "old.form", Values: map[string]string{}}},
	} {
		if got := svc.Handle(context.Background(), req).Text(); !strings.Contains(got, "已失效") {
			t.Errorf("%+v: %q", req, got)
		}
	}
}
