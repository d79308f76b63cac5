package bot_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"officebot/bot"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// TestConsoleMeetingWalkthrough is the walkthrough of docs/meetings.md: the
// office schedules an executive meeting, files its minutes after it, the
// office director reviews, the mayor signs, and 发改委 reports.
func TestConsoleMeetingWalkthrough(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		start := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
		tb := handlerstest.New(t, s, handlerstest.Options{Start: start, Extra: []*handlers.Capability{testform(nil)}})
		svc, clk, log := tb.Service, tb.Clock, handlerstest.Discard()
		var out bytes.Buffer
		run := func(user, lines string) string {
			out.Reset()
			con := &bot.Console{Service: svc, User: user, Out: &out}
			con.Outbox = &scheduler.Outbox{Store: s, Sender: con, Clock: clk, Log: log}
			if err := con.Run(ctx, strings.NewReader(lines)); err != nil {
				t.Fatal(err)
			}
			return out.String()
		}
		got := run("U0OFFSTAFF", "meeting 常务会议 下下周二 09:00 三楼会议室 议题：2027年预算草案；老旧小区改造 参会：财政局 发改委\n")
		for _, want := range []string{
			"已安排 M1 2026年第1次常务会议：2026-12-15（星期二）09:00-11:00，三楼会议室，通知 8 人。",
			"【发往频道 C0MEET】\nM1 2026年第1次常务会议\n  *时间*：2026-12-15（星期二）09:00-11:00",
			"【私信 U0FGWHEAD】\n会议通知（M1）：2026年第1次常务会议，请您参会。",
		} {
			if !strings.Contains(got, want) {
				t.Fatalf("scheduling output lacks %q:\n%s", want, got)
			}
		}

		clk.Set(time.Date(2026, 12, 15, 12, 0, 0, 0, loc))
		got = run("U0OFFSTAFF", strings.Join([]string{
			"meeting minutes M1 会议原则通过2027年预算草案。 落实事项：发改委：牵头编制2027年重点项目计划；财政局：落实配套资金",
			":as U0MAYOR",
			":click 1",
			":as U0OFFDIR",
			":click 1",
			":as U0MAYOR",
			":click 1",
			":as U0FGWHEAD",
			"meeting report A1 已完成计划初稿，见 https://files.slack.com/files-pri/T0/F0/plan.docx",
			":as U0CZJHEAD",
			":upload 配套资金落实情况.docx meeting report A2 资金已落实",
			"meeting status M1",
		}, "\n")+"\n")
		for _, want := range []string{
			"已提交 M1 2026年第1次常务会议 的会议纪要，待 赵主任 办理。",
			"待审核：赵主任（第四十五条：由市政府办公室主任审核）\n  [1] 审核通过\n  [2] 退回修改",
			"U0MAYOR> 此步骤不由您办理",
			"U0OFFDIR> 已审核通过 M1 2026年第1次常务会议 的会议纪要，转 周市长 签发。",
			"待签发：周市长（第四十五条：报市长签发）\n  [1] 签发",
			"U0MAYOR> 已签发 M1 2026年第1次常务会议 的会议纪要，生成 2 项落实事项：\n• A1 市发展和改革委员会：牵头编制2027年重点项目计划（2026-12-25 前报送）",
			"【私信 U0FGWHEAD】\nM1 2026年第1次常务会议 的纪要已签发。请贵单位落实：A1",
			"U0FGWHEAD> 已报送 A1 的落实情况（期限 2026-12-25，按时）。",
			"A1 市发展和改革委员会：牵头编制2027年重点项目计划｜期限 2026-12-25｜已按时报送，2026-12-15 12:00 由 王主任 报送",
			"A2 市财政局：落实配套资金｜期限 2026-12-25｜已按时报送，2026-12-15 12:00 由 孙局长 报送，附件：配套资金落实情况.docx",
			"A2 市财政局 落实情况报告附件：配套资金落实情况.docx",
		} {
			if !strings.Contains(got, want) {
				t.Fatalf("minutes output lacks %q:\n%s", want, got)
			}
		}
	})
}
