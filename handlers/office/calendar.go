package office

import (
	"context"
	"strings"

	"officebot/chat"
	"officebot/handlers"
	"officebot/msg"
)

// The App Home buttons of the calendar subscription.
const (
	actCalendarReset = "office.calendar_reset"
	actCalendarOff   = "office.calendar_off"
)

// calendar answers /office calendar [reset|off]: the person's private
// calendar subscription (/calendar/<token>.ics, docs/meetings.md) — its
// state, a new address that revokes the old one, or none.
func (s *Service) calendar(ctx context.Context, c *handlers.Call, rest string) (handlers.Response, error) {
	switch strings.ToLower(strings.TrimSpace(rest)) {
	case "":
		return s.calendarStatus(ctx, c)
	case "reset", "重置", "new", "生成", "更换":
		return s.calendarReset(ctx, c)
	case "off", "停用", "关闭", "revoke", "撤销":
		had, err := handlers.RevokeCalendarFeed(ctx, c)
		if err != nil {
			return handlers.Response{}, err
		}
		return handlers.FeedRevoked(had), nil
	}
	return handlers.Reply(msg.T("calendar.usage")), nil
}

// calendarReset issues a new address (revoking any earlier one) and shows
// it, the only time it is shown: in the reply to the command, or in a
// direct message when the button was pressed in App Home.
func (s *Service) calendarReset(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	token, err := handlers.IssueCalendarFeed(ctx, c)
	if err != nil {
		return handlers.Response{}, err
	}
	return c.FeedIssued(token), nil
}

// calendarStatus says whether the person has a subscription and since when.
func (s *Service) calendarStatus(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	f, ok, err := s.store.Read(ctx).CalendarFeedOf(c.Me.SlackID)
	if err != nil || !ok {
		return handlers.Reply(msg.T("calendar.status_off")), err
	}
	addr, _ := c.FeedAddress(f.Hint + "…")
	return handlers.Reply(msg.T("calendar.status_on", f.CreatedAt.In(c.Calendar.Location()).Format("2006-01-02 15:04"), addr)), nil
}

// calendarHome is everyone's App Home section of the subscription: its
// address as far as it may be shown (the token's first characters) with
// 重置订阅地址 and 停用, or 生成订阅地址 when there is none.
func (s *Service) calendarHome(ctx context.Context, c *handlers.Call) ([]chat.Block, error) {
	f, ok, err := s.store.Read(ctx).CalendarFeedOf(c.Me.SlackID)
	if err != nil {
		return nil, err
	}
	bs := []chat.Block{chat.Title(msg.T("calendar.home_title"))}
	if ok {
		addr, _ := c.FeedAddress(f.Hint + "…")
		bs = append(bs, chat.Text(msg.T("calendar.home_on", f.CreatedAt.In(c.Calendar.Location()).Format("2006-01-02 15:04"), addr)),
			chat.Buttons(chat.Button{Label: msg.T("calendar.button_reset"), ActionID: actCalendarReset, Value: "reset"},
				chat.Button{Label: msg.T("calendar.button_off"), ActionID: actCalendarOff, Value: "off", Style: chat.Danger}))
	} else {
		bs = append(bs, chat.Text(msg.T("calendar.home_off")),
			chat.Buttons(chat.Button{Label: msg.T("calendar.button_issue"), ActionID: actCalendarReset, Value: "reset", Style: chat.Primary}))
	}
	if c.PublicURL == "" {
		bs = append(bs, chat.Note(msg.T("calendar.home_no_public_url")))
	}
	return bs, nil
}
