package main

import (
	"os"
	"testing"
)

// runMainEnv, set to 1, makes the test binary run the officebot program
// itself (main with os.Args) instead of the tests: tests start real
// `officebot serve` processes by running os.Args[0] with it.
const runMainEnv = "OFFICEBOT_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}
