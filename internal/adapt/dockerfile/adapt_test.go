package dockerfile

import (
	"strconv"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/model"
)

func adaptOne(t *testing.T, src string, o Options) *model.DockerfileImage {
	t.Helper()
	res := Adapt("Dockerfile", []byte(src), o)
	for _, d := range res.Diagnostics {
		if d.Level == "error" {
			t.Fatalf("diagnostic: %s", d.Message)
		}
	}
	return model.Of[*model.DockerfileImage](res.States[0])[0]
}

func TestStagesAndArgs(t *testing.T) {
	src := `# syntax=docker/dockerfile:1
ARG BASE=golang
ARG TAG
FROM ${BASE}:${TAG:-1.22} AS build
RUN go build ./...
FROM build AS test
FROM gcr.io/distroless/static:${TAG}
COPY --from=build /out /app
USER 65532
`
	img := adaptOne(t, src, Options{})
	if len(img.Stages) != 3 || img.Target != img.Stages[2] {
		t.Fatalf("stages %d", len(img.Stages))
	}
	if b := img.Stages[0].Base; b.Known() || b.Partial != "golang:\x00" {
		t.Errorf("base 0 = %+v", b)
	}
	if img.Stages[1].BaseStage != img.Stages[0] {
		t.Errorf("FROM build not linked")
	}
	if img.Syntax != "docker/dockerfile:1" {
		t.Errorf("syntax %q", img.Syntax)
	}
	img = adaptOne(t, src, Options{BuildArgs: map[string]string{"TAG": "1.23"}, Target: "test"})
	if b := img.Stages[0].Base; !b.Known() || b.V != "golang:1.23" {
		t.Errorf("base with build arg = %+v", b)
	}
	if img.Target.Name != "test" {
		t.Errorf("target %q", img.Target.Name)
	}
	if cp := img.Stages[2].Cmds("copy")[0]; cp.CopyFrom != "build" || cp.Dest() != "/app" {
		t.Errorf("copy %+v", cp)
	}
}

func TestRunLines(t *testing.T) {
	src := "FROM debian:12\n" +
		"RUN apt-get update && \\\n" +
		"    # a comment\n" +
		"    apt-get install -y curl \\\n" +
		"  && sh -c 'pip install x'\n" +
		"RUN <<EOF\n" +
		"set -e\n" +
		"apk add git\n" +
		"EOF\n" +
		"RUN bash <<EOF\n" +
		"npm i -g y\n" +
		"EOF\n" +
		"SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n" +
		"RUN curl x | tar x\n"
	img := adaptOne(t, src, Options{})
	var got []string
	for _, in := range img.Stages[0].Cmds("run") {
		if in.Script == nil {
			t.Fatalf("line %d: no script", in.Pos.Line)
		}
		for _, c := range in.Script.Calls {
			got = append(got, c.Name()+"@"+strconv.Itoa(c.Line)+pf(c.Pipefail))
		}
	}
	want := "apt-get@2 apt-get@4 sh@5 pip@5 set@7 apk@8 bash@10 npm@11 curl@14+ tar@14+"
	if strings.Join(got, " ") != want {
		t.Errorf("calls\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func pf(b bool) string {
	if b {
		return "+"
	}
	return ""
}

func TestUserAndWindows(t *testing.T) {
	src := "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n  Install-Thing\nUSER ContainerUser\n"
	img := adaptOne(t, src, Options{})
	if !img.Stages[0].Windows || img.Stages[0].Cmds("run")[0].Script != nil {
		t.Errorf("windows stage not recognised")
	}
	if u := img.Target.User(); u == nil || u.Value().V != "ContainerUser" {
		t.Errorf("user %+v", u)
	}
}

func TestParseErrorHasLine(t *testing.T) {
	res := Adapt("Dockerfile", []byte("FROM a\nRUN <<EOF\nnever ends\n"), Options{})
	if len(res.Diagnostics) == 0 || res.Diagnostics[0].Pos.Line != 2 {
		t.Fatalf("diagnostics %+v", res.Diagnostics)
	}
}

func TestMalformedFrom(t *testing.T) {
	for _, src := range []string{"FROM alpine AS\n", "FROM alpine builder\n", "FROM alpine AS a b\n"} {
		res := Adapt("Dockerfile", []byte("# syntax=docker/dockerfile:1\n"+src), Options{})
		if len(res.Diagnostics) != 1 || res.Diagnostics[0].Pos.Line != 2 || !strings.Contains(res.Diagnostics[0].Message, "FROM image [AS name]") {
			t.Errorf("%q: diagnostics %+v, want one warning on line 2", src, res.Diagnostics)
		}
	}
	for _, src := range []string{"FROM alpine\n", "FROM alpine AS a\n", "FROM --platform=$BUILDPLATFORM alpine as a\n"} {
		if res := Adapt("Dockerfile", []byte(src), Options{}); len(res.Diagnostics) != 0 {
			t.Errorf("%q: unexpected diagnostics %+v", src, res.Diagnostics)
		}
	}
}

func TestOnbuildCopyHeredocAndCRLF(t *testing.T) {
	src := "FROM alpine:3.20\r\nONBUILD RUN apk add curl\r\nCOPY <<EOF /etc/motd\r\nhello\r\nEOF\r\nRUN apk add \\\r\n    git\r\n"
	img := adaptOne(t, src, Options{})
	s := img.Stages[0]
	if len(s.Cmds("run")) != 1 {
		t.Fatalf("ONBUILD trigger counted as RUN: %d", len(s.Cmds("run")))
	}
	var onbuild *model.Instruction
	for _, in := range s.Instructions {
		if in.OnBuild {
			onbuild = in
		}
	}
	if onbuild == nil || onbuild.Cmd != "run" || onbuild.Pos.Line != 2 {
		t.Errorf("ONBUILD trigger %+v", onbuild)
	}
	cp := s.Cmds("copy")[0]
	if len(cp.Heredocs) != 1 || cp.Heredocs[0].Line != 4 || cp.Dest() != "/etc/motd" {
		t.Errorf("COPY heredoc %+v", cp)
	}
	run := s.Cmds("run")[0]
	if run.Pos.Line != 6 || run.Script == nil || run.Script.Calls[0].Line != 6 {
		t.Errorf("RUN after heredoc at %d", run.Pos.Line)
	}
}

func TestLooksLikeDockerfile(t *testing.T) {
	for text, want := range map[string]bool{
		"# syntax=docker/dockerfile:1\n\nFROM alpine\n": true,
		"ARG X=1\nFROM a\n":                             true,
		"from scratch\n":                                true,
		"\ufeffFROM alpine\r\nUSER 1000\r\n":            true,
		"package main\n":                                false,
		"Resources:\n  X: 1\n":                          false,
		"FROM\n":                                        false,
	} {
		if got := LooksLikeDockerfile([]byte(text)); got != want {
			t.Errorf("%q: %v", text, got)
		}
	}
}

func TestPlatformArgsAreUnknown(t *testing.T) {
	img := adaptOne(t, "FROM --platform=$BUILDPLATFORM golang:1.22-${TARGETOS} AS b\nFROM b\n", Options{})
	if b := img.Stages[0].Base; b.Known() {
		t.Errorf("base %+v", b)
	}
	img = adaptOne(t, "FROM golang:1.22-${TARGETOS}\n", Options{BuildArgs: map[string]string{"TARGETOS": "linux"}})
	if b := img.Stages[0].Base; !b.Known() || b.V != "golang:1.22-linux" {
		t.Errorf("base with build arg %+v", b)
	}
}

// TestSharedAllocations checks that the instructions, words and stage
// lists a Dockerfile's instructions share one allocation of are parts that
// an append cannot write over: each stage holds its own instructions, and
// each instruction its own words, ONBUILD triggers (made outside the
// shared parts) included.
func TestSharedAllocations(t *testing.T) {
	src := "FROM alpine:3.20 AS a\nRUN echo one two\nONBUILD RUN echo trigger\nENV K=v L=w\n" +
		"FROM a\nUSER nobody\nCOPY x y /z/\n"
	img := adaptOne(t, src, Options{})
	if len(img.Stages) != 2 {
		t.Fatalf("stages %d", len(img.Stages))
	}
	first, second := img.Stages[0], img.Stages[1]
	if len(first.Instructions) != 3 || len(second.Instructions) != 2 {
		t.Fatalf("instructions %d, %d", len(first.Instructions), len(second.Instructions))
	}
	_ = append(first.Instructions, &model.Instruction{Cmd: "appended"})
	if second.From.Cmd != "from" || second.Instructions[0].Cmd != "user" {
		t.Errorf("appending to stage 0 changed stage 1: %q, %q", second.From.Cmd, second.Instructions[0].Cmd)
	}
	run, trig := first.Instructions[0], first.Instructions[1]
	if !trig.OnBuild || strings.Join(trig.Args, " ") != "echo trigger" {
		t.Errorf("trigger %+v", trig)
	}
	_ = append(run.Args, "appended")
	_ = append(first.From.Args, "appended")
	if got := strings.Join(run.Args, "|"); got != "echo one two" {
		t.Errorf("RUN args %q", got)
	}
	if got := strings.Join(first.Instructions[2].Args, "|"); got != "K|v|=|L|w|=" {
		t.Errorf("appending to the RUN words changed the ENV words: %q", got)
	}
	if got := strings.Join(second.Instructions[1].Args, "|"); got != "x|y|/z/" {
		t.Errorf("COPY args %q", got)
	}
	if got := strings.Join(first.From.Args, "|"); got != "alpine:3.20|AS|a" {
		t.Errorf("FROM args %q", got)
	}
	if kv := first.Instructions[2].Pairs; len(kv) != 2 || kv[1].Key != "L" || kv[1].Value.V != "w" {
		t.Errorf("ENV pairs %+v", kv)
	}
}

// TestDirectiveComments checks that the comments a Dockerfile keeps are
// the ones that may be suppression directives, with their lines.
func TestDirectiveComments(t *testing.T) {
	src := "# syntax=docker/dockerfile:1\n# Build the API image\nFROM alpine:3.20\n" +
		"# hadolint ignore=DL3018\nRUN apk add curl\n  # shipshape:ignore dockerfile/root-user -- CI only\n" +
		"# checkov:skip=CKV_DOCKER_2: no health check\n# trivy:ignore:DS002\n# skip-worktree notes\n# IGNORE ME\n"
	res := Adapt("Dockerfile", []byte(src), Options{})
	var got []string
	for _, c := range res.Comments {
		got = append(got, strconv.Itoa(c.Pos.Line)+":"+c.Text)
	}
	want := []string{"4:hadolint ignore=DL3018", "6:shipshape:ignore dockerfile/root-user -- CI only",
		"7:checkov:skip=CKV_DOCKER_2: no health check", "8:trivy:ignore:DS002", "9:skip-worktree notes"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("comments\n got %q\nwant %q", got, want)
	}
}

// TestCommentsAsLineByLine checks that comments, which goes from one "#" to
// the next, finds what reading every line finds.
func TestCommentsAsLineByLine(t *testing.T) {
	naive := func(lines textLines) []adapt.Comment {
		var out []adapt.Comment
		for i := range lines.count() {
			if c, ok := commentText(lines.line(i)); ok && adapt.MayBeDirective(string(c)) {
				out = append(out, adapt.Comment{Pos: model.Pos{File: "Dockerfile", Line: i + 1}, Text: string(c)})
			}
		}
		return out
	}
	for _, src := range []string{
		"", "#", "# hadolint ignore=DL3008", "FROM a\n# hadolint ignore=DL3008\nRUN x # not a comment: skip\n",
		"\ufeff# shipshape:ignore dockerfile/sudo\r\nFROM a\r\n  #  checkov:skip=CKV_1 \r\n", "FROM a\nRUN echo '#' '#skip'\n#ignore",
		"\u00a0# trivy:ignore:DS002\nFROM a\n\t#tfsec:ignore:x\n#\n##skip##\nLABEL a=b#ignore\n# last ignore",
		"FROM a\n\n\n# ignore\n\n", "RUN a \\\n  # skip inside a command\n  && b",
	} {
		lines := splitLines([]byte(src))
		got, want := comments("Dockerfile", lines), naive(lines)
		if len(got) != len(want) {
			t.Errorf("%q: comments %+v, want %+v", src, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q: comment %d = %+v, want %+v", src, i, got[i], want[i])
			}
		}
	}
}
