package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"officebot/calendar"
	"officebot/clock"
	"officebot/cmd/officebot/wire"
	"officebot/directory"
	"officebot/handlers"
	"officebot/msg"
	"officebot/rulebook"
	"officebot/scheduler"
	"officebot/storage"
)

// env is what a command runs with: the process's arguments, environment and
// standard streams, passed in so tests run the whole program.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
}

// command is one subcommand of officebot.
type command struct {
	usage string // catalogue key of its usage line
	run   func(ctx context.Context, e *env, args []string) error
}

// commands maps a subcommand to its implementation, in a file of its own.
var commands = map[string]command{
	"calendar": {usage: "cli.calendar_usage", run: calendarCommand},
	"console":  {usage: "cli.console_usage", run: consoleCommand},
	"deadline": {usage: "cli.deadline_usage", run: deadlineCommand},
	"doc":      {usage: "cli.doc_usage", run: docCommand},
	"export":   {usage: "cli.export_usage", run: exportCommand},
	"org":      {usage: "cli.org_usage", run: orgCommand},
	"outbox":   {usage: "cli.outbox_usage", run: outboxCommand},
	"remind":   {usage: "cli.remind_usage", run: remindCommand},
	"rules":    {usage: "cli.rules_usage", run: rulesCommand},
	"serve":    {usage: "cli.serve_usage", run: serveCommand},
}

// errUsage reports a usage error whose message was already printed.
var errUsage = errors.New("usage")

// errReported marks a failure whose Chinese message was already printed on
// stderr: main exits 1 without printing it again.
var errReported = errors.New("reported")

// errHelp reports that --help printed a command's usage: success.
var errHelp = errors.New("help")

// reported prints the catalogue's message under key on stderr and returns
// err marked as reported, so the person reads Chinese, not Go's error text.
func reported(e *env, err error, key string, args ...any) error {
	fmt.Fprintln(e.stderr, msg.T(key, args...))
	return fmt.Errorf("%w: %w", errReported, err)
}

func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "-help" }

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	name := ""
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	if name == "" {
		if getenv("SLACK_BOT_TOKEN") != "" {
			name = "serve"
		} else {
			name = "console"
		}
	}
	// A service logs its work; a command run by hand prints its answer and
	// logs only what went wrong, unless asked for more.
	level := slog.LevelWarn
	if name == "serve" {
		level = slog.LevelInfo
	}
	switch v := strings.ToLower(getenv("OFFICEBOT_LOG_LEVEL")); v {
	case "":
	case "debug":
		level = slog.LevelDebug
	case "info":
		level = slog.LevelInfo
	case "warn", "warning":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	default:
		fmt.Fprintln(stderr, msg.T("cli.bad_log_level", getenv("OFFICEBOT_LOG_LEVEL")))
		return errUsage
	}
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))}
	if name == "help" || name == "-h" || name == "--help" {
		printUsage(stdout)
		return nil
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintln(stderr, msg.T("cli.unknown", name))
		printUsage(stderr)
		return errUsage
	}
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprintln(stdout, msg.T(cmd.usage))
		return nil
	}
	err := cmd.run(ctx, e, args)
	switch {
	case err == nil, errors.Is(err, errHelp):
		return nil
	case errors.Is(err, errUsage), errors.Is(err, errReported):
		return err
	}
	// Anything else: the person reads Chinese first, the detail after it.
	return reported(e, err, "cli.failed", err)
}

func printUsage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, msg.T("cli.usage_title"))
	for _, n := range names {
		fmt.Fprintln(w, "  "+msg.T(commands[n].usage))
	}
}

// flags parses flags that may stand before, between or after positional
// arguments, and returns the positional ones.
func flags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		} else if err != nil {
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlags(e *env, name, usageKey string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	out := &flagOutput{w: e.stderr}
	fs.SetOutput(out)
	fs.Usage = func() {
		// After an error the usage goes with it on stderr; asked for with
		// --help it is the command's output.
		w := e.stdout
		if out.failed {
			w = e.stderr
		}
		fmt.Fprintln(w, msg.T(usageKey))
	}
	return fs
}

// flagOutput receives the flag package's own error lines and writes the
// catalogue's Chinese for them instead.
type flagOutput struct {
	w      io.Writer
	failed bool
}

func (o *flagOutput) Write(p []byte) (int, error) {
	o.failed = true
	line := strings.TrimSpace(string(p))
	var text string
	switch {
	case strings.HasPrefix(line, "flag provided but not defined: "):
		text = msg.T("cli.flag_unknown", dashes(strings.TrimPrefix(line, "flag provided but not defined: ")))
	case strings.HasPrefix(line, "flag needs an argument: "):
		text = msg.T("cli.flag_needs_value", dashes(strings.TrimPrefix(line, "flag needs an argument: ")))
	case strings.HasPrefix(line, "invalid value ") || strings.HasPrefix(line, "invalid boolean value "):
		// invalid value "abc" for flag -limit: parse error
		var value, name string
		if i := strings.Index(line, `"`); i >= 0 {
			if j := strings.Index(line[i+1:], `"`); j >= 0 {
				value = line[i+1 : i+1+j]
			}
		}
		if i := strings.Index(line, " -"); i >= 0 {
			name, _, _ = strings.Cut(line[i+1:], ":")
		}
		text = msg.T("cli.flag_bad_value", dashes(name), value)
	default:
		text = msg.T("cli.flag_bad", line)
	}
	fmt.Fprintln(o.w, text)
	return len(p), nil
}

// dashes writes a flag as the usage does (--limit); Go's flag package
// names it with one dash. A negative number stays as typed (-1).
func dashes(name string) string {
	if strings.HasPrefix(name, "-") && !strings.HasPrefix(name, "--") && len(name) > 1 && (name[1] < '0' || name[1] > '9') {
		return "-" + name
	}
	return name
}

// app is the wired program: database, clock, calendar, the handlers'
// service and the scheduler's jobs.
type app struct {
	store   *storage.Store
	clock   clock.Clock
	cal     *calendar.Calendar
	service *handlers.Service
	rules   *handlers.Rules
	jobs    []scheduler.Job
	loc     *time.Location
}

// open wires the program from the environment (SPEC §3 configuration).
func open(ctx context.Context, e *env) (*app, error) {
	tz := e.getenv("OFFICEBOT_TZ")
	if tz == "" {
		tz = "Asia/Shanghai"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, reported(e, fmt.Errorf("OFFICEBOT_TZ: %w", err), "cli.bad_tz", tz)
	}
	var clk clock.Clock = clock.System{}
	if s := e.getenv("OFFICEBOT_CLOCK"); s != "" {
		start, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return nil, reported(e, fmt.Errorf("OFFICEBOT_CLOCK must be RFC3339: %w", err), "cli.bad_clock", s)
		}
		clk = clock.StartingAt(start)
	}
	publicURL, err := publicURLOf(e.getenv("OFFICEBOT_PUBLIC_URL"))
	if err != nil {
		return nil, reported(e, err, "cli.bad_public_url", e.getenv("OFFICEBOT_PUBLIC_URL"))
	}
	store, err := storage.Open(ctx, e.getenv("OFFICEBOT_DB"), e.log)
	if err != nil {
		// The DSN itself may hold a password: never printed. The driver's
		// English detail is for the log at debug level.
		e.log.Debug("open database", "err", err)
		dsn := e.getenv("OFFICEBOT_DB")
		switch {
		case errors.Is(err, storage.ErrUnsupportedDB):
			scheme, _, _ := strings.Cut(dsn, "://")
			return nil, reported(e, err, "cli.bad_db_scheme", scheme)
		case strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://"):
			return nil, reported(e, err, "cli.bad_db_postgres")
		}
		return nil, reported(e, err, "cli.bad_db")
	}
	store.Location = loc // leave dates are calendar days in OFFICEBOT_TZ
	a := &app{store: store, clock: clk, loc: loc}
	if path := e.getenv("OFFICEBOT_ORG"); path != "" {
		if err := importOrgFile(ctx, e, a, path, io.Discard); err != nil {
			store.Close()
			return nil, err
		}
	}
	if a.cal, err = store.Calendar(ctx, loc); err != nil {
		store.Close()
		return nil, err
	}
	var thesaurus io.Reader
	if path := e.getenv("OFFICEBOT_THESAURUS"); path != "" {
		f, err := os.Open(path)
		if err != nil {
			store.Close()
			return nil, reported(e, fmt.Errorf("OFFICEBOT_THESAURUS: %w", err), "cli.bad_thesaurus", path, fileProblem(err))
		}
		defer f.Close()
		thesaurus = f
	}
	if a.rules, err = handlers.LoadRules(ctx, store, thesaurus); errors.Is(err, rulebook.ErrThesaurusLine) {
		store.Close()
		var le *rulebook.LineError
		errors.As(err, &le)
		return nil, reported(e, err, "cli.bad_thesaurus_line", e.getenv("OFFICEBOT_THESAURUS"), le.Line)
	}
	if err != nil {
		store.Close()
		return nil, err
	}
	// The program's capabilities and jobs (wire.Program), on the store.
	caps, jobs := wire.Program(store, a.rules)
	a.jobs = jobs
	a.service = handlers.New(handlers.Deps{Store: store, Clock: clk, Calendar: a.cal, Log: e.log,
		Errors: wire.Errors(), PublicURL: publicURL}, caps...)
	return a, nil
}

func (a *app) Close() error { return a.store.Close() }

// ensureDemo imports the demo organisation into an empty directory.
func (a *app) ensureDemo(ctx context.Context) (bool, error) {
	n, err := a.store.Read(ctx).People()
	if err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	org, err := directory.ParseOrg(directory.DemoYAML())
	if err != nil {
		return false, fmt.Errorf("demo organisation: %w", err)
	}
	_, err = a.store.ImportOrg(ctx, org, "system", a.clock.Now())
	return err == nil, err
}

// publicURLOf checks OFFICEBOT_PUBLIC_URL, where people reach the program
// from outside (the base of calendar subscription addresses): empty, or an
// absolute http(s) URL with a host and no query or fragment. It returns it
// without a trailing slash.
func publicURLOf(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("OFFICEBOT_PUBLIC_URL: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("OFFICEBOT_PUBLIC_URL %q: not an http(s) address with a host", s)
	}
	return strings.TrimRight(s, "/"), nil
}
