package main

import (
	"slices"
	"testing"

	"officebot/handlers/handlerstest"
)

// The tests of the other packages serve handlerstest's copy of the
// program's capabilities and jobs: it must be this program's.
func TestTestSupportWiresWhatTheProgramWires(t *testing.T) {
	t.Parallel()
	progCaps, progJobs := program(nil, nil)
	testCaps, testJobs := handlerstest.Program(nil, nil)
	var prog, test []string
	for _, c := range progCaps {
		prog = append(prog, c.Name)
	}
	for _, c := range testCaps {
		test = append(test, c.Name)
	}
	if !slices.Equal(prog, test) {
		t.Errorf("capabilities: the program wires %v, handlerstest %v", prog, test)
	}
	prog, test = nil, nil
	for _, j := range progJobs {
		prog = append(prog, j.Name+" "+j.Spec)
	}
	for _, j := range testJobs {
		test = append(test, j.Name+" "+j.Spec)
	}
	if !slices.Equal(prog, test) {
		t.Errorf("jobs: the program wires %v, handlerstest %v", prog, test)
	}
}
