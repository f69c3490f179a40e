package compose

import (
	"testing"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
)

// TestShared: findings that say the same of several services at one place
// become one, on the first service, naming how many others share it.
func TestShared(t *testing.T) {
	at := model.Pos{File: "compose.yaml", Line: 4, Col: 3}
	f := func(msg string, pos model.Pos) finding.Finding { return finding.Finding{Message: msg, Pos: pos} }
	got := shared([]finding.Finding{
		f(`service "a" sets no user`, at),
		f(`service "b" sets no user`, at),
		f(`service "c \"x\"" sets no user`, at),
		f(`service "d" sets no user`, model.Pos{File: "compose.yaml", Line: 9}), // another line
		f(`service "e" runs as root`, at),                                       // another message
		f(`service "f" sets no user`, model.Pos{File: "compose.yaml"}),          // no line: kept
		f(`service "g" sets no user`, model.Pos{File: "compose.yaml"}),
		f(`not a service's finding`, at),
	})
	want := []string{
		`service "a" (and 2 other services, which share this line) sets no user`,
		`service "d" sets no user`,
		`service "e" runs as root`,
		`service "f" sets no user`,
		`service "g" sets no user`,
		`not a service's finding`,
	}
	if len(got) != len(want) {
		t.Fatalf("%d findings, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Message != w {
			t.Errorf("finding %d: %q, want %q", i, got[i].Message, w)
		}
	}
	if one := shared([]finding.Finding{f(`service "a" x`, at), f(`service "b" x`, at)}); len(one) != 1 || one[0].Message != `service "a" (and 1 other service, which shares this line) x` {
		t.Errorf("two: %+v", one)
	}
}
