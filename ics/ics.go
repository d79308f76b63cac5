// Package ics writes iCalendar (RFC 5545) invitations, so a meeting the bot
// schedules can be taken into Outlook, 钉钉/WPS calendars and phones: one
// VEVENT with a UID that stays the same for the meeting's whole life, a
// SEQUENCE raised on every move, METHOD:REQUEST for an invitation or a
// change and METHOD:CANCEL for a cancellation (RFC 5546), times in
// Asia/Shanghai with its VTIMEZONE, and an alarm one hour before.
//
// It uses github.com/arran4/golang-ical and is pure: no storage, no Slack.
package ics

import (
	"fmt"
	"strings"
	"time"

	ical "github.com/arran4/golang-ical"
)

// Method says what an invitation asks of the calendar that receives it.
type Method string

// The methods the bot sends (RFC 5546).
const (
	Request Method = "REQUEST" // add or update the event
	Cancel  Method = "CANCEL"  // remove it
	// Publish posts an event nobody is asked to answer: a file a person
	// imports into their own calendar (approved leave, a due date).
	Publish Method = "PUBLISH"
)

// Person is an organizer or attendee. People in the directory have no
// e-mail address, so each is addressed as SLACKID@Domain (a reserved,
// never-delivered domain) with their name as CN: calendars show the name and
// match updates by the address, which never changes.
type Person struct {
	ID   string // Slack ID
	Name string
}

// Domain is the address domain of people and UIDs (RFC 6761: .invalid is
// never delivered).
const Domain = "officebot.invalid"

// Address is the calendar address of p.
func (p Person) Address() string { return "mailto:" + p.ID + "@" + Domain }

// Event is one meeting as a calendar entry.
type Event struct {
	UID         string // stable for the item: see UID
	Sequence    int    // 0 when scheduled, +1 on every move and on cancellation
	Method      Method
	Summary     string
	Start, End  time.Time
	Location    string
	Description string
	Organizer   Person
	Attendees   []Person
	// Stamp is when the invitation was written (DTSTAMP).
	Stamp time.Time
	// Zone is the zone the times are written in; nil means Asia/Shanghai
	// (UTC+8, no daylight saving since 1991).
	Zone *time.Location
	// AllDay writes the event as whole days (DTSTART;VALUE=DATE): Start's
	// date to End's date, End exclusive (RFC 5545 §3.6.1), read in Zone.
	// Such events carry no alarm unless Alarm is set.
	AllDay bool
	// Alarm is the TRIGGER of the event's alarm, a duration before DTSTART
	// (RFC 5545 §3.8.6.3): "-PT15H" on an all-day event rings at 09:00 the
	// day before. Empty: one hour before a timed event, none for an
	// all-day one.
	Alarm string
	// Free marks a timed event that takes none of the calendar owner's
	// time (TRANSP:TRANSPARENT) and rings no alarm unless Alarm is set: a
	// meeting they are excused from.
	Free bool
}

// dateFormat is RFC 5545's DATE form.
const dateFormat = "20060102"

// ZoneID is the TZID the times are written with.
const ZoneID = "Asia/Shanghai"

// UID is the stable UID of an item, e.g. UID("M12") = M12@officebot.invalid.
func UID(key string) string { return key + "@" + Domain }

// localFormat is RFC 5545's DATE-TIME form with a TZID.
const localFormat = "20060102T150405"

// Invitation writes the event as an iCalendar file: an invitation
// (REQUEST), its cancellation (CANCEL), or an event to import (PUBLISH).
func Invitation(e Event) ([]byte, error) {
	if e.UID == "" || e.Start.IsZero() || !e.End.After(e.Start) {
		return nil, fmt.Errorf("ics: event %q needs a UID and a start before its end", e.UID)
	}
	if e.Method != Request && e.Method != Cancel && e.Method != Publish {
		return nil, fmt.Errorf("ics: unknown method %q", e.Method)
	}
	cal := ical.NewCalendarFor("officebot")
	cal.SetMethod(ical.Method(e.Method))
	cal.SetProductId("-//officebot//政务助手//ZH")
	cal.SetVersion("2.0")
	cal.SetCalscale("GREGORIAN")

	zoneOf(cal)
	addEvent(cal, e, true)
	return []byte(cal.Serialize()), nil
}

// oneLine joins the lines of s: SUMMARY and LOCATION are one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Feed writes events as a subscription calendar (METHOD:PUBLISH, no
// attendees asked to answer) named name, for /calendar/<token>.ics.
func Feed(name string, events []Event) ([]byte, error) {
	cal := ical.NewCalendarFor("officebot")
	cal.SetMethod(ical.MethodPublish)
	cal.SetProductId("-//officebot//政务助手//ZH")
	cal.SetVersion("2.0")
	cal.SetCalscale("GREGORIAN")
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone(ZoneID)
	zoneOf(cal)
	for _, e := range events {
		if e.UID == "" || !e.End.After(e.Start) {
			return nil, fmt.Errorf("ics: feed event %q needs a UID and a start before its end", e.UID)
		}
		e.Method = Request
		addEvent(cal, e, false)
	}
	return []byte(cal.Serialize()), nil
}

// zoneOf adds the VTIMEZONE of Asia/Shanghai: UTC+8, no daylight saving.
func zoneOf(cal *ical.Calendar) {
	tz := cal.AddTimezone(ZoneID)
	std := tz.AddStandard()
	std.AddProperty(ical.ComponentPropertyDtStart, "19700101T000000")
	std.AddProperty(ical.ComponentProperty(ical.PropertyTzoffsetfrom), "+0800")
	std.AddProperty(ical.ComponentProperty(ical.PropertyTzoffsetto), "+0800")
	std.AddProperty(ical.ComponentProperty(ical.PropertyTzname), "CST")
}

// addEvent adds e as a VEVENT; invite asks attendees to answer (RSVP).
func addEvent(cal *ical.Calendar, e Event, invite bool) {
	zone := e.Zone
	if zone == nil {
		zone = time.FixedZone(ZoneID, 8*60*60)
	}
	ev := cal.AddEvent(e.UID)
	ev.SetDtStampTime(e.Stamp)
	ev.SetSequence(e.Sequence)
	if e.AllDay {
		ev.SetProperty(ical.ComponentPropertyDtStart, e.Start.In(zone).Format(dateFormat), ical.WithValue(string(ical.ValueDataTypeDate)))
		ev.SetProperty(ical.ComponentPropertyDtEnd, e.End.In(zone).Format(dateFormat), ical.WithValue(string(ical.ValueDataTypeDate)))
		ev.SetProperty(ical.ComponentProperty(ical.PropertyTransp), "TRANSPARENT")
	} else {
		ev.SetProperty(ical.ComponentPropertyDtStart, e.Start.In(zone).Format(localFormat), ical.WithTZID(ZoneID))
		ev.SetProperty(ical.ComponentPropertyDtEnd, e.End.In(zone).Format(localFormat), ical.WithTZID(ZoneID))
		if e.Free {
			ev.SetProperty(ical.ComponentProperty(ical.PropertyTransp), "TRANSPARENT")
		}
	}
	ev.SetSummary(oneLine(e.Summary))
	if e.Location != "" {
		ev.SetLocation(oneLine(e.Location))
	}
	if e.Description != "" {
		ev.SetDescription(e.Description)
	}
	if e.Organizer.ID != "" {
		ev.SetOrganizer(e.Organizer.Address(), ical.WithCN(e.Organizer.Name))
	}
	for _, a := range e.Attendees {
		ev.AddAttendee(a.Address(), ical.WithCN(a.Name), ical.ParticipationRoleReqParticipant,
			ical.ParticipationStatusNeedsAction, ical.WithRSVP(invite && e.Method == Request))
	}
	if e.Method == Cancel {
		ev.SetStatus(ical.ObjectStatusCancelled)
		return
	}
	ev.SetStatus(ical.ObjectStatusConfirmed)
	trigger := e.Alarm
	if trigger == "" && !e.AllDay && !e.Free {
		trigger = "-PT1H"
	}
	if trigger == "" {
		return
	}
	alarm := ev.AddAlarm()
	alarm.SetAction(ical.ActionDisplay)
	alarm.SetTrigger(trigger)
	alarm.SetProperty(ical.ComponentPropertyDescription, oneLine(e.Summary))
}
