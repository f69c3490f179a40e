package fix

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/shipshape/shipshape/internal/model"
)

// CheckParses parses a fixed file again with the parser of its format and
// returns an error when it no longer parses: a fix must never break a file.
func CheckParses(format model.Format, path string, data []byte) error {
	switch format {
	case model.Dockerfile:
		if _, err := parser.Parse(bytes.NewReader(data)); err != nil {
			return fmt.Errorf("the Dockerfile no longer parses: %v", err)
		}
		return nil
	case model.Terraform:
		var diags hcl.Diagnostics
		if strings.HasSuffix(path, ".json") {
			_, diags = hcljson.Parse(data, path)
		} else {
			_, diags = hclsyntax.ParseConfig(data, path, hcl.InitialPos)
		}
		if diags.HasErrors() {
			return fmt.Errorf("the Terraform file no longer parses: %v", diags)
		}
		return nil
	}
	if err := Check(data); err != nil {
		return fmt.Errorf("the file no longer parses: %v", err)
	}
	return nil
}
