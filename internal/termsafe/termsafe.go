// Package termsafe makes strings that come from inputs safe to print on a
// terminal: control characters (escape sequences, carriage returns, line
// feeds, bells), C1 controls, bidirectional overrides and invalid UTF-8 are
// written as Go-style escapes, so that a file name or a template's logical
// ID cannot clear the screen, retitle the window or fake report lines.
package termsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// unsafe reports whether r must be escaped.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true // bidirectional controls (Trojan Source)
	case r == 0x2028 || r == 0x2029:
		return true // line and paragraph separators
	}
	return false
}

// String returns s with every unsafe character escaped (\x1b, \r, \n,
// \u202e); s itself when it has none.
func String(s string) string {
	clean := true
	for i, r := range s {
		if unsafe(r) || (r == utf8.RuneError && isInvalid(s, i)) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !unsafe(r):
			b.WriteString(s[i : i+size])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\a':
			b.WriteString(`\a`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

func isInvalid(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size <= 1
}

// Lines is String for text of several lines: line feeds are kept, every
// other unsafe character is escaped.
func Lines(s string) string {
	if !strings.Contains(s, "\n") {
		return String(s)
	}
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = String(p)
	}
	return strings.Join(parts, "\n")
}
