package document

import (
	"strings"

	"officebot/approval"
	"officebot/directory"
)

// Words typed in a document's thread that decide something, and the
// action each takes. A reply decides only when it is exactly one of them,
// or one of them followed by punctuation or a space and its arguments
// (approval.ParseVerdict): 批示同意 decides, 批示同意吗 does not.
var ReplyWords = []approval.VerdictWord{
	{Word: "批示同意", Action: approval.Approve},
	{Word: "退回", Action: approval.Return},
	{Word: "报市长", Action: approval.Forward},
	{Word: "交办", Action: approval.Assign},
	{Word: "改派", Action: Reroute},
	{Word: "同意延期", Action: Grant},
	{Word: "不同意延期", Action: Refuse},
	{Word: "催办", Action: UrgeIt},
}

// Reply is a decision read from a thread reply or a button's form.
type Reply struct {
	Action  approval.Action
	Lead    string   // 交办: the handling department
	Co      []string // 交办 … 会同 …: the joint departments
	To      string   // 改派: the leader it goes to
	Comment string   // the comment, instruction or reason
}

// ParseReply reads a decision typed in a document's thread: 批示同意 [意见],
// 退回 理由, 报市长 [意见], 交办 住建局 [会同 财政局,住建局] [要求], 改派
// @李副市长 理由, 同意延期, 不同意延期 理由, 催办. ok is false for anything
// else (conversation); err is a *ParseError when the words decide but
// their arguments are not understood (an unknown department).
func ParseReply(s string, org *directory.Org) (r Reply, ok bool, err error) {
	v, ok := approval.ParseVerdict(s, ReplyWords)
	if !ok {
		return Reply{}, false, nil
	}
	r = Reply{Action: v.Action, Comment: v.Comment}
	switch v.Action {
	case approval.Assign:
		r, err = parseAssign(v.Comment, org)
		return r, true, err
	case Reroute:
		who, rest, _ := strings.Cut(v.Comment, " ")
		if who == "" {
			return r, true, &ParseError{Code: CodeUnknownPerson}
		}
		id, err := ResolvePerson(who, org)
		if err != nil {
			return r, true, err
		}
		r.To, r.Comment = id, strings.TrimSpace(rest)
	}
	return r, true, nil
}

// parseAssign reads the arguments of 交办: the handling department, then
// optionally 会同 and the joint departments, then the instruction.
// 交办 住建局 请按职责办理 / 交办 发改委 会同 财政局,住建局 请抓紧会商.
func parseAssign(args string, org *directory.Org) (Reply, error) {
	r := Reply{Action: approval.Assign}
	lead, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	lead = strings.TrimRight(lead, "，,。；;：:")
	if lead == "" {
		return r, &ParseError{Code: CodeUnknownDept}
	}
	id, ok := findDept(lead, org)
	if !ok {
		return r, &ParseError{Code: CodeUnknownDept, Arg: clip(lead)}
	}
	r.Lead = id
	rest = strings.TrimSpace(rest)
	for _, w := range []string{"会同", "会同：", "会同:"} {
		if after, found := strings.CutPrefix(rest, w); found {
			rest = strings.TrimLeft(after, "：: ")
			list, tail, _ := strings.Cut(rest, " ")
			co, err := ParseDepartments(list, org)
			if err != nil {
				return r, err
			}
			for _, c := range co {
				if c != r.Lead {
					r.Co = append(r.Co, c)
				}
			}
			rest = strings.TrimSpace(tail)
			break
		}
	}
	r.Comment = rest
	return r, nil
}
