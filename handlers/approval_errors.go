package handlers

import "officebot/approval"

// The approval mechanism's refusals read the same in every flow.
func init() {
	for err, key := range map[error]string{
		approval.ErrAlreadyDecided:   "approval.err.already_decided",
		approval.ErrNotYours:         "approval.err.not_yours",
		approval.ErrOwnRequest:       "approval.err.own_request",
		approval.ErrReasonRequired:   "approval.err.reason_required",
		approval.ErrNoPendingStep:    "approval.err.no_pending",
		approval.ErrActionNotAllowed: "approval.err.action_not_allowed",
	} {
		RegisterErrorText(err, key)
	}
}
