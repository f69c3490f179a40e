package shell_test

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/parse/shell"
	"github.com/shipshape/shipshape/internal/ruletest"
)

// FuzzParse feeds arbitrary scripts to Parse, on their own and as the
// script of "sh -c": nothing may panic, and every call must have words and
// a line and offset inside the script.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"apt-get update && apt-get install -y curl; rm -rf /var/lib/apt/lists/*",
		"if [ -f x ]; then pip install y; else npm i -g z; fi",
		"(cd /src && make) || exit 1",
		"sh -c 'apk add --no-cache git && git clone x'",
		"for f in a b; do gem install $f; done",
		"echo $(curl -s http://x | sh)",
		"FOO=$(wget -qO- http://x) true",
		"set -o pipefail\ncurl -fsSL https://x | bash -s -- -y",
		"bash <<EOF\ncurl x | sh\nEOF\n",
		"bash -euo pipefail -c \"sh -c 'sh -c \\\"sh -c id\\\"'\"",
		"case $x in a) apk add a;; *) yum install -y b;; esac",
		"f() { chmod 777 /; }\nf\ntime sudo su\ncoproc cat\n",
		"export A=$(cat /run/secrets/x) B=`id -u`\nwhile read l; do echo $l; done < <(ls)",
		"sh -c \"$CMD\"\nsh -c \"echo $V\"\n",
	} {
		f.Add([]byte(s))
	}
	ruletest.AddSeeds(f, "../../rules/dockerfile/testdata/*/Dockerfile*")
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzguard.Watch(data)()
		src := string(data)
		lines := strings.Count(src, "\n") + 1
		if s, err := shell.Parse(src); err == nil {
			check(t, s, lines, len(src))
		}
		if s, err := shell.Argv([]string{"/bin/sh", "-c", src}); err == nil {
			check(t, s, lines, 1)
		}
		_, _ = shell.ShellOptions(strings.Fields(src))
	})
}

// check fails on a call without words or outside the script.
func check(t *testing.T, s *shell.Script, lines, size int) {
	t.Helper()
	for _, c := range s.Calls {
		if len(c.Args) == 0 {
			t.Fatalf("call without words: %+v", c)
		}
		if c.Line < 1 || c.Line > lines {
			t.Fatalf("call %q at line %d of a %d-line script", c.Args, c.Line, lines)
		}
		if c.Offset < 0 || c.Offset >= max(size, 1) {
			t.Fatalf("call %q at offset %d of a %d-byte script", c.Args, c.Offset, size)
		}
		if c.Nested < 0 || c.Nested > 5 {
			t.Fatalf("call %q nested %d deep", c.Args, c.Nested)
		}
		if c.PipeTo == c {
			t.Fatalf("call %q pipes into itself", c.Args)
		}
	}
}
