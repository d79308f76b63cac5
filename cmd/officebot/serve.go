package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"officebot/bot"
	"officebot/calendar"
	"officebot/clock"
	handlersmeeting "officebot/handlers/meeting"
	handlersoffice "officebot/handlers/office"
	"officebot/msg"
	"officebot/scheduler"
	"officebot/storage"
)

// serveCommand runs the Slack transports (Socket Mode when SLACK_APP_TOKEN is
// set, the HTTP endpoints when SLACK_SIGNING_SECRET is) and /healthz on
// OFFICEBOT_HTTP_ADDR, health, readiness and metrics on OFFICEBOT_ADMIN_ADDR
// (127.0.0.1:3001 by default), the outbox delivery loop, and the
// replay of requests a crashed process acknowledged but never handled. When ctx
// ends it stops taking deliveries, lets every acknowledged request finish,
// delivers the outbox once more and returns.
func serveCommand(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "cli.serve_usage")
	if _, err := flags(fs, args); err != nil {
		return err
	}
	cfg := bot.Config{
		BotToken:      e.getenv("SLACK_BOT_TOKEN"),
		AppToken:      e.getenv("SLACK_APP_TOKEN"),
		SigningSecret: e.getenv("SLACK_SIGNING_SECRET"),
		APIURL:        e.getenv("SLACK_API_URL"),
	}
	if cfg.BotToken == "" {
		fmt.Fprintln(e.stderr, msg.T("serve.need_token"))
		return errUsage
	}
	if cfg.AppToken == "" && cfg.SigningSecret == "" {
		fmt.Fprintln(e.stderr, msg.T("serve.need_mode"))
		return errUsage
	}
	if s := e.getenv("OFFICEBOT_SOCKET_SILENCE"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			fmt.Fprintln(e.stderr, msg.T("serve.bad_duration", "OFFICEBOT_SOCKET_SILENCE", s))
			return errUsage
		}
		cfg.SocketSilence = d
	}
	addr := e.getenv("OFFICEBOT_HTTP_ADDR")
	if addr == "" {
		addr = ":3000"
	}
	// /readyz and /metrics are for operators: their own listener, on the
	// loopback interface unless configured otherwise.
	adminAddr := e.getenv("OFFICEBOT_ADMIN_ADDR")
	if adminAddr == "" {
		adminAddr = "127.0.0.1:3001"
	}

	a, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()
	unlock, err := a.store.LockSingleProcess()
	if errors.Is(err, storage.ErrLocked) {
		fmt.Fprintln(e.stderr, msg.T("serve.sqlite_locked"))
		return errUsage
	}
	if err != nil {
		return err
	}
	defer unlock()
	// Signatures and latencies need real time, whatever OFFICEBOT_CLOCK says.
	b := bot.New(cfg, a.service, e.log, clock.System{})

	// The outbox and the scheduler outlive the transports: what the last
	// requests enqueue is delivered before the process ends. The service
	// learns where to signal new messages before any goroutine (the
	// replay, the listeners) can handle a request.
	outbox := &scheduler.Outbox{Store: a.store, Sender: b.Sender(), Clock: a.clock, Log: e.log, Limits: scheduler.SlackLimits}
	if err := b.RegisterMetrics(outbox.Collectors()...); err != nil {
		return fmt.Errorf("register outbox metrics: %w", err)
	}
	a.service.Queued = outbox.Notify

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		e.log.Error("cannot listen", "var", "OFFICEBOT_HTTP_ADDR", "addr", addr, "err", err)
		return reported(e, fmt.Errorf("listen on %s: %w", addr, err), "serve.bad_addr", addr, listenProblem(err))
	}
	adminLn, err := net.Listen("tcp", adminAddr)
	if err != nil {
		ln.Close()
		e.log.Error("cannot listen", "var", "OFFICEBOT_ADMIN_ADDR", "addr", adminAddr, "err", err)
		return reported(e, fmt.Errorf("listen on %s: %w", adminAddr, err), "serve.bad_admin_addr", adminAddr, listenProblem(err))
	}
	srv := &http.Server{Handler: withCalendarFeed(a, withBoard(e, a, b.Handler())), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	adminSrv := &http.Server{Handler: b.AdminHandler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintln(e.stdout, msg.T("serve.listening", ln.Addr().String()))
	fmt.Fprintln(e.stdout, msg.T("serve.admin_listening", adminLn.Addr().String()))
	e.log.Info("serving", "addr", ln.Addr().String(), "http_endpoints", cfg.SigningSecret != "", "socket_mode", cfg.AppToken != "")
	if a.service.PublicURL == "" {
		e.log.Warn("OFFICEBOT_PUBLIC_URL is not set: calendar subscription addresses are shown as paths, which no calendar can subscribe to")
	}

	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	var wg sync.WaitGroup
	wg.Go(func() { b.KeepCheckingAuth(runCtx) })
	wg.Go(func() { b.RunSocket(runCtx) })
	// Requests a crashed process acknowledged and never handled: at start,
	// then every few seconds (claims keep two replicas from both replaying).
	wg.Go(func() { b.RunReplay(runCtx) })
	serveErr := make(chan error, 2)
	go func() { serveErr <- srv.Serve(ln) }()
	go func() {
		if err := adminSrv.Serve(adminLn); !errors.Is(err, http.ErrServerClosed) {
			serveErr <- fmt.Errorf("admin listener: %w", err)
		}
	}()

	sched := scheduler.New(scheduler.Deps{Store: a.store, Clock: a.clock, Location: a.loc, Log: e.log}, a.jobs...)
	workCtx, stopWork := context.WithCancel(context.Background())
	workDone := make(chan struct{})
	go func() {
		defer close(workDone)
		if err := scheduler.Run(workCtx, sched, outbox); err != nil {
			e.log.Error("scheduler", "err", err)
		}
	}()
	pruneDone := make(chan struct{})
	go func() {
		defer close(pruneDone)
		pruneDeliveries(runCtx, a.store, clock.System{}, e.log)
	}()

	var runErr error
	select {
	case <-ctx.Done():
		e.log.Info("shutting down")
	case err := <-serveErr:
		runErr = fmt.Errorf("http server: %w", err)
	}
	stopRun()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		e.log.Warn("http shutdown", "err", err)
	}
	if err := adminSrv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		e.log.Warn("admin http shutdown", "err", err)
	}
	wg.Wait() // Socket Mode stopped: no new deliveries
	b.Stop()  // requests waiting for the database stay recorded for a replay
	b.Wait()  // every acknowledged request handled
	<-pruneDone
	stopWork()
	<-workDone
	// Deliver what the last requests queued.
	final, cancelFinal := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelFinal()
	if _, err := outbox.DrainOnce(final); err != nil {
		e.log.Warn("final outbox delivery", "err", err)
	}
	e.log.Info("stopped")
	return runErr
}

// listenProblem says in Chinese why net.Listen failed, for the common
// reasons; Go's own error is for the log.
func listenProblem(err error) string {
	var addrErr *net.AddrError
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return msg.T("serve.listen_in_use")
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return msg.T("serve.listen_forbidden")
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return msg.T("serve.listen_not_local")
	case errors.As(err, &addrErr):
		return msg.T("serve.listen_malformed")
	case errors.As(err, &dnsErr) && dnsErr.Err == "unknown port":
		return msg.T("serve.listen_malformed") // a port that is not a number
	case errors.As(err, &dnsErr):
		return msg.T("serve.listen_no_host")
	}
	return msg.T("serve.listen_other")
}

// pruneDeliveries forgets Slack delivery records older than a day, hourly,
// until ctx ends.
func pruneDeliveries(ctx context.Context, store *storage.Store, clk clock.Clock, log *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := store.PruneDeliveries(ctx, clk.Now().Add(-24*time.Hour)); err != nil {
				log.Warn("prune slack deliveries", "err", err)
			}
		}
	}
}

// withBoard adds the office's big-screen page (GET /office/board) to h when
// OFFICEBOT_BOARD_TOKEN is set; without a token there is no page.
func withBoard(e *env, a *app, h http.Handler) http.Handler {
	token := e.getenv("OFFICEBOT_BOARD_TOKEN")
	if token == "" {
		return h
	}
	mux := http.NewServeMux()
	mux.Handle("GET /office/board", handlersoffice.New(a.store, e.getenv).Board(token, a.clock, func() *calendar.Calendar { return a.cal }))
	mux.Handle("/", h)
	return mux
}

// withCalendarFeed answers the private calendar subscriptions
// (GET /calendar/<token>.ics, issued by /office calendar reset, App Home's
// button or /meeting calendar). Any other method under /calendar/ gets 405
// with Allow before any token is looked at, so it says nothing of the token.
func withCalendarFeed(a *app, h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET "+handlersmeeting.FeedPath, handlersmeeting.New(a.store).Feed(a.clock))
	// Without this the catch-all "/" below would take the other methods
	// and answer 404 (the mux only answers 405 when no pattern matches).
	mux.HandleFunc(handlersmeeting.FeedPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
	})
	mux.Handle("/", h)
	return mux
}
