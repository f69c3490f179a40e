package report

import (
	"fmt"
	"io"

	"github.com/shipshape/shipshape/internal/scan"
)

func writeSARIF(io.Writer, *scan.Result, Options) error {
	return fmt.Errorf("sarif output is not available yet")
}

func writeJUnit(io.Writer, *scan.Result, Options) error {
	return fmt.Errorf("junit output is not available yet")
}

func writeMarkdown(io.Writer, *scan.Result, Options) error {
	return fmt.Errorf("markdown output is not available yet")
}
