package todo_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"officebot/chat"
	"officebot/handlers/handlerstest"
	"officebot/handlers/todo"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// go test ./handlers/todo -run Golden -update-home
var update = flag.Bool("update-home", false, "rewrite testdata/*.golden")

type bot struct {
	*handlerstest.Bot
	t *testing.T
}

func (b *bot) must(what string, got interface{ Text() string }, want string) {
	b.t.Helper()
	if !strings.Contains(got.Text(), want) {
		b.t.Fatalf("%s: %q lacks %q", what, got.Text(), want)
	}
}

// seed is a month of work for 李副市长 (in charge of 发改委 and 商务局),
// 王主任 (head of 发改委) and 刘秘书 (an office clerk), as of Monday
// 2026-12-21 10:00:
//   - M1, a special meeting 李副市长 convened on 12-01, its minutes signed:
//     A1 (发改委) due 12-11 is overdue;
//   - M2, a special meeting on 12-16, its minutes reviewed, waiting for
//     李副市长's signature;
//   - D1, 发改委's 请示 waiting for 李副市长's 批示;
//   - D2, 商务局's 请示 交办 to 发改委 (due under Art. 54);
//   - L1, 王主任's trip waiting for 李副市长;
//   - P1, 发改委's city-wide meeting waiting for the office;
//   - D3, 财政局's draft notice waiting for 发改委's 会签 (王主任).
func seed(t *testing.T, s *storage.Store) *bot {
	b := &bot{Bot: handlerstest.New(t, s, handlerstest.Options{Start: handlerstest.At("2026-12-01 08:00")}), t: t}
	set := func(at string) { b.Clock.Set(handlerstest.At(at)) }
	b.must("M1", b.Say("U0VMLI", "meeting 专题会议 2026-12-01 09:00 发改委会议室 名称：重大项目推进专题会议"), "M1")
	set("2026-12-01 12:00")
	b.must("M1 minutes", b.Say("U0OFFSTAFF", "meeting minutes M1 落实事项：发改委：牵头编制重大项目年度计划"), "已提交 M1")
	b.must("M1 review", b.Click("U0OFFDEP", "meeting.review", "M1-minutes-1#1"), "已审核通过")
	b.must("M1 sign", b.Click("U0VMLI", "meeting.sign", "M1-minutes-1#2"), "已签发")
	set("2026-12-14 10:00")
	b.must("M2", b.Say("U0VMLI", "meeting 专题会议 2026-12-16 09:00 商务局会议室 名称：外贸稳增长专题会议"), "M2")
	b.must("D1", b.Command("U0FGWHEAD", "doc", "submit 标题：关于申请2027年重大项目前期经费的请示 类型：请示 类别：in_remit 签发人：@王主任 事项数：1 重大：否"), "D1")
	b.must("D2", b.Command("U0SWJHEAD", "doc", "submit 标题：关于外贸企业纾困资金安排的请示 类型：请示 类别：in_remit 签发人：@孔局长 事项数：1 重大：否"), "D2")
	b.must("交办", b.Reply("U0VMLI", "D2", "交办 发改委 请按职责办理"), "已交办 D2")
	set("2026-12-16 12:00")
	b.must("M2 minutes", b.Say("U0OFFSTAFF", "meeting minutes M2 落实事项：商务局：拟定外贸企业纾困方案"), "已提交 M2")
	b.must("M2 review", b.Click("U0OFFDEP", "meeting.review", "M2-minutes-1#1"), "已审核通过")
	set("2026-12-18 09:00")
	b.must("L1", b.Command("U0FGWHEAD", "leave", "出差 上海 2026-12-28 至 2026-12-29 参加招商推介会"), "L1")
	b.must("P1", b.Say("U0FGWHEAD", "meeting apply 2027-01-08 09:00 市民中心 名称：全市重大项目推进会"), "P1")
	set("2026-12-21 09:30")
	b.must("D3", b.Command("U0CZJHEAD", "doc", "draft 以市政府名义 标题：关于加强重大项目资金保障的通知 文种：通知 会签：发改委"), "D3")
	set("2026-12-21 10:00")
	return b
}

func homeText(bs []chat.Block) string {
	var b strings.Builder
	for _, bl := range bs {
		switch {
		case bl.Header != nil:
			b.WriteString("# " + bl.Header.Text + "\n")
		case bl.Section != nil:
			b.WriteString(bl.Section.Text + "\n")
		case bl.Context != nil:
			b.WriteString("(" + bl.Context.Text + ")\n")
		case bl.Actions != nil:
			var ls []string
			for _, bt := range bl.Actions.Buttons {
				ls = append(ls, "["+bt.Label+" "+bt.ActionID+" "+bt.Value+"]")
			}
			b.WriteString(strings.Join(ls, " ") + "\n")
		}
	}
	return b.String()
}

// The whole App Home of a vice mayor, a department head and an office
// clerk, with 待我办理 first: every kind waiting for them, named as
// officials name it, the longest waiting and the overdue first.
func TestHomeGolden(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := seed(t, s)
		for _, who := range []struct{ file, user string }{
			{"vice_mayor", "U0VMLI"}, {"department_head", "U0FGWHEAD"}, {"office_clerk", "U0OFFSTAFF"},
		} {
			bs, err := b.Service.Home(context.Background(), who.user)
			if err != nil {
				t.Fatal(err)
			}
			got := homeText(bs)
			path := filepath.Join("testdata", who.file+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./handlers/todo -run Golden -update-home)", err)
			}
			if got != string(want) {
				t.Errorf("%s home differs from %s:\n--- got\n%s--- want\n%s", who.user, path, got, want)
			}
		}
		// The leave line's button is the leave capability's: it decides.
		b.must("approve from home", b.Click("U0VMLI", "leave.approve", "L1"), "L1")
		bs, err := b.Service.Home(context.Background(), "U0VMLI")
		if err != nil {
			t.Fatal(err)
		}
		if got := homeText(bs); strings.Contains(got, "请假 L1") || !strings.Contains(got, "会议纪要 M2") {
			t.Errorf("after approving L1:\n%s", got)
		}
	})
}

// Past MaxLines the section counts the rest in one line.
func TestHomeCountsWhatItDoesNotShow(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := &bot{Bot: handlerstest.New(t, s, handlerstest.Options{Start: handlerstest.At("2026-12-01 09:00")}), t: t}
		trips := []string{"2027-01-04 至 2027-01-05", "2027-01-11 至 2027-01-12", "2027-01-18 至 2027-01-19",
			"2027-01-25 至 2027-01-26", "2027-02-01 至 2027-02-02"}
		for _, head := range []string{"U0FGWHEAD", "U0SWJHEAD", "U0ZHANGPUHEAD"} {
			for _, trip := range trips {
				b.must(head+" "+trip, b.Command(head, "leave", "出差 上海 "+trip+" 参加招商推介会"), "L")
			}
		}
		bs, err := b.Service.Home(context.Background(), "U0VMLI")
		if err != nil {
			t.Fatal(err)
		}
		got := homeText(bs)
		if n := strings.Count(got, "• 请假 L"); n != todo.MaxLines {
			t.Errorf("%d leave lines, want %d:\n%s", n, todo.MaxLines, got)
		}
		if !strings.Contains(got, "还有 3 项") || !strings.Contains(got, "L1 王主任") || strings.Contains(got, "L15 ") {
			t.Errorf("not the oldest first with the rest counted:\n%s", got)
		}
	})
}
