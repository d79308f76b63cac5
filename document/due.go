package document

import (
	"fmt"
	"time"

	"officebot/calendar"
)

// DueDate returns the Art. 54 due date of a document of the category
// assigned (交办) at from: 6 working days within remit or for a written
// opinion, 9 for joint handling, 20 for investigation, counted from the
// first working day after from (SPEC §1.4); an urgent document's is the
// date the government states (urgentDue, YYYY-MM-DD). Due.Provisional is
// set when the calendar lacks a year on the way (暂定).
func DueDate(cal *calendar.Calendar, cat calendar.Category, from time.Time, urgentDue string) (calendar.Due, error) {
	if cat == calendar.Urgent {
		d, err := cal.ParseDate(urgentDue)
		if err != nil {
			return calendar.Due{}, fmt.Errorf("urgent due %q: %w", urgentDue, err)
		}
		return calendar.Due{Date: d, Provisional: !cal.KnowsYear(d.Year())}, nil
	}
	return cal.Deadline(cat, from)
}

// DateDue returns a chosen date (an extension's) as a due date, provisional
// when the calendar lacks its year.
func DateDue(cal *calendar.Calendar, date string) (calendar.Due, error) {
	d, err := cal.ParseDate(date)
	if err != nil {
		return calendar.Due{}, err
	}
	return calendar.Due{Date: d, Provisional: !cal.KnowsYear(d.Year())}, nil
}

// DaysLeft counts the working days from today to the due date: positive
// while in time (0 on the due day), negative (calendar days) once overdue.
func DaysLeft(cal *calendar.Calendar, due string, today time.Time) (int, error) {
	d, err := cal.ParseDate(due)
	if err != nil {
		return 0, err
	}
	t := cal.Date(today)
	if t.After(d) {
		return -int(t.Sub(d).Hours()/24 + 0.5), nil
	}
	return cal.WorkdaysBetween(t, d), nil
}
