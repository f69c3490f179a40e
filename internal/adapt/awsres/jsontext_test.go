package awsres

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

var jsonSeeds = []string{
	`{}`, `[]`, `{"a":1}`, `[1, -2, 3.5, 1e3, -0, 0.0, 2E-2, 123456789012345678]`,
	`[12345678901234567890, 99999999999999999999999]`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":"*","Principal":{"AWS":"*"}}]}`,
	`{"a":true,"b":false,"c":null,"d":"null","e":"true","f":"1"}`,
	`{"dup":1,"x":2,"dup":3}`, `{"<<":{"a":1}}`, `{"a":"\u0000"}`, `{"a":"x\ty\n\"q\"\\ \/ \u00e9 \ud83d\ude00"}`, `{"a":"\/\b\f\r\u00e9\u20ac\uFFFD"}`, `["-0", -0, -1, -0.0, 0e0, 1E+2]`,
	`{"a":[{"b":[{"c":{}}]}]}`, `[1] [2]`, `{"a":1}  `, "\ufeff{}", `{"a":1,}`, `{'a':1}`, `{a: 1}`,
	`[1, 2] # comment`, `{"a":"raw	tab"}`, `{"a":"\x"}`, `[` + strings.Repeat(`[`, 300) + strings.Repeat(`]`, 301),
	`{"a":1}{"b":2}`, `{"a":NaN}`, `{"a":.5}`, `{"a":01}`, `{"a":+1}`, `{"a":"x` + "\x00" + `"}`, "{\"a\":\"\xff\"}",
}

// TestJSONTree checks that jsonTree reads JSON as tree.Parse does (positions
// aside), on the seeds and every JSON file of the corpus.
func TestJSONTree(t *testing.T) {
	inputs := append([]string{}, jsonSeeds...)
	_ = filepath.WalkDir("../../../../shared/corpus", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return nil
		}
		if data, err := os.ReadFile(path); err == nil && len(data) < 1<<20 {
			inputs = append(inputs, string(data))
		}
		return nil
	})
	read := 0
	for _, in := range inputs {
		if checkJSONTree(t, in) {
			read++
		}
	}
	if read < 10 {
		t.Errorf("jsonTree read only %d of %d inputs", read, len(inputs))
	}
}

func FuzzJSONTree(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkJSONTree(t, s) })
}

// checkJSONTree fails when jsonTree reads s differently from tree.Parse;
// it reports whether jsonTree read it.
func checkJSONTree(t *testing.T, s string) bool {
	t.Helper()
	got, ok := jsonTree(s)
	if !ok {
		return false
	}
	f, err := tree.Parse([]byte(s))
	if err != nil || len(f.Docs) != 1 {
		t.Errorf("jsonTree read %.80q, which tree.Parse does not (%v)", s, err)
		return true
	}
	if diff := treeDiff(got, f.Docs[0], "$"); diff != "" {
		t.Errorf("jsonTree and tree.Parse differ on %.80q at %s", s, diff)
	}
	return true
}

// treeDiff names the first place where two trees differ other than in
// their positions.
func treeDiff(a, b *tree.Node, at string) string {
	switch {
	case a == nil || b == nil:
		if a != b {
			return at + ": nil"
		}
		return ""
	case a.Kind != b.Kind || a.Type != b.Type || a.Value != b.Value || a.Tag != b.Tag || a.Partial != b.Partial:
		return at + ": " + a.Kind.String() + " " + a.Value + " / " + b.Kind.String() + " " + b.Value
	case len(a.Pairs) != len(b.Pairs) || len(a.Items) != len(b.Items):
		return at + ": length"
	}
	for i := range a.Pairs {
		if d := treeDiff(a.Pairs[i].Key, b.Pairs[i].Key, at+".key"); d != "" {
			return d
		}
		if d := treeDiff(a.Pairs[i].Value, b.Pairs[i].Value, at+"."+a.Pairs[i].Key.Value); d != "" {
			return d
		}
	}
	for i := range a.Items {
		if d := treeDiff(a.Items[i], b.Items[i], at+"[]"); d != "" {
			return d
		}
	}
	return ""
}
