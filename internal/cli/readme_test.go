package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the generated samples in README.md")

// outputMarker opens a README block that holds the real output of a command:
//
//	<!-- output(MODE): shipshape ARGS -->
//	...generated...
//	<!-- /output -->
//
// MODE is "raw" (the output as Markdown), "console" (a fenced block starting
// with "$ shipshape ARGS") or a fence language such as "json".
var outputMarker = regexp.MustCompile(`^<!-- output\(([a-z]+)\): shipshape (.*) -->$`)

// TestReadmeSamples keeps every command sample in README.md equal to what the
// command prints today. Run `go test ./internal/cli -run Readme -update-readme`
// after changing rules or output.
func TestReadmeSamples(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	t.Setenv("NO_COLOR", "1")
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var out []string
	blocks := 0
	for i := 0; i < len(lines); i++ {
		out = append(out, lines[i])
		m := outputMarker.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		end := i + 1
		for end < len(lines) && lines[end] != "<!-- /output -->" {
			end++
		}
		if end == len(lines) {
			t.Fatalf("README.md:%d: %s has no closing <!-- /output -->", i+1, lines[i])
		}
		args := strings.Fields(m[2])
		want := render(m[1], m[2], runForReadme(t, args))
		got := strings.Join(lines[i+1:end], "\n")
		if got != want && !*updateReadme {
			t.Errorf("README.md:%d: the sample of `shipshape %s` is out of date; run go test ./internal/cli -run Readme -update-readme\n--- README\n%s\n--- now\n%s", i+1, m[2], got, want)
		}
		out = append(out, strings.Split(want, "\n")...)
		i = end - 1
		blocks++
	}
	if blocks == 0 {
		t.Fatal("README.md has no generated samples")
	}
	if *updateReadme {
		if err := os.WriteFile("README.md", []byte(strings.Join(out, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReadmeVersion keeps the hand-written `shipshape version` sample (its
// Go version and platform vary by machine) in step with the number of rules.
func TestReadmeVersion(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^shipshape \S+ \(go\S+, \S+, (\d+) rules\)$`).FindSubmatch(data)
	if m == nil {
		t.Fatal("README.md has no `shipshape version` sample")
	}
	var out bytes.Buffer
	Main([]string{"version"}, Streams{Out: &out, Err: &out})
	want := regexp.MustCompile(`(\d+) rules\)`).FindStringSubmatch(out.String())
	if want == nil || string(m[1]) != want[1] {
		t.Errorf("README.md says %s rules in its version sample; shipshape version says %q", m[1], out.String())
	}
}

func runForReadme(t *testing.T, args []string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	Main(args, Streams{In: strings.NewReader(""), Out: &stdout, Err: &stderr})
	if args[0] == "fix" { // the diff on stdout, what was fixed on stderr: a console shows both
		return strings.TrimRight(stdout.String()+stderr.String(), "\n")
	}
	if stderr.Len() > 0 && !strings.Contains(strings.Join(args, " "), "scan") {
		t.Fatalf("shipshape %s wrote to stderr: %s", strings.Join(args, " "), stderr.String())
	}
	return strings.TrimRight(stdout.String(), "\n")
}

func render(mode, command, output string) string {
	switch mode {
	case "raw":
		return output
	case "console":
		return "```console\n$ shipshape " + command + "\n" + output + "\n```"
	default:
		// A fence longer than any in the output (Markdown reports hold code blocks).
		fence := "```"
		for strings.Contains(output, fence) {
			fence += "`"
		}
		return fence + mode + "\n" + output + "\n" + fence
	}
}
