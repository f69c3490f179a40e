package model

import (
	"fmt"
	"testing"
)

// Label writes what fmt's "stage %q" and "stage %d" write.
func TestStageLabelAsFmt(t *testing.T) {
	for _, name := range []string{"builder", "a b", `q"uote`, "back\\slash", "tab\there", "nul\x00", "é", "日本", "\xff", "emoji😀"} {
		s := &Stage{Name: name, Index: 3}
		if got, want := s.Label(), fmt.Sprintf("stage %q", name); got != want {
			t.Errorf("Label of %q = %s, want %s", name, got, want)
		}
	}
	for _, i := range []int{0, 1, 7, 8, 9, 10, 123, -1} {
		s := &Stage{Index: i}
		if got, want := s.Label(), fmt.Sprintf("stage %d", i); got != want {
			t.Errorf("Label of stage %d = %s, want %s", i, got, want)
		}
	}
	if got := (&Stage{History: true, Name: "x"}).Label(); got != "the image history" {
		t.Errorf("history label = %s", got)
	}
}
