package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/scan"
)

// parsedSuites is JUnit XML as a consumer reads it.
type parsedSuites struct {
	XMLName xml.Name `xml:"testsuites"`
	junitCounts
	Suites []struct {
		Name string `xml:"name,attr"`
		junitCounts
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			File      string `xml:"file,attr"`
			Failures  []struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Errors []struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

type junitCounts struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
}

func parseJUnit(t *testing.T, res *scan.Result) parsedSuites {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, "junit", res, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc parsedSuites
	dec := xml.NewDecoder(&buf)
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, buf.String())
	}
	return doc
}

func TestJUnitCounts(t *testing.T) {
	res := fixture()
	doc := parseJUnit(t, res)
	var tests, failures, errors, skipped, failureElems int
	names := map[string]bool{}
	for _, s := range doc.Suites {
		var st, sf, se, ss int
		for _, c := range s.Cases {
			st++
			switch {
			case len(c.Errors) > 0:
				se++
			case len(c.Failures) > 0:
				sf++
			case c.Skipped != nil:
				ss++
			}
			failureElems += len(c.Failures)
			key := s.Name + "\x00" + c.Classname + "\x00" + c.Name
			if names[key] {
				t.Errorf("suite %s: test case %s %s twice", s.Name, c.Classname, c.Name)
			}
			names[key] = true
		}
		if s.Tests != st || s.Failures != sf || s.Errors != se || s.Skipped != ss {
			t.Errorf("suite %s: counts %d/%d/%d/%d, cases say %d/%d/%d/%d", s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, st, sf, se, ss)
		}
		tests, failures, errors, skipped = tests+st, failures+sf, errors+se, skipped+ss
	}
	if doc.Tests != tests || doc.Failures != failures || doc.Errors != errors || doc.Skipped != skipped {
		t.Errorf("testsuites counts %d/%d/%d/%d, suites add up to %d/%d/%d/%d", doc.Tests, doc.Failures, doc.Errors, doc.Skipped, tests, failures, errors, skipped)
	}
	// The fixture: 5 counted findings (two on one rule+resource), 2
	// suppressed on their own cases, 1 error and 2 other diagnostics.
	if failureElems != len(res.Findings) {
		t.Errorf("%d <failure> elements, want one per finding (%d)", failureElems, len(res.Findings))
	}
	if tests != 9 || failures != 4 || errors != 1 || skipped != 2 {
		t.Errorf("tests/failures/errors/skipped = %d/%d/%d/%d, want 9/4/1/2", tests, failures, errors, skipped)
	}
	var phases []string
	for _, s := range doc.Suites {
		phases = append(phases, s.Name)
	}
	if got := strings.Join(phases, ","); got != "Image development,Host and isolation,Runtime protection,inputs" {
		t.Errorf("suites %s, want the phases in lifecycle order, then inputs", got)
	}
}

func TestJUnitFailureContent(t *testing.T) {
	doc := parseJUnit(t, fixture())
	found := false
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			for _, f := range c.Failures {
				if c.Classname == "test/privileged" {
					found = true
					if f.Type != "critical" || !strings.Contains(f.Message, "\"a|b\" is *privileged* <root>\nsecond line & `more`") {
						t.Errorf("failure = %+v; want type critical and the message unchanged", f)
					}
					if !strings.Contains(f.Text, "k8s/deploy.yaml:21") {
						t.Errorf("failure text %q lacks the location", f.Text)
					}
				}
			}
		}
	}
	if !found {
		t.Error("no failure for test/privileged")
	}
}

func TestJUnitCleanAndHostile(t *testing.T) {
	doc := parseJUnit(t, clean())
	if doc.Tests != 1 || doc.Failures != 0 || len(doc.Suites) != 1 {
		t.Errorf("clean scan: %+v, want one passing test", doc)
	}
	// Characters XML cannot carry, and a CDATA terminator, still give
	// well-formed XML.
	res := &scan.Result{Files: 1, Findings: []finding.Finding{{
		RuleInfo: &finding.RuleInfo{Phase: finding.PhaseImage}, Subject: &finding.Subject{},
		RuleID: "test/root-user", Severity: finding.Medium,
		Message: "bad \x01 byte ]]> end", Pos: model.Pos{File: "x\x02.yaml", Line: 1},
	}}}
	doc = parseJUnit(t, res)
	if doc.Failures != 1 || !strings.Contains(doc.Suites[0].Cases[0].Failures[0].Text, "]]> end") {
		t.Errorf("hostile message: %+v", doc)
	}
}
