package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
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

// writeJUnit streams the document: the counts are found first, from an
// index of the findings sorted into test cases, and each test case is built
// and written on its own, so that a report never holds every failure's
// text at once.
func writeJUnit(w io.Writer, res *scan.Result, o Options) error {
	idx, starts := junitCaseIndex(res)
	// phaseCases calls fn with the finding indices of each test case of a
	// phase, in order.
	phaseCases := func(p finding.Phase, fn func(c []int32) error) error {
		for k := 0; k+1 < len(starts); k++ {
			c := idx[starts[k]:starts[k+1]]
			if junitFinding(res, c[0]).Phase == p {
				if err := fn(c); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var suites []junitSuite // the phase suites' headers (without cases), then the others
	var phases []finding.Phase
	for _, p := range finding.Phases {
		s := junitSuite{Name: p.Title(), Properties: &junitProperties{[]junitProperty{{Name: "phase", Value: string(p)}}}}
		phaseCases(p, func(c []int32) error {
			s.Tests++
			if int(c[0]) < len(res.Findings) {
				s.Failures++ // counted findings sort first in a case
			} else {
				s.Skipped++
			}
			return nil
		})
		if s.Tests > 0 {
			suites = append(suites, s)
			phases = append(phases, p)
		}
	}
	inputs := inputsSuite(res)
	if len(inputs.Cases) > 0 {
		countCases(&inputs)
		suites = append(suites, inputs)
	}
	if len(suites) == 0 {
		empty := junitSuite{Name: "shipshape", Cases: []junitCase{{
			Name: "no findings", Classname: "shipshape",
			SystemOut: &junitText{fmt.Sprintf("%d file%s scanned, %d rules run\n", res.Files, plural(res.Files), res.Rules)},
		}}}
		countCases(&empty)
		suites = append(suites, empty)
	}
	doc := junitSuites{Name: "shipshape"}
	for _, s := range suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	root := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "name"}, Value: doc.Name}, intAttr("tests", doc.Tests), intAttr("failures", doc.Failures),
		intAttr("errors", doc.Errors), intAttr("skipped", doc.Skipped),
	}}
	if err := enc.EncodeToken(root); err != nil {
		return err
	}
	for i, s := range suites {
		if i >= len(phases) { // the inputs suite, or the one for a clean scan: small
			if err := enc.EncodeElement(s, xml.StartElement{Name: xml.Name{Local: "testsuite"}}); err != nil {
				return err
			}
			continue
		}
		start := xml.StartElement{Name: xml.Name{Local: "testsuite"}, Attr: []xml.Attr{
			{Name: xml.Name{Local: "name"}, Value: s.Name}, intAttr("tests", s.Tests), intAttr("failures", s.Failures),
			intAttr("errors", s.Errors), intAttr("skipped", s.Skipped),
		}}
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		if err := enc.EncodeElement(s.Properties, xml.StartElement{Name: xml.Name{Local: "properties"}}); err != nil {
			return err
		}
		err := phaseCases(phases[i], func(c []int32) error {
			return enc.EncodeElement(junitCaseOf(res, c), xml.StartElement{Name: xml.Name{Local: "testcase"}})
		})
		if err != nil {
			return err
		}
		if err := enc.EncodeToken(start.End()); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	bw.WriteString("\n")
	return bw.Flush()
}

func intAttr(name string, n int) xml.Attr {
	return xml.Attr{Name: xml.Name{Local: name}, Value: strconv.Itoa(n)}
}

// countCases sets a suite's counts from its cases.
func countCases(s *junitSuite) {
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
}

// junitFinding is finding i of the counted findings followed by the
// suppressed ones.
func junitFinding(res *scan.Result, i int32) *finding.Finding {
	if int(i) < len(res.Findings) {
		return &res.Findings[i]
	}
	return &res.Suppressed[int(i)-len(res.Findings)]
}

// junitCaseIndex sorts the findings (counted, then suppressed) into test
// cases, one per (rule, file, resource), in file, rule and resource order,
// each case's findings in their order: case k is idx[starts[k]:starts[k+1]].
func junitCaseIndex(res *scan.Result) (idx, starts []int32) {
	idx = make([]int32, len(res.Findings)+len(res.Suppressed))
	for i := range idx {
		idx[i] = int32(i)
	}
	key := func(i int32) (string, string, string) {
		f := junitFinding(res, i)
		return f.Pos.File, f.RuleID, f.Resource
	}
	slices.SortStableFunc(idx, func(a, b int32) int {
		af, ar, as := key(a)
		bf, br, bs := key(b)
		if c := strings.Compare(af, bf); c != 0 {
			return c
		}
		if c := strings.Compare(ar, br); c != 0 {
			return c
		}
		return strings.Compare(as, bs)
	})
	for i := range idx {
		if i == 0 || !junitSameCase(res, idx[i-1], idx[i]) {
			starts = append(starts, int32(i))
		}
	}
	return idx, append(starts, int32(len(idx)))
}

func junitSameCase(res *scan.Result, a, b int32) bool {
	fa, fb := junitFinding(res, a), junitFinding(res, b)
	return fa.Pos.File == fb.Pos.File && fa.RuleID == fb.RuleID && fa.Resource == fb.Resource
}

// junitCaseOf is the test case of one (rule, file, resource): a failure per
// counted finding, and suppressed findings in its output (skipped when all
// are suppressed).
func junitCaseOf(res *scan.Result, idx []int32) junitCase {
	first := junitFinding(res, idx[0])
	name := first.Pos.File
	if first.Resource != "" {
		name = first.Resource + " (" + first.Pos.File + ")"
	}
	c := junitCase{Name: name, Classname: first.RuleID, File: first.Pos.File, Line: first.Pos.Line}
	for _, i := range idx {
		f := junitFinding(res, i)
		if int(i) < len(res.Findings) {
			c.Failures = append(c.Failures, junitProblem{Message: message(f), Type: f.Severity.String(), Text: xmlSafe(failureText(*f))})
			continue
		}
		kind := "unknown"
		if f.Suppression != nil {
			kind = f.Suppression.Kind
		}
		note := fmt.Sprintf("suppressed (%s): %s", kind, suppressionReason(*f))
		c.addOutput(fmt.Sprintf("%s: %s %s: %s", location(f), f.RuleID, note, message(f)))
		if len(c.Failures) == 0 && c.Skipped == nil {
			c.Skipped = &junitProblem{Message: note}
		}
	}
	return c
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
	fmt.Fprintf(&b, "%s: %s (%s): %s\n", location(&f), f.RuleID, f.Severity, message(&f))
	if rel := relatedText(&f); rel != "" {
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
