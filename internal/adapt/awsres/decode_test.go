package awsres

import (
	"testing"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// field finds what tree.Node.FieldPair finds (names compared ignoring case,
// underscores and dashes), though it passes over keys by their first letter.
func TestFieldMatchesFieldPair(t *testing.T) {
	keys := []string{"", "_", "-x", "Image", "image", "read_only_root_filesystem", "ReadonlyRootFilesystem", "_Name", "name_", "Ärger", "ärger", "1st", "x"}
	names := []string{"", "_", "--", "x", "X", "IMAGE", "readonlyRootFilesystem", "ReadOnly_RootFilesystem", "Name", "name", "_name", "ärger", "Ärger", "1ST", "missing"}
	for i, key := range keys {
		n := &tree.Node{Kind: tree.Map}
		// the key alone, then after the other keys
		for _, obj := range [][]string{{key}, append(append([]string{}, keys[:i]...), keys[i:]...)} {
			n.Pairs = n.Pairs[:0]
			for _, k := range obj {
				n.Pairs = append(n.Pairs, tree.Pair{Key: &tree.Node{Kind: tree.Scalar, Value: k}, Value: &tree.Node{Kind: tree.Scalar, Value: "v:" + k}})
			}
			for _, name := range names {
				wantK, wantV := n.FieldPair(name)
				gotK, gotV := field(n, name)
				if gotK != wantK || gotV != wantV {
					t.Errorf("keys %q, name %q: field gives key %v, FieldPair %v", obj, name, gotK, wantK)
				}
			}
		}
	}
}
