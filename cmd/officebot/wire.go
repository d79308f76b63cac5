package main

import (
	"officebot/handlers"
	"officebot/handlers/leave"
	"officebot/handlers/meeting"
	"officebot/scheduler"
	"officebot/storage"
)

// The program's capabilities and jobs, passed to handlers.New and
// scheduler.New. A new capability is added here, and nowhere else
// (docs/architecture.md).

// program returns the bot's capabilities, in the order of help and the App
// Home, and the scheduler's jobs: the reminders of pending approvals (named
// by the capabilities' describers), the daily digest (with each
// capability's lines), housekeeping, and each capability's own jobs. rules
// is the index /rules answers from. A capability's service is built once
// and serves both its handlers and its jobs.
func program(store *storage.Store, rules *handlers.Rules) ([]*handlers.Capability, []scheduler.Job) {
	leaves, meetings := leave.New(store), meeting.New(store)
	caps := []*handlers.Capability{
		handlers.Help(),
		handlers.Whoami(),
		leaves.Capability(),
		meetings.Capability(),
		meetings.ApplicationCapability(),
		handlers.RulesCapability(rules),
	}
	jobs := []scheduler.Job{
		scheduler.ApprovalsJob(leaves.Describer()),
		scheduler.DigestJob(append([]scheduler.DigestSource{scheduler.ApprovalDigest}, meetings.Digests()...)...),
		scheduler.HousekeepingJob(),
	}
	jobs = append(jobs, leaves.Jobs()...)
	jobs = append(jobs, meetings.Jobs()...)
	return caps, jobs
}
