package budget

import "testing"

func TestBudget(t *testing.T) {
	b := New()
	if !b.Allow(MaxValue) || b.Exceeded() {
		t.Fatal("a value at the limit is refused")
	}
	if b.Allow(MaxValue + 1) {
		t.Error("a value over the limit is allowed")
	}
	for i := 1; i < MaxTotal/MaxValue; i++ {
		b.Allow(MaxValue)
	}
	if b.Allow(1) {
		t.Error("the total is not bounded")
	}
	if !b.Exceeded() || b.Over() != 2 {
		t.Errorf("over = %d, want 2", b.Over())
	}
	if got := b.Notice(); got != "2 values would be over the evaluation budget (a bound on the size of values built from the input, at most 1 MB) and are left unknown" {
		t.Errorf("notice %q", got)
	}
	var none *Budget
	if !none.Allow(MaxTotal*2) || none.Exceeded() {
		t.Error("a nil budget refuses")
	}
}
