package all

import (
	"regexp"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/rule"
)

// internalLabel matches the project's own names for the guidance documents
// ("seed 000"), which mean nothing to a reader of a report.
var internalLabel = regexp.MustCompile(`(?i)\bseeds?\s*0*\d|\bguidance\s+\d`)

// guideTitles are the titles of the two guides the rules are built from, as
// a reader can search for them.
var guideTitles = []string{"【AWS ECS】ECS+Fargateのセキュリティまとめ", "AWSのコンテナセキュリティを考えるoverview"}

// TestRationalesNameFindableSources checks that every rule's rationale
// names its sources as a reader can find them: the guide's title (never an
// internal label) and an AWS documentation page.
func TestRationalesNameFindableSources(t *testing.T) {
	for _, r := range rule.All() {
		for name, text := range map[string]string{"rationale": r.Rationale, "title": r.Title} {
			if m := internalLabel.FindString(text); m != "" {
				t.Errorf("%s: %s names a source by an internal label %q; name the guide by its title", r.ID, name, m)
			}
		}
		for _, title := range guideTitles {
			if strings.Contains(r.Rationale, strings.TrimSuffix(title, "overview")) && !strings.Contains(r.Rationale, title) {
				t.Errorf("%s: rationale cites a shortened title of %q", r.ID, title)
			}
		}
		if !strings.Contains(r.Rationale, "AWS documentation: ") {
			t.Errorf("%s: rationale names no AWS documentation page (end it with \"AWS documentation: <guide>, \\\"<page title>\\\".\")", r.ID)
		}
	}
}
