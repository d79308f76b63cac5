package document_test

import (
	"slices"
	"strings"
	"testing"

	"officebot/chat"
	"officebot/document"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func (b *bot) onLeave(who, from, to string) {
	b.t.Helper()
	lr := storage.LeaveRequest{Requester: who, Kind: "出差", Destination: "北京", StartDate: from, EndDate: to,
		ReasonCode: "x", State: leave.Approved, CreatedAt: handlerstest.Start}
	if err := b.s.DB.Create(&lr).Error; err != nil {
		b.t.Fatal(err)
	}
}

// A step opening while its leader is on approved leave goes to the
// stand-in the leave rule gives, with a note in the thread: 李副市长's
// signature to the mayor; with the mayor away too, to the executive vice
// mayor. The leader away can no longer act on it; the stand-in signs. A
// revision after the leader is back gives the step back to them.
func TestAnAwayLeadersStepGoesToTheStandIn(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s) // Thursday 26 November
		b.onLeave("U0VMLI", "2026-11-25", "2026-11-27")
		contains(t, "draft", b.doc("U0FGWHEAD", "draft 以市政府名义 标题：关于推进重大项目建设的通知 文种：通知"), "D1", "李副市长（签发）")
		contains(t, "check", b.Click("U0OFFDEP", "doc.out_pass", "D1").Text(), "核稿通过")
		if st := b.outgoing(1).Chain.Steps[1]; st.Assignee != "U0MAYOR" || st.StandsFor != "U0VMLI" {
			t.Fatalf("signature step %+v", st)
		}
		notes := textsOf(b.threadOf("D1"))
		found := false
		for _, n := range notes {
			found = found || strings.Contains(n, "李副市长 今日请假不在岗（已批准），本步签发由 周市长 代为办理")
		}
		if !found {
			t.Fatalf("no stand-in note in the thread: %v", notes)
		}
		contains(t, "the step names the mayor", last(notes), "<@U0MAYOR>", "签发")
		contains(t, "the leader away", b.Click("U0VMLI", "doc.out_sign", "D1").Text(), "不由您签批")
		contains(t, "status", b.doc("U0FGWHEAD", "status D1"), "周市长（代李副市长）（签发）")
		contains(t, "the mayor signs", b.Click("U0MAYOR", "doc.out_sign", "D1").Text(), "昆政发〔2026〕1号")

		// The mayor away too: the executive vice mayor; returned, then revised
		// on Monday when 李副市长 is back: the step is his again.
		b.onLeave("U0MAYOR", "2026-11-26", "2026-11-26")
		contains(t, "draft", b.doc("U0FGWHEAD", "draft 以市政府名义 标题：关于加快招商引资工作的通知 文种：通知"), "D2")
		b.Click("U0OFFDEP", "doc.out_pass", "D2")
		if st := b.outgoing(2).Chain.Steps[1]; st.Assignee != "U0EXEC" || st.StandsFor != "U0VMLI" {
			t.Fatalf("signature step %+v", st)
		}
		contains(t, "return", b.Reply("U0EXEC", "D2", "退回修改 请补充政策依据").Text(), "退回修改")
		b.Clock.Set(handlerstest.At("2026-11-30 10:00"))
		contains(t, "revise", b.Do(handlers.Request{User: "U0FGWHEAD", Command: "doc", Text: "revise D2 已补充",
			Files: []chat.File{{ID: "F9", Name: "第2稿.docx"}}}).Text(), "第2稿")
		if st := b.outgoing(2).Chain.Steps[1]; st.Assignee != "U0VMLI" || st.StandsFor != "" {
			t.Fatalf("back from leave: %+v", st)
		}
		contains(t, "he signs", b.Click("U0VMLI", "doc.out_sign", "D2").Text(), "昆政发〔2026〕2号")
	})
}

func textsOf(ms []chat.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = handlerstest.Text(m)
	}
	return out
}

// Nobody approves their own request (SPEC §4): the office director drafts
// an office-name general document (Art. 52: 分管副主任审核后，送主任签发);
// after the deputy's review the signature is not his but the executive
// vice mayor's (报分管副市长签发; the demo office has no unit, so no vice
// mayor in charge of it), with a note in the thread; the director's click
// is refused. With everyone who could sign for him away, the step stays
// his and is still refused.
func TestTheDrafterDoesNotSignTheirOwnDraft(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s) // Thursday 26 November
		contains(t, "draft", b.doc("U0OFFDIR", "draft 以市政府办公室名义 标题：关于做好元旦值班工作的通知 文种：通知"), "D1")
		contains(t, "review", b.Click("U0OFFDEP", "doc.out_pass", "D1").Text(), "审核通过")
		if st := b.outgoing(1).Chain.Steps[1]; st.Assignee != "U0EXEC" || st.StandsFor != "U0OFFDIR" {
			t.Fatalf("signature step %+v", st)
		}
		notes := textsOf(b.threadOf("D1"))
		if !slices.ContainsFunc(notes, func(n string) bool {
			return strings.Contains(n, "本步签发由 陈常务副市长 代为办理：拟稿人不审批自己拟制的发文")
		}) {
			t.Fatalf("no stand-in note in the thread: %v", notes)
		}
		contains(t, "the drafter's click", b.Click("U0OFFDIR", "doc.out_sign", "D1").Text(), "不由您签批")
		contains(t, "the executive signs", b.Click("U0EXEC", "doc.out_sign", "D1").Text(), "昆政办发〔2026〕1号")

		// The executive vice mayor and the mayor away: nobody can sign for
		// the director, the step waits for him and his click is refused.
		b.onLeave("U0EXEC", "2026-11-26", "2026-11-26")
		b.onLeave("U0MAYOR", "2026-11-26", "2026-11-26")
		contains(t, "draft", b.doc("U0OFFDIR", "draft 以市政府办公室名义 标题：关于做好春节值班工作的通知 文种：通知"), "D2")
		b.Click("U0OFFDEP", "doc.out_pass", "D2")
		if st := b.outgoing(2).Chain.Steps[1]; st.Assignee != "U0OFFDIR" {
			t.Fatalf("signature step %+v", st)
		}
		contains(t, "refused", b.Click("U0OFFDIR", "doc.out_sign", "D2").Text(), "不能审批本人提交的申请")
		b.Reply("U0OFFDIR", "D2", "签发") // words in the thread sign nothing either
		if o := b.outgoing(2); o.Chain.State != document.ChainInProgress {
			t.Fatalf("signed by the drafter: %+v", o.Chain)
		}
	})
}

// The plan shown when the director drafts an office-name general document
// already names who signs for him (the stand-in rule, Chain.PlannedStandIns):
// the draft reply and the root message in the documents channel say the
// executive vice mayor signs, acting for the drafter, not the director.
func TestThePlanNamesTheDraftersStandIn(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s) // Thursday 26 November
		const want = "陈常务副市长（签发，代赵主任：拟稿人不审批本人拟制的发文）"
		got := b.doc("U0OFFDIR", "draft 以市政府办公室名义 标题：关于做好元旦值班工作的通知 文种：通知")
		contains(t, "draft reply", got, "D1", "林副主任（审核）", want)
		if strings.Contains(got, "赵主任（签发）") {
			t.Fatalf("the reply names the drafter for 签发: %s", got)
		}
		var root string
		for _, m := range b.Outbox() {
			if m.ItemKey == "D1" && m.Root {
				root = handlerstest.Text(m)
			}
		}
		contains(t, "root message", root, "林副主任（审核）", want)
		if strings.Contains(root, "赵主任（签发）") {
			t.Fatalf("the root names the drafter for 签发: %s", root)
		}
		// Once the step opens it is the executive's, and the updated root and
		// the status say so the same way.
		b.Click("U0OFFDEP", "doc.out_pass", "D1")
		contains(t, "status", b.doc("U0OFFDIR", "status D1"), want)
	})
}
