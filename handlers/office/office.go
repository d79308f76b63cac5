// Package office is the government office's supervision desk (Art. 20, 30,
// 47, 54: 检查、催办、督查、反馈): /office lists what is open and overdue
// with 催办 buttons, /office stats counts a period and uploads the on-time
// chart, /office export uploads the workbook; the same workbook is written
// by `officebot export`. The figures are the pure package officebot/office;
// storage reads the records; this package talks to people.
//
// Files: office.go (the service and the capability), scope.go (who sees
// which units), export.go (figures, chart and workbook).
package office

import (
	"log/slog"
	"os"
	"sync"

	"officebot/office/chart"
	"officebot/storage"
)

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
