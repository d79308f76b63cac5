package document

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"officebot/approval"
	"officebot/calendar"
	"officebot/chat"
	"officebot/directory"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
	"officebot/storage"
)

// maxFiles bounds the files one submission copies into the thread.
const maxFiles = 10

// submitText is /doc submit 标题：… 类型：… (or /doc 标题：… alone).
func (s *Service) submitText(ctx context.Context, c *handlers.Call, text string) (handlers.Response, error) {
	if strings.TrimSpace(text) == "" {
		return handlers.Reply(msg.T("document.usage")), nil
	}
	sub, err := document.Parse(text, c.Org, c.Now)
	if err != nil {
		return handlers.Response{}, parseFailure(err)
	}
	return s.register(ctx, c, sub)
}

// parseFailure turns a document.ParseError into the person's message.
func parseFailure(err error) error {
	var pe *document.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	if pe.Arg == "" {
		return handlers.Fail("document.parse." + pe.Code)
	}
	return handlers.Fail("document.parse."+pe.Code, chat.Escape(pe.Arg))
}

// register runs the Art. 48 checks and, when they pass, registers the
// document (Art. 49), routes it and posts it, in one transaction.
func (s *Service) register(ctx context.Context, c *handlers.Call, sub document.Submission) (handlers.Response, error) {
	c.FilesUsed = true // kept with the document, or refused with it
	if len(c.Req.Files) > maxFiles {
		return handlers.Response{}, handlers.Fail("document.err.too_many_files", maxFiles)
	}
	dept := sub.UnitFor(c.Me)
	if dept == "" {
		return handlers.Response{}, handlers.Fail("document.err.no_unit")
	}
	read := s.store.Read(ctx)
	dup, err := read.OpenDuplicate(dept, sub.Title)
	if err != nil {
		return handlers.Response{}, err
	}
	today := c.Calendar.Date(c.Now).Format(time.DateOnly)
	if ps := document.Check(document.CheckInput{Org: c.Org, Submitter: c.Me, Submission: sub, Department: dept,
		OpenDuplicate: dup, Today: today}); len(ps) > 0 {
		return handlers.Reply(refusal(c, sub, dept, ps)), nil
	}
	away, err := s.awayToday(ctx, c)
	if err != nil {
		return handlers.Response{}, err
	}
	route, err := document.RouteIncoming(c.Org, dept, sub.Major, away)
	if err != nil {
		return handlers.Response{}, err
	}
	d := document.Incoming{Title: sub.Title, Type: sub.Type, Department: dept, Submitter: c.Me.SlackID, Signer: sub.Signer,
		Category: sub.Category, UrgentDue: sub.UrgentDue, CoDepartments: sub.CoDepartments, Consulted: sub.Consulted,
		Disagreement: sub.Disagreement, Reasons: sub.Reasons, Major: sub.Major, Matters: sub.Matters, Links: sub.Links,
		Files: c.Req.Files, State: document.Pending, Leader: route.Leader, CreatedAt: c.Now}
	why := routeNote(c.Org, route)
	err = s.store.Tx(ctx, func(tx *storage.Tx) error {
		prev, resubmits, err := tx.LatestReturned(dept, sub.Title)
		if err != nil {
			return err
		}
		if resubmits {
			d.Resubmits = prev
		}
		if err := tx.RegisterIncoming(&d, c.Now.Year()); err != nil {
			var de *storage.DuplicateError
			if errors.As(err, &de) {
				return handlers.Fail("document.err.duplicate_now", de.Key)
			}
			return err
		}
		if err := tx.Audit(c.Now, c.Me.SlackID, "document.register", d.Key(), nil, auditState(d)); err != nil {
			return err
		}
		if err := tx.StartApproval(d.Key(), []approval.Step{document.DecideStep(c.Org, route.Leader, why)}, c.Now); err != nil {
			return err
		}
		out := []chat.Message{root(c, d, why)}
		for _, f := range d.Files {
			out = append(out, thread(c, d, msg.T("document.file", d.Key(), chat.Escape(f.Name)), []chat.Block{}...))
			out[len(out)-1].File = &f
		}
		out = append(out, dm(route.Leader, d, msg.T("document.dm_leader", deptName(c.Org, dept), label(d), why, d.Key())))
		if resubmits {
			old := document.Incoming{ID: prev, Department: dept, Leader: route.Leader}
			out = append(out, thread(c, old, msg.T("document.resubmitted", document.Key(prev), d.Key(), d.Number.String())))
		}
		return tx.Enqueue(c.Now, out...)
	})
	if err != nil {
		return handlers.Response{}, err
	}
	reply := msg.T("document.registered", d.Number.String(), d.Key(), chat.Escape(d.Title), handlers.PersonName(c.Org, route.Leader), why)
	if sub.Unconsulted() {
		reply += "\n" + msg.T("document.note_unconsulted", deptNames(c.Org, sub.CoDepartments))
	}
	return handlers.Reply(reply), nil
}

// refusal is the 退文 message: every problem with its reason and article.
func refusal(c *handlers.Call, sub document.Submission, dept string, ps []document.Problem) string {
	lines := []string{msg.T("document.refused", chat.Escape(sub.Title))}
	for i, p := range ps {
		arg := chat.Escape(p.Arg)
		switch p.Code {
		case document.ProblemSignerNotHead:
			head := msg.T("document.nobody")
			if h, ok := c.Org.Head(dept); ok {
				head = handlers.PersonName(c.Org, h.SlackID)
			}
			arg = msg.T("document.signer_vs_head", handlers.PersonName(c.Org, p.Arg), deptName(c.Org, dept), head)
		case document.ProblemNotMember:
			arg = deptName(c.Org, p.Arg)
		}
		lines = append(lines, msg.T("document.problem_line", i+1, tArg("document.problem."+p.Code, arg), articleName(p.Article)))
	}
	lines = append(lines, msg.T("document.refused_footer"))
	return strings.Join(lines, "\n")
}

func articleName(n int) string { return msg.T("document.article." + strconv.Itoa(n)) }

// routeNote says why the document goes to its leader.
func routeNote(org *directory.Org, r document.Route) string {
	usual := ""
	if r.Usual != "" && r.Reason == document.RouteAway {
		usual = handlers.PersonName(org, r.Usual)
	}
	return tArg("document.route."+string(r.Reason), usual)
}

// awayToday reports who is on approved leave today (the leave engine's
// absences), for routing as leave does.
func (s *Service) awayToday(ctx context.Context, c *handlers.Call) (func(string) bool, error) {
	abs, err := s.store.Read(ctx).AbsencesDuring(c.Now, c.Now)
	if err != nil {
		return nil, err
	}
	away := map[string]bool{}
	for _, a := range abs {
		if !c.Now.Before(a.From) && c.Now.Before(a.To) {
			away[a.SlackID] = true
		}
	}
	return func(id string) bool { return away[id] }, nil
}

// Form inputs of the submission modal.
const (
	inTitle        = "title"
	inType         = "type"
	inCategory     = "category"
	inSigner       = "signer"
	inUnit         = "unit"
	inCo           = "co"
	inMatters      = "matters"
	inMajor        = "major"
	inConsulted    = "consulted"
	inDisagreement = "disagreement"
	inReasons      = "reasons"
	inDue          = "due"
	inLinks        = "links"
)

// submitModal is the form /doc alone opens.
func submitModal(c *handlers.Call) *chat.Modal {
	var types []chat.Option
	for _, t := range document.Types {
		types = append(types, chat.Option{Label: string(t), Value: string(t)})
	}
	var cats []chat.Option
	for _, cat := range append(append([]calendar.Category{}, calendar.Categories...), calendar.Urgent) {
		cats = append(cats, chat.Option{Label: categoryName(cat), Value: string(cat)})
	}
	yn := []chat.Option{{Label: msg.T("document.no"), Value: "否"}, {Label: msg.T("document.yes"), Value: "是"}}
	inputs := []chat.Input{
		{ID: inTitle, Label: msg.T("document.form.title"), Kind: chat.InputText, Placeholder: msg.T("document.form.title_hint")},
		{ID: inType, Label: msg.T("document.form.type"), Kind: chat.InputSelect, Options: types, Initial: string(document.Request)},
		{ID: inCategory, Label: msg.T("document.form.category"), Kind: chat.InputSelect, Options: cats},
		{ID: inSigner, Label: msg.T("document.form.signer"), Kind: chat.InputUser, Optional: true, Hint: msg.T("document.form.signer_hint")},
	}
	if c.Me.Role.IsOffice() || c.Me.Department == "" {
		var units []chat.Option
		for _, d := range c.Org.Departments {
			units = append(units, chat.Option{Label: d.Name, Value: d.ID})
		}
		inputs = append(inputs, chat.Input{ID: inUnit, Label: msg.T("document.form.unit"), Kind: chat.InputSelect, Options: units})
	}
	inputs = append(inputs,
		chat.Input{ID: inCo, Label: msg.T("document.form.co"), Kind: chat.InputText, Optional: true, Placeholder: "财政局,住建局"},
		chat.Input{ID: inConsulted, Label: msg.T("document.form.consulted"), Kind: chat.InputSelect, Options: yn, Optional: true},
		chat.Input{ID: inMatters, Label: msg.T("document.form.matters"), Kind: chat.InputText, Initial: "1"},
		chat.Input{ID: inMajor, Label: msg.T("document.form.major"), Kind: chat.InputSelect, Options: yn, Initial: "否"},
		chat.Input{ID: inDisagreement, Label: msg.T("document.form.disagreement"), Kind: chat.InputText, Optional: true, Multiline: true},
		chat.Input{ID: inReasons, Label: msg.T("document.form.reasons"), Kind: chat.InputText, Optional: true, Multiline: true},
		chat.Input{ID: inDue, Label: msg.T("document.form.due"), Kind: chat.InputDate, Optional: true, Hint: msg.T("document.form.due_hint")},
		chat.Input{ID: inLinks, Label: msg.T("document.form.links"), Kind: chat.InputText, Optional: true},
	)
	return &chat.Modal{CallbackID: cbSubmit, Title: msg.T("document.form.heading"), Submit: msg.T("document.form.submit"),
		Intro: msg.T("document.form.intro"), Inputs: inputs}
}

// submitForm reads the submission form; a field not understood is named
// beside it.
func (s *Service) submitForm(ctx context.Context, c *handlers.Call, f *handlers.Submission) (handlers.Response, error) {
	v := func(id string) string { return strings.TrimSpace(f.Values[id]) }
	errs := map[string]string{}
	sub := document.Submission{Title: v(inTitle), Type: document.Type(v(inType)), Matters: 1,
		Disagreement: v(inDisagreement), Reasons: v(inReasons), Major: v(inMajor) == "是", Consulted: v(inConsulted) == "是"}
	if sub.Title == "" {
		errs[inTitle] = msg.T("document.parse.no_title")
	}
	if len([]rune(sub.Title)) > document.MaxTitle {
		errs[inTitle] = msg.T("document.parse.title_too_long")
	}
	var ok bool
	if sub.Category, ok = document.ParseCategory(v(inCategory)); !ok {
		errs[inCategory] = msg.T("document.parse.no_category")
	}
	if !slices.Contains(document.Types, sub.Type) {
		errs[inType] = msg.T("document.parse.no_type")
	}
	if id := v(inSigner); id != "" {
		p, ok := c.Org.Person(id)
		if !ok {
			errs[inSigner] = msg.T("document.parse.unknown_person", chat.Fragment(id))
		}
		sub.Signer = p.SlackID
	}
	if u := v(inUnit); u != "" {
		if _, ok := c.Org.Department(u); !ok {
			errs[inUnit] = msg.T("document.parse.unknown_dept", chat.Fragment(u))
		}
		sub.Department = u
	}
	if co := v(inCo); co != "" {
		ids, err := document.ParseDepartments(co, c.Org)
		if err != nil {
			var pe *document.ParseError
			errors.As(err, &pe)
			errs[inCo] = msg.T("document.parse.unknown_dept", chat.Fragment(pe.Arg))
		}
		sub.CoDepartments = ids
	}
	if m := v(inMatters); m != "" {
		n, ok := document.ParseMatters(m)
		if !ok {
			errs[inMatters] = msg.T("document.parse.bad_count", chat.Fragment(m))
		}
		sub.Matters = n
	}
	if due := v(inDue); due != "" {
		t, ok := document.ParseDate(due, c.Now)
		if q, ambiguous := document.DateQuestion(due, c.Now); !ok && ambiguous {
			errs[inDue] = msg.T("document.parse.ambiguous_date", q)
		} else if !ok {
			errs[inDue] = msg.T("document.parse.bad_date", chat.Fragment(due))
		}
		sub.UrgentDue = t.Format(time.DateOnly)
	}
	for _, l := range strings.Fields(v(inLinks)) {
		if !document.SlackFileLink(l) {
			errs[inLinks] = msg.T("document.parse.bad_link", chat.Fragment(l))
			break
		}
		sub.Links = append(sub.Links, l)
	}
	if len(errs) > 0 {
		return handlers.Response{Errors: errs}, nil
	}
	return s.register(ctx, c, sub)
}
