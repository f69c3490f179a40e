package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/shipshape/shipshape/internal/cli"
	"github.com/shipshape/shipshape/internal/imagetest"
)

// TestMain lets the scripts run the real main as the "shipshape" command,
// and as "shipshape-tty", which is main with standard output taken for a
// terminal (a script's output is a pipe), to test colour and NO_COLOR.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"shipshape": main,
		"shipshape-tty": func() {
			os.Exit(cli.Main(os.Args[1:], cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, OutIsTerminal: true}))
		},
	})
}

// TestScripts runs testdata/script/*.txtar. Besides testscript's own
// commands they have
//
//	exitcode N PROGRAM [ARGS...]
//
// which runs PROGRAM like exec and requires exit code N,
//
//	padfile FILE BYTES
//
// which appends a YAML comment of about BYTES bytes to FILE (large inputs
// without large scripts).
//
// and
//
//	checkmode FILE MODE
//
// which requires FILE's permission bits to be MODE (octal),
//
//	mkimage insecure|clean FILE
//
// which writes a docker save tarball of a generated image (see
// internal/imagetest), and
//
//	registry
//
// which serves both images from an in-process registry on loopback, as
// $REGISTRY/insecure:1 and $REGISTRY/clean:1.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "")
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":  exitCode,
			"padfile":   padFile,
			"checkmode": checkMode,
			"mkimage":   mkImage,
			"registry":  startRegistry,
		},
	})
}

func exitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

func testImage(ts *testscript.TestScript, kind string) v1.Image {
	switch kind {
	case "insecure":
		return imagetest.Insecure()
	case "clean":
		return imagetest.Clean()
	case "caches":
		return imagetest.Caches()
	}
	ts.Fatalf("unknown image kind %q", kind)
	return nil
}

func mkImage(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkimage insecure|clean|caches FILE")
	}
	ts.Check(imagetest.WriteTarball(ts.MkAbs(args[1]), "example.com/"+args[0]+":1", testImage(ts, args[0])))
}

func startRegistry(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: registry")
	}
	s := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	ts.Defer(s.Close)
	host := strings.TrimPrefix(s.URL, "http://")
	for _, kind := range []string{"insecure", "clean"} {
		ref, err := name.ParseReference(host+"/"+kind+":1", name.Insecure)
		ts.Check(err)
		ts.Check(remote.Write(ref, testImage(ts, kind)))
	}
	ts.Setenv("REGISTRY", host)
}

func padFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: padfile FILE BYTES")
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("padfile: %v", err)
	}
	f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	ts.Check(err)
	line := "# " + strings.Repeat("x", 125) + "\n"
	for written := 0; written < n; written += len(line) {
		_, err = f.WriteString(line)
		ts.Check(err)
	}
	ts.Check(f.Close())
}

func checkMode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: checkmode FILE MODE")
	}
	want, err := strconv.ParseUint(args[1], 8, 32)
	if err != nil {
		ts.Fatalf("checkmode: %v", err)
	}
	info, err := os.Stat(ts.MkAbs(args[0]))
	if err != nil {
		ts.Fatalf("checkmode: %v", err)
	}
	if got := info.Mode().Perm(); got != os.FileMode(want) {
		ts.Fatalf("%s has mode %#o, want %#o", args[0], got, want)
	}
}
