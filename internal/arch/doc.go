// Package arch holds the test of officebot's package graph (arch_test.go):
// which packages may import which (docs/architecture.md). It has no code of
// its own.
package arch
