package dockerfile

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
	"github.com/shipshape/shipshape/internal/pkginstall"
	"github.com/shipshape/shipshape/internal/rule"
)

// TestStateFacts checks that the Dockerfiles of a state and the built
// stages of an image, listed once per state for the rules, are what the
// state holds, with and without image histories, and the same list each
// time a rule asks.
func TestStateFacts(t *testing.T) {
	base := &model.Stage{Index: 0, Name: "build"}
	final := &model.Stage{Index: 1, BaseStage: base}
	df := &model.DockerfileImage{Stages: []*model.Stage{base, final}, Target: final}
	hist := &model.DockerfileImage{FromHistory: true}
	noTarget := &model.DockerfileImage{}
	st := model.NewState("Dockerfile", model.Dockerfile)
	st.Add(df, hist, noTarget)
	p := rule.NewPass(nil, st, nil, nil)
	for range 2 {
		if got := images(p); !slices.Equal(got, []*model.DockerfileImage{df, noTarget}) {
			t.Errorf("images = %v", got)
		}
		if got := withHistory(p); !slices.Equal(got, []*model.DockerfileImage{df, hist, noTarget}) {
			t.Errorf("withHistory = %v", got)
		}
		if got := built(p, df); !slices.Equal(got, []*model.Stage{final, base}) {
			t.Errorf("built = %v", got)
		}
		if got := built(p, noTarget); got != nil {
			t.Errorf("built without a target = %v", got)
		}
	}
	// an image of no state of the pass still has its chain
	stray := &model.DockerfileImage{Stages: []*model.Stage{final}, Target: final}
	if got := built(p, stray); !slices.Equal(got, []*model.Stage{final, base}) {
		t.Errorf("built of another state's image = %v", got)
	}
	// another state's pass lists its own
	other := model.NewState("Dockerfile.2", model.Dockerfile)
	if got := images(rule.NewPass(nil, other, nil, nil)); len(got) != 0 {
		t.Errorf("images of an empty state = %v", got)
	}
}

// TestBaseName checks baseName against the strings.LastIndexAny it spells
// out.
func TestBaseName(t *testing.T) {
	for _, p := range []string{"", "/", "apt-get", "/usr/bin/apt-get", `C:\Windows\cmd.exe`, "dir/", "a//b//", "/ü/é", `x\`, "ü"} {
		want := strings.TrimRight(p, "/")
		if i := strings.LastIndexAny(want, `/\`); i >= 0 {
			want = want[i+1:]
		}
		if got := baseName(p); got != want {
			t.Errorf("baseName(%q) = %q, want %q", p, got, want)
		}
	}
}

// TestInstallsFact checks that the installs of a script are those
// pkginstall finds, found once per state: the same slice each time a rule
// asks, each script its own, another state's pass its own.
func TestInstallsFact(t *testing.T) {
	a, err := shell.Parse("apt-get install -y curl && pip install requests")
	if err != nil {
		t.Fatal(err)
	}
	b, err := shell.Parse("apk add --no-cache git")
	if err != nil {
		t.Fatal(err)
	}
	st := model.NewState("Dockerfile", model.Dockerfile)
	p := rule.NewPass(nil, st, nil, nil)
	first := installs(p, a)
	if want := pkginstall.Installs(a); !reflect.DeepEqual(first, want) || len(first) != 2 {
		t.Fatalf("installs = %+v, want %+v", first, want)
	}
	if again := installs(p, a); len(again) != len(first) || &again[0] != &first[0] {
		t.Error("a second rule asking found the installs again")
	}
	if got := installs(p, b); len(got) != 1 || got[0].Manager != "apk" {
		t.Errorf("installs of another script = %+v", got)
	}
	// more scripts than the list holds: those kept in the map too
	var more []*shell.Script
	for i := range 2*listedInstalls + 1 {
		sc, err := shell.Parse("apk add pkg" + strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		more = append(more, sc)
	}
	firsts := map[*shell.Script]*pkginstall.Install{}
	for range 2 {
		for i, sc := range more {
			got := installs(p, sc)
			if len(got) != 1 || got[0].Packages[0] != "pkg"+strconv.Itoa(i) {
				t.Fatalf("installs of script %d = %+v", i, got)
			}
			if f, ok := firsts[sc]; ok && f != &got[0] {
				t.Errorf("installs of script %d found again", i)
			}
			firsts[sc] = &got[0]
		}
	}
	if again := installs(p, a); &again[0] != &first[0] {
		t.Error("the first script's installs were found again after the others")
	}
	other := rule.NewPass(nil, model.NewState("Dockerfile.2", model.Dockerfile), nil, nil)
	if got := installs(other, a); len(got) != 2 || &got[0] == &first[0] {
		t.Error("another state's pass shares this one's installs")
	}
}
