package storage_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"officebot/approval"
	"officebot/chat"
	"officebot/dates"
	"officebot/leave"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// rowOf reads one row of table as the database holds it, every column as
// text, without the columns skip names.
func rowOf(t *testing.T, s *storage.Store, table string, id uint64, skip ...string) map[string]string {
	t.Helper()
	var row map[string]any
	if err := s.DB.Table(table).Where("id = ?", id).Take(&row).Error; err != nil {
		t.Fatalf("read %s %d: %v", table, id, err)
	}
	out := map[string]string{}
	for k, v := range row {
		out[k] = fmt.Sprintf("%v", v)
	}
	for _, k := range append(skip, "id") {
		delete(out, k)
	}
	return out
}

// The hot path's inserts are prepared SQL rather than GORM's Create (issue
// 15): the rows they write hold the same values, column by column, as the
// rows Create wrote for the same request, step and message.
func TestPreparedInsertsWriteWhatCreateWrote(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		at := time.Date(2026, 12, 7, 1, 2, 3, 456789000, time.UTC)
		start := time.Date(2027, 1, 4, 0, 0, 0, 0, dates.Shanghai)
		r := leave.Request{Requester: "U0FGWHEAD", Kind: leave.BusinessTrip, Destination: "上海",
			Period: leave.Period{Start: start, StartHalf: leave.Afternoon, End: start.AddDate(0, 0, 2), EndHalf: leave.Morning},
			Reason: "参加招商推介会", Required: true, ReasonCode: leave.ReasonOutsideSuzhou,
			Article: leave.Article{Number: 57, Paragraph: 1}, Approver: "U0VMLI", ApproverReason: "dept_head",
			State: leave.Pending, CreatedAt: at}
		step := approval.Step{Kind: "approve", Assignee: "U0VMLI", Actions: []approval.Action{approval.Approve, approval.Reject}, Note: "分管"}
		var viaSQL leave.Request
		if err := s.Tx(ctx, func(tx *storage.Tx) error {
			viaSQL = r
			overlap, err := tx.FileLeave(&viaSQL)
			if err != nil || overlap != nil {
				return fmt.Errorf("file: %v %v", overlap, err)
			}
			if err := tx.StartApproval(viaSQL.Key(), []approval.Step{step}, at); err != nil {
				return err
			}
			return tx.Enqueue(at, chat.Message{Channel: "U0VMLI", ItemKey: viaSQL.Key(), Text: "请审批"})
		}); err != nil {
			t.Fatal(err)
		}
		if viaSQL.ID == 0 {
			t.Fatal("FileLeave set no ID")
		}

		// The same request, step and message through GORM's Create.
		viaCreate := r
		viaCreate.Requester = "U0OTHER"
		row := storage.LeaveRowOf(viaCreate)
		if err := s.DB.Create(&row).Error; err != nil {
			t.Fatal(err)
		}
		plan, err := approval.Plan(viaSQL.Key(), []approval.Step{step}, at)
		if err != nil {
			t.Fatal(err)
		}
		created := storage.StepRowOf(plan[0])
		created.Subject = "L999"
		if err := s.DB.Create(&created).Error; err != nil {
			t.Fatal(err)
		}
		var stepID uint64
		if err := s.DB.Table("approval_steps").Select("id").Where("subject = ?", viaSQL.Key()).Scan(&stepID).Error; err != nil {
			t.Fatal(err)
		}
		var msg storage.OutboxMessage
		if err := s.DB.Where("item_key = ?", viaSQL.Key()).Take(&msg).Error; err != nil {
			t.Fatal(err)
		}
		other := storage.OutboxMessage{Conversation: msg.Conversation, ItemKey: msg.ItemKey, Payload: msg.Payload,
			State: storage.OutboxPending, NextAttempt: at, CreatedAt: at}
		if err := s.DB.Create(&other).Error; err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			table  string
			a, b   uint64
			differ []string
		}{
			{"leave_requests", viaSQL.ID, row.ID, []string{"requester"}},
			{"approval_steps", stepID, created.ID, []string{"subject"}},
			{"outbox_messages", msg.ID, other.ID, nil},
		} {
			a, b := rowOf(t, s, c.table, c.a, c.differ...), rowOf(t, s, c.table, c.b, c.differ...)
			if !maps.Equal(a, b) {
				t.Errorf("%s: prepared insert wrote\n%v\nCreate wrote\n%v", c.table, a, b)
			}
		}

		// Read back through the prepared read, the request is the one filed.
		open, err := s.Read(ctx).OpenLeaveOf("U0FGWHEAD", start)
		if err != nil || len(open) != 1 {
			t.Fatalf("open leave: %+v, %v", open, err)
		}
		got, want := open[0], viaSQL
		got.CreatedAt, want.CreatedAt = got.CreatedAt.UTC(), want.CreatedAt.UTC()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("read back\n%+v\nfiled\n%+v", got, want)
		}
	})
}

// Text columns a migration added are NULL in older rows; the prepared
// reads take them as empty, as GORM did.
func TestPreparedReadsTakeNullTextAsEmpty(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if err := s.DB.Exec(`INSERT INTO leave_requests (requester, kind, destination, start_date, start_half, end_date, end_half,
			required, reason_code, article, paragraph, meeting_absence, counts_away, state, created_at)
			VALUES ('U0VMLI', '出差', '北京', '2027-01-04', 0, '2027-01-05', 0, ?, 'outside_suzhou', 57, 1, ?, ?, 'approved', ?)`,
			false, false, false, now).Error; err != nil {
			t.Fatal(err)
		}
		day := time.Date(2027, 1, 4, 0, 0, 0, 0, dates.Shanghai)
		read := s.Read(context.Background())
		open, err := read.OpenLeaveOf("U0VMLI", day)
		if err != nil || len(open) != 1 || open[0].Deputy != "" || open[0].Reason != "" || open[0].DecidedAt != nil {
			t.Fatalf("open leave = %+v, %v", open, err)
		}
		away, err := read.AbsencesDuring(day, day)
		if err != nil || len(away) != 1 || away[0].SlackID != "U0VMLI" || away[0].Deputy != "" {
			t.Fatalf("absences = %+v, %v", away, err)
		}
	})
}
