package shell

import (
	"strings"
	"testing"
)

func names(s *Script) string {
	var out []string
	for _, c := range s.Calls {
		out = append(out, c.Name())
	}
	return strings.Join(out, ",")
}

func TestParseFindsCommandsEverywhere(t *testing.T) {
	cases := map[string]string{
		"apt-get update && apt-get install -y curl; rm -rf /var/lib/apt/lists/*": "apt-get,apt-get,rm",
		"if [ -f x ]; then pip install y; else npm i -g z; fi":                   "[,pip,npm",
		"(cd /src && make) || exit 1":                                            "cd,make,exit",
		"sh -c 'apk add --no-cache git && git clone x'":                          "sh,apk,git",
		"for f in a b; do gem install $f; done":                                  "gem",
		"echo $(curl -s http://x | sh)":                                          "echo,curl,sh",
		"FOO=$(wget -qO- http://x) true":                                         "wget,true",
	}
	for src, want := range cases {
		s, err := Parse(src)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if got := names(s); got != want {
			t.Errorf("%q: calls %s, want %s", src, got, want)
		}
	}
}

func TestPipes(t *testing.T) {
	s, err := Parse("set -o pipefail && curl -fsSL https://x | bash -s -- --flag")
	if err != nil {
		t.Fatal(err)
	}
	curl := s.Calls[1]
	if curl.Name() != "curl" || curl.PipeTo == nil || curl.PipeTo.Name() != "bash" || !curl.Pipefail {
		t.Fatalf("curl call = %+v", curl)
	}
	s, _ = Parse(`bash -c "$(curl -fsSL https://x)"`)
	var found bool
	for _, c := range s.Calls {
		if c.Name() == "curl" && c.PipeTo != nil && c.PipeTo.Name() == "bash" {
			found = true
		}
	}
	if !found {
		t.Errorf("bash -c \"$(curl)\" not seen as piping into bash: %s", names(s))
	}
	s, _ = Parse(`bash <(wget -qO- https://x)`)
	if s.Calls[1].Name() != "wget" || s.Calls[1].PipeTo == nil {
		t.Errorf("process substitution not seen: %+v", s.Calls)
	}
}

func TestArgv(t *testing.T) {
	s, err := Argv([]string{"/bin/sh", "-c", "apt-get install -y nginx && nginx -g 'daemon off;'"})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(s); got != "apt-get,nginx" {
		t.Errorf("calls %s", got)
	}
	s, _ = Argv([]string{"node", "server.js"})
	if got := names(s); got != "node" {
		t.Errorf("calls %s", got)
	}
}

func TestUnknownWords(t *testing.T) {
	s, _ := Parse(`pip install "$PKG==1.0" ${X}`)
	if s.Calls[0].Args[2] != Unknown+"==1.0" || s.Calls[0].Args[3] != Unknown {
		t.Errorf("args = %q", s.Calls[0].Args)
	}
}

func TestNestedScriptsWithUnknownParts(t *testing.T) {
	s, err := Parse(`/bin/bash -c "curl -LsSf https://astral.sh/uv/${UV_VERSION}/install.sh | sh && uv --version"`)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(s); got != "bash,curl,sh,uv" {
		t.Fatalf("calls %s", got)
	}
	if c := s.Calls[1]; c.PipeTo == nil || c.PipeTo.Name() != "sh" || c.Args[2] != "https://astral.sh/uv/"+Unknown+"/install.sh" {
		t.Errorf("curl call %+v", c)
	}
}

func TestShellOptions(t *testing.T) {
	for argv, want := range map[string][2]bool{
		"/bin/bash -o pipefail -c": {true, true},
		"/bin/sh -c":               {true, false},
		"bash -euo pipefail -c":    {true, true},
		"powershell -Command":      {false, false},
		"cmd /S /C":                {false, false},
	} {
		posix, pipefail := ShellOptions(strings.Fields(argv))
		if posix != want[0] || pipefail != want[1] {
			t.Errorf("%s: posix %v pipefail %v, want %v", argv, posix, pipefail, want)
		}
	}
}

func TestSource(t *testing.T) {
	s, err := Parse(`chmod -R a+rwX "$CONF_DIR" ${HOME}/.cache '/srv/x' "/opt/$(id -u)/data"; sh -c "chmod 777 $DIR"`)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Calls[0]
	want := []string{"chmod", "-R", "a+rwX", "$CONF_DIR", "${HOME}/.cache", "/srv/x", "/opt/$(id -u)/data"}
	for i, w := range want {
		if got := c.Source(i); got != w {
			t.Errorf("Source(%d) = %q, want %q", i, got, w)
		}
	}
	if got := c.Source(len(want)); got != "" {
		t.Errorf("Source out of range = %q", got)
	}
	var nested *Call
	for _, c := range s.Calls {
		if c.Nested == 1 && c.Name() == "chmod" {
			nested = c
		}
	}
	if nested == nil {
		t.Fatal("nested chmod not listed")
	}
	if got := nested.Source(2); got != "$…" {
		t.Errorf("nested Source(2) = %q, want $…", got)
	}
}

func TestLineIsTheCommandWord(t *testing.T) {
	s, err := Parse("true && \\\n  LD_LIBRARY_PATH=/opt/lib \\\n    find / -name '*.so' \\\n  | grep -v x")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range s.Calls {
		if c.Name() == "find" && c.Line != 3 {
			t.Errorf("find is on line %d, want 3 (the line of the command, not of its assignment)", c.Line)
		}
	}
}

func TestArgLines(t *testing.T) {
	s, err := Parse("apt-get install -y \\\n  curl \\\n  gcc")
	if err != nil {
		t.Fatal(err)
	}
	c := s.Calls[0]
	if want := []int{1, 1, 1, 2, 3}; len(c.ArgLines) != len(want) || c.ArgLines[3] != 2 || c.ArgLines[4] != 3 {
		t.Errorf("ArgLines = %v, want %v", c.ArgLines, want)
	}
	if len(c.ArgOffsets) != len(c.Args) || c.ArgOffsets[0] != 0 {
		t.Errorf("ArgOffsets = %v", c.ArgOffsets)
	}
}

func TestEnvOf(t *testing.T) {
	cases := []struct {
		src, cmd, name, want string
		set                  bool
	}{
		{"export PIP_NO_CACHE_DIR=1 && pip install x", "pip", "PIP_NO_CACHE_DIR", "1", true},
		{"PIP_NO_CACHE_DIR=off pip install x", "pip", "PIP_NO_CACHE_DIR", "off", true},
		{"PIP_NO_CACHE_DIR=1; pip install x", "pip", "PIP_NO_CACHE_DIR", "", false},
		{"X=1; export X; git clone y", "git", "X", "1", true},
		{"declare -x X=2; git clone y", "git", "X", "2", true},
		{"declare X=2; git clone y", "git", "X", "", false},
		{"git clone y; export X=1", "git", "X", "", false},
		{"X=1 true; git clone y", "git", "X", "", false},
		{"export X=$Y; git clone y", "git", "X", Unknown, true},
		{"sh -c 'export X=1'; git clone y", "git", "X", "", false},
	}
	for _, tc := range cases {
		s, err := Parse(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		var c *Call
		for _, x := range s.Calls {
			if x.Name() == tc.cmd {
				c = x
			}
		}
		got, set := s.EnvOf(c, tc.name)
		if got != tc.want || set != tc.set {
			t.Errorf("%q: %s=%q set %v, want %q %v", tc.src, tc.name, got, set, tc.want, tc.set)
		}
	}
}

func TestExpand(t *testing.T) {
	vars := map[string]string{"V": "1.2", "EMPTY": ""}
	lookup := func(n string) (string, bool) { v, ok := vars[n]; return v, ok }
	cases := map[string]string{
		"x curl=$V":            "curl=1.2",
		`x "curl=${V}"`:        "curl=1.2",
		"x curl=${EMPTY:-2.0}": "curl=2.0",
		"x curl=${NOPE:-2.0}":  "curl=" + Unknown,
		"x curl=$NOPE":         "curl=" + Unknown,
		"x curl=${V%.*}":       "curl=" + Unknown,
		"x curl=$(cat v)":      "curl=" + Unknown,
		"x plain":              "plain",
		"sh -c 'x tool@$V'":    "tool@1.2",
	}
	for src, want := range cases {
		s, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		var c *Call
		for _, x := range s.Calls {
			if x.Name() == "x" {
				c = x
			}
		}
		if got := c.Expand(1, lookup); got != want {
			t.Errorf("%q: %q, want %q", src, got, want)
		}
	}
	s, _ := Parse(`P="curl  git "; x $P "b == $V" a$P`)
	got := s.Calls[0].ExpandFields(1, func(n string) (string, bool) { v, ok := s.VarOf(s.Calls[0], n); return v, ok })
	if strings.Join(got, "|") != "curl|git" {
		t.Errorf("fields of $P: %q", got)
	}
	got = s.Calls[0].ExpandFields(2, lookup)
	if strings.Join(got, "|") != "b == 1.2" {
		t.Errorf("fields of a quoted word: %q", got)
	}
	got = s.Calls[0].ExpandFields(3, func(n string) (string, bool) { v, ok := s.VarOf(s.Calls[0], n); return v, ok })
	if strings.Join(got, "|") != "acurl|git" {
		t.Errorf("fields of a$P: %q", got)
	}
	s, _ = Parse("V=3; W=4 x a; x b")
	if v, ok := s.VarOf(s.Calls[1], "V"); v != "3" || !ok {
		t.Errorf("VarOf V = %q %v", v, ok)
	}
	if _, ok := s.VarOf(s.Calls[1], "W"); ok {
		t.Errorf("a prefix assignment is not a shell variable of later calls")
	}
}
