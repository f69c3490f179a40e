package dockerfile

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
)

func TestSmallerBaseKeepsRelease(t *testing.T) {
	ref, ok := imageref.Parse("eclipse-temurin:8u412-b08-jdk-jammy")
	if !ok {
		t.Fatal("reference not parsed")
	}
	if got := smallerBase(ref); !strings.Contains(got, "eclipse-temurin:8u412-b08-jre-jammy") {
		t.Errorf("smallerBase(%v) = %q, want the JRE of the same release", ref, got)
	}
}

func TestPackageList(t *testing.T) {
	if got := packageList([]string{"a", "b"}); got != "a, b" {
		t.Errorf("packageList = %q", got)
	}
	long := []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10"}
	if got, want := packageList(long), "p1, p2, p3, p4, p5, p6, p7, p8 and 2 more"; got != want {
		t.Errorf("packageList = %q, want %q", got, want)
	}
}

func TestShowWordNamesVariable(t *testing.T) {
	s, err := shell.Parse(`chmod -R a+rwX "$CONF_DIR" /srv/data`)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Calls[0]
	if got := showWord(c, c.Args[3]); got != "$CONF_DIR" {
		t.Errorf("showWord(unknown) = %q, want $CONF_DIR", got)
	}
	if got := showWord(c, "/srv/data"); got != "/srv/data" {
		t.Errorf("showWord(known) = %q", got)
	}
}

func TestTrustPattern(t *testing.T) {
	for in, want := range map[string]string{
		"redhat/ubi9-minimal:9.4":  "docker.io/redhat",
		"ghcr.io/astral-sh/uv:0.4": "ghcr.io",
		"r.j3ss.co/curl":           "r.j3ss.co",
	} {
		ref, ok := imageref.Parse(in)
		if !ok {
			t.Fatalf("%s not parsed", in)
		}
		if got := trustPattern(ref); got != want {
			t.Errorf("trustPattern(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestPipefailShell(t *testing.T) {
	for base, want := range map[string]string{
		"alpine:3.20":                               "/bin/ash",
		"python:3.12.4-alpine3.20":                  "/bin/ash",
		"busybox:1.36":                              "/bin/ash",
		"debian:bookworm-slim":                      "/bin/bash",
		"public.ecr.aws/docker/library/alpine:3.20": "/bin/ash",
	} {
		s := &model.Stage{Base: model.Str{P: model.Known, V: base}}
		if got := pipefailShell(s); got != want {
			t.Errorf("pipefailShell(%s) = %s, want %s", base, got, want)
		}
	}
}
