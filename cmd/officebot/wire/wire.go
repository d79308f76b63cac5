// Package wire is the wiring of the officebot program: its capabilities and
// its scheduler's jobs, built once and passed to handlers.New and
// scheduler.New by cmd/officebot (and, for tests, by handlerstest, so the
// tests serve what the program serves). A new capability is added here and
// nowhere else (docs/architecture.md).
package wire

import (
	"officebot/handlers"
	"officebot/handlers/document"
	"officebot/handlers/leave"
	"officebot/handlers/meeting"
	"officebot/handlers/office"
	"officebot/handlers/todo"
	"officebot/scheduler"
	"officebot/storage"
)

// Program returns the bot's capabilities, in the order of help and the App
// Home, and the scheduler's jobs: the reminders of pending approvals (named
// by the capabilities' describers), the daily digest (with each
// capability's lines), housekeeping, and each capability's own jobs. rules
// is the index /rules answers from (nil: /rules answers with an internal
// error). A capability's service is built once and serves both its
// handlers and its jobs.
func Program(store *storage.Store, rules *handlers.Rules) ([]*handlers.Capability, []scheduler.Job) {
	leaves, meetings := leave.New(store), meeting.New(store)
	meetings.OnChange(leaves.MeetingChanged)  // Art. 57 ¶2: meetings scheduled over leave
	leaves.OnAbsence(meetings.AbsenceChanged) // Art. 57 ¶2: the meetings leave misses, with its deputy
	docs := document.New(store)
	desk := office.New(store, nil) // the chart font from OFFICEBOT_CJK_FONT or the system's
	caps := []*handlers.Capability{
		handlers.Help(),
		handlers.Whoami(),
		todo.New(store).Capability(), // App Home 待我办理: what waits for the person, first
		leaves.Capability(),
		meetings.Capability(),
		meetings.ApplicationCapability(),
		docs.Capability(),
		desk.Capability(),
		handlers.RulesCapability(rules),
	}
	jobs := []scheduler.Job{
		scheduler.ApprovalsJob(leaves.Describer(), docs.Describer(), meetings.Describer(), meetings.ApplicationDescriber()),
		scheduler.DigestJob(append(append([]scheduler.DigestSource{scheduler.ApprovalDigest(leaves.Describer(), docs.Describer(), meetings.Describer(), meetings.ApplicationDescriber())}, meetings.Digests()...), append(docs.Digests(), docs.OutgoingDigests()...)...)...),
		scheduler.HousekeepingJob(),
	}
	jobs = append(jobs, leaves.Jobs()...)
	jobs = append(jobs, meetings.Jobs()...)
	jobs = append(jobs, docs.Jobs()...)
	jobs = append(jobs, docs.OutgoingJobs()...)
	jobs = append(jobs, desk.Jobs()...)
	return caps, jobs
}

// Errors are the domain errors every capability may return, with the
// catalogue keys of their texts (handlers.Deps.Errors).
func Errors() []handlers.ErrorText { return handlers.ApprovalErrors() }
