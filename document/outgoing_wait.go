package document

import "time"

// WaitingSince returns when the open step i started waiting for its
// person: when its stage opened (the last decision of the stage before),
// or when the drafter's latest version reopened the chain, or, for the
// first stage, when the document was drafted. The time a returned draft
// spent with its drafter is not the step's: a revision starts the wait
// again. The reminders of SPEC §1.5 count working days from it.
func (c Chain) WaitingSince(i int, drafted time.Time) time.Time {
	since := drafted
	if i < 0 || i >= len(c.Steps) {
		return since
	}
	stage := c.Steps[i].Stage
	for _, e := range c.History {
		opens := e.Action == Revised ||
			(e.Step >= 0 && e.Step < len(c.Steps) && c.Steps[e.Step].Stage < stage)
		if opens && e.At.After(since) {
			since = e.At
		}
	}
	return since
}
