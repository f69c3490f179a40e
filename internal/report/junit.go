package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/scan"
)

// JUnit XML layout. CI test views (GitLab's test report, Jenkins' JUnit
// plugin) show suites as groups and test cases as rows, and Jenkins splits
// class names at dots into packages, so:
//
//   - one <testsuite> per lifecycle phase, named by the phase title, in
//     lifecycle order: a short, stable list that matches the text report,
//     where a suite per file would split on file names full of dots;
//   - one <testcase> per (rule, file, resource): classname is the rule ID
//     (no dots), name is "resource (file)", and file= is set for GitLab;
//     every counted finding is a <failure> with type= its severity, and a
//     case whose findings are all suppressed is <skipped> with the reason;
//   - a suite "inputs" holds a test case per file that had diagnostics:
//     errors (could not be read or parsed) are <error>, warnings and notices
//     go to <system-out>;
//   - a scan with nothing to report writes one passing test case, so the CI
//     view shows a green run rather than no tests.
//
// Counts follow JUnit: tests counts test cases, failures the cases with a
// failure, errors the cases with an error, skipped the skipped cases.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Properties *junitProperties `xml:"properties"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	File      string         `xml:"file,attr,omitempty"`
	Line      int            `xml:"line,attr,omitempty"`
	Failures  []junitProblem `xml:"failure"`
	Errors    []junitProblem `xml:"error"`
	Skipped   *junitProblem  `xml:"skipped"`
	SystemOut *junitText     `xml:"system-out"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",cdata"`
}

func writeJUnit(w io.Writer, res *scan.Result, o Options) error {
	doc := junitSuites{Name: "shipshape"}
	for _, p := range finding.Phases {
		if s := phaseSuite(p, res); len(s.Cases) > 0 {
			doc.Suites = append(doc.Suites, s)
		}
	}
	if s := inputsSuite(res); len(s.Cases) > 0 {
		doc.Suites = append(doc.Suites, s)
	}
	if len(doc.Suites) == 0 {
		doc.Suites = append(doc.Suites, junitSuite{Name: "shipshape", Cases: []junitCase{{
			Name: "no findings", Classname: "shipshape",
			SystemOut: &junitText{fmt.Sprintf("%d file%s scanned, %d rules run\n", res.Files, plural(res.Files), res.Rules)},
		}}})
	}
	for i := range doc.Suites {
		s := &doc.Suites[i]
		for _, c := range s.Cases {
			s.Tests++
			switch {
			case len(c.Errors) > 0:
				s.Errors++
			case len(c.Failures) > 0:
				s.Failures++
			case c.Skipped != nil:
				s.Skipped++
			}
		}
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// caseKey identifies a test case.
type caseKey struct{ rule, file, resource string }

// phaseSuite is the suite of one lifecycle phase: a test case per (rule,
// file, resource) that has a counted or suppressed finding.
func phaseSuite(p finding.Phase, res *scan.Result) junitSuite {
	suite := junitSuite{Name: p.Title(), Properties: &junitProperties{[]junitProperty{{Name: "phase", Value: string(p)}}}}
	cases := map[caseKey]*junitCase{}
	var keys []caseKey
	get := func(f finding.Finding) *junitCase {
		k := caseKey{f.RuleID, f.Pos.File, f.Resource}
		c := cases[k]
		if c == nil {
			name := f.Pos.File
			if f.Resource != "" {
				name = f.Resource + " (" + f.Pos.File + ")"
			}
			c = &junitCase{Name: name, Classname: f.RuleID, File: f.Pos.File, Line: f.Pos.Line}
			cases[k] = c
			keys = append(keys, k)
		}
		return c
	}
	var suppressed []finding.Finding
	for _, f := range res.Findings {
		if f.Phase != p {
			continue
		}
		c := get(f)
		c.Failures = append(c.Failures, junitProblem{Message: message(f), Type: f.Severity.String(), Text: xmlSafe(failureText(f))})
	}
	for _, f := range res.Suppressed {
		if f.Phase == p {
			suppressed = append(suppressed, f)
		}
	}
	for _, f := range suppressed {
		c := get(f)
		note := fmt.Sprintf("suppressed (%s): %s", f.Suppression.Kind, suppressionReason(f))
		c.addOutput(fmt.Sprintf("%s: %s %s: %s", location(f), f.RuleID, note, message(f)))
		if len(c.Failures) == 0 && c.Skipped == nil {
			c.Skipped = &junitProblem{Message: note}
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.rule != b.rule {
			return a.rule < b.rule
		}
		return a.resource < b.resource
	})
	for _, k := range keys {
		suite.Cases = append(suite.Cases, *cases[k])
	}
	return suite
}

// inputsSuite has a test case per file with diagnostics.
func inputsSuite(res *scan.Result) junitSuite {
	suite := junitSuite{Name: "inputs"}
	index := map[string]int{}
	for _, d := range res.Diagnostics {
		file := d.Pos.File
		if file == "" {
			file = "(scan)"
		}
		i, ok := index[file]
		if !ok {
			i = len(suite.Cases)
			index[file] = i
			suite.Cases = append(suite.Cases, junitCase{Name: file, Classname: "inputs", File: d.Pos.File})
		}
		c := &suite.Cases[i]
		if d.Level == finding.LevelError {
			c.Errors = append(c.Errors, junitProblem{Message: d.Message, Type: d.Level, Text: xmlSafe(d.String())})
		} else {
			c.addOutput(d.String())
		}
	}
	return suite
}

// addOutput appends a line to the case's <system-out>.
func (c *junitCase) addOutput(line string) {
	if c.SystemOut == nil {
		c.SystemOut = &junitText{}
	}
	c.SystemOut.Text += xmlSafe(line) + "\n"
}

// xmlSafe replaces the characters XML 1.0 cannot carry (most control
// characters), which encoding/xml does not filter from CDATA.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return '\uFFFD'
		}
		return r
	}, s)
}

// failureText is the body of a <failure>: where, what, and how to learn more.
func failureText(f finding.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (%s): %s\n", location(f), f.RuleID, f.Severity, message(f))
	if rel := relatedText(f); rel != "" {
		b.WriteString(rel + "\n")
	}
	if f.Resource != "" {
		fmt.Fprintf(&b, "resource: %s", f.Resource)
		if f.ResourceType != "" {
			fmt.Fprintf(&b, " (%s)", f.ResourceType)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "rule: %s; see: shipshape rules %s\n", f.Title, f.RuleID)
	return b.String()
}

// suppressionReason is the suppression's reason, or a placeholder.
func suppressionReason(f finding.Finding) string {
	if f.Suppression == nil || f.Suppression.Reason == "" {
		return "no reason given"
	}
	return f.Suppression.Reason
}
