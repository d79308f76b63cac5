package main

import (
	"officebot/handlers"
	"officebot/scheduler"
)

// The program's capabilities and jobs, passed to handlers.New and
// scheduler.New. A new capability is added here, and nowhere else
// (docs/architecture.md).

// capabilities are the bot's capabilities in the order of help and the App
// Home; rules is the index /rules answers from.
func capabilities(rules *handlers.Rules) []*handlers.Capability {
	return []*handlers.Capability{
		handlers.Help(),
		handlers.Whoami(),
		handlers.Leave(),
		handlers.Meeting(),
		handlers.MeetingApplications(),
		handlers.RulesCapability(rules),
	}
}

// jobs are the scheduler's jobs: the reminders of pending approvals (named
// by the capabilities' describers), the daily digest (with each
// capability's lines), housekeeping, and each capability's own jobs.
func jobs() []scheduler.Job {
	out := []scheduler.Job{
		scheduler.ApprovalsJob(scheduler.LeaveDescriber),
		scheduler.DigestJob(append([]scheduler.DigestSource{scheduler.ApprovalDigest}, scheduler.MeetingDigests...)...),
		scheduler.HousekeepingJob(),
		scheduler.LeaveExpiryJob(),
	}
	return append(out, scheduler.MeetingJobs()...)
}
