package office

import (
	"context"
	"fmt"
	"strings"

	"officebot/chat"
	"officebot/handlers"
	"officebot/msg"
)

// home is the desk's App Home section, for the office and the city leaders
// only, followed by everyone's calendar subscription section.
func (s *Service) home(ctx context.Context, c *handlers.Call) ([]chat.Block, error) {
	desk, err := s.deskHome(ctx, c)
	if err != nil {
		return nil, err
	}
	cal, err := s.calendarHome(ctx, c)
	if err != nil {
		return nil, err
	}
	return append(desk, cal...), nil
}

// deskHome is the desk's App Home section for the office and the city
// leaders: the counts at a glance, the five most overdue lines, and the
// way to /office. Others see nothing of it.
func (s *Service) deskHome(ctx context.Context, c *handlers.Call) ([]chat.Block, error) {
	sc, err := ScopeOf(c.Org, c.Me)
	if err != nil {
		return nil, nil
	}
	loc := c.Calendar.Location()
	desk, err := s.desk(ctx, c.Org, sc, c.Now, loc)
	if err != nil {
		return nil, err
	}
	bs := []chat.Block{chat.Title(msg.T("office.home.title")),
		chat.Text(msg.T("office.desk.summary", desk.Docs, desk.DocsOverdue, desk.Items, desk.ItemsOverdue, desk.OutgoingOpen, desk.Pending))}
	var b strings.Builder
	n := 0
	for _, l := range desk.Lines {
		if l.Overdue == 0 || n == 5 {
			continue
		}
		n++
		fmt.Fprintf(&b, "• %s：%s — %s\n", chat.Escape(unitName(c.Org, l.Unit)), l.Text, when(l, c.Now, c.Calendar))
	}
	if n > 0 {
		bs = append(bs, chat.Text(msg.T("office.home.most_overdue")+"\n"+strings.TrimRight(b.String(), "\n")))
	} else {
		bs = append(bs, chat.Note(msg.T("office.home.none_overdue")))
	}
	return append(bs, chat.Note(msg.T("office.home.more"))), nil
}
