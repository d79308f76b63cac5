package document

import (
	"slices"
	"strings"
	"unicode"

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
		who, rest := cutWord(v.Comment)
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
// 交办 住建局 请按职责办理 / 交办 发改委 会同 财政局,住建局 请抓紧会商 /
// 交办 发改委，会同财政局、住建局，请抓紧会商. The joint departments are
// read while the words name departments; what follows is the instruction.
func parseAssign(args string, org *directory.Org) (Reply, error) {
	r := Reply{Action: approval.Assign}
	lead, rest := cutWord(strings.TrimSpace(args))
	if lead == "" {
		return r, &ParseError{Code: CodeUnknownDept}
	}
	id, ok := findDept(lead, org)
	if !ok {
		return r, &ParseError{Code: CodeUnknownDept, Arg: clip(lead)}
	}
	r.Lead = id
	if after, found := strings.CutPrefix(rest, "会同"); found {
		rest = strings.TrimLeftFunc(after, isSep)
		for {
			word, tail := cutWord(rest)
			co, ok := findDept(word, org)
			if !ok {
				break
			}
			if co != r.Lead && !slices.Contains(r.Co, co) {
				r.Co = append(r.Co, co)
			}
			rest = tail
		}
		if len(r.Co) == 0 {
			word, _ := cutWord(rest)
			return r, &ParseError{Code: CodeUnknownDept, Arg: clip(word)}
		}
	}
	r.Comment = rest
	return r, nil
}

// isSep reports whether r separates the words of a reply: spaces and the
// punctuation between names (， 、 ； 。 ：).
func isSep(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(",，、;；。:：", r)
}

// cutWord returns the first word of s and the rest after the separators
// that follow it.
func cutWord(s string) (string, string) {
	s = strings.TrimLeftFunc(s, isSep)
	i := strings.IndexFunc(s, isSep)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimLeftFunc(s[i:], isSep)
}
