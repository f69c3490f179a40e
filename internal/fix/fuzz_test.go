package fix

import (
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/shipshape/shipshape/internal/fuzzguard"
)

// addSeeds adds the files that pattern matches to f's seed corpus.
func addSeeds(f *testing.F, pattern string) {
	paths, _ := filepath.Glob(pattern)
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
}

// FuzzEdit asserts that an edit never makes a YAML or JSON file that no
// longer parses: for the mappings and sequences of any file that parses, a
// key is set (replaced or inserted, with a nested value), an item appended
// and an item removed, each alone; the result must parse, or the editor must
// refuse. Seeds are the fix fixtures and testdata/fuzz/FuzzEdit.
func FuzzEdit(f *testing.F) {
	addSeeds(f, "../autofix/testdata/*/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 32<<10 {
			return
		}
		defer fuzzguard.Watch(data)()
		d, err := ParseDoc(data)
		if err != nil {
			return
		}
		d.Parameters = true
		var maps, seqs []*yaml.Node
		var walk func(n *yaml.Node, depth int)
		walk = func(n *yaml.Node, depth int) {
			if depth > 64 || len(maps)+len(seqs) > 40 {
				return
			}
			switch n.Kind {
			case yaml.MappingNode:
				maps = append(maps, n)
			case yaml.SequenceNode:
				seqs = append(seqs, n)
			}
			for _, c := range n.Content {
				walk(c, depth+1)
			}
		}
		for _, r := range d.Roots {
			walk(r, 0)
		}
		check := func(what string, es []Edit, err error) {
			if err != nil {
				return // refused, with a reason
			}
			out, _, err := Apply(data, es)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if err := Check(out); err != nil {
				t.Fatalf("%s made a file that does not parse: %v\n--- before\n%s\n--- after\n%s", what, err, data, out)
			}
		}
		for _, m := range maps {
			es, err := d.SetPath(m, []string{"ShipshapeFuzz", "Inner"}, Map{{"A", true}, {"B", []any{"x y", Ref("P")}}})
			check("set a new nested key", es, err)
			if len(m.Content) >= 2 {
				es, err := d.Set(m, m.Content[0].Value, "IMMUTABLE")
				check("replace the first value", es, err)
				es, err = d.SetPath(m, []string{m.Content[0].Value, "Drop"}, []any{"ALL"})
				check("set below the first key", es, err)
				e, err := d.RemoveKey(m, m.Content[0].Value)
				check("remove the first key", []Edit{e}, err)
			}
		}
		for _, s := range seqs {
			e, err := d.Append(s, Map{{"Name", "a"}, {"ValueFrom", "/app/a"}})
			check("append a mapping", []Edit{e}, err)
			e, err = d.Append(s, "ALL")
			check("append a scalar", []Edit{e}, err)
			if len(s.Content) > 0 {
				e, err := d.RemoveItem(s, 0)
				check("remove the first item", []Edit{e}, err)
			}
		}
	})
}
