package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"officebot/dates"
	"officebot/directory"
	"officebot/document"
	"officebot/leave"
	"officebot/meeting"
	"officebot/office"
	"officebot/storage"
	"officebot/storage/storagetest"
)

func TestOfficeRecordsDeliverThePeriodAndWhatIsOpen(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		sh := dates.Shanghai
		at := func(d string) *time.Time {
			v, _ := time.ParseInLocation(time.DateOnly, d, sh)
			v = v.Add(10 * time.Hour).UTC()
			return &v
		}
		create := func(v any) {
			t.Helper()
			if err := s.DB.Create(v).Error; err != nil {
				t.Fatal(err)
			}
		}
		num := func(n int64) *int64 { return &n }
		// Incoming: D1 closed in December after an extension, D2 open and
		// overdue since November, D3 closed in November (not December's),
		// D4 returned in December.
		create(&storage.Document{ID: 1, Direction: "in", Title: "关于重大项目的请示", Type: "请示", Department: "czj", Submitter: "U0CZJHEAD",
			State: string(document.Done), HandlingDept: "fgw", AssignedAt: at("2026-12-01"), Due: "2026-12-17", Extensions: 1,
			DoneAt: at("2026-12-16"), CreatedAt: *at("2026-12-01"), Register: "昆政办收", Year: 2026, Number: num(1)})
		create(&storage.Document{ID: 2, Direction: "in", Title: "未办结", Department: "fgw", Submitter: "U0FGWHEAD",
			State: string(document.Handling), HandlingDept: "fgw", AssignedAt: at("2026-11-20"), Due: "2026-11-30", CreatedAt: *at("2026-11-20")})
		create(&storage.Document{ID: 3, Direction: "in", Title: "十一月办结", Department: "fgw", Submitter: "U0FGWHEAD",
			State: string(document.Done), HandlingDept: "fgw", Due: "2026-11-25", DoneAt: at("2026-11-24"), CreatedAt: *at("2026-11-10")})
		create(&storage.Document{ID: 4, Direction: "in", Title: "退回", Department: "fgw", Submitter: "U0FGWHEAD",
			State: string(document.Returned), CreatedAt: *at("2026-12-03")})
		// Outgoing: D5 signed in December, D6 in progress since October, D7 signed in October.
		create(&storage.Document{ID: 5, Direction: "out", Title: "通知", Department: "fgw", Submitter: "U0FGWHEAD",
			State: string(document.ChainSigned), CreatedAt: *at("2026-11-28"), Register: "昆政发", Year: 2026, Number: num(3)})
		create(&storage.OutgoingDoc{DocumentID: 5, Issuer: "government", Condition: "x", Chain: "{}", SignedAt: at("2026-12-02")})
		create(&storage.Document{ID: 6, Direction: "out", Title: "在签", Department: "fgw", Submitter: "U0FGWHEAD",
			State: string(document.ChainInProgress), CreatedAt: *at("2026-10-10")})
		create(&storage.OutgoingDoc{DocumentID: 6, Issuer: "office", Condition: "x", Chain: "{}", Waiting: ",U0OFFDEP,"})
		create(&storage.Document{ID: 7, Direction: "out", Title: "十月", Department: "fgw", Submitter: "U0FGWHEAD",
			State: string(document.ChainSigned), CreatedAt: *at("2026-10-01")})
		create(&storage.OutgoingDoc{DocumentID: 7, Issuer: "office", Condition: "x", Chain: "{}", SignedAt: at("2026-10-09")})
		// Action items of one meeting: A1 reported in December, A2 open since
		// November, A3 reported in November.
		create(&storage.Meeting{ID: 1, Type: string(meeting.Executive), Year: 2026, Number: 12, StartAt: *at("2026-11-15"),
			EndAt: *at("2026-11-15"), Place: "三楼", Convener: "U0MAYOR", CreatedBy: "U0OFFDIR", State: meeting.Held})
		create(&storage.ActionItem{ID: 1, MeetingID: 1, Department: "fgw", Task: "甲", Due: "2026-12-01", State: meeting.ItemReported, ReportedAt: at("2026-12-02")})
		create(&storage.ActionItem{ID: 2, MeetingID: 1, Department: "czj", Task: "乙", Due: "2026-11-25", State: meeting.ItemOpen})
		create(&storage.ActionItem{ID: 3, MeetingID: 1, Department: "czj", Task: "丙", Due: "2026-11-25", State: meeting.ItemReported, ReportedAt: at("2026-11-24")})
		// Leave: L1 starts in December, L2 in November.
		for i, start := range []string{"2026-12-03", "2026-11-03"} {
			r := storage.LeaveRequest{ID: uint64(i + 1), Requester: "U0FGWHEAD", Kind: string(leave.BusinessTrip), Destination: "上海",
				ReasonCode: string(leave.ReasonOutsideSuzhou), State: leave.Approved, Approver: "U0VMLI", CreatedAt: *at("2026-11-01")}
			day, _ := time.ParseInLocation(time.DateOnly, start, sh)
			r.SetPeriod(leave.Period{Start: day, End: day.AddDate(0, 0, 2)})
			create(&r)
		}

		org := &directory.Org{
			Departments: []directory.Department{{ID: "fgw", Name: "市发展和改革委员会"}, {ID: "czj", Name: "市财政局"}},
			People: []directory.Person{{SlackID: "U0FGWHEAD", Name: "王主任", Role: directory.DepartmentHead, Department: "fgw", Active: true},
				{SlackID: "U0CZJHEAD", Name: "孙局长", Role: directory.DepartmentHead, Department: "czj", Active: true},
				{SlackID: "U0VMLI", Name: "李副市长", Role: directory.ViceMayor, Active: true}},
		}
		rec := s.OfficeRecords(context.Background(), org, office.Period{Span: office.Month, Year: 2026, N: 12}, sh)
		src := rec.Sources()
		var in []office.Incoming
		for d := range src.Incoming {
			in = append(in, d)
		}
		keys := func(n int, key func(i int) string) []string {
			var out []string
			for i := range n {
				out = append(out, key(i))
			}
			return out
		}
		if got := keys(len(in), func(i int) string { return in[i].Key }); !slices.Equal(got, []string{"D1", "D2", "D4"}) {
			t.Fatalf("incoming %v, want D1, D2 and D4", got)
		}
		d1, d2, d4 := in[0], in[1], in[2]
		if d1.Unit != "fgw" || d1.From != "czj" || !d1.Extended || d1.Due.Format(time.DateOnly) != "2026-12-17" ||
			d1.Closed.In(sh).Format(time.DateOnly) != "2026-12-16" || d1.Number != "昆政办收〔2026〕1号" || d1.State != "已办结" {
			t.Errorf("D1 = %+v", d1)
		}
		if !d2.Open() || d2.Responsible != "U0FGWHEAD" || d4.Open() {
			t.Errorf("D2 open %v responsible %q; D4 (returned) open %v", d2.Open(), d2.Responsible, d4.Open())
		}
		var out []office.Outgoing
		for d := range src.Outgoing {
			out = append(out, d)
		}
		if len(out) != 2 || out[0].Key != "D5" || out[0].Issued.IsZero() || out[0].Kind != "政府发文" || out[0].Number != "昆政发〔2026〕3号" ||
			out[1].Key != "D6" || !out[1].Open() || out[1].Responsible != "U0OFFDEP" {
			t.Errorf("outgoing %+v, want D5 issued and D6 waiting for U0OFFDEP", out)
		}
		var items []office.Item
		for a := range src.Items {
			items = append(items, a)
		}
		if len(items) != 2 || items[0].Key != "A1" || items[0].Reported.IsZero() || items[0].Meeting != "2026年第12次常务会议" ||
			items[1].Key != "A2" || !items[1].Open() || items[1].Responsible != "U0CZJHEAD" {
			t.Errorf("items %+v, want A1 reported and A2 open", items)
		}
		var leaves []office.Leave
		for l := range src.Leave {
			leaves = append(leaves, l)
		}
		if len(leaves) != 1 || leaves[0].Key != "L1" || leaves[0].Person != "王主任" || leaves[0].Unit != "fgw" ||
			leaves[0].Approver != "李副市长" || leaves[0].Days != 3 {
			t.Errorf("leave %+v, want L1 of 王主任 (fgw), 3 days", leaves)
		}
		if err := rec.Err(); err != nil {
			t.Fatal(err)
		}
		// The sources are read again, each time from the database.
		n := 0
		for range src.Incoming {
			n++
		}
		if n != 3 {
			t.Errorf("second read of incoming: %d documents", n)
		}
	})
}

func TestOfficeRecordsPageThroughManyRows(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		rows := make([]storage.ActionItem, 1234)
		for i := range rows {
			rows[i] = storage.ActionItem{MeetingID: 1, Department: "fgw", Task: "事项", Due: "2026-12-10", State: meeting.ItemOpen}
		}
		if err := s.DB.CreateInBatches(rows, 200).Error; err != nil {
			t.Fatal(err)
		}
		rec := s.OfficeRecords(context.Background(), &directory.Org{}, office.Period{Span: office.Month, Year: 2026, N: 12}, dates.Shanghai)
		n, stopped := 0, 0
		for range rec.Items() {
			n++
		}
		for range rec.Items() {
			if stopped++; stopped == 600 {
				break
			}
		}
		if n != 1234 || stopped != 600 || rec.Err() != nil {
			t.Fatalf("read %d items (want 1234), stopped after %d, err %v", n, stopped, rec.Err())
		}
	})
}
