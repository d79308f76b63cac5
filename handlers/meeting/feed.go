package meeting

import (
	"context"
	"net/http"
	"strings"
	"time"

	"officebot/clock"
	"officebot/directory"
	"officebot/handlers"
	"officebot/ics"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
)

// FeedPath is where serve answers calendar subscriptions: FeedPath+TOKEN+".ics".
const FeedPath = handlers.FeedPath

// Feed window: what a subscribed calendar shows.
const (
	feedPast   = 60 * 24 * time.Hour
	feedFuture = 400 * 24 * time.Hour
)

// calendarToken issues the person a new private subscription address
// (/meeting calendar; /office calendar reset and App Home do the same),
// revoking the one before; /meeting calendar off revokes it.
func (s *Service) calendarToken(ctx context.Context, c *handlers.Call, rest string) (handlers.Response, error) {
	switch w := strings.TrimSpace(rest); w {
	case "", "reset", "重置":
	case "off", "关闭", "停用":
		had, err := handlers.RevokeCalendarFeed(ctx, c)
		if err != nil {
			return handlers.Response{}, err
		}
		return handlers.FeedRevoked(had), nil
	default:
		// Anything else would issue a new address and end the old one.
		return handlers.Reply(msg.T("meeting.usage.calendar")), nil
	}
	token, err := handlers.IssueCalendarFeed(ctx, c)
	if err != nil {
		return handlers.Response{}, err
	}
	return c.FeedIssued(token), nil
}

// Feed answers GET /calendar/<token>.ics with the meetings of the token's
// owner (those they attend or convene, from 60 days ago to 400 days ahead)
// as a subscription calendar. An unknown or revoked token gets 404 and
// nothing else.
func (s *Service) Feed(clk clock.Clock) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, FeedPath), ".ics")
		if !ok || token == "" || len(token) > 100 {
			http.NotFound(w, r)
			return
		}
		read := s.store.Read(r.Context())
		who, ok, err := read.CalendarTokenOwner(handlers.FeedTokenHash(token))
		if err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		now := clk.Now()
		ms, err := read.MeetingsBetween(now.Add(-feedPast), now.Add(feedFuture))
		if err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		org, err := s.store.Org(r.Context())
		if err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		// One read of the absences in the window seats every meeting's
		// deputies (Art. 57 ¶2), as /meeting status shows them.
		abs, err := read.AbsencesDuring(now.Add(-feedPast), now.Add(feedFuture))
		if err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		names := dirNames{org}
		var evs []ics.Event
		for _, m := range ms {
			if ev, ok := feedEvent(seatedAmong(abs, m), who, names, now); ok {
				evs = append(evs, ev)
			}
		}
		more, err := s.feedDatesOf(read, org, who, now)
		if err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		evs = append(evs, more...)
		b, err := ics.Feed(msg.T("meeting.feed_name", names.Name(who)), evs)
		if err != nil {
			http.Error(w, "unavailable", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.Header().Set("Cache-Control", "private, no-store")
		_, _ = w.Write(b)
	})
}

// feedDatesOf is the rest of who's feed besides meetings, as all-day
// events in the feed window: the due dates (Art. 54) of the incoming
// documents their unit handles, lead or joint (《标题》办理期限, UID D12@…,
// SEQUENCE the number of extensions, so a granted extension moves it), and
// the approved leave of the people whose leave they decided or approve
// (UID L12@…, from the first day to the last).
func (s *Service) feedDatesOf(read *storage.Tx, org *directory.Org, who string, now time.Time) ([]ics.Event, error) {
	zone := s.store.Zone()
	from := now.Add(-feedPast).In(zone).Format(time.DateOnly)
	to := now.Add(feedFuture).In(zone).Format(time.DateOnly)
	var evs []ics.Event
	if p, ok := org.Person(who); ok && p.Department != "" {
		docs, err := read.IncomingHandledDueBetween(p.Department, from, to)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if ev, ok := d.DueEvent(zone, now); ok {
				evs = append(evs, ev)
			}
		}
	}
	names := dirNames{org}
	leaves, err := read.ApprovedLeaveDecidedBy(who, from, to)
	if err != nil {
		return nil, err
	}
	for _, r := range leaves {
		if ev, ok := r.Event(names.Name(r.Requester), zone, now); ok {
			evs = append(evs, ev)
		}
	}
	return evs, nil
}

// OrgSource names people for calendar entries.
type OrgSource interface{ Name(slackID string) string }

// dirNames names people from the directory.
type dirNames struct{ org *directory.Org }

func (d dirNames) Name(id string) string {
	if p, ok := d.org.Person(id); ok {
		return p.Name
	}
	return id
}

// feedEvent is the meeting, as it sits (seatedAmong), in who's feed: a
// meeting they convene or have a seat in, their own or one they fill for
// an absent head (代为参会). A meeting whose invited attendee who is on
// approved leave stays in their feed, marked 【请假，钱副主任代为参会】 (or
// 【请假】 with no deputy named), as free time with no alarm: the official
// still sees that the meeting takes place and who sits in their place, as
// App Home shows it, while a meeting vanishing from a subscribed calendar
// reads as a cancellation (docs/meetings.md). ok is false when who has no
// part in it.
func feedEvent(m meeting.Meeting, who string, names OrgSource, now time.Time) (ics.Event, bool) {
	ev := event(m, names, now, ics.Request)
	if m.Convener == who {
		return ev, true
	}
	seat, ok := m.SeatOf(who)
	switch {
	case !ok:
		return ics.Event{}, false
	case seat.For == who:
		ev.Summary = msg.T("meeting.feed_excused_deputy", names.Name(seat.SlackID), ev.Summary)
		ev.Free = true
	case seat.Away:
		ev.Summary = msg.T("meeting.feed_excused", ev.Summary)
		ev.Free = true
	}
	return ev, true
}

// event is the meeting as a calendar entry; its attendees are named as
// the meeting sits: 钱副主任（代王主任）, 王主任（请假）.
func event(m meeting.Meeting, names OrgSource, now time.Time, method ics.Method) ics.Event {
	ev := ics.Event{UID: ics.UID(m.Key()), Sequence: m.Sequence, Method: method, Summary: m.Name(),
		Start: m.Start, End: m.End, Location: m.Place, Description: description(m),
		Organizer: ics.Person{ID: m.Convener, Name: names.Name(m.Convener)}, Stamp: now}
	for _, id := range m.AttendeeIDs() {
		name := names.Name(id)
		if a, ok := m.SeatOf(id); ok && a.SlackID == id && id != m.Convener {
			switch {
			case a.For != "":
				name = msg.T("meeting.attendee_for", name, names.Name(a.For))
			case a.Away:
				name = msg.T("meeting.attendee_away", name)
			}
		}
		ev.Attendees = append(ev.Attendees, ics.Person{ID: id, Name: name})
	}
	return ev
}
