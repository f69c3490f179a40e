package dockerfile

import (
	"math/rand/v2"
	"slices"
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

// commentText finds the comment lines TrimSpace and a "#" prefix found.
func TestCommentText(t *testing.T) {
	for _, line := range []string{
		"", "#", "# x", "  #  hadolint ignore=DL3008  ", "\t# c", "RUN x # not a comment", "\u00a0# nbsp first",
		"\u00a0RUN", " \v\f# c", "\u2003#em space", "x#", "   ", "é# no",
	} {
		trimmed := strings.TrimSpace(line)
		wantOK := strings.HasPrefix(trimmed, "#")
		want := ""
		if wantOK {
			want = strings.TrimSpace(trimmed[1:])
		}
		got, ok := commentText([]byte(line))
		if ok != wantOK || string(got) != want {
			t.Errorf("commentText(%q) = %q, %v; want %q, %v", line, got, ok, want, wantOK)
		}
	}
}

// lowerKeyword lowers any word as strings.ToLower does, keywords or not.
func TestLowerKeyword(t *testing.T) {
	for _, w := range []string{"RUN", "run", "rUn", "ONBUILD", "Healthcheck", "FROM", "from", "STOPSIGNAL", "Unknown", "", "\u212aEY", "ſhell", "ÉNV"} {
		if got, want := lowerKeyword(w), strings.ToLower(w); got != want {
			t.Errorf("lowerKeyword(%q) = %q, want %q", w, got, want)
		}
	}
}

// A joined offset belongs to the last line starting at or before it, even
// when a line between added nothing (it starts where the next one does).
func TestLineTable(t *testing.T) {
	lt := lineTable{starts: []int{0, 5, 5, 9}, lines: []int{1, 2, 3, 4}, size: 12}
	for _, c := range []struct{ off, line int }{{0, 1}, {4, 1}, {5, 3}, {8, 3}, {9, 4}, {11, 4}} {
		if got, ok := lt.line(c.off); !ok || got != c.line {
			t.Errorf("line(%d) = %d, %v; want %d", c.off, got, ok, c.line)
		}
	}
	if _, ok := lt.line(12); ok {
		t.Error("an offset past the text has a line")
	}
}

// TestSyntaxDirective checks the leading "# syntax=" directive: found among
// the first comments, in any case and spacing, and not after the first
// line that is not a comment.
func TestSyntaxDirective(t *testing.T) {
	for src, want := range map[string]string{
		"# syntax=docker/dockerfile:1\nFROM alpine\n":                     "docker/dockerfile:1",
		"#SYNTAX = docker/dockerfile:1.7 \r\nFROM alpine\n":               "docker/dockerfile:1.7",
		"# escape=`\n  # syntax=docker/dockerfile:1\nFROM alpine\n":       "docker/dockerfile:1",
		"# a comment without a directive\n# syntax=x\n":                   "",
		"FROM alpine\n# syntax=docker/dockerfile:1\n":                     "",
		"\n# syntax=docker/dockerfile:1\n":                                "",
		"\ufeff# syntax=docker/dockerfile:1\nFROM alpine\n":               "docker/dockerfile:1",
		"# check=skip=all\n# syntax=docker/dockerfile:1.8\nFROM alpine\n": "docker/dockerfile:1.8",
	} {
		if got := syntaxDirective(splitLines([]byte(src))); got != want {
			t.Errorf("syntaxDirective(%q) = %q, want %q", src, got, want)
		}
	}
}

// lineFrom answers as line whatever order the offsets come in: forward
// (most calls), backward, repeated, past the text, with lines that add
// nothing.
func TestLineFromAsLine(t *testing.T) {
	tables := []lineTable{
		{starts: []int{0, 5, 5, 9}, lines: []int{1, 2, 3, 4}, size: 12},
		{starts: []int{0}, lines: []int{7}, size: 3},
		{starts: []int{0, 0, 4, 4, 4, 10}, lines: []int{2, 3, 5, 6, 8, 9}, size: 15},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, lt := range tables {
		seqs := [][]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 9, 5, 4, 0}, {5, 5, 12, 3, 9, 9, 0, 20}}
		for range 50 {
			seq := make([]int, 12)
			for i := range seq {
				seq[i] = rng.IntN(lt.size + 3)
			}
			seqs = append(seqs, seq)
		}
		for _, seq := range seqs {
			hint := 0
			for _, off := range seq {
				got, gotOK := lt.lineFrom(off, &hint)
				want, wantOK := lt.line(off)
				if got != want || gotOK != wantOK {
					t.Fatalf("table %v: lineFrom(%d) = %d, %v; line = %d, %v (offsets %v)", lt.starts, off, got, gotOK, want, wantOK, seq)
				}
			}
		}
	}
}

// The line index made in a reused buffer (with another file's index in
// it, longer or shorter) is the one made in a new one.
func TestSplitLinesInto(t *testing.T) {
	texts := []string{"", "FROM a\nRUN b \\\n  c\n", "\ufeffFROM a\r\n\r\n# c\nRUN x", "\n\n\n\n\n\n\n\n", "x"}
	for _, prev := range texts {
		for _, text := range texts {
			buf := splitLines([]byte(prev)).starts
			buf = append(buf, 7, 7, 7)[:len(buf)] // stale entries past its length
			got, want := splitLinesInto([]byte(text), buf), splitLines([]byte(text))
			if !slices.Equal(got.starts, want.starts) || string(got.text) != string(want.text) {
				t.Errorf("after %q, index of %q = %v, want %v", prev, text, got.starts, want.starts)
			}
		}
	}
}
