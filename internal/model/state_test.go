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
