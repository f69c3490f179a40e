package dockerfile

import (
	"strings"
	"testing"
)

// The line index reads the same lines as splitting a string copy of the
// file did: a byte-order mark left out, "\r\n" endings, no final newline,
// empty lines and an empty file.
func TestSplitLines(t *testing.T) {
	for _, text := range []string{
		"", "\n", "FROM a", "FROM a\n", "FROM a\r\nRUN b \\\r\n  c\r\n", "\ufeffFROM a\n\n# c\nRUN x",
		"\r", "a\r\r\nb", "\n\n\n", "# syntax=docker/dockerfile:1\nFROM a\n",
	} {
		want := strings.Split(strings.TrimPrefix(text, "\ufeff"), "\n")
		for i := range want {
			want[i] = strings.TrimSuffix(want[i], "\r")
		}
		lines := splitLines([]byte(text))
		if lines.count() != len(want) {
			t.Errorf("%q: %d lines, want %d", text, lines.count(), len(want))
			continue
		}
		for i, w := range want {
			if got := string(lines.line(i)); got != w {
				t.Errorf("%q: line %d = %q, want %q", text, i+1, got, w)
			}
		}
	}
}
