// Package fold compares text case-insensitively without making lower-case
// copies, for the checks that run on every word of a scan.
package fold

// ContainsLower reports whether s, with its ASCII letters in lower case,
// contains sub, which must be lower-case ASCII. Letters outside ASCII are
// compared as they are: callers whose sub could be matched by lowering a
// non-ASCII letter (the Kelvin sign lowers to "k") must lower s instead.
func ContainsLower(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
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
	return false
}
