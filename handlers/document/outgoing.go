package document

// Outgoing documents (发文, Art. 50-53): /doc draft plans the sign-off
// chain from the table of document.Chains and posts the document to the
// documents channel; each open step is a message in its thread naming the
// person, with buttons (outgoing_decide.go); /doc revise uploads the next
// version of a returned draft; the last signature numbers it and renders
// its 发文稿纸 (outgoing_sign.go).

import (
	"context"
	"errors"
	"strings"

	"officebot/chat"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
	"officebot/storage"
)

// draftErrKeys names, for each error of the /doc draft text, its entry.
var draftErrKeys = []struct {
	err error
	key string
}{
	{document.ErrDraftEmpty, "document.out.perr.empty"},
	{document.ErrDraftTooLong, "document.out.perr.too_long"},
	{document.ErrNoIssuer, "document.out.perr.issuer"},
	{document.ErrBadIssuer, "document.out.perr.bad_issuer"},
	{document.ErrNoTitle, "document.out.perr.title"},
	{document.ErrBadDocKind, "document.out.perr.kind"},
	{document.ErrBadYesNo, "document.out.perr.yesno"},
	{document.ErrBadMayorMatter, "document.out.perr.mayor_matter"},
	{document.ErrBadSigner, "document.out.perr.signer"},
	{document.ErrBadSecrecy, "document.out.perr.secrecy"},
	{document.ErrBadUrgency, "document.out.perr.urgency"},
	{document.ErrDuplicateField, "document.out.perr.duplicate"},
	{document.ErrStrayText, "document.out.perr.stray"},
	{document.ErrUnknownUnit, "document.out.perr.unit"},
}

// draftErrText is the entry of a drafting error with the fragment typed,
// for the entries that quote it; the others (发文名义, 标题 missing) are
// shown as they are, not with Go's "%!(EXTRA …)" after them.
func draftErrText(key, fragment string) string {
	if !strings.Contains(msg.T(key), "%") {
		return msg.T(key)
	}
	return msg.T(key, chat.Escape(fragment))
}

// draftFailure turns an error of drafting into the person's message.
func draftFailure(err error) error {
	var de *document.DraftError
	if errors.As(err, &de) {
		for _, k := range draftErrKeys {
			if errors.Is(de.Err, k.err) {
				why := draftErrText(k.key, de.Fragment)
				if k.err == document.ErrBadDocKind && de.Fragment == "" {
					why = msg.T("document.out.perr.kind_missing")
				}
				return handlers.Fail("document.out.parse", why)
			}
		}
	}
	var ms *document.MissingSignerError
	switch {
	case errors.As(err, &ms):
		return handlers.Fail("document.out.err.missing_signer", string(ms.By)+" "+ms.Unit)
	case errors.Is(err, document.ErrNotDrafter):
		return handlers.Fail("document.out.err.not_drafter")
	case errors.Is(err, document.ErrReservedNeedsGovernment):
		return handlers.Fail("document.out.err.reserved_gov")
	case errors.Is(err, document.ErrNoArea):
		return handlers.Fail("document.out.err.no_area")
	}
	return err
}

// draft is /doc draft TEXT: parse, check who drafts, plan the chain, the
// Art. 53 repeat check, then in one transaction the document, its audit
// entry and its messages.
func (s *Service) draft(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	switch strings.TrimSpace(text) {
	case "":
		return handlers.Response{Modal: draftModal(c)}, nil // the form (outgoing_form.go)
	case "help", "帮助", "用法":
		return handlers.Reply(msg.T("document.out.usage")), nil
	}
	c.FilesUsed = true // kept with the draft, or refused with it
	if len(c.Req.Files) > maxFiles {
		return handlers.Response{}, handlers.Fail("document.out.err.too_many_files", maxFiles)
	}
	t, err := document.ParseDraft(text)
	if err != nil {
		return handlers.Response{}, draftFailure(err)
	}
	return s.issueDraft(ctx, c, t)
}

// issueDraft goes on with a draft read from the text or the form: check
// who drafts, plan the chain, the Art. 53 repeat check, then in one
// transaction the document, its audit entry and its messages.
func (s *Service) issueDraft(ctx context.Context, c *handlers.Call, t document.DraftText) (handlers.Response, error) {
	d, err := t.Resolve(c.Org, c.Me)
	if err != nil {
		return handlers.Response{}, draftFailure(err)
	}
	p, err := document.PlanChain(d, c.Org)
	if err != nil {
		return handlers.Response{}, draftFailure(err)
	}
	o := document.NewOutgoing(d, p, c.Now)
	o.Links, o.Files, o.RepeatReason = t.Links, c.Req.Files, t.RepeatReason
	year := c.Calendar.Date(c.Now).Year()
	err = s.store.Tx(ctx, func(tx *storage.Tx) error {
		// Art. 53: a title repeating a document issued this year or still in
		// its chain is flagged; the drafter may go on with a reason.
		same, err := tx.OutgoingSameTitle(o.Title, year)
		if err != nil {
			return err
		}
		if e, ok := document.RepeatOf(o.Title, same); ok {
			o.RepeatOf = document.Key(e.ID)
			if e.Number != "" {
				o.RepeatOf = e.Number + " " + o.RepeatOf
			}
			if o.RepeatReason == "" {
				return handlers.Fail("document.out.err.repeat", document.Key(e.ID), chat.Escape(e.Title), e.Number)
			}
		}
		notes, err := standIns(tx, c, &o, o.Chain.Open())
		if err != nil {
			return err
		}
		if err := tx.DraftOutgoing(&o); err != nil {
			return err
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "document.out.draft", o.Key(), nil, outAudit(o)); err != nil {
			return err
		}
		out := []chat.Message{outRoot(c, o, false)}
		for i := range o.Files {
			m := outThread(c, o, msg.T("document.out.file", o.Key(), o.Chain.Version, chat.Escape(o.Files[i].Name)))
			m.File = &o.Files[i]
			out = append(out, m)
		}
		out = append(append(out, notes...), stepMessages(c, o, o.Chain.Open())...)
		return tx.Enqueue(c.Now, out...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("document.out.drafted", o.Key(), chat.Escape(o.Title), issuerName(o.Issuer), o.Article,
		chainText(c, o), openNames(c, o))), nil
}

// revise is /doc revise D12 [说明] with the next version's file: the
// drafter's new version of a returned draft starts the chain again from
// the step that returned it.
func (s *Service) revise(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	ref, note := cutRef(text)
	id, ok := document.ParseKey(ref)
	if !ok {
		return handlers.Response{}, handlers.Fail("document.err.bad_key", chat.Fragment(ref))
	}
	c.FilesUsed = true
	links := document.DraftLinks(note)
	if len(c.Req.Files) == 0 && len(links) == 0 {
		return handlers.Response{}, handlers.Fail("document.out.err.need_file", document.Key(id))
	}
	if len(c.Req.Files) > maxFiles {
		return handlers.Response{}, handlers.Fail("document.out.err.too_many_files", maxFiles)
	}
	var o document.Outgoing
	err := s.store.Tx(ctx, func(tx *storage.Tx) error {
		var err error
		if o, err = loadOutgoing(tx, id); err != nil {
			return err
		}
		before := outAudit(o)
		next, err := o.Chain.Revise(c.Me.SlackID, note, c.Now)
		if err != nil {
			return outFailure(o, err)
		}
		reopened := o.Chain.Returned
		from := o.Chain.Steps[reopened]
		o.Chain, o.Files, o.Links = next, c.Req.Files, links
		notes, err := standIns(tx, c, &o, []int{reopened})
		if err != nil {
			return err
		}
		if moved, err := tx.MoveOutgoing(o); err != nil {
			return err
		} else if !moved {
			return handlers.Fail("document.out.err.not_returned", o.Key())
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "document.out.revise", o.Key(), before, outAudit(o)); err != nil {
			return err
		}
		o.Version++
		out := []chat.Message{outThread(c, o, msg.T("document.out.revised_msg", handlers.PersonName(c.Org, c.Me.SlackID), o.Chain.Version,
			commentClause(note), stepLabel(c, o.Drafter, from))), outRoot(c, o, true)}
		for i := range o.Files {
			m := outThread(c, o, msg.T("document.out.file", o.Key(), o.Chain.Version, chat.Escape(o.Files[i].Name)))
			m.File = &o.Files[i]
			out = append(out, m)
		}
		out = append(append(out, notes...), stepMessages(c, o, o.Chain.Open())...)
		return tx.Enqueue(c.Now, out...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	return handlers.Reply(msg.T("document.out.revised", o.Key(), o.Chain.Version, openNames(c, o))), nil
}

// loadOutgoing loads an outgoing document or says it is not there.
func loadOutgoing(tx *storage.Tx, id uint64) (document.Outgoing, error) {
	o, found, err := tx.OutgoingByID(id)
	if err != nil {
		return o, err
	}
	if !found {
		return o, handlers.Fail("document.out.err.not_found", document.Key(id))
	}
	return o, nil
}

// outFailure turns a refusal of the chain into the person's message.
func outFailure(o document.Outgoing, err error) error {
	switch {
	case errors.Is(err, document.ErrNotYourStep):
		return handlers.Fail("document.out.err.not_your_step", o.Key())
	case errors.Is(err, document.ErrAlreadyActed):
		return handlers.Fail("document.out.err.already_acted", o.Key())
	case errors.Is(err, document.ErrNotYourTurn):
		return handlers.Fail("document.out.err.not_your_turn", o.Key())
	case errors.Is(err, document.ErrAwaitingRevision):
		return handlers.Fail("document.out.err.awaiting", o.Key())
	case errors.Is(err, document.ErrAlreadySigned):
		return handlers.Fail("document.out.err.signed", o.Key(), o.Number.String())
	case errors.Is(err, document.ErrReasonRequired):
		return handlers.Fail("document.out.err.reason")
	case errors.Is(err, document.ErrActionNotAllowed):
		return handlers.Fail("document.out.err.action")
	case errors.Is(err, document.ErrNotReturned):
		return handlers.Fail("document.out.err.not_returned", o.Key())
	case errors.Is(err, document.ErrNotTheDrafter):
		return handlers.Fail("document.out.err.not_the_drafter", o.Key())
	}
	return err
}

// outgoingRef reports whether ref (D12 or 昆政发〔2026〕3号) names an
// outgoing document.
func outgoingRef(tx *storage.Tx, ref string) (uint64, bool) {
	ref = strings.TrimSpace(ref)
	id, ok := document.ParseKey(ref)
	if !ok {
		n, isNum := document.ParseNumber(ref)
		if !isNum {
			return 0, false
		}
		var found bool
		var err error
		if id, found, err = tx.DocumentByNumber(n); err != nil || !found {
			return 0, false
		}
	}
	dir, found, err := tx.DocumentDirection(id)
	return id, err == nil && found && dir == document.Out
}
