package dockerfile

import (
	"strings"
	"testing"
)

func TestAddProblemMessage(t *testing.T) {
	for _, tc := range []struct {
		src      string
		checksum bool
		want     string // substring of the message; "" for no problem
		not      string // must not appear
	}{
		{src: ".", want: " copies . from the build context; use COPY"},
		{src: "app/", want: " copies app/ from the build context"},
		{src: "vendor.tar.gz"},
		{src: "https://example.com/tool.sh", checksum: true},
		{src: "https://example.com/tool.sh", want: " downloads https://example.com/tool.sh without --checksum"},
		{src: "https://deploy:s3cr3tTok3n@example.com/tool.sh", want: "https://deploy:********@example.com/tool.sh", not: "s3cr3tTok3n"},
	} {
		got := addProblem(tc.src, tc.checksum)
		if tc.want == "" {
			if got != "" {
				t.Errorf("addProblem(%q) = %q, want no problem", tc.src, got)
			}
			continue
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("addProblem(%q) = %q, want it to contain %q", tc.src, got, tc.want)
		}
		if tc.not != "" && strings.Contains(got, tc.not) {
			t.Errorf("addProblem(%q) = %q leaks %q", tc.src, got, tc.not)
		}
	}
}
