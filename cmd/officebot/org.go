package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"officebot/directory"
	"officebot/msg"
)

func orgCommand(ctx context.Context, e *env, args []string) error {
	if slices.ContainsFunc(args, isHelp) { // org import --help: not a file name
		fmt.Fprintln(e.stdout, msg.T("org.usage"))
		return nil
	}
	if len(args) != 2 || args[0] != "import" {
		fmt.Fprintln(e.stderr, msg.T("org.usage"))
		return errUsage
	}
	a, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()
	return importOrgFile(ctx, e, a, args[1], e.stdout)
}

// importOrgFile imports a directory file all or nothing, printing every
// problem with its line.
func importOrgFile(ctx context.Context, e *env, a *app, path string, out io.Writer) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return reported(e, fmt.Errorf("read directory %s: %w", path, err), "org.read_failed", path, fileProblem(err))
	}
	org, err := directory.ParseOrg(data)
	if ps, ok := err.(directory.Problems); ok {
		fmt.Fprintln(e.stderr, msg.T("org.invalid", len(ps)))
		for _, p := range ps {
			fmt.Fprintln(e.stderr, "  "+p.String())
		}
		return fmt.Errorf("%w: directory %s: %d problems, nothing imported", errReported, path, len(ps))
	}
	if err != nil {
		return err
	}
	if len(org.Warnings) > 0 {
		fmt.Fprintln(e.stderr, msg.T("org.warnings", len(org.Warnings)))
		for _, p := range org.Warnings {
			fmt.Fprintln(e.stderr, "  "+p.String())
		}
	}
	res, err := a.store.ImportOrg(ctx, org, "cli", a.clock.Now())
	if err != nil {
		return err
	}
	if res.Changed() {
		fmt.Fprintln(out, msg.T("org.imported", res.People, res.Departments, res.Added, res.Updated, res.Deactivated))
	} else {
		fmt.Fprintln(out, msg.T("org.unchanged", res.People, res.Departments))
	}
	return nil
}
