// Command shipshape checks container workloads on AWS against
// container-security guidance. See the README or "shipshape --help".
package main

import (
	"os"
	"runtime/debug"

	"github.com/shipshape/shipshape/internal/cli"
)

func main() {
	// A scan is short-lived and most of what it allocates (parse trees)
	// dies young: collecting at twice the default heap growth spends about
	// a quarter less CPU for a peak heap about a quarter larger. GOGC, when
	// set, decides.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	width, height := cli.TerminalSize(os.Stdout)
	os.Exit(cli.Main(os.Args[1:], cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, OutIsTerminal: cli.IsTerminal(os.Stdout),
		Width: width, Height: height}))
}
