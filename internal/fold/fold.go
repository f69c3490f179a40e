// Package fold compares text case-insensitively without making lower-case
// copies, for the checks that run on every word of a scan.
package fold

import (
	"strings"
	"unicode/utf8"
)

// ContainsLower reports whether strings.ToLower(s) contains sub, which
// must be lower case, without making the lower-case copy when s is ASCII
// (a letter outside ASCII may lower into ASCII, the Kelvin sign into "k":
// such text is lowered first).
func ContainsLower(s, sub string) bool {
	// One pass: a match found among ASCII bytes stands in the lowered text
	// too; a byte outside ASCII, wherever it is, means lowering first.
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), sub)
		}
		if i+len(sub) > len(s) {
			continue // too near the end for a match; still looking for non-ASCII
		}
		j := 0
		for ; j < len(sub); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == len(sub) {
			return true
		}
	}
	return sub == "" // what Contains says of the empty text
}
