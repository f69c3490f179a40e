package tree

import (
	"errors"
	"testing"
)

// TestErrorLine checks that a syntax error points at the line where the
// parser found it, not the line after.
func TestErrorLine(t *testing.T) {
	cases := []struct {
		text      string
		line, col int
	}{
		// a key with no ": " runs on into the next line, whose ":" is the error
		{"Resources:\n  A:curc\n    Type: AWS::S3::Bucket\n", 3, 9},
		{"a: 1\nb: *nope\n", 2, 4},
		{"key: value\n  bad: indent\nz: 1\n", 2, 6},
		{"a: 1\n\tb: 2\n", 2, 1},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.text))
		var te *Error
		if !errors.As(err, &te) {
			t.Errorf("Parse(%q) = %v, want a syntax error", c.text, err)
			continue
		}
		if te.Line != c.line || te.Col != c.col {
			t.Errorf("Parse(%q): error at %d:%d (%s), want %d:%d", c.text, te.Line, te.Col, te.Msg, c.line, c.col)
		}
	}
}
