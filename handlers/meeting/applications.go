package meeting

import (
	"context"
	"regexp"
	"strings"

	"officebot/approval"
	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/meeting"
	"officebot/msg"
	"officebot/storage"
)

var appLabel = regexp.MustCompile(`(会议名称|名称|参会范围|范围|规模)\s*[:：]`)

// apply files a department's application to hold a city-wide meeting
// (Art. 46); the office decides it.
func (s *Service) apply(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	if c.Me.Department == "" {
		return handlers.Response{}, handlers.Fail("meeting.err.apply_no_department")
	}
	if text == "" {
		return handlers.Response{}, handlers.Fail("meeting.usage.apply")
	}
	start, end, rest, err := meeting.ParseWhen(text, c.Now)
	if err != nil {
		return handlers.Response{}, parseFailure(err)
	}
	place, title, scope := rest, "", ""
	if idx := appLabel.FindAllStringSubmatchIndex(rest, -1); idx != nil {
		place = rest[:idx[0][0]]
		for i, m := range idx {
			end := len(rest)
			if i+1 < len(idx) {
				end = idx[i+1][0]
			}
			v := strings.TrimSpace(rest[m[1]:end])
			switch rest[m[2]:m[3]] {
			case "会议名称", "名称":
				title = v
			default:
				scope = v
			}
		}
	}
	place = strings.TrimSpace(place)
	if title == "" {
		return handlers.Response{}, handlers.Fail("meeting.usage.apply")
	}
	if err := meeting.CheckFields(place, []string{title, scope}); err != nil {
		return handlers.Response{}, parseFailure(err)
	}
	app := meeting.Application{Department: c.Me.Department, Applicant: c.Me.SlackID, Title: title,
		StartAt: start.UTC(), EndAt: end.UTC(), Place: place, Scope: scope, State: meeting.ApplicationPending, CreatedAt: c.Now.UTC()}
	err = s.store.Tx(ctx, func(tx *storage.Tx) error {
		if err := tx.CreateApplication(&app); err != nil {
			return err
		}
		step := approval.Step{Kind: "approve", Role: directory.OfficeDirector,
			AlsoRoles: []directory.Role{directory.OfficeDeputyDirector, directory.OfficeStaff},
			Actions:   []approval.Action{approval.Approve, approval.Reject}, Note: "office"}
		if err := tx.StartApproval(app.Key(), []approval.Step{step}, c.Now); err != nil {
			return err
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "meeting.apply", app.Key(), nil, app); err != nil {
			return err
		}
		return tx.Enqueue(c.Now, chat.Message{Channel: c.Org.Channels.Office, ItemKey: app.Key(), Root: true,
			Text: msg.T("meeting.app_root", app.Key(), dept(c, app.Department), chat.Escape(app.Title)), Blocks: applicationBlocks(c, app, true)})
	})
	if err != nil {
		return handlers.Response{}, err
	}
	reply := msg.T("meeting.applied", app.Key(), chat.Escape(app.Title))
	if n := restDayNote(c, start); n != "" {
		reply += "\n" + n
	}
	return handlers.Reply(reply), nil
}

func applicationBlocks(c *handlers.Call, app meeting.Application, buttons bool) []chat.Block {
	bs := []chat.Block{
		chat.Text(msg.T("meeting.app_root", app.Key(), dept(c, app.Department), chat.Escape(app.Title))),
		chat.Fields(msg.T("meeting.f.time", when(c, app.StartAt, app.EndAt)), msg.T("meeting.f.place", chat.Escape(app.Place)),
			msg.T("meeting.f.applicant", name(c, app.Applicant)), msg.T("meeting.f.state", msg.T("meeting.app_state."+app.State))),
	}
	if app.Scope != "" {
		bs = append(bs, chat.Text(msg.T("meeting.f.scope", chat.Escape(app.Scope))))
	}
	bs = append(bs, chat.Note(msg.T("meeting.app_note")))
	if buttons {
		bs = append(bs, chat.Buttons(
			chat.Button{Label: msg.T("meeting.btn.approve"), ActionID: actAppApprove, Value: app.Key(), Style: chat.Primary},
			chat.Button{Label: msg.T("meeting.btn.reject"), ActionID: actAppReject, Value: app.Key(), Style: chat.Danger}))
	}
	return bs
}

// decideApplication applies the office's decision on an application: the
// step, the application, the audit and the messages, in one transaction.
func (s *Service) decideApplication(ctx context.Context, c *handlers.Call, key string, action approval.Action, comment string) (handlers.Response, error) {
	id, ok := meeting.ParseKey("P", key)
	if !ok {
		return handlers.Response{}, handlers.Fail("meeting.err.bad_app_key", chat.Fragment(key))
	}
	var app meeting.Application
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var found bool
		var err error
		if app, found, err = tx.ApplicationByID(id); err != nil {
			return err
		}
		if !found {
			return handlers.Fail("meeting.err.no_app", meeting.ApplicationKey(id))
		}
		if _, err := tx.Decide(approval.Decision{Subject: app.Key(), Actor: c.Me, Requester: app.Applicant,
			Action: action, Comment: comment}, c.Now); err != nil {
			return err
		}
		before := app
		app = app.Decide(c.Me.SlackID, action != approval.Reject, comment, c.Now)
		if err := tx.DecideApplication(app); err != nil {
			return err
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "meeting.app."+string(action), app.Key(), before, app); err != nil {
			return err
		}
		text := msg.T("meeting.app_approved", app.Key(), chat.Escape(app.Title), name(c, c.Me.SlackID))
		if action == approval.Reject {
			text = msg.T("meeting.app_rejected", app.Key(), chat.Escape(app.Title), name(c, c.Me.SlackID), chat.Escape(comment))
		}
		return tx.Enqueue(c.Now,
			chat.Message{Channel: c.Org.Channels.Office, ItemKey: app.Key(), Update: true,
				Text: msg.T("meeting.app_root", app.Key(), dept(c, app.Department), chat.Escape(app.Title)), Blocks: applicationBlocks(c, app, false)},
			chat.Message{Channel: c.Org.Channels.Office, ItemKey: app.Key(), InThread: true, Text: text},
			chat.Message{Channel: app.Applicant, ItemKey: app.Key(), Text: text})
	})
	if err != nil {
		return handlers.Response{}, err
	}
	if action == approval.Reject {
		return handlers.Reply(msg.T("meeting.you_rejected_app", app.Key())), nil
	}
	return handlers.Reply(msg.T("meeting.you_approved_app", app.Key())), nil
}

// applicationVerdicts decide an application in its thread: the whole
// reply, or the word then punctuation and a comment (approval.ParseVerdict).
var applicationVerdicts = []approval.VerdictWord{
	{Word: "批准", Action: approval.Approve}, {Word: "同意", Action: approval.Approve},
	{Word: "驳回", Action: approval.Reject}, {Word: "不同意", Action: approval.Reject}, {Word: "不批准", Action: approval.Reject},
}

// applicationThreadReply reads 批准 / 同意 / 驳回 理由 typed in an
// application's thread.
func (s *Service) applicationThreadReply(ctx context.Context, c *handlers.Call) (handlers.Response, error) {
	text := strings.TrimSpace(chat.Unescape(c.Req.Text))
	if !s.mayActInThread(ctx, c, c.Req.ThreadItem) {
		return handlers.Response{}, nil
	}
	v, ok := approval.ParseVerdict(text, applicationVerdicts)
	if !ok {
		return handlers.Response{}, nil
	}
	return s.decideApplication(ctx, c, c.Req.ThreadItem, v.Action, v.Comment)
}

// applicationStatus is /meeting status P4: the application as posted, its
// state and the office's reason, for the applying unit, the office and the
// mayor (Art. 46: the office decides); others are told only who may look.
func (s *Service) applicationStatus(ctx context.Context, c *handlers.Call, id uint64) (handlers.Response, error) {
	app, found, err := s.store.Read(ctx).ApplicationByID(id)
	if err != nil {
		return handlers.Response{}, err
	}
	if !found {
		return handlers.Response{}, handlers.Fail("meeting.err.no_app", meeting.ApplicationKey(id))
	}
	mine := app.Applicant == c.Me.SlackID || c.Me.Department != "" && c.Me.Department == app.Department
	if !mine && !c.Me.Role.IsOffice() && c.Me.Role != directory.Mayor {
		return handlers.Response{}, handlers.Fail("meeting.err.forbidden_app", app.Key())
	}
	bs := applicationBlocks(c, app, false)
	if app.DecidedBy != "" {
		line := msg.T("meeting.app_decided", name(c, app.DecidedBy), msg.T("meeting.app_state."+app.State))
		if app.Comment != "" {
			line += msg.T("meeting.app_decided_comment", chat.Escape(app.Comment))
		}
		bs = append(bs, chat.Text(line))
	}
	return handlers.Response{Messages: []chat.Message{{Text: msg.T("meeting.app_root", app.Key(), dept(c, app.Department), chat.Escape(app.Title)), Blocks: bs}}}, nil
}
