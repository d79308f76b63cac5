package document

import (
	"bytes"
	"context"
	"strings"
	"sync"

	"officebot/approval"
	"officebot/chat"
	"officebot/docsheet"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
	"officebot/storage"
)

// Outgoing buttons and the return form.
const (
	actOutPass   = "doc.out_pass"   // 同意 / 核稿通过 / 审核通过
	actOutSign   = "doc.out_sign"   // 签发
	actOutReturn = "doc.out_return" // 退回修改 / 不同意: opens the reason form
	cbOutReturn  = "doc.out_return"
)

// outPassButton is 核稿通过, 审核通过 or a 会签 unit's 同意.
func (s *Service) outPassButton(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	return s.outButton(ctx, c, key, approval.Approve)
}

// outSignButton is 签发.
func (s *Service) outSignButton(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	return s.outButton(ctx, c, key, approval.Sign)
}

func (s *Service) outButton(ctx context.Context, c *handlers.Call, key string, a approval.Action) (handlers.Response, error) {
	id, ok := document.ParseKey(key)
	if !ok {
		return handlers.Response{}, handlers.ErrStaleControl
	}
	return s.outDecide(ctx, c, id, a, "")
}

// outAskReturn opens the reason form of 退回修改, after checking that the
// person may act now.
func (s *Service) outAskReturn(ctx context.Context, c *handlers.Call, key string) (handlers.Response, error) {
	id, ok := document.ParseKey(key)
	if !ok {
		return handlers.Response{}, handlers.ErrStaleControl
	}
	o, err := loadOutgoing(s.store.Read(ctx), id)
	if err != nil {
		return handlers.Response{}, err
	}
	if _, err := o.Chain.MayAct(c.Me.SlackID); err != nil {
		return handlers.Response{}, outFailure(o, err)
	}
	return handlers.Response{Modal: reasonModal(cbOutReturn, o.Key(), msg.T("document.out.return_title"),
		msg.T("document.out.return_submit"), msg.T("document.out.return_label"), false)}, nil
}

// outReturnForm is the submitted reason of 退回修改.
func (s *Service) outReturnForm(ctx context.Context, c *handlers.Call, f *handlers.Submission) (handlers.Response, error) {
	id, ok := document.ParseKey(f.Private)
	if !ok {
		return handlers.Response{}, handlers.ErrStaleControl
	}
	return s.outDecide(ctx, c, id, approval.Return, f.Values["text"])
}

// outThreadReply reads words typed in an outgoing document's thread:
// the verdict words of the person's open step, exactly (签发前请再核对 signs
// nothing). Anyone the chain does not name now gets no answer: the thread
// is conversation for them.
func (s *Service) outThreadReply(ctx context.Context, c *handlers.Call, id uint64) (handlers.Response, error) {
	o, found, err := s.store.Read(ctx).OutgoingByID(id)
	if err != nil || !found {
		return handlers.Response{}, err
	}
	i, err := o.Chain.MayAct(c.Me.SlackID)
	if err != nil {
		return handlers.Response{}, nil
	}
	v, ok := document.ParseOutgoingReply(chat.Unescape(c.Req.Text), o.Chain.Steps[i].Kind)
	if !ok {
		return handlers.Response{}, nil
	}
	return s.outDecide(ctx, c, id, v.Action, v.Comment)
}

// outDecide applies the person's decision to their open step: the chain,
// the audit entry and every message in one transaction; the last
// signature also numbers the document and attaches its 发文稿纸. Of two
// clicks on one step one is applied; a decision on another step of the
// same stage (会签 units at once) is tried again on the new version.
func (s *Service) outDecide(ctx context.Context, c *handlers.Call, id uint64, a approval.Action, comment string) (handlers.Response, error) {
	var reply string
	for range 5 {
		moved := false
		err := s.store.Tx(ctx, func(tx *storage.Tx) error {
			o, err := loadOutgoing(tx, id)
			if err != nil {
				return err
			}
			before := outAudit(o)
			next, out, err := o.Chain.Decide(c.Me.SlackID, a, comment, c.Now)
			if err != nil {
				return outFailure(o, err)
			}
			step := next.Steps[out.Step]
			o.Chain = next
			notes, err := standIns(tx, c, &o, out.Opened)
			if err != nil {
				return err
			}
			if moved, err = tx.MoveOutgoing(o); err != nil || !moved {
				return err
			}
			o.Version++
			var msgs []chat.Message
			who := handlers.PersonName(c.Org, c.Me.SlackID)
			label := docsheet.ActionLabel(step.Kind, a)
			switch {
			case out.Returned:
				msgs = append(msgs,
					outThread(c, o, msg.T("document.out.returned", who, label, commentClause(comment), chat.Mention(o.Drafter), o.Key())),
					outDM(o.Drafter, o, msg.T("document.out.dm_returned", o.Key(), chat.Escape(o.Title), who, chat.Escape(comment), o.Key())))
				reply = msg.T("document.out.you_decided", label, o.Key())
			case out.Signed:
				if err := tx.NumberOutgoing(&o, c.Calendar.Date(c.Now).Year(), c.Now); err != nil {
					return err
				}
				msgs = append(msgs,
					outThread(c, o, msg.T("document.out.signed", who, o.Number.String())),
					outDM(o.Drafter, o, msg.T("document.out.dm_signed", o.Key(), chat.Escape(o.Title), who, o.Number.String())),
					sheetMessage(c, o))
				reply = msg.T("document.out.you_signed", o.Key(), o.Number.String())
			default:
				msgs = append(msgs, outThread(c, o, msg.T("document.out.decided", who, label, commentClause(comment))))
				msgs = append(append(msgs, notes...), stepMessages(c, o, out.Opened)...)
				reply = msg.T("document.out.you_decided", label, o.Key())
			}
			if err := tx.Audit(c.Now, c.Me.SlackID, "document.out."+string(a), o.Key(), before, outAudit(o)); err != nil {
				return err
			}
			return tx.Enqueue(c.Now, append(msgs, outRoot(c, o, true))...)
		})
		if err != nil {
			return handlers.Response{}, err
		}
		if moved {
			return handlers.Reply(reply), nil
		}
	}
	return handlers.Response{}, approval.ErrAlreadyDecided
}

// sheetFont is the CJK font of the 发文稿纸, read once.
var sheetFont = sync.OnceValues(func() ([]byte, error) { return docsheet.Font(nil) })

// sheetMessage is the 发文稿纸 as a PDF in the document's thread, or, when
// no CJK font can be found, a note saying how to get it later: the
// signature stands either way.
func sheetMessage(c *handlers.Call, o document.Outgoing) chat.Message {
	font, err := sheetFont()
	var buf bytes.Buffer
	if err == nil {
		err = docsheet.Render(&buf, docsheet.FromOutgoing(o, c.Org), font, c.Calendar.Location())
	}
	if err != nil {
		return outThread(c, o, msg.T("document.out.sheet_failed", o.Key(), o.Key()))
	}
	m := outThread(c, o, msg.T("document.out.sheet", o.Key(), o.Number.String()))
	name := strings.NewReplacer("〔", "(", "〕", ")").Replace(o.Number.String()) + "-发文稿纸.pdf"
	m.File = &chat.File{ID: storage.SheetFileID(o.Key()), Name: name, Size: buf.Len(), Content: buf.Bytes()}
	return m
}
