package dockerfile

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/imageref"
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
