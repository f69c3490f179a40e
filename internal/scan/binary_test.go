package scan

import "testing"

func TestIsBinary(t *testing.T) {
	for data, want := range map[string]bool{
		"Resources: {}\n":                false,
		"":                               false,
		"\x7fELF\x02\x01\x01\x00\x00":    true,
		"\xff\xfeR\x00e\x00s\x00":        false, // UTF-16LE with its byte-order mark
		"\xef\xbb\xbfFROM alpine\r\n":    false,
		"FROM alpine\n" + "\x00trailing": true,
	} {
		if got := isBinary([]byte(data)); got != want {
			t.Errorf("isBinary(%q) = %v, want %v", data, got, want)
		}
	}
}
