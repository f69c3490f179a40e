// Command shipshape checks container workloads on AWS against
// container-security guidance. See the README or "shipshape --help".
package main

import (
	"os"

	"github.com/shipshape/shipshape/internal/cli"
	"github.com/shipshape/shipshape/internal/gcpolicy"
)

func main() {
	gcpolicy.Apply()
	width, height := cli.TerminalSize(os.Stdout)
	os.Exit(cli.Main(os.Args[1:], cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, OutIsTerminal: cli.IsTerminal(os.Stdout),
		Width: width, Height: height}))
}
