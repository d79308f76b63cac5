// Package office is the government office's supervision desk (Art. 20, 30,
// 47, 54: 检查、催办、督查、反馈): /office lists what is open and overdue
// with 催办 buttons, /office stats counts a period and uploads the on-time
// chart, /office export uploads the workbook; the same workbook is written
// by `officebot export`. The figures are the pure package officebot/office;
// storage reads the records; this package talks to people.
//
// Files: office.go (the service and the capability), scope.go (who sees
// which units), desk.go (what is open, by unit), urge.go (催办), stats.go
// (/office stats and /office export), export.go (figures, chart and
// workbook), jobs.go (the daily overdue list), home.go (App Home),
// calendar.go (the person's calendar subscription: /office calendar and its
// App Home section).
package office

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"

	"officebot/chat"
	"officebot/handlers"
	"officebot/msg"
	"officebot/office/chart"
	"officebot/storage"
	"officebot/text"
)

// Button action IDs.
const actUrge = "office.urge"

// Service is the office desk's operations on a store.
type Service struct {
	store  *storage.Store
	getenv func(string) string
	logger *slog.Logger

	chartOnce sync.Once
	charts    *chart.Renderer
	chartErr  error
}

// New returns the office desk's service of the store; getenv (nil:
// os.Getenv) finds the CJK font of the charts (OFFICEBOT_CJK_FONT).
func New(store *storage.Store, getenv func(string) string) *Service {
	if getenv == nil {
		getenv = os.Getenv
	}
	return &Service{store: store, getenv: getenv}
}

func (s *Service) log() *slog.Logger {
	if s.logger != nil {
		return s.logger
	}
	return slog.Default()
}

// Capability is the /office capability, for handlers.New.
func (s *Service) Capability() *handlers.Capability {
	return &handlers.Capability{
		Name:      "office",
		Commands:  []string{"office", "督查"},
		Help:      []string{"help.office", "help.office_stats", "help.office_export", "help.office_calendar"},
		Command:   s.command,
		ActionIDs: "office.",
		Action:    s.action,
		Home:      s.home,
		ReadOnly:  readOnly,
		Errors: []handlers.ErrorText{
			{Err: ErrNotAllowed, Key: "office.err.not_allowed"},
		},
	}
}

// command routes /office [stats|export|urge|calendar] [...].
func (s *Service) command(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	verb, rest, _ := strings.Cut(strings.TrimSpace(text.HalfWidth(chat.Unescape(c.Req.Text))), " ")
	switch strings.ToLower(verb) {
	case "", "list", "列表", "督查":
		if rest != "" {
			return handlers.Reply(msg.T("office.usage")), nil
		}
		return s.show(ctx, c)
	case "stats", "统计":
		return s.stats(ctx, c, rest)
	case "export", "导出":
		return s.export(ctx, c, rest)
	case "urge", "催办":
		return s.urge(ctx, c, rest)
	case "calendar", "日历", "日历订阅":
		return s.calendar(ctx, c, rest)
	case "help", "帮助", "用法":
		return handlers.Reply(msg.T("office.usage")), nil
	}
	return handlers.Reply(msg.T("office.err.unknown_verb", chat.Fragment(verb)) + "\n" + msg.T("office.usage")), nil
}

func (s *Service) action(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	switch c.Req.Action.ID {
	case actUrge:
		return s.urge(ctx, c, c.Req.Action.Value)
	case actCalendarReset:
		return s.calendarReset(ctx, c)
	case actCalendarOff:
		return s.calendar(ctx, c, "off")
	}
	return handlers.Response{}, fmt.Errorf("office action %q: %w", c.Req.Action.ID, handlers.ErrStaleControl)
}

// enqueue queues messages the request causes, in one transaction.
func (s *Service) enqueue(ctx context.Context, c *handlers.Call, msgs ...chat.Message) error {
	return s.store.Tx(ctx, func(tx *storage.Tx) error { return tx.Enqueue(c.Now, msgs...) })
}
