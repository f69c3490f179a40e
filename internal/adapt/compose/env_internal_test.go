package compose

import (
	"reflect"
	"testing"
)

func TestFromEnv(t *testing.T) {
	for written, want := range map[string]string{
		"PW":                 "PW", // a list item without a value: passed through
		"DB=${PW}":           "PW",
		"DB=${PW:-fallback}": "PW",
		"DB=${PW-fallback}":  "PW",
		"DB=${PW:?required}": "PW",
		"DB=$PW":             "PW",
		"DB=":                "", // set empty
		"DB=secret":          "",
		"DB=a${PW}":          "", // a literal around it: written in the Compose file
		"DB=${PW}${PW2}":     "",
		"DB=$$PW":            "", // an escaped dollar
	} {
		got, ok := fromEnv(written, true)
		if got != want || ok != (want != "") {
			t.Errorf("fromEnv(%q) = %q, %t; want %q", written, got, ok, want)
		}
	}
	if _, ok := fromEnv("", false); ok {
		t.Error("an entry no file writes is taken from the environment")
	}
}

func TestEnvLinesOf(t *testing.T) {
	data := []byte("# comment\nA=1\n  export B = two\nC: 3\n# shipshape:ignore compose/secrets-in-env -- why\nD=\"multi\nA=inside\"\nA=again\nNOT_SET_BY_PARSER\n")
	env := map[string]string{"A": "again", "B": "two", "C": "3", "D": "multi\nA=inside"}
	got := envLinesOf(data, env)
	want := map[string]int{"A": 8, "B": 3, "C": 4, "D": 6}
	if !reflect.DeepEqual(got.sets, want) {
		t.Errorf("sets = %v, want %v", got.sets, want)
	}
	if len(got.comments) != 1 || got.comments[0].Line != 5 {
		t.Errorf("comments = %+v, want the directive on line 5 only", got.comments)
	}
}
