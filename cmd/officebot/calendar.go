package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"officebot/calendar"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
	"officebot/text"
)

func calendarCommand(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, msg.T("cli.calendar_usage"))
		return errUsage
	}
	sub, args := args[0], args[1:]
	fs := newFlags(e, "calendar "+sub, "cli.calendar_usage")
	name := fs.String("name", "", "name of the day")
	pos, err := flags(fs, args)
	if err != nil {
		return err
	}
	a, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()
	switch {
	case sub == "add" && len(pos) == 1:
		fmt.Fprintln(e.stderr, msg.T("calendar.missing_kind", pos[0]))
		return errUsage
	case sub == "add" && len(pos) == 2:
		day, err := a.cal.ParseDate(pos[0])
		if err != nil {
			fmt.Fprintln(e.stderr, msg.T("calendar.bad_date", pos[0]))
			return errUsage
		}
		var workday bool
		switch pos[1] {
		case "workday", "工作日", "上班":
			workday = true
		case "holiday", "休息日", "放假":
		default:
			fmt.Fprintln(e.stderr, msg.T("calendar.bad_kind", pos[1]))
			return errUsage
		}
		err = a.store.SetCalendarOverride(ctx, day, workday, *name, "cli", a.clock.Now())
		var tl *text.TooLongError
		if errors.As(err, &tl) {
			fmt.Fprintln(e.stderr, handlers.TooLong(tl))
			return errUsage
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, msg.T("calendar.added", day.Format(time.DateOnly), kindText(workday)))
		return nil
	case sub == "remove" && len(pos) == 1:
		day, err := a.cal.ParseDate(pos[0])
		if err != nil {
			fmt.Fprintln(e.stderr, msg.T("calendar.bad_date", pos[0]))
			return errUsage
		}
		removed, err := a.store.RemoveCalendarOverride(ctx, day, "cli", a.clock.Now())
		if err != nil {
			return err
		}
		if !removed {
			fmt.Fprintln(e.stdout, msg.T("calendar.not_found", pos[0]))
			return nil
		}
		fmt.Fprintln(e.stdout, msg.T("calendar.removed", pos[0]))
		return nil
	case sub == "complete" && len(pos) == 1:
		// A year is known only from the holiday data or when an admin says
		// its schedule is entered whole: one override is not a year.
		y, err := strconv.Atoi(pos[0])
		if err != nil || y < 1900 || y > 9999 {
			fmt.Fprintln(e.stderr, msg.T("calendar.bad_year", pos[0]))
			return errUsage
		}
		added, err := a.store.CompleteCalendarYear(ctx, y, "cli", a.clock.Now())
		if err != nil {
			return err
		}
		if !added {
			fmt.Fprintln(e.stdout, msg.T("calendar.already_complete", y))
			return nil
		}
		fmt.Fprintln(e.stdout, msg.T("calendar.completed", y))
		return nil
	case sub == "list" && len(pos) <= 1:
		year := a.clock.Now().In(a.loc).Year()
		if len(pos) == 1 {
			y, err := strconv.Atoi(pos[0])
			if err != nil || y < 1900 || y > 9999 {
				fmt.Fprintln(e.stderr, msg.T("calendar.bad_year", pos[0]))
				return errUsage
			}
			year = y
		}
		days := a.cal.Year(year)
		if !a.cal.KnowsYear(year) {
			fmt.Fprintln(e.stdout, msg.T("calendar.unknown_year", year))
		}
		for _, d := range days {
			src := msg.T("calendar.src_library")
			if d.Override {
				src = msg.T("calendar.src_override")
			}
			fmt.Fprintf(e.stdout, "%s %s %s %s\n", d.Date.Format(time.DateOnly), weekday(d.Date), kindText(d.Workday), d.Name+" "+src)
		}
		return nil
	}
	fmt.Fprintln(e.stderr, msg.T("cli.calendar_usage"))
	return errUsage
}

func kindText(workday bool) string {
	if workday {
		return msg.T("calendar.workday")
	}
	return msg.T("calendar.holiday")
}

func weekday(t time.Time) string { return msg.T("weekday." + strconv.Itoa(int(t.Weekday()))) }

func deadlineCommand(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "deadline", "cli.deadline_usage")
	cat := fs.String("category", "", "in_remit|needs_approval|joint|investigation")
	from := fs.String("from", "", "YYYY-MM-DD")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		// A date given without --from would otherwise be ignored for today's.
		fmt.Fprintln(e.stderr, msg.T("cli.extra_args", pos[0]))
		fmt.Fprintln(e.stderr, msg.T("cli.deadline_usage"))
		return errUsage
	}
	a, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()
	start := a.cal.Date(a.clock.Now())
	if *from != "" {
		if start, err = fromDate(e, a, *from); err != nil {
			return err
		}
	}
	if strings.TrimSpace(*cat) == "" {
		fmt.Fprintln(e.stderr, msg.T("deadline.need_category"))
		fmt.Fprintln(e.stderr, msg.T("cli.deadline_usage"))
		return errUsage
	}
	// The names /doc takes (会同办理, 职权范围内, full-width …) work too.
	c, ok := document.ParseCategory(*cat)
	if !ok {
		c = calendar.Category(*cat)
	}
	n, ok := c.WorkingDays()
	if !ok {
		key := "deadline.bad_category"
		if c == calendar.Urgent {
			key = "deadline.urgent" // a category, with no working days to count
		}
		fmt.Fprintln(e.stderr, msg.T(key, *cat))
		return errUsage
	}
	*cat = string(c)
	due, err := a.cal.Deadline(c, start)
	if err != nil {
		return err
	}
	if *asJSON {
		out := struct {
			Category    string `json:"category"`
			From        string `json:"from"`
			WorkingDays int    `json:"working_days"`
			Due         string `json:"due"`
			Provisional bool   `json:"provisional,omitempty"`
		}{*cat, start.Format(time.DateOnly), n, due.Date.Format(time.DateOnly), due.Provisional}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	fmt.Fprintln(e.stdout, msg.T("deadline.result", msg.T("category."+*cat), start.Format(time.DateOnly), n,
		due.Date.Format(time.DateOnly), weekday(due.Date)))
	if due.Provisional {
		fmt.Fprintln(e.stdout, msg.T("deadline.provisional"))
	}
	return nil
}
