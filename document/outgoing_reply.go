package document

import "officebot/approval"

// The words that decide an outgoing step in its thread, as the buttons
// read (核稿通过, 审核通过, 签发, 退回修改), matched as whole words
// (approval.ParseVerdict): 签发前请再核对数据 signs nothing.
var (
	returnWords = []approval.VerdictWord{
		{Word: "退回修改", Action: approval.Return}, {Word: "退回", Action: approval.Return},
		{Word: "不同意", Action: approval.Return},
	}
	stepWords = map[StepKind][]approval.VerdictWord{
		CoSignStep: {{Word: "同意", Action: approval.Approve}, {Word: "会签同意", Action: approval.Approve}},
		CheckStep:  {{Word: "核稿通过", Action: approval.Approve}, {Word: "同意", Action: approval.Approve}},
		ReviewStep: {{Word: "审核通过", Action: approval.Approve}, {Word: "同意", Action: approval.Approve}},
		SignStep:   {{Word: "签发", Action: approval.Sign}, {Word: "同意签发", Action: approval.Sign}},
	}
)

// ReplyWords returns the verdict words a step of the kind takes in its
// thread: its own word, and 退回修改 / 退回 / 不同意 with a reason.
func (k StepKind) ReplyWords() []approval.VerdictWord {
	return append(append([]approval.VerdictWord{}, stepWords[k]...), returnWords...)
}

// ParseOutgoingReply reads a reply typed in an outgoing document's thread
// for a step of the kind; false when it is conversation.
func ParseOutgoingReply(text string, k StepKind) (approval.Verdict, bool) {
	return approval.ParseVerdict(text, k.ReplyWords())
}
