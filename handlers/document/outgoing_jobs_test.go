package document_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"officebot/chat"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// countTo counts the outbox messages to a person or channel containing all
// of the words.
func (b *bot) countTo(to string, words ...string) int {
	n := 0
	for _, m := range b.to(to) {
		all := true
		for _, w := range words {
			all = all && strings.Contains(m, w)
		}
		if all {
			n++
		}
	}
	return n
}

// runAt runs the named jobs at the instant as a scheduler of its own: each
// call is a replica, or the program after a restart, on the one database.
func (b *bot) runAt(when string, jobs ...string) {
	b.t.Helper()
	var js []scheduler.Job
	for _, j := range jobs {
		js = append(js, handlerstest.Job(b.s, j))
	}
	sch := scheduler.New(scheduler.Deps{Store: b.s, Clock: b.Clock, Location: handlerstest.Shanghai, Log: handlerstest.Discard()}, js...)
	if err := sch.RunPass(context.Background(), handlerstest.At(when)); err != nil {
		b.t.Error(err)
	}
}

// An office notice drafted on Thursday 26 November waits for the deputy
// director's review: reminded after one working day and then daily on
// working days, the office director told from three working days (SPEC
// §1.5); each once a day whatever the replicas and restarts. Once the
// deputy reviews, the director's signature is reminded (the director is
// not told about their own step); a returned draft reminds nobody, and the
// drafter's next version starts the count again.
func TestOutgoingStepsAreRemindedAfterOneWorkingDayAndEscalatedAfterThree(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s, handlerstest.At("2026-11-26 10:00"))
		contains(t, "draft", b.doc("U0OFFSTAFF", officeNotice), "D1")
		const job = "document.outgoing"
		remind := func(who string) int {
			return b.countTo(who, "⏰ 催办：发文 D1", "关于做好2027年元旦春节期间值班工作的通知")
		}
		escalated := func() int { return b.countTo("U0OFFDIR", "⚠️ 督办：发文 D1", "林") }

		b.runAt("2026-11-26 15:00", job) // the day it was drafted: nothing
		b.runAt("2026-11-27 09:00", job) // before 09:30: nothing
		if n := remind("U0OFFDEP"); n != 0 {
			t.Fatalf("%d reminders before one working day", n)
		}
		b.runAt("2026-11-27 09:30", job)
		if n := remind("U0OFFDEP"); n != 1 || b.countTo("U0OFFDEP", "待您审核，已等待 1 个工作日") != 1 {
			t.Fatalf("after one working day: %v", b.to("U0OFFDEP"))
		}
		b.runAt("2026-11-28 09:30", job) // Saturday
		b.runAt("2026-11-29 09:30", job) // Sunday
		b.runAt("2026-11-30 09:30", job)
		if n, e := remind("U0OFFDEP"), escalated(); n != 2 || e != 0 {
			t.Fatalf("Monday: %d reminders, %d escalations", n, e)
		}
		// Tuesday 1 December, three working days: two replicas at 09:30 at
		// once, then a restart at 15:00, send one reminder and one escalation.
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() { defer wg.Done(); b.runAt("2026-12-01 09:30", job) }()
		}
		wg.Wait()
		b.runAt("2026-12-01 15:00", job)
		if n, e := remind("U0OFFDEP"), escalated(); n != 3 || e != 1 {
			t.Fatalf("three working days: %d reminders, %d escalations:\n%v", n, e, b.to("U0OFFDIR"))
		}
		contains(t, "escalation", last(b.to("U0OFFDIR")), "在 林副主任 处待审核，已等待 3 个工作日")

		// The deputy reviews; the director's signature waits from now.
		b.Clock.Set(handlerstest.At("2026-12-01 16:00"))
		contains(t, "review", b.Reply("U0OFFDEP", "D1", "审核通过").Text(), "审核通过")
		b.runAt("2026-12-02 09:30", job)
		if n := remind("U0OFFDEP"); n != 3 {
			t.Fatalf("a decided step reminded: %d", n)
		}
		if n := b.countTo("U0OFFDIR", "⏰ 催办：发文 D1", "待您签发，已等待 1 个工作日"); n != 1 {
			t.Fatalf("signature reminder: %v", b.to("U0OFFDIR"))
		}
		// Returned: nobody is reminded while the drafter revises.
		b.Clock.Set(handlerstest.At("2026-12-02 10:00"))
		contains(t, "return", b.Reply("U0OFFDIR", "D1", "退回修改 请补充值班表").Text(), "退回修改")
		b.runAt("2026-12-03 09:30", job)
		b.runAt("2026-12-04 09:30", job)
		if n := b.countTo("U0OFFDIR", "⏰ 催办：发文 D1"); n != 1 {
			t.Fatalf("a returned draft reminded: %d", n)
		}
		b.Clock.Set(handlerstest.At("2026-12-04 11:00"))
		r := b.Do(handlers.Request{User: "U0OFFSTAFF", Command: "doc", Text: "revise D1 补充了值班表",
			Files: []chat.File{{ID: "F2", Name: "值班通知（第2稿）.docx"}}})
		contains(t, "revise", r.Text(), "第2稿")
		b.runAt("2026-12-07 09:30", job)
		if n := b.countTo("U0OFFDIR", "⏰ 催办：发文 D1", "（第2稿）待您签发，已等待 1 个工作日"); n != 1 {
			t.Fatalf("the revision restarts the count: %v", b.to("U0OFFDIR"))
		}
		if e := b.countTo("U0OFFDIR", "⚠️ 督办"); e != 1 {
			t.Fatalf("the director told of their own step: %d", e)
		}
	})
}

// The 09:00 digest counts the outgoing documents waiting for each person.
func TestTheDigestCountsOutgoingDocumentsWaitingForThePerson(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s, handlerstest.At("2026-11-26 10:00"))
		contains(t, "draft", b.doc("U0OFFDIR", officeNotice), "D1")
		contains(t, "draft", b.doc("U0OFFDIR", "draft 以市政府办公室名义 标题：关于加强冬季安全生产工作的通知 文种：通知"), "D2")
		b.runAt("2026-12-01 09:00", "digest")
		b.runAt("2026-12-01 11:00", "digest") // a restart: no second digest
		if n := b.countTo("U0OFFDEP", "待您签批的发文 2 件（D1《关于做好2027年元旦春节期间值班工作的通知》 等），最早的一件已等待 3 个工作日"); n != 1 {
			t.Fatalf("digest: %v", b.to("U0OFFDEP"))
		}
		if n := b.countTo("U0OFFDIR", "待您签批的发文"); n != 0 {
			t.Fatalf("the director has no open step: %v", b.to("U0OFFDIR"))
		}
	})
}

// /doc list shows the outgoing documents that concern the person (drafted
// by them or their unit, naming their unit for 会签, waiting for them;
// everything for the office) with whom each waits for; App Home lists
// those waiting for the person under 待我签批的发文.
func TestDocListAndHomeShowOutgoingDocuments(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s, handlerstest.At("2026-11-26 10:00"))
		contains(t, "draft", b.doc("U0FGWHEAD", "draft 以市政府名义 标题：关于推进重大项目建设的通知 文种：通知 会签：财政局"), "D1")
		line := "发文 D1《关于推进重大项目建设的通知》 ｜ 以市政府名义 ｜ 签批中"
		contains(t, "the drafter", b.doc("U0FGWHEAD", "list"), line, "（待 市财政局 孙局长（会签））")
		contains(t, "the 会签 head", b.doc("U0CZJHEAD", "list"), line+"（待您会签）")
		contains(t, "the 会签 unit", b.doc("U0CZJDEP", "list 在办"), line)
		contains(t, "the office", b.doc("U0OFFSTAFF", "list 待批"), line)
		for who, filter := range map[string]string{"U0ZJJHEAD": "", "U0VMLI": "", "U0OFFSTAFF": "已办结", "U0FGWHEAD": "逾期"} {
			if got := b.doc(who, strings.TrimSpace("list "+filter)); strings.Contains(got, "D1") {
				t.Errorf("%s list %s shows D1: %s", who, filter, got)
			}
		}
		home := func(user string) string {
			bs, err := b.Service.Home(t.Context(), user)
			if err != nil {
				t.Fatal(err)
			}
			var sb strings.Builder
			for _, bl := range bs {
				if bl.Section != nil {
					sb.WriteString(bl.Section.Text + "\n")
				}
			}
			return sb.String()
		}
		if strings.Contains(home("U0OFFDEP"), "D1") {
			t.Fatalf("the deputy's home before the 会签: %s", home("U0OFFDEP"))
		}
		contains(t, "会签", b.Click("U0CZJHEAD", "doc.out_pass", "D1").Text(), "同意")
		contains(t, "the deputy's list", b.doc("U0OFFDEP", "list"), line+"（待您核稿）")
		contains(t, "the deputy's home", home("U0OFFDEP"), "发文《关于推进重大项目建设的通知》（D1，第1稿） —— 待您核稿")
		contains(t, "the drafter sees who", b.doc("U0FGWHEAD", "list"), "（待 林副主任（核稿））")
	})
}
