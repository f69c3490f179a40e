package compose

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/model"
)

func loadOne(t testing.TB, dir, name, text string) (*Project, []string) {
	abs := filepath.Join(dir, name)
	proj, res := Load(dir, Group{Files: []File{{Path: name, Abs: abs, Data: []byte(text)}}}, Options{})
	var diags []string
	for _, d := range res.Diagnostics {
		diags = append(diags, d.String())
	}
	return proj, diags
}

func TestInterpolationAndPositions(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte("TAG=1.2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	proj, diags := loadOne(t, dir, "compose.yaml", "services:\n  web:\n    image: \"app:${TAG}\"\n    user: \"${WHO}\"\n    environment:\n      - A=1\n")
	if proj == nil {
		t.Fatalf("not loaded: %v", diags)
	}
	web := proj.Services[0]
	if !web.Image.Known() || web.Image.V != "app:1.2" || web.Image.Pos.Line != 3 {
		t.Errorf("image %+v, want app:1.2 at line 3", web.Image)
	}
	if web.User.P != model.Unknown {
		t.Errorf("user from an unset variable: %+v, want unknown", web.User)
	}
	if len(web.Environment) != 1 || web.Environment[0].Pos.Line != 6 {
		t.Errorf("environment %+v, want A at line 6", web.Environment)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, text := range []string{"services: [", "services:\n  web: 3\n", "services:\n  web:\n    image: a\n    ports: [\"x:y:z:w\"]\n", "- a\n"} {
		proj, diags := loadOne(t, dir, "compose.yaml", text)
		if proj != nil || len(diags) == 0 {
			t.Errorf("%q: loaded without an error (%v)", text, diags)
		}
	}
}

// TestEnvBudget checks that .env values built from doubling variables are
// bounded by the evaluation budget (issue 9, point 9): 26 doublings of ten
// bytes took 6.4 GB and minutes.
func TestEnvBudget(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(doublingEnv(26)), 0o644); err != nil {
		t.Fatal(err)
	}
	var proj *Project
	var diags []string
	_, peak := fuzzguard.Measure(func() {
		proj, diags = loadOne(t, dir, "compose.yaml", "services:\n  web:\n    image: \"nginx:${A26}\"\n")
	})
	if peak > fuzzguard.MemLimit {
		t.Errorf("heap grew by %d MB", peak>>20)
	}
	if proj == nil || proj.Services[0].Image.Known() {
		t.Fatalf("image from a value over the budget: %+v (%v), want unknown", proj, diags)
	}
	if !strings.Contains(strings.Join(diags, "\n"), ".env: notice: ") || !strings.Contains(strings.Join(diags, "\n"), "evaluation budget") {
		t.Errorf("no budget notice on .env: %v", diags)
	}
}

// doublingEnv is a .env whose variable Ai is A(i-1) twice, from ten bytes.
func doublingEnv(n int) string {
	var b strings.Builder
	b.WriteString("A0=AAAAAAAAAA\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "A%d=${A%d}${A%d}\n", i, i-1, i-1)
	}
	return b.String()
}

// FuzzLoad feeds arbitrary bytes to the loader as a Compose file and its
// .env: it must never panic, nor take more than fuzzguard's budget.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"services:\n  web:\n    image: nginx\n    privileged: true\n",
		"services:\n  a:\n    build: {context: ., target: x, args: [A=1]}\n    volumes: [\"/var/run/docker.sock:/x\"]\n",
		"services:\n  a:\n    image: ${X:-y}\n    extends: {service: b}\n  b:\n    image: z\n    profiles: [p]\n",
		"x-a: &a {image: b}\nservices:\n  s: *a\n",
		"services:\n  a:\n    image: b\n    environment:\n      PW: ${PW}\n      TOKEN:\n      U: \"x${PW}\"\n  c:\n    image: d\n    environment: [TOKEN, \"K=$$PW\"]\n",
	} {
		f.Add([]byte(seed), []byte("TAG=1\nexport PW=Xk29fj3kLQ0pzQ\n# shipshape:ignore x -- y\nTOKEN: \"a\nb\"\n"))
	}
	f.Add([]byte("services:\n  web:\n    image: \"nginx:${A26}${A26}\"\n"), []byte(doublingEnv(26)))
	f.Fuzz(func(t *testing.T, data, env []byte) {
		defer fuzzguard.Watch(append(append([]byte(nil), data...), env...))()
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ".env"), env, 0o644); err != nil {
			t.Fatal(err)
		}
		_, diags := loadOne(t, dir, "compose.yaml", string(data))
		for _, d := range diags {
			if strings.Contains(d, "internal error") {
				t.Fatalf("panic on %q: %s", data, d)
			}
		}
	})
}
