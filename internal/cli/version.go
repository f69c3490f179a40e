package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/shipshape/shipshape/internal/rule"
)

func newVersion(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print shipshape's version",
		Example: "  shipshape version",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("version takes no arguments (see shipshape version --help)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(s.Out, "shipshape %s (%s, %s/%s, %d rules)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, len(rule.All()))
			return nil
		},
	}
}
