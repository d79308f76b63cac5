package office_test

import (
	"context"
	"strings"
	"testing"

	"officebot/chat"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func homeText(bs []chat.Block) string {
	var b strings.Builder
	for _, bl := range bs {
		switch {
		case bl.Header != nil:
			b.WriteString(bl.Header.Text + "\n")
		case bl.Section != nil:
			b.WriteString(bl.Section.Text + "\n")
		case bl.Context != nil:
			b.WriteString(bl.Context.Text + "\n")
		}
	}
	return b.String()
}

func TestTheAppHomeShowsTheDeskToTheOfficeAndLeadersOnly(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHarness(t, s)
		home := func(user string) string {
			bs, err := h.Service.Home(context.Background(), user)
			if err != nil {
				t.Fatal(err)
			}
			return homeText(bs)
		}
		mustContain(t, home("U0OFFDIR"), "督查台", "在办收文 1 件（逾期 1 件）", "逾期最久的事项",
			"• 市发展和改革委员会：A1 ", "已逾期 10 天", "用 /office 查看全部")
		// 王副市长's units have nothing overdue; 王主任 (a department head) gets no desk.
		mustContain(t, home("U0VMWANG"), "督查台", "会议落实未报 1 项（逾期 0 项）", "没有逾期事项。")
		if got := home("U0FGWHEAD"); strings.Contains(got, "督查台") {
			t.Errorf("a department head's App Home shows the desk:\n%s", got)
		}
	})
}
