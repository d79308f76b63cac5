// Command officebot is the 政务助手 Slack bot: run it with no arguments to
// serve Slack when tokens are set, or to chat in the local console on the
// demo organisation when they are not.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Asia/Shanghai on machines without a zone database
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, errUsage):
		os.Exit(2) // the message is printed already
	case errors.Is(err, errReported):
		os.Exit(1) // run printed it, in Chinese
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
