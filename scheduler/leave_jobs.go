package scheduler

import (
	"context"
	"strconv"
	"strings"

	"officebot/directory"
	"officebot/handlers"
	"officebot/leave"
	"officebot/storage"
)

// LeaveExpiryJob expires every ten minutes the pending requests whose leave
// has begun with no decision (requester and office told).
func LeaveExpiryJob() Job {
	return Job{Name: "leave.expire", Spec: "*/10 * * * *", Changes: true, Run: func(ctx context.Context, jc *JobContext) error {
		_, err := handlers.ExpireLeave(ctx, jc.Store, jc.Now)
		return err
	}}
}

// LeaveDescriber names leave requests in reminders: "王主任 出差 上海".
var LeaveDescriber = Describer{Prefix: "L", Describe: describeLeave}

func describeLeave(ctx context.Context, jc *JobContext, items []string) (map[string]string, error) {
	db := jc.Store.DB.WithContext(ctx)
	ids := make([]uint64, 0, len(items))
	for _, it := range items {
		if id, err := storage.ParseLeaveKey(it); err == nil {
			ids = append(ids, id)
		}
	}
	var rows []storage.LeaveRequest
	if err := db.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	org, err := storage.LoadOrg(db)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		name := r.Requester
		if p, ok := findAny(org, r.Requester); ok {
			name = p.Name
		}
		out["L"+strconv.FormatUint(r.ID, 10)] = strings.Join([]string{name, leave.Kind(r.Kind).Label(), r.Destination}, " ")
	}
	return out, nil
}

// findAny finds a person, active or not: history names people who left.
func findAny(org *directory.Org, id string) (directory.Person, bool) {
	for _, p := range org.People {
		if p.SlackID == id {
			return p, true
		}
	}
	return directory.Person{}, false
}
