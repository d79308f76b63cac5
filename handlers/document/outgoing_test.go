package document_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"officebot/chat"
	"officebot/document"
	"officebot/handlers"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func (b *bot) outgoing(id uint64) document.Outgoing {
	b.t.Helper()
	o, ok, err := b.s.Read(context.Background()).OutgoingByID(id)
	if err != nil || !ok {
		b.t.Fatalf("D%d: %v %v", id, ok, err)
	}
	return o
}

// threadTo returns the outbox messages in a document's thread.
func (b *bot) threadOf(key string) []chat.Message {
	var out []chat.Message
	for _, m := range b.Outbox() {
		if m.ItemKey == key && m.InThread {
			out = append(out, m)
		}
	}
	return out
}

const officeNotice = "draft 以市政府办公室名义 标题：关于做好2027年元旦春节期间值班工作的通知 文种：通知"

// The README walk-through: the office secretary drafts an office-name
// notice, the deputy director reviews it, the director signs it; the
// number is given and the 发文稿纸 attached to the thread.
func TestOfficeNoticeDraftedReviewedSignedNumbered(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		got := b.Do(handlers.Request{User: "U0OFFSTAFF", Command: "doc", Text: officeNotice,
			Files: []chat.File{{ID: "F1", Name: "值班通知.docx"}}}).Text()
		contains(t, "draft reply", got, "D1", "第五十二条", "林副主任（审核）", "赵主任（签发）")
		steps := b.threadOf("D1")
		if len(steps) != 2 || steps[0].File == nil || !strings.Contains(steps[1].Text, "<@U0OFFDEP>") {
			t.Fatalf("thread: %+v", steps)
		}
		labels := []string{}
		for _, bt := range steps[1].Buttons() {
			labels = append(labels, bt.Label)
		}
		if strings.Join(labels, ",") != "审核通过,退回修改" {
			t.Fatalf("buttons %v", labels)
		}

		// Out of turn: the director before the review, a unit head, a word
		// that only begins like 签发.
		contains(t, "director first", b.Click("U0OFFDIR", "doc.out_sign", "D1").Text(), "还没轮到您")
		contains(t, "a unit head", b.Click("U0FGWHEAD", "doc.out_pass", "D1").Text(), "不由您签批")
		if r := b.Reply("U0OFFDEP", "D1", "审核通过前请再核对值班表"); r.Text() != "" {
			t.Fatalf("a prefix decided: %s", r.Text())
		}
		if o := b.outgoing(1); o.Version != 0 || len(o.Chain.History) != 0 {
			t.Fatalf("refusals changed the document: %+v", o)
		}

		contains(t, "review", b.Reply("U0OFFDEP", "D1", "审核通过").Text(), "审核通过")
		if r := b.Click("U0OFFDEP", "doc.out_pass", "D1"); !strings.Contains(r.Text(), "您已办理过") {
			t.Fatalf("a second click: %s", r.Text())
		}
		contains(t, "signature", b.Click("U0OFFDIR", "doc.out_sign", "D1").Text(), "昆政办发〔2026〕1号")
		o := b.outgoing(1)
		if o.Number.String() != "昆政办发〔2026〕1号" || o.Chain.State != document.ChainSigned || o.SignedAt == nil {
			t.Fatalf("signed %+v", o)
		}
		contains(t, "DM to the drafter", last(b.to("U0OFFSTAFF")), "昆政办发〔2026〕1号")
		var sheet *chat.File
		for _, m := range b.threadOf("D1") {
			if m.File != nil && len(m.File.Content) > 0 {
				sheet = m.File
			}
		}
		if sheet == nil {
			t.Log("no 发文稿纸 attached (no CJK font on this machine)")
		} else if !bytes.HasPrefix(sheet.Content, []byte("%PDF-")) || !strings.Contains(sheet.Name, "昆政办发(2026)1号") {
			t.Fatalf("sheet %s, %d bytes", sheet.Name, len(sheet.Content))
		}
		if a := b.audit("D1"); strings.Join(a, ";") != "U0OFFSTAFF document.out.draft;U0OFFDEP document.out.approve;U0OFFDIR document.out.sign" {
			t.Fatalf("audit %v", a)
		}
		contains(t, "status", b.doc("U0OFFSTAFF", "status D1"), "已签发", "昆政办发〔2026〕1号", "林副主任（审核）", "审核通过")
		contains(t, "status by number", b.doc("U0OFFDEP", "status 昆政办发〔2026〕1号"), "D1")
		contains(t, "status refused", b.Command("U0ZJJHEAD", "doc", "status D1").Text(), "D1")
	})
}

// A government-name draft with 会签: a unit's 不同意 returns it to the
// drafter; 第2稿 starts again at that unit; the units sign in any order;
// then the chain of Art. 51 to the vice mayor's signature.
func TestCoSignDisagreementRevisionAndSignature(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		got := b.doc("U0FGWHEAD", "draft 以市政府名义 标题：关于印发昆山市2027年重点项目计划的通知 文种：通知 重大：否 涉及：发改委,商务局 会签：发改委,财政局,住建局 <https://files.slack.com/files-pri/T1-F1/plan.docx|plan.docx>")
		contains(t, "draft", got, "D1", "第五十一条", "市财政局 孙局长（会签）", "市住房和城乡建设局 郑局长（会签）", "林副主任（核稿）", "李副市长（签发）")
		if r := b.Click("U0OFFDEP", "doc.out_pass", "D1"); !strings.Contains(r.Text(), "还没轮到您") {
			t.Fatalf("核稿 before 会签: %s", r.Text())
		}
		// Someone who did not draft it is refused before its state is told
		// (it said 没有被退回修改 to a unit with nothing to do with it).
		if r := b.Do(handlers.Request{User: "U0JYJHEAD", Command: "doc", Text: "revise D1",
			Files: []chat.File{{ID: "F9", Name: "x.docx"}}}).Text(); !strings.Contains(r, "只有拟稿人") || strings.Contains(r, "退回") {
			t.Fatalf("revise by a stranger: %s", r)
		}
		contains(t, "zjj agrees", b.Reply("U0ZJJHEAD", "D1", "同意").Text(), "同意")
		// Pressed again, or another unit's button: done, not "wait your turn".
		contains(t, "zjj again", b.Click("U0ZJJHEAD", "doc.out_pass", "D1").Text(), "您已办理过 D1")
		if r := b.Reply("U0CZJHEAD", "D1", "不同意"); !strings.Contains(r.Text(), "理由") {
			t.Fatalf("不同意 without a reason: %s", r.Text())
		}
		contains(t, "czj disagrees", b.Reply("U0CZJHEAD", "D1", "不同意：资金来源不明确").Text(), "不同意")
		contains(t, "DM to the drafter", last(b.to("U0FGWHEAD")), "资金来源不明确", "/doc revise D1")
		contains(t, "returned: nobody acts", b.Click("U0OFFDEP", "doc.out_pass", "D1").Text(), "退回修改")

		contains(t, "revise without a file", b.doc("U0FGWHEAD", "revise D1"), "请附上修改稿")
		contains(t, "revise by another", b.Do(handlers.Request{User: "U0CZJHEAD", Command: "doc", Text: "revise D1",
			Files: []chat.File{{ID: "F2", Name: "plan-v2.docx"}}}).Text(), "只有拟稿人")
		contains(t, "revise", b.Do(handlers.Request{User: "U0FGWHEAD", Command: "doc", Text: "revise D1 已补充资金来源",
			Files: []chat.File{{ID: "F2", Name: "plan-v2.docx"}}}).Text(), "第2稿", "市财政局 孙局长（会签）")
		if o := b.outgoing(1); o.Chain.Version != 2 || len(o.Chain.Open()) != 1 {
			t.Fatalf("after the revision %+v", o.Chain)
		}
		contains(t, "czj agrees", b.Click("U0CZJHEAD", "doc.out_pass", "D1").Text(), "同意")
		contains(t, "check", b.Reply("U0OFFDEP", "D1", "核稿通过").Text(), "核稿通过")
		// The 退回修改 button opens the reason form; the vice mayor signs instead.
		if r := b.Click("U0VMLI", "doc.out_return", "D1"); r.Modal == nil {
			t.Fatalf("no reason form: %s", r.Text())
		}
		if r := b.Reply("U0VMLI", "D1", "签发前请再核对数据"); r.Text() != "" {
			t.Fatalf("a prefix signed: %s", r.Text())
		}
		contains(t, "sign", b.Reply("U0VMLI", "D1", "签发").Text(), "昆政发〔2026〕1号")
		if o := b.outgoing(1); o.Chain.Version != 2 || o.Number.String() != "昆政发〔2026〕1号" {
			t.Fatalf("signed %+v", o)
		}
	})
}

func TestReturnFormAndArticle53Repeat(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.doc("U0OFFSTAFF", officeNotice)
		contains(t, "return form", b.Submit("U0OFFDEP", "doc.out_return", "D1", map[string]string{"text": "值班表缺少春节期间安排"}).Text(), "退回修改")
		contains(t, "DM", last(b.to("U0OFFSTAFF")), "值班表缺少春节期间安排")
		// The same title while the first is in its chain: Art. 53.
		contains(t, "repeat", b.doc("U0OFFDIR", officeNotice), "第五十三条", "D1")
		if n := len(b.docs()); n != 1 {
			t.Fatalf("%d documents after the refusal", n)
		}
		contains(t, "repeat with a reason", b.doc("U0OFFDIR", officeNotice+" 重复说明：原通知作废重发"), "D2")
		if o := b.outgoing(2); o.RepeatOf != "D1" || o.RepeatReason != "原通知作废重发" {
			t.Fatalf("repeat %+v", o)
		}
	})
}

func TestDraftRefusals(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		cases := []struct{ user, text, want string }{
			{"U0FGWHEAD", "draft 以市政府办公室名义 标题：关于X的通知 文种：通知", "市政府办公室拟稿"},
			{"U0FGWDEP", "draft 以市政府名义 标题：关于X的通知 文种：通知", "主要负责人拟稿"},
			{"U0OFFSTAFF", "draft 以市政府名义 标题：关于X的通知 文种：通知", "涉及哪些部门"},
			{"U0OFFSTAFF", "draft 以市政府办公室名义 标题：关于X的通知 文种：通知 市长签署：人员任免", "第五十条"},
			{"U0OFFSTAFF", "draft 以市政府名义 标题：关于X的通知 文种：便条", "便条"},
			{"U0OFFSTAFF", "draft 以市政府名义 标题：关于X的通知 文种：通知 涉及：税务局", "税务局"},
			{"U0OFFSTAFF", "draft 以市政府名义 标题：<!channel>的通知 文种：便条<!here>", "没有看懂"},
			{"U0OFFSTAFF", "draft 帮助", "发文用法"},
			// Entries without the fragment typed: no Go "%!(EXTRA …)".
			{"U0OFFSTAFF", "draft 标题：关于X的通知 文种：通知", "请写明发文名义"},
			{"U0OFFSTAFF", "draft 以市政府名义 文种：通知", "缺少标题"},
		}
		for _, c := range cases {
			got := b.doc(c.user, c.text)
			contains(t, c.text, got, c.want)
			if strings.Contains(got, "%!") {
				t.Fatalf("%s: Go formatting text shown: %s", c.text, got)
			}
			if strings.Contains(got, "<!channel>") || strings.Contains(got, "<!here>") {
				t.Fatalf("unescaped: %s", got)
			}
		}
		if n := len(b.docs()); n != 0 {
			t.Fatalf("%d documents after refusals", n)
		}
	})
}
