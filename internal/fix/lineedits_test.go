package fix

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLineEdits checks that the edits LineEdits returns turn a into b, on
// random line changes, and touch only the changed runs.
func TestLineEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a\n", "b\n", "c\n", "d\n", "e\n", "f", "\n"}
	gen := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[r.IntN(len(words))])
		}
		return b.String()
	}
	for range 2000 {
		a, b := gen(r.IntN(12)), gen(r.IntN(12))
		got, conflicts, err := Apply([]byte(a), LineEdits([]byte(a), []byte(b)))
		if err != nil || len(conflicts) > 0 || string(got) != b {
			t.Fatalf("%q → %q: got %q (%v %v)", a, b, got, conflicts, err)
		}
	}
	es := LineEdits([]byte("x\n1\ny\ny\ny\ny\n2\nz\n"), []byte("x\n1a\ny\ny\ny\ny\n2a\nz\n"))
	if len(es) != 2 {
		t.Errorf("two changed lines far apart: want two edits, got %v", es)
	}
}
