package main

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"strings"

	"officebot/handlers"
	handlersoffice "officebot/handlers/office"
	"officebot/msg"
	"officebot/office"
)

// exportCommand writes the office's monthly workbook (SPEC §3: officebot
// export --month YYYY-MM -o FILE.xlsx).
func exportCommand(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", "cli.export_usage")
	month := fs.String("month", "", "the month, YYYY-MM")
	out := fs.String("o", "", "the workbook to write")
	pos, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fmt.Fprintln(e.stderr, msg.T("cli.unexpected_args", strings.Join(pos, " ")))
		fmt.Fprintln(e.stderr, msg.T("cli.export_usage"))
		return errUsage
	}
	if *month == "" {
		fmt.Fprintln(e.stderr, msg.T("office.export.need_month"))
		fmt.Fprintln(e.stderr, msg.T("cli.export_usage"))
		return errUsage
	}
	p, err := office.ParsePeriod(*month)
	var pe *office.PeriodError
	if errors.As(err, &pe) {
		fmt.Fprintln(e.stderr, pe.Message())
		return errUsage
	}
	if p.Span != office.Month {
		fmt.Fprintln(e.stderr, msg.T("office.export.not_month", *month))
		return errUsage
	}
	path := *out
	if path == "" {
		path = p.String() + ".xlsx"
	}
	if !strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		fmt.Fprintln(e.stderr, msg.T("office.export.not_xlsx", path))
		return errUsage
	}
	a, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()
	org, err := a.store.Org(ctx)
	if err != nil {
		return err
	}
	svc := handlersoffice.New(a.store, e.getenv)
	x, err := svc.ExportFile(ctx, path, org, p, a.clock.Now(), a.cal)
	var ue *handlers.UserError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintln(e.stderr, ue.Error())
		return fmt.Errorf("%w: %w", errReported, err)
	case err != nil:
		if pe := (*iofs.PathError)(nil); errors.As(err, &pe) {
			// The workbook's file: say why in Chinese, not Go's English.
			return reported(e, err, "cli.export_cannot_write", path, writeProblem(err))
		}
		return reported(e, err, "office.export.failed", path, err)
	}
	fmt.Fprintln(e.stdout, msg.T("office.export.done", p.Label(), path)+x.Note(a.cal.Location()))
	return nil
}
