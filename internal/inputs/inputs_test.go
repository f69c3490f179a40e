package inputs

import (
	"sync"
	"testing"
)

// TestMemoized checks a scan's store: made once, the same for every caller
// of the scan, another for another scan, none without a memo.
func TestMemoized(t *testing.T) {
	made := 0
	fresh := func() *int { made++; return new(int) }
	memo := &sync.Map{}
	a, b := memoized(memo, "k", fresh), memoized(memo, "k", fresh)
	if a == nil || a != b || made != 1 {
		t.Errorf("same scan: %p %p, made %d times", a, b, made)
	}
	if c := memoized(&sync.Map{}, "k", fresh); c == a {
		t.Error("another scan shares the store")
	}
	if got := memoized(nil, "k", fresh); got != nil {
		t.Errorf("without a memo: %v", got)
	}
}
