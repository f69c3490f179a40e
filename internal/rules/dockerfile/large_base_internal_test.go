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
