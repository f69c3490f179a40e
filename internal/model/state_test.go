package model

import (
	"slices"
	"testing"
)

// Each yields what Of lists, in the same order, and stops when asked.
func TestEach(t *testing.T) {
	s := NewState("t.yaml", CloudFormation)
	a := &TaskDefinition{Meta: Meta{ID: "A"}}
	b := &TaskDefinition{Meta: Meta{ID: "B"}}
	s.Add(a, &ECRRepository{Meta: Meta{ID: "R"}}, b)
	if got := slices.Collect(Each[*TaskDefinition](s)); !slices.Equal(got, Of[*TaskDefinition](s)) || len(got) != 2 {
		t.Errorf("Each = %v, want %v", got, Of[*TaskDefinition](s))
	}
	for td := range Each[*TaskDefinition](s) {
		if td != a {
			t.Errorf("first = %s, want A", td.ID)
		}
		break
	}
}

// InChain answers as Chain lists: the stage itself and those it is built
// FROM, not a stage built FROM it or another one.
func TestInChain(t *testing.T) {
	base := &Stage{Name: "base"}
	mid := &Stage{Name: "mid", BaseStage: base}
	top := &Stage{Name: "top", BaseStage: mid}
	other := &Stage{Name: "other"}
	for _, s := range []*Stage{top, mid, base, other} {
		if got, want := top.InChain(s), slices.Contains(top.Chain(), s); got != want {
			t.Errorf("top.InChain(%s) = %v, want %v", s.Name, got, want)
		}
	}
	if mid.InChain(top) {
		t.Error("a stage built FROM mid is in mid's chain")
	}
}

func TestInstructionValue(t *testing.T) {
	var in Instruction
	if v := in.Value(); v.P != Absent || v.V != "" {
		t.Errorf("value of an instruction without one = %+v", v)
	}
	v := Str{V: "nobody", P: Known, Pos: Pos{File: "Dockerfile", Line: 3}}
	in.SetValue(&v)
	if got := in.Value(); got.V != "nobody" || !got.Known() || got.Pos.Line != 3 {
		t.Errorf("value = %+v", got)
	}
}

func TestInstructionSourcesDest(t *testing.T) {
	cp := &Instruction{Cmd: "copy", Args: []string{"a", "b/", "/app/"}}
	if got := cp.Sources(); !slices.Equal(got, []string{"a", "b/"}) || cp.Dest() != "/app/" {
		t.Errorf("COPY sources %q, dest %q", got, cp.Dest())
	}
	if got := append(cp.Sources(), "c"); cp.Args[2] != "/app/" || len(got) != 3 {
		t.Errorf("appending to the sources changed the arguments: %q", cp.Args)
	}
	for _, in := range []*Instruction{{Cmd: "run", Args: []string{"echo hi"}}, {Cmd: "add"}} {
		if in.Sources() != nil || in.Dest() != "" {
			t.Errorf("%s %q: sources %q, dest %q", in.Cmd, in.Args, in.Sources(), in.Dest())
		}
	}
}
