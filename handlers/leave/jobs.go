package leave

import (
	"context"
	"strings"

	"officebot/leave"
	"officebot/scheduler"
)

// Jobs are the leave capability's scheduler jobs: every ten minutes, the
// pending requests whose leave has begun with no decision expire
// (requester and office told).
func (s *Service) Jobs() []scheduler.Job {
	return []scheduler.Job{{Name: "leave.expire", Spec: "*/10 * * * *", Changes: true, Run: func(ctx context.Context, jc *scheduler.JobContext) error {
		_, err := s.Expire(ctx, jc.Now)
		return err
	}}}
}

// Describer names leave requests in approval reminders: "王主任 出差 上海".
func (s *Service) Describer() scheduler.Describer {
	return scheduler.Describer{Prefix: "L", Describe: func(ctx context.Context, jc *scheduler.JobContext, items []string) (map[string]string, error) {
		ids := make([]uint64, 0, len(items))
		for _, it := range items {
			if id, err := leave.ParseKey(it); err == nil {
				ids = append(ids, id)
			}
		}
		rs, err := s.store.Read(ctx).LeaveByIDs(ids)
		if err != nil {
			return nil, err
		}
		out := make(map[string]string, len(rs))
		for _, r := range rs {
			name := r.Requester
			// History names people who left: active or not.
			for _, p := range jc.Org.People {
				if p.SlackID == r.Requester {
					name = p.Name
				}
			}
			out[r.Key()] = strings.Join([]string{name, r.Kind.Label(), r.Destination}, " ")
		}
		return out, nil
	}}
}
