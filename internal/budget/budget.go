// Package budget is the one evaluation budget of every evaluator that
// builds values from an input (CloudFormation intrinsic functions,
// Dockerfile ARG and ENV expansion, Terraform expressions, Compose
// interpolation): a small file must not make the scan build gigabytes.
// A value over the budget is left unknown, and the adapter says so with a
// notice (Notice), as for anything else it cannot evaluate.
//
// Use one Budget per input file (or per Terraform root module):
//
//	b := budget.New()
//	...
//	if !b.Allow(len(s)) { /* the value is unknown */ }
//	...
//	if b.Exceeded() { res.Note(budget.Kind, pos, b.Notice()) }
//
// A Budget is not safe for concurrent use.
package budget

import "fmt"

// Limits of one Budget.
const (
	// MaxValue is the largest value (in bytes) one evaluation may build:
	// real container definitions, policies and build arguments are a few
	// kilobytes.
	MaxValue = 1 << 20
	// MaxTotal is what all the values built for one input may add up to.
	MaxTotal = 64 << 20
)

// Kind is the kind of the notice given when values were over the budget
// (the text report folds notices by kind).
const Kind = "values over the evaluation budget left unknown"

// Budget counts the bytes of the values built for one input.
type Budget struct {
	spent int64
	over  int
}

// New returns a budget with nothing spent.
func New() *Budget { return &Budget{} }

// Allow reports whether a value of n bytes may be built, and spends n when
// it may. A nil Budget allows anything.
func (b *Budget) Allow(n int) bool {
	if b == nil {
		return true
	}
	if n > MaxValue || b.spent+int64(n) > MaxTotal {
		b.over++
		return false
	}
	b.spent += int64(n)
	return true
}

// Fits reports whether a value of n bytes could be built, without
// spending: for checks before each step of a value that grows.
func (b *Budget) Fits(n int) bool {
	if b == nil {
		return true
	}
	return n <= MaxValue && b.spent+int64(n) <= MaxTotal
}

// Refuse records a value that was not built because it would have been
// over the budget (found with Fits).
func (b *Budget) Refuse() {
	if b != nil {
		b.over++
	}
}

// Exceeded reports whether a value was refused.
func (b *Budget) Exceeded() bool { return b != nil && b.over > 0 }

// Over is how many values were refused.
func (b *Budget) Over() int {
	if b == nil {
		return 0
	}
	return b.over
}

// Notice is the message for an input whose values went over the budget.
func (b *Budget) Notice() string {
	n := b.Over()
	values := "a value"
	if n > 1 {
		values = fmt.Sprintf("%d values", n)
	}
	verb := "is"
	if n > 1 {
		verb = "are"
	}
	return fmt.Sprintf("%s would be over the evaluation budget (a bound on the size of values built from the input, at most %d MB) and %s left unknown",
		values, MaxValue>>20, verb)
}
