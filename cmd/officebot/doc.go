package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"officebot/docsheet"
	"officebot/document"
	"officebot/fonts"
	"officebot/msg"
)

// docCommand is `officebot doc sheet D12 -o FILE.pdf`: an outgoing
// document's 发文稿纸 written locally.
func docCommand(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "sheet" {
		fmt.Fprintln(e.stderr, msg.T("cli.doc_usage"))
		return errUsage
	}
	fs := newFlags(e, "doc sheet", "cli.doc_usage")
	out := fs.String("o", "", "the PDF file to write")
	pos, err := flags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		fmt.Fprintln(e.stderr, msg.T("cli.doc_usage"))
		return errUsage
	}
	id, ok := document.ParseKey(pos[0])
	if !ok {
		return reported(e, fmt.Errorf("doc sheet: bad key %q", pos[0]), "cli.doc_bad_key", pos[0])
	}
	a, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()
	o, found, err := a.store.Read(ctx).OutgoingByID(id)
	if err != nil {
		return err
	}
	if !found {
		return reported(e, fmt.Errorf("doc sheet: no outgoing %s", document.Key(id)), "cli.doc_not_outgoing", document.Key(id))
	}
	org, err := a.store.Org(ctx)
	if err != nil {
		return err
	}
	font, err := docsheet.Font(e.getenv)
	if err != nil {
		return reported(e, err, "cli.doc_no_font", fonts.Env)
	}
	f, err := os.Create(*out)
	if err != nil {
		return reported(e, err, "cli.doc_cannot_write", *out)
	}
	if err := docsheet.Render(f, docsheet.FromOutgoing(o, org), font, a.loc); err != nil {
		f.Close()
		os.Remove(*out)
		return err
	}
	if err := f.Close(); err != nil {
		return reported(e, errors.Join(err, os.Remove(*out)), "cli.doc_cannot_write", *out)
	}
	fmt.Fprintln(e.stdout, msg.T("cli.doc_written", o.Key(), *out))
	return nil
}
