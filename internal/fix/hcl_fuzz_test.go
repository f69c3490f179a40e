package fix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/model"
)

// FuzzEditTerraform asserts that the Terraform editor never makes a file
// that no longer parses: in every resource of any file that parses, an
// attribute in nested blocks is set, the first attribute replaced, a block
// added, and in the containers a property set, a list appended to and an
// environment variable moved; each alone must give edits whose result
// parses, or a refusal that is not an internal failure. Seeds are the
// Terraform fix fixtures and testdata/fuzz/FuzzEditTerraform.
func FuzzEditTerraform(f *testing.F) {
	addSeeds(f, "../autofix/testdata/*/*.tf*")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 32<<10 {
			return
		}
		defer fuzzguard.Watch(data)()
		file, diags := hclsyntax.ParseConfig(data, "main.tf", hcl.InitialPos)
		if diags.HasErrors() {
			return
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "main.tf")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var blocks []*hclsyntax.Block
		for _, b := range file.Body.(*hclsyntax.Body).Blocks {
			if b.Type == "resource" && len(b.Labels) == 2 && len(blocks) < 20 {
				blocks = append(blocks, b)
			}
		}
		check := func(what string, do func(t *TF, blk *hclsyntax.Block) ([]Edit, error)) {
			for _, b := range blocks {
				tf, err := (&File{Path: path, Data: data}).TF()
				if err != nil {
					return
				}
				blk, err := tf.Resource(b.Labels[0] + "." + b.Labels[1])
				if err != nil {
					t.Fatalf("%s: resource not found: %v", what, err)
				}
				es, err := do(tf, blk)
				if err != nil {
					if strings.Contains(err.Error(), "please report") {
						t.Fatalf("%s: %v\n%s", what, err, data)
					}
					continue
				}
				var own []Edit
				for _, e := range es {
					if e.File == "" {
						own = append(own, e)
					}
				}
				out, conflicts, err := Apply(data, own)
				if err != nil || len(conflicts) > 0 {
					t.Fatalf("%s: edits %v: %v %v", what, own, err, conflicts)
				}
				if err := CheckParses(model.Terraform, path, out); err != nil {
					t.Fatalf("%s made a file that does not parse: %v\n--- before\n%s\n--- after\n%s", what, err, data, out)
				}
			}
		}
		set := func(path []string, v any) func(*TF, *hclsyntax.Block) ([]Edit, error) {
			return func(tf *TF, blk *hclsyntax.Block) ([]Edit, error) {
				if err := tf.Set(blk.Body, path, v); err != nil {
					return nil, err
				}
				return tf.Edits()
			}
		}
		check("set a nested attribute", set([]string{"fuzz_block", "inner", "on"}, true))
		check("set a list", set([]string{"drop"}, []any{"ALL", "x ${y}"}))
		check("replace the first attribute", func(tf *TF, blk *hclsyntax.Block) ([]Edit, error) {
			for name := range blk.Body.Attributes {
				if err := tf.Set(blk.Body, []string{name}, "IMMUTABLE"); err != nil {
					return nil, err
				}
				break
			}
			return tf.Edits()
		})
		check("add a block", func(tf *TF, blk *hclsyntax.Block) ([]Edit, error) {
			if err := tf.AddBlock(blk.Body, []string{"setting"}, Map{{"name", "containerInsights"}, {"value", "enabled"}}); err != nil {
				return nil, err
			}
			return tf.Edits()
		})
		container := func(do func(c Container) error) func(*TF, *hclsyntax.Block) ([]Edit, error) {
			return func(tf *TF, blk *hclsyntax.Block) ([]Edit, error) {
				c, err := tf.Container(blk, blk.TypeRange.Start.Line+1, "")
				if err != nil {
					return nil, err
				}
				if err := do(c); err != nil {
					return nil, err
				}
				return c.Edits()
			}
		}
		check("set a container property", container(func(c Container) error {
			return c.Set([]string{"LinuxParameters", "Capabilities", "Drop"}, []any{"ALL"})
		}))
		check("append to a container list", container(func(c Container) error {
			return c.Append([]string{"Environment"}, Map{{"name", "A"}, {"value", "b"}})
		}))
		check("move an environment variable", container(func(c Container) error {
			_, _, err := c.MoveEnv(0, "", func(name string) Map { return Map{{"Name", name}, {"ValueFrom", "/app/" + name}} })
			return err
		}))
	})
}
