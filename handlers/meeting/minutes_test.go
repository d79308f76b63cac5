package meeting_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestMinutesChainLetsOnlyTheNamedPersonAct(t *testing.T) {
	t.Parallel()
	const notYours = "此步骤不由您办理"
	tests := []struct {
		name      string
		scheduler string
		text      string
		minutes   string
		reviewers []string // who may review; the first does
		review    string   // the button the reviewer presses
		signer    string
		strangers []string // refused at every step
	}{
		{"plenary: director reviews, mayor signs", "U0OFFSTAFF", "全体会议 2026-12-15 09:00 市民中心",
			"落实事项：发改委：牵头编制计划", []string{"U0OFFDIR"}, "审核通过", "U0MAYOR", []string{"U0OFFDEP", "U0EXEC", "U0OFFSTAFF"}},
		{"executive delegated: the executive vice mayor signs", "U0OFFSTAFF", "常务会议 2026-12-15 09:00 三楼会议室",
			"代签：常务副市长 落实事项：财政局：落实配套资金", []string{"U0OFFDIR"}, "审核通过", "U0EXEC", []string{"U0MAYOR", "U0OFFDEP"}},
		{"mayor's office: the mayor signs", "U0OFFDIR", "市长办公会议 2026-12-15 09:00 二楼小会议室",
			"落实事项：住建局：老旧小区改造方案", []string{"U0OFFDIR"}, "审核通过", "U0MAYOR", []string{"U0EXEC", "U0VMWANG"}},
		{"special: director or deputy reviews, the convening vice mayor signs", "U0VMWANG", "专题会议 2026-12-15 09:00 住建局会议室",
			"落实事项：住建局：拟定方案", []string{"U0OFFDEP", "U0OFFDIR"}, "审核通过（不涉及全局性事项）", "U0VMWANG", []string{"U0OFFSTAFF", "U0MAYOR", "U0VMLI"}},
		// Art. 45: the reviewer decides the minutes concern a city-wide
		// matter, whether or not the filer proposed it.
		{"special city-wide: the mayor signs", "U0VMLI", "专题会议 2026-12-15 09:00 发改委会议室",
			"落实事项：发改委：全市推进", []string{"U0OFFDIR"}, "审核通过（涉及全局性事项，报市长签发）", "U0MAYOR", []string{"U0VMLI", "U0EXEC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storagetest.Each(t, func(t *testing.T, s *storage.Store) {
				h := newHarness(t, s, at("2026-12-01 10:00"))
				mustContain(t, h.say(tt.scheduler, "meeting "+tt.text).Text(), "M1")
				mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 "+tt.minutes).Text(), "开始后才能提交纪要")
				h.clk.Set(at("2026-12-15 12:00"))
				mustContain(t, h.say("U0FGWHEAD", "meeting minutes M1 "+tt.minutes).Text(), "只有市政府办公室或会议召集人")
				if strings.Contains(tt.minutes, "代签") {
					// 代签 needs the mayor's entrustment (Art. 45).
					mustContain(t, h.say("U0MAYOR", "meeting entrust @陈常务副市长").Text(), "已委托 陈常务副市长")
				}
				mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 "+tt.minutes).Text(), "已提交 M1")
				review := h.button("M1", tt.review)
				for _, who := range append(slices.Clone(tt.strangers), tt.signer) {
					if slices.Contains(tt.reviewers, who) {
						continue
					}
					mustContain(t, h.click(who, review).Text(), notYours)
				}
				mustContain(t, h.click(tt.reviewers[0], review).Text(), "已审核通过")
				mustContain(t, h.click(tt.reviewers[0], review).Text(), "已有决定")
				sign := h.button("M1", "签发")
				for _, who := range append(slices.Clone(tt.strangers), tt.reviewers...) {
					if who != tt.signer {
						mustContain(t, h.click(who, sign).Text(), notYours)
					}
				}
				mustContain(t, h.click(tt.signer, sign).Text(), "已签发", "A1")
				mustContain(t, h.click(tt.signer, sign).Text(), "已有决定")
				if n := h.count(&storage.ActionItem{}); n != 1 {
					t.Fatalf("%d action items, want 1", n)
				}
			})
		})
	}
}

func TestReturnedMinutesNeedAReasonAndCanBeFiledAgain(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室")
		h.clk.Set(at("2026-12-15 12:00"))
		h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划")
		ret := h.button("M1", "退回修改")
		if r := h.click("U0MAYOR", ret); !strings.Contains(r.Text(), "此步骤不由您办理") || r.Modal != nil {
			t.Fatalf("the mayor got %q / modal %v on the director's step", r.Text(), r.Modal)
		}
		r := h.click("U0OFFDIR", ret)
		if r.Modal == nil {
			t.Fatalf("no reason modal: %q", r.Text())
		}
		if e := h.submit("U0OFFDIR", r.Modal, map[string]string{"reason": " "}); e.Errors["reason"] == "" {
			t.Fatalf("an empty reason was accepted: %+v", e)
		}
		mustContain(t, h.submit("U0OFFDIR", r.Modal, map[string]string{"reason": "<!channel> 补充资金来源"}).Text(), "已将 M1")
		last := h.outbox()[len(h.outbox())-1]
		mustContain(t, last.Text, "&lt;!channel&gt; 补充资金来源", "meeting minutes M1")
		if last.Channel != "U0OFFSTAFF" {
			t.Fatalf("the filer is not told: %+v", last)
		}
		mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划；财政局：落实资金").Text(), "已提交 M1")
		// The second draft is returned by a reply in the thread this time.
		tr := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: "退回 请写明时限"})
		mustContain(t, tr.Text(), "已将 M1")
		tr = h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: "退回"})
		mustContain(t, tr.Text(), "当前没有待审核")
		h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：12月底前编制计划")
		tr = h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: "审核通过"})
		mustContain(t, tr.Text(), "已审核通过")
		tr = h.svc.Handle(context.Background(), handlers.Request{User: "U0MAYOR", ThreadItem: "M1", Text: "签发"})
		mustContain(t, tr.Text(), "已签发", "A1")
		var revs int64
		s.DB.Model(&storage.MeetingMinutes{}).Count(&revs)
		if revs != 3 {
			t.Fatalf("%d minutes revisions, want 3", revs)
		}
	})
}

func TestActionItemsAreDueTenDaysAfterTheMeetingPastHolidays(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-09-20 10:00"))
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-09-25 09:00 三楼会议室")
		h.clk.Set(at("2026-09-25 12:00"))
		h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划；财政局：落实资金")
		h.click("U0OFFDIR", h.button("M1", "审核通过"))
		r := h.click("U0MAYOR", h.button("M1", "签发"))
		mustContain(t, r.Text(), "A1", "A2", "2026-10-08")
		var items []storage.ActionItem
		s.DB.Order("id").Find(&items)
		if len(items) != 2 || items[0].Due != "2026-10-08" || items[1].Due != "2026-10-08" {
			t.Fatalf("items %+v, want two due 2026-10-08 (10-05 is in the National Day holiday)", items)
		}
		var dms []string
		for _, m := range h.outbox() {
			if m.ItemKey == "A1" || m.ItemKey == "A2" {
				dms = append(dms, m.Channel)
				mustContain(t, m.Text, "2026-10-08", "meeting report "+m.ItemKey)
			}
		}
		if !slices.Equal(dms, []string{"U0FGWHEAD", "U0CZJHEAD"}) {
			t.Fatalf("task DMs to %v, want the two department heads", dms)
		}
		due, err := s.Read(context.Background()).ItemsDueBy("2026-10-08")
		if err != nil || len(due) != 2 {
			t.Fatalf("ItemsDueBy: %v %v", due, err)
		}
		if due, _ := s.Read(context.Background()).ItemsDueBy("2026-10-07"); len(due) != 0 {
			t.Fatalf("ItemsDueBy a day early: %v", due)
		}
	})
}

func TestBadMinutesWriteNothing(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0VMLI", "meeting 专题会议 2026-12-15 09:00 发改委会议室")
		h.clk.Set(at("2026-12-15 12:00"))
		before := h.count(&storage.OutboxMessage{})
		for _, text := range []string{
			"meeting minutes M1 落实事项：宣传部：报道",
			"meeting minutes M1 代签：常务副市长 落实事项：发改委：编制",
			"meeting minutes M9 落实事项：发改委：编制",
		} {
			if r := h.say("U0OFFSTAFF", text).Text(); strings.Contains(r, "已提交") {
				t.Fatalf("%q accepted: %s", text, r)
			}
		}
		if n := h.count(&storage.MeetingMinutes{}) + h.count(&storage.ApprovalStep{}); n != 0 || h.count(&storage.OutboxMessage{}) != before {
			t.Fatalf("refused minutes left %d rows and %d new outbox messages", n, h.count(&storage.OutboxMessage{})-before)
		}
	})
}

// Minutes may decide without assigning anything: the signer is told so,
// not shown an empty list after a colon.
func TestSigningMinutesWithoutActionItemsSaysThereAreNone(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室")
		h.clk.Set(at("2026-12-15 12:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 会议听取了预算草案的汇报。").Text(), "已提交 M1")
		h.click("U0OFFDIR", h.button("M1", "审核通过"))
		got := strings.TrimSpace(h.click("U0MAYOR", h.button("M1", "签发")).Text())
		mustContain(t, got, "已签发 M1", "没有落实事项")
		if strings.HasSuffix(got, "：") {
			t.Fatalf("reply ends with an empty list: %q", got)
		}
	})
}

// Words typed in a minutes thread by someone the step does not name are
// conversation: no answer (it would be public), no decision.
func TestAThreadReplyBySomeoneElseDoesNothing(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室")
		h.clk.Set(at("2026-12-15 12:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划").Text(), "待 赵主任 办理")
		before := len(h.outbox())
		for _, u := range []string{"U0MAYOR", "U0FGWHEAD", "U0OFFSTAFF"} {
			r := h.svc.Handle(context.Background(), handlers.Request{User: u, ThreadItem: "M1", Text: "审核通过"})
			if len(r.Messages) != 0 {
				t.Fatalf("%s got an answer: %s", u, r.Text())
			}
		}
		if n := len(h.outbox()); n != before {
			t.Fatalf("a reply by someone else queued %d messages", n-before)
		}
		r := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: "审核通过"})
		mustContain(t, r.Text(), "已审核通过")
	})
}

// A verdict word that only begins a phrase is conversation: 通过 in
// 通过前请补充… or 签发 in 签发前再核一下 decides nothing (issue 11 item 2).
func TestMinutesThreadChatterStartingWithAVerdictWordDecidesNothing(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室")
		h.clk.Set(at("2026-12-15 12:00"))
		h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划")
		before := len(h.outbox())
		for _, text := range []string{"审核通过前请补充资金来源", "通过率太低", "同意见下午再议", "退回来看看？"} {
			r := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: text})
			if len(r.Messages) != 0 {
				t.Fatalf("%q got an answer: %s", text, r.Text())
			}
		}
		if n := len(h.outbox()); n != before {
			t.Fatalf("chatter queued %d messages", n-before)
		}
		r := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: "审核通过。"})
		mustContain(t, r.Text(), "已审核通过")
		r = h.svc.Handle(context.Background(), handlers.Request{User: "U0MAYOR", ThreadItem: "M1", Text: "签发前再核一下数字"})
		if len(r.Messages) != 0 {
			t.Fatalf("签发前… got an answer: %s", r.Text())
		}
		mustContain(t, h.svc.Handle(context.Background(), handlers.Request{User: "U0MAYOR", ThreadItem: "M1", Text: "签发，抓紧落实"}).Text(), "已签发")
	})
}

// The office director who files executive minutes is not their reviewer: a
// deputy director reviews; a deputy director who files special-topic
// minutes is refused as their reviewer and the director reviews (Art. 45;
// issue 11 item 8).
func TestNobodyReviewsMinutesTheyFiled(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		mustContain(t, h.say("U0OFFDIR", "meeting 常务会议 2026-12-15 09:00 三楼会议室").Text(), "M1")
		mustContain(t, h.say("U0OFFDEP", "meeting 专题会议 2026-12-16 09:00 发改委会议室").Text(), "M2")
		h.clk.Set(at("2026-12-16 12:00"))
		mustContain(t, h.say("U0OFFDIR", "meeting minutes M1 落实事项：发改委：编制计划").Text(), "已提交 M1")
		review := h.button("M1", "审核通过")
		mustContain(t, h.click("U0OFFDIR", review).Text(), "此步骤不由您办理")
		mustContain(t, h.click("U0OFFDEP", review).Text(), "已审核通过")
		mustContain(t, h.click("U0MAYOR", h.button("M1", "签发")).Text(), "已签发")

		mustContain(t, h.say("U0OFFDEP", "meeting minutes M2 落实事项：发改委：牵头推进").Text(), "已提交 M2")
		r := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDEP", ThreadItem: "M2", Text: "审核通过"})
		mustContain(t, r.Text(), "不能审批本人")
		r = h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M2", Text: "审核通过 不涉及全局性事项"})
		mustContain(t, r.Text(), "已审核通过")
	})
}

// 代签 is the mayor's to give: minutes marked 代签 are refused until the
// mayor records the entrustment, which nobody else can; it may end on a
// date or be revoked (Art. 45; issue 11 item 7).
func TestOnlyTheMayorsEntrustmentLetsTheExecutiveViceMayorSign(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室")
		h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-22 09:00 三楼会议室")
		h.clk.Set(at("2026-12-15 12:00"))
		const delegated = "代签：常务副市长 落实事项：财政局：落实配套资金"
		mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 "+delegated).Text(), "市长尚未委托")
		if n := h.count(&storage.MeetingMinutes{}); n != 0 {
			t.Fatalf("%d minutes filed without the entrustment", n)
		}
		mustContain(t, h.say("U0OFFDIR", "meeting entrust @陈常务副市长").Text(), "只有市长")
		mustContain(t, h.say("U0MAYOR", "meeting entrust @李副市长").Text(), "不是负责常务工作的副市长")
		mustContain(t, h.say("U0MAYOR", "meeting entrust @陈常务副市长 至 2026-12-20").Text(), "已委托 陈常务副市长", "至 2026-12-20")
		mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 "+delegated).Text(), "已提交 M1")
		h.click("U0OFFDIR", h.button("M1", "审核通过"))
		mustContain(t, h.click("U0EXEC", h.button("M1", "签发")).Text(), "已签发")
		// After the entrustment's last day 代签 is refused again.
		h.clk.Set(at("2026-12-22 12:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M2 "+delegated).Text(), "市长尚未委托")
		mustContain(t, h.say("U0MAYOR", "meeting entrust 常务副市长").Text(), "直至撤销")
		mustContain(t, h.say("U0MAYOR", "meeting entrust 取消").Text(), "已撤销")
		mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M2 "+delegated).Text(), "市长尚未委托")
		var audits int64
		s.DB.Model(&storage.AuditEntry{}).Where("action LIKE ?", "meeting.entrust%").Count(&audits)
		if audits != 3 {
			t.Fatalf("%d entrustment audit entries, want 3", audits)
		}
		// A holiday's name is a day: its festival day, the next to come.
		mustContain(t, h.say("U0MAYOR", "meeting entrust @陈常务副市长 至 元旦").Text(), "已委托 陈常务副市长", "至 2027-01-01")
	})
}

// Art. 45: special-topic minutes 涉及全局性事项的，须经市长签发 — the office
// director or deputy director who reviews decides it, with one of two
// buttons or exact words in the thread, and the decision is recorded on
// the minutes. The filer's 全市性 is only a proposal, and leaving it out
// does not keep the minutes from the mayor.
func TestSpecialTopicMinutesCityWideIsTheReviewersChoice(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		minutes  string
		decide   func(h *harness) handlers.Response
		cityWide bool
		signer   string
		other    string
	}{
		{"the filer proposes 全市性, the reviewer decides it is not", "全市性 落实事项：发改委：全市推进",
			func(h *harness) handlers.Response {
				return h.click("U0OFFDIR", h.button("M1", "审核通过（不涉及全局性事项）"))
			},
			false, "U0VMLI", "U0MAYOR"},
		{"the filer leaves the word out, the reviewer decides it is", "落实事项：发改委：全市推进",
			func(h *harness) handlers.Response {
				return h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDEP", ThreadItem: "M1", Text: "审核通过，涉及全局性事项。请市长阅示"})
			},
			true, "U0MAYOR", "U0VMLI"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storagetest.Each(t, func(t *testing.T, s *storage.Store) {
				h := newHarness(t, s, at("2026-12-01 10:00"))
				mustContain(t, h.say("U0VMLI", "meeting 专题会议 2026-12-15 09:00 发改委会议室").Text(), "M1")
				h.clk.Set(at("2026-12-15 12:00"))
				mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 "+tc.minutes).Text(), "已提交 M1")
				var card string
				for _, m := range h.outbox() {
					if m.ItemKey == "M1" && m.InThread {
						card = handlerstest.Text(m)
					}
				}
				mustContain(t, card, "审核时请认定是否涉及全局性事项", "由 李副市长 签发", "须经市长 周市长 签发")

				// 审核通过 alone takes no decision on the scope: nothing passes.
				r := h.svc.Handle(context.Background(), handlers.Request{User: "U0OFFDIR", ThreadItem: "M1", Text: "审核通过"})
				mustContain(t, r.Text(), "须认定是否涉及全局性事项", "本次未审核")
				var step storage.ApprovalStep
				s.DB.Where("subject = ? AND seq = 1", "M1-minutes-1").First(&step)
				if step.State != "pending" {
					t.Fatalf("review step %s after 审核通过 without a scope", step.State)
				}

				mustContain(t, tc.decide(h).Text(), "已审核通过", "审核认定")
				var row storage.MeetingMinutes
				s.DB.First(&row)
				if row.CityWide != tc.cityWide || row.ScopedBy == "" || row.ScopedBy == "U0OFFSTAFF" {
					t.Fatalf("minutes row: city-wide %v by %q, want %v by the reviewer", row.CityWide, row.ScopedBy, tc.cityWide)
				}
				var audits int64
				s.DB.Model(&storage.AuditEntry{}).Where("action = ?", "meeting.minutes.scope").Count(&audits)
				if audits != 1 {
					t.Fatalf("%d scope audit entries", audits)
				}
				sign := h.button("M1", "签发")
				mustContain(t, h.click(tc.other, sign).Text(), "此步骤不由您办理")
				mustContain(t, h.click(tc.signer, sign).Text(), "已签发", "A1")
			})
		})
	}
}

// Art. 45: 专题会议纪要，由参加会议的市政府办公室主任或副主任审核. When the
// attendee list names the deputy director and not the director, the
// deputy reviews and the director, who did not attend, may not.
func TestSpecialMinutesAreReviewedByTheDirectorOrDeputyWhoAttended(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		mustContain(t, h.say("U0VMLI", "meeting 专题会议 2026-12-15 09:00 发改委会议室 参会：林副主任").Text(), "M1")
		h.clk.Set(at("2026-12-15 12:00"))
		filed := h.say("U0OFFSTAFF", "meeting minutes M1 会议研究了重点项目。落实事项：发改委：编制计划").Text()
		mustContain(t, filed, "已提交 M1", "林副主任")
		if strings.Contains(filed, "赵主任") {
			t.Fatalf("the director, absent, is named as reviewer: %s", filed)
		}
		b := h.button("M1", msg.T("meeting.btn.review_local"))
		mustContain(t, h.click("U0OFFDIR", b).Text(), "不由您办理")
		mustContain(t, h.click("U0OFFDEP", b).Text(), "M1")
		mins, _, _ := s.Read(context.Background()).LatestMinutes(1)
		steps, _ := s.Read(context.Background()).Steps(mins.Subject())
		if len(steps) == 0 || steps[0].DecidedBy != "U0OFFDEP" {
			t.Fatalf("review decided by %+v, want U0OFFDEP", steps)
		}
	})
}

// With no director or deputy director on the attendee list, the rules name
// no attending reviewer: either may review, and the step says why.
func TestSpecialMinutesWithNoOfficeAttendeeAreReviewedByEither(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		h.say("U0VMLI", "meeting 专题会议 2026-12-15 09:00 发改委会议室")
		h.clk.Set(at("2026-12-15 12:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting minutes M1 会议研究了重点项目。落实事项：发改委：编制计划").Text(), "已提交 M1", "赵主任/林副主任")
		mustContain(t, h.click("U0OFFDIR", h.button("M1", msg.T("meeting.btn.review_local"))).Text(), "M1")
		steps, _ := s.Read(context.Background()).Steps(meeting.MinutesSubject(1, 1))
		if len(steps) == 0 || steps[0].DecidedBy != "U0OFFDIR" {
			t.Fatalf("review decided by %+v, want U0OFFDIR", steps)
		}
	})
}
