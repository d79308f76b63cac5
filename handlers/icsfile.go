package handlers

import (
	"officebot/chat"
	"officebot/ics"
)

// CalendarFile is an event as the iCalendar file a message carries, named
// BASE.ics (the outbox keys the upload by its ID, "ics-BASE.ics"). Meeting
// invitations, 加入日历 of leave and of documents' due dates all attach
// their file this way.
func CalendarFile(ev ics.Event, base string) (*chat.File, error) {
	b, err := ics.Invitation(ev)
	if err != nil {
		return nil, err
	}
	name := base + ".ics"
	return &chat.File{ID: "ics-" + name, Name: name, Size: len(b), Content: b}, nil
}
