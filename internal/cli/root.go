// Package cli is shipshape's command line: scan, rules and version.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	_ "github.com/shipshape/shipshape/internal/inputs"    // every input kind
	_ "github.com/shipshape/shipshape/internal/rules/all" // every rule
	"github.com/shipshape/shipshape/internal/termsafe"
)

// Version is set at build time with -ldflags "-X .../cli.Version=v1.2.3".
var Version = "0.1.0-dev"

// Exit codes.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitError    = 2
)

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

// usageError marks a mistake in how the command was called (exit 2).
func usageError(format string, args ...any) error {
	return &exitError{code: ExitError, err: fmt.Errorf(format, args...)}
}

// Streams are where commands read and write.
type Streams struct {
	In       io.Reader
	Out, Err io.Writer
	// OutIsTerminal says whether Out is a terminal (for colour).
	OutIsTerminal bool
	// Width and Height are the terminal's size in characters and lines
	// when Out is one (zero otherwise).
	Width, Height int
}

// Main runs the command line and returns the exit code.
func Main(args []string, s Streams) int {
	root := newRoot(s)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(s.Err, "shipshape:", termsafe.Lines(ee.err.Error()))
		}
		return ee.code
	}
	fmt.Fprintln(s.Err, "shipshape:", termsafe.Lines(err.Error()))
	return ExitError
}

func newRoot(s Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "shipshape",
		Short: "Check container workloads on AWS against container-security guidance",
		Long: `shipshape checks container workloads on AWS (ECS on Fargate or EC2, ECR, EKS) as
written in CloudFormation templates, Terraform, ECS task definitions, Dockerfiles,
Kubernetes manifests and Compose files, as built into images, and as deployed in
a live account, against container-security guidance across the lifecycle: image
development, build, vulnerability management, supply chain, orchestrator, host
and runtime. Every finding says what is wrong and what to set.`,
		Example: `  shipshape scan .
  shipshape scan infra/ --format sarif --output shipshape.sarif
  shipshape fix --dry-run .
  shipshape image app.tar   # docker save app:1.4 -o app.tar
  shipshape aws audit --region eu-west-1
  shipshape rules ecr/scan-on-push`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%v (see %s --help)", err, c.CommandPath())
	})
	root.AddCommand(newScan(s), newImage(s), newFix(s), newAWS(s), newRules(s), newVersion(s))
	return root
}

// TerminalSize returns the size of the terminal w is, or zeros when it is
// none; COLUMNS and LINES, when set, take precedence, as for other tools.
func TerminalSize(w io.Writer) (width, height int) {
	if f, ok := w.(*os.File); ok && IsTerminal(w) {
		width, height = terminalSize(f)
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		width = n
	}
	if n, err := strconv.Atoi(os.Getenv("LINES")); err == nil && n > 0 {
		height = n
	}
	return width, height
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
