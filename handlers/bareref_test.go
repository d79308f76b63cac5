package handlers_test

import (
	"testing"

	"officebot/handlers"
	"officebot/handlers/handlerstest"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// The manifest's usage hints offer /doc D8, /doc 昆政办收〔2026〕17号 and
// /meeting M3: an item named alone is its status, read-only, the same answer
// as the status verb (and /leave L12 likewise).
func TestAnItemNamedAloneShowsItsStatus(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := handlerstest.New(t, s, handlerstest.Options{})
		setup := []struct{ user, command, text string }{
			{"U0FGWHEAD", "leave", "出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会"},
			{"U0FGWHEAD", "doc", "submit 标题：关于申请2027年老旧小区改造资金的请示 类型：请示 类别：in_remit 签发人：@王主任 事项数：1 重大：否"},
			{"U0OFFDIR", "meeting", "常务会议 2026-12-15 09:00 三楼会议室 议题：2027年预算草案"},
			{"U0FGWHEAD", "meeting", "apply 2026-12-20 09:00 市体育中心 名称：全市项目推进会 范围：各区镇分管负责人约200人"},
		}
		for _, c := range setup {
			before := len(b.Outbox())
			if r := b.Command(c.user, c.command, c.text); len(b.Outbox()) == before {
				t.Fatalf("/%s %s: nothing sent: %s", c.command, c.text, r.Text())
			}
		}
		cases := []struct{ user, command, alone, status string }{
			{"U0FGWHEAD", "leave", "L1", "status L1"},
			{"U0FGWHEAD", "leave", "１", "status L1"},
			{"U0FGWHEAD", "doc", "D1", "status D1"},
			{"U0FGWHEAD", "doc", "d1", "status D1"},
			{"U0FGWHEAD", "doc", "1", "status D1"},
			{"U0FGWHEAD", "doc", "昆政办收〔2026〕1号", "status D1"},
			{"U0OFFDIR", "meeting", "M1", "status M1"},
			{"U0OFFDIR", "meeting", "1", "status M1"},
			{"U0OFFDIR", "meeting", "2026年第1次常务会议", "status M1"},
			{"U0OFFDIR", "meeting", "P1", "status P1"},
			{"U0FGWHEAD", "meeting", "ｐ1", "status P1"},
		}
		for _, c := range cases {
			req := handlers.Request{User: c.user, Command: c.command, Text: c.alone}
			if !b.Service.ReadOnly(req) {
				t.Errorf("/%s %s: not declared read-only", c.command, c.alone)
			}
			before := rowCounts(t, s)
			got := b.Do(req).Text()
			want := b.Command(c.user, c.command, c.status).Text()
			if got != want {
				t.Errorf("/%s %s =\n%s\nwant what /%s %s says:\n%s", c.command, c.alone, got, c.command, c.status, want)
			}
			for table, n := range rowCounts(t, s) {
				if before[table] != n {
					t.Errorf("/%s %s changed %s", c.command, c.alone, table)
				}
			}
		}
	})
}
