package tree_test

import (
	"errors"
	"testing"

	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// FuzzParse checks that any input either parses into a tree whose positions
// are sane or fails with a *tree.Error naming a line; never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"a: 1\nb: [1, 2]\n",
		"{\"a\": {\"b\": [1, \"x\"]}}",
		"x: &a {k: v}\ny:\n  <<: *a\n  z: 1\n",
		"a: &a [*a]\n",
		"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n",
		"k: 1\nk: 2\n",
		"Resources:\n  SG:\n    Properties:\n      SecurityGroupIngress:\n        - # TODO\n",
		"\ufeffa: b\r\nc: d\r\n",
		"a:\n\tb: c\n",
		"v: !Sub '${AWS::Region}'\nw: !GetAtt A.B\n",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
		"a: 'unterminated\n",
		"--- \na: 1\n---\nb: 2\n",
		"\x00\x01\x02binary",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzguard.Watch(data)()
		file, err := tree.Parse(data)
		if err != nil {
			var te *tree.Error
			if !errors.As(err, &te) {
				t.Fatalf("error is %T, want *tree.Error: %v", err, err)
			}
			if te.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, doc := range file.Docs {
			doc.Walk(func(n *tree.Node) bool {
				if n.Line < 0 {
					t.Fatalf("node at negative line %d", n.Line)
				}
				return true
			})
		}
		_ = file.Comments()
	})
}
