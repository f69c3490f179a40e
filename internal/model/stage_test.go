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

// Last is the last of Cmds, ONBUILD triggers left out.
func TestStageLast(t *testing.T) {
	run1 := &Instruction{Cmd: "run"}
	user := &Instruction{Cmd: "user"}
	run2 := &Instruction{Cmd: "run"}
	trig := &Instruction{Cmd: "run", OnBuild: true}
	s := &Stage{Instructions: []*Instruction{run1, user, run2, trig}}
	for _, cmd := range []string{"run", "user", "cmd"} {
		var want *Instruction
		if l := s.Cmds(cmd); len(l) > 0 {
			want = l[len(l)-1]
		}
		if got := s.Last(cmd); got != want {
			t.Errorf("Last(%q) = %v, want %v", cmd, got, want)
		}
	}
	if s.Last("run") != run2 || (&Stage{}).Last("run") != nil {
		t.Error("Last does not skip the trigger, or finds an instruction in an empty stage")
	}
}
