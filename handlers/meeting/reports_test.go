package meeting_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"officebot/chat"
	"officebot/handlers"
	"officebot/meeting"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// signedMeeting schedules an executive meeting on 2026-12-15, files and
// signs minutes with items for 发改委 (A1), 财政局 (A2) and 住建局 (A3), due
// 2026-12-25.
func signedMeeting(t *testing.T, s *storage.Store) *harness {
	h := newHarness(t, s, at("2026-12-01 10:00"))
	h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-15 09:00 三楼会议室")
	h.clk.Set(at("2026-12-15 12:00"))
	h.say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：编制计划；财政局：落实资金；住建局：改造方案")
	h.click("U0OFFDIR", h.button("M1", "审核通过"))
	mustContain(t, h.click("U0MAYOR", h.button("M1", "签发")).Text(), "A3", "2026-12-25")
	return h
}

func TestReportsAreFiledOnlyByTheItemsDepartment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		user, text, want string
	}{
		{"U0CZJHEAD", "meeting report A1 我们来报", "由市发展和改革委员会负责落实"},
		{"U0OFFDIR", "meeting report A1 代报", "由市发展和改革委员会负责落实"},
		{"U0FGWHEAD", "meeting report A9 无此事项", "没有编号为 A9"},
		{"U0FGWHEAD", "meeting report A1", "用法"},
		{"U0FGWDEP", "meeting report a1 已完成，见 <https://files.slack.com/f/1>", "已报送 A1"}, // staff of the department may file
		{"U0FGWHEAD", "meeting report A1 再报一次", "已经报送"},
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := signedMeeting(t, s)
		for _, tt := range tests {
			mustContain(t, h.say(tt.user, tt.text).Text(), tt.want)
		}
		var reps []storage.ActionReport
		s.DB.Find(&reps)
		if len(reps) != 1 || reps[0].FiledBy != "U0FGWDEP" || reps[0].FileLink != "https://files.slack.com/f/1" || reps[0].Late {
			t.Fatalf("reports %+v", reps)
		}
	})
}

func TestStatusShowsInLateAndMissingReports(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := signedMeeting(t, s)
		h.clk.Set(at("2026-12-24 16:00"))
		mustContain(t, h.say("U0FGWHEAD", "meeting report A1 已完成").Text(), "按时")
		h.clk.Set(at("2026-12-28 09:00"))
		mustContain(t, h.say("U0CZJHEAD", "meeting report A2 已落实").Text(), "逾期报送")
		mustContain(t, h.say("U0ZJJHEAD", "meeting status M1").Text(),
			"A1 市发展和改革委员会：编制计划｜期限 2026-12-25｜已按时报送",
			"A2 市财政局：落实资金｜期限 2026-12-25｜逾期报送",
			"A3 市住房和城乡建设局：改造方案｜期限 2026-12-25｜逾期未报",
			"按时 1 · 逾期报送 1 · 逾期未报 1 · 待报送 0")
		// The office urges the missing one and sends the late one back.
		mustContain(t, h.say("U0FGWHEAD", "meeting urge A3").Text(), "只有市政府办公室")
		mustContain(t, h.say("U0OFFSTAFF", "meeting urge A3").Text(), "已向 A3")
		if last := h.outbox()[len(h.outbox())-1]; last.Channel != "U0ZJJHEAD" || !strings.Contains(last.Text, "催办") {
			t.Fatalf("urge DM %+v", last)
		}
		// A second urge the same day repeats nothing; the next day it may.
		before := len(h.outbox())
		mustContain(t, h.say("U0OFFDIR", "meeting urge A3").Text(), "A3 今天 09:00 已催办过")
		if n := len(h.outbox()); n != before {
			t.Fatalf("a second urge the same day queued %d messages", n-before)
		}
		h.clk.Set(at("2026-12-29 09:00"))
		mustContain(t, h.say("U0OFFDIR", "meeting urge A3").Text(), "已向 A3")
		h.clk.Set(at("2026-12-28 09:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting return A3 没有报告").Text(), "没有待审查")
		mustContain(t, h.say("U0OFFSTAFF", "meeting return A2 请补充资金到位时间").Text(), "退回补充")
		mustContain(t, h.say("U0OFFSTAFF", "meeting status M1").Text(), "A2 市财政局：落实资金｜期限 2026-12-25｜逾期未报，报告已退回补充：请补充资金到位时间")
		mustContain(t, h.say("U0CZJDEP", "meeting report A2 资金已于12月27日到位").Text(), "逾期报送")
		var audit int64
		s.DB.Model(&storage.AuditEntry{}).Where("action LIKE ?", "meeting.%").Count(&audit)
		if audit < 10 {
			t.Fatalf("%d audit entries for the meeting flow", audit)
		}
	})
}

// A report filed with files (uploaded in a DM to the bot, or in the
// meeting's thread) keeps them, queues a copy of each into the meeting's
// thread, and lists them in the status.
func TestAReportWithFilesCopiesThemIntoTheMeetingsThread(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := signedMeeting(t, s)
		h.clk.Set(at("2026-12-20 10:00"))
		files := []chat.File{{ID: "F1", Name: "发改委<计划>.docx", URL: "https://files.slack.com/F1", Size: 2048},
			{ID: "F2", Name: "附表.xlsx", URL: "https://files.slack.com/F2", Size: 512}}
		before := len(h.outbox())
		// A file with no text is a report too; the wrong department is refused first.
		r := h.svc.Handle(context.Background(), handlers.Request{User: "U0CZJHEAD", Text: "meeting report A1", Files: files})
		mustContain(t, r.Text(), "市发展和改革委员会")
		if n := len(h.outbox()); n != before {
			t.Fatalf("a refused report queued %d messages", n-before)
		}
		r = h.svc.Handle(context.Background(), handlers.Request{User: "U0FGWHEAD", Text: "meeting report A1", Files: files})
		mustContain(t, r.Text(), "已报送 A1")
		out := h.outbox()[before:]
		if len(out) != 3 {
			t.Fatalf("queued %+v", out)
		}
		mustContain(t, out[0].Text, "A1", "见附件")
		for i, f := range files {
			m := out[i+1]
			if m.File == nil || m.File.ID != f.ID || m.File.URL != f.URL || m.Channel != "C0MEET" || !m.InThread || m.ItemKey != "M1" {
				t.Fatalf("copy %d: %+v", i, m)
			}
		}
		mustContain(t, out[1].Text, "发改委&lt;计划&gt;.docx")
		mustContain(t, h.say("U0OFFSTAFF", "meeting status M1").Text(), "附件：发改委&lt;计划&gt;.docx、附表.xlsx")

		// In the meeting's thread: 报送 A2 … with a file.
		r = h.svc.Handle(context.Background(), handlers.Request{User: "U0CZJHEAD", ThreadItem: "M1", Text: "报送 A2 资金已落实",
			Files: files[1:]})
		mustContain(t, r.Text(), "已报送 A2")
		// A file with words that file no report is not silently dropped.
		r = h.svc.Handle(context.Background(), handlers.Request{User: "U0FGWHEAD", Text: "whoami", Files: files[:1]})
		mustContain(t, r.Text(), "王主任", "附件未使用")
		// Neither text nor file, or no item: the usage.
		mustContain(t, h.say("U0ZJJHEAD", "meeting report A3").Text(), "用法")
		mustContain(t, h.say("U0ZJJHEAD", "meeting report").Text(), "用法：/meeting report A5")
		mustContain(t, h.say("U0OFFSTAFF", "meeting urge").Text(), "用法：/meeting urge A5")
		mustContain(t, h.say("U0OFFSTAFF", "meeting return").Text(), "用法：/meeting return A5")
		many := make([]chat.File, 11)
		for i := range many {
			many[i] = chat.File{ID: fmt.Sprint("F", i), Name: "f"}
		}
		r = h.svc.Handle(context.Background(), handlers.Request{User: "U0ZJJHEAD", Text: "meeting report A3 好", Files: many})
		mustContain(t, r.Text(), "最多附 10 个文件")
	})
}

// /meeting status follows /leave status's rule: the meeting's people, the
// departments that owe it a report and the leaders on its path, the office
// — not anyone registered (issue 11 item 16).
func TestMeetingStatusIsShownOnlyToItsPeopleAndTheOffice(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s, at("2026-12-01 10:00"))
		mustContain(t, h.say("U0OFFSTAFF", "meeting 常务会议 2026-12-09 14:00 三楼会议室 议题：预算 参会：发改委").Text(), "M1")
		if err := s.DB.Create(&storage.ActionItem{MeetingID: 1, MinutesID: 1, Department: "czj", Task: "编制预算",
			Due: "2026-12-20", State: meeting.ItemOpen}).Error; err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			who     string
			allowed bool
		}{
			{"U0OFFSTAFF", true}, // the office
			{"U0MAYOR", true},
			{"U0FGWHEAD", true},  // an attendee
			{"U0CZJHEAD", true},  // his department owes a report
			{"U0CZJDEP", true},   // of that department
			{"U0EXEC", true},     // the leader in charge of it
			{"U0JYJHEAD", false}, // nothing to do with it
			{"U0JYJDEP", false},
		} {
			got := h.say(tc.who, "meeting status M1").Text()
			if denied := strings.Contains(got, "没有权限"); denied == tc.allowed {
				t.Errorf("%s: allowed %v, got %q", tc.who, tc.allowed, got)
			} else if denied && !strings.Contains(got, "参会人员") {
				t.Errorf("%s: the refusal does not say who may look: %q", tc.who, got)
			}
		}
	})
}

// A report's file is a Slack file (SPEC §1.2, as for documents): another
// address in its text stays text and is never recorded as the report's
// file.
func TestAReportsFileIsASlackFile(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := signedMeeting(t, s)
		mustContain(t, h.say("U0FGWHEAD", "meeting report A1 已完成，参考 <http://evil.example.com/x.pdf> 和 <https://files.slack.com/f/2>").Text(), "已报送 A1")
		mustContain(t, h.say("U0CZJHEAD", "meeting report A2 已完成，见 https://evil.example.com/files.slack.com/a.pdf").Text(), "已报送 A2")
		var reps []storage.ActionReport
		s.DB.Order("id").Find(&reps)
		if len(reps) != 2 || reps[0].FileLink != "https://files.slack.com/f/2" || reps[1].FileLink != "" {
			t.Fatalf("reports %+v", reps)
		}
	})
}
