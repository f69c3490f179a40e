package fix

import (
	"testing"

	"go.yaml.in/yaml/v4"
)

func mustDoc(t *testing.T, src string) *Doc {
	t.Helper()
	d, err := ParseDoc([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func applyAll(t *testing.T, src string, es []Edit) string {
	t.Helper()
	out, conflicts, err := Apply([]byte(src), es)
	if err != nil || len(conflicts) > 0 {
		t.Fatalf("apply: %v %v", err, conflicts)
	}
	if err := Check(out); err != nil {
		t.Fatalf("result does not parse: %v\n%s", err, out)
	}
	return string(out)
}

func path(root *yaml.Node, keys ...string) *yaml.Node {
	n := root
	for _, k := range keys {
		_, n = Get(n, k)
	}
	return n
}

func TestSetPath(t *testing.T) {
	cases := []struct {
		name, src string
		at        []string
		path      []string
		v         any
		want      string
	}{
		{"replace plain", "R:\n  A: MUTABLE # keep\n  B: x\n", []string{"R"}, []string{"A"}, "IMMUTABLE",
			"R:\n  A: IMMUTABLE # keep\n  B: x\n"},
		{"replace quoted", "R:\n  A: \"MUTABLE\"\n", []string{"R"}, []string{"A"}, "IMMUTABLE",
			"R:\n  A: \"IMMUTABLE\"\n"},
		{"replace single", "R:\n  A: 'false'\n", []string{"R"}, []string{"A"}, true,
			"R:\n  A: 'true'\n"},
		{"insert nested", "R:\n    A: 1\n    # c\n\nS: 2\n", []string{"R"}, []string{"X", "Y"}, true,
			"R:\n    A: 1\n    X:\n        Y: true\n    # c\n\nS: 2\n"},
		{"crlf", "R:\r\n  A: 1\r\n", []string{"R"}, []string{"X", "Y"}, "v w",
			"R:\r\n  A: 1\r\n  X:\r\n    Y: \"v w\"\r\n"},
		{"no final newline", "R:\n  A: 1", []string{"R"}, []string{"B"}, false,
			"R:\n  A: 1\n  B: false"},
		{"flow map", "R: {A: 1, B: [x]}\n", []string{"R"}, []string{"C"}, Map{{"D", true}},
			"R: {A: 1, B: [x], C: {D: true}}\n"},
		{"json", "{\n  \"R\": {\n    \"A\": 1\n  }\n}\n", []string{"R"}, []string{"C", "D"}, "x",
			"{\n  \"R\": {\n    \"A\": 1,\n    \"C\": {\n      \"D\": \"x\"\n    }\n  }\n}\n"},
		{"json replace", "{\"R\": {\"A\": false}}", []string{"R"}, []string{"A"}, true, "{\"R\": {\"A\": true}}"},
		{"seq item map", "L:\n  - Name: a\n    Image: b\n  - Name: c\n", nil, nil, nil, ""},
		{"param default", "Parameters:\n  M:\n    Type: String\n    Default: MUTABLE\nResources:\n  R:\n    A: !Ref M\n", []string{"Resources", "R"}, []string{"A"}, "IMMUTABLE",
			"Parameters:\n  M:\n    Type: String\n    Default: IMMUTABLE\nResources:\n  R:\n    A: !Ref M\n"},
		{"block scalar last", "R:\n  A: |\n    x\n    y\n\nS: 1\n", []string{"R"}, []string{"B"}, 1,
			"R:\n  A: |\n    x\n    y\n  B: 1\n\nS: 1\n"},
		{"empty value last", "R:\n  A: 1\n  B:\nS: 1\n", []string{"R"}, []string{"C"}, 1,
			"R:\n  A: 1\n  B:\n  C: 1\nS: 1\n"},
		{"list value", "R:\n  A: 1\n", []string{"R"}, []string{"L"}, []any{"ALL"},
			"R:\n  A: 1\n  L:\n    - ALL\n"},
	}
	for _, c := range cases {
		if c.at == nil && c.path == nil {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			d := mustDoc(t, c.src)
			d.Parameters = true
			es, err := d.SetPath(path(d.Roots[0], c.at...), c.path, c.v)
			if err != nil {
				t.Fatal(err)
			}
			if got := applyAll(t, c.src, es); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestAppendRemove(t *testing.T) {
	src := "L:\n  - Name: a\n    Image: b\n  - Name: c # x\nM: [a, b]\n"
	d := mustDoc(t, src)
	e1, err := d.Append(path(d.Roots[0], "L"), Map{{"Name", "d"}, {"Image", "e"}})
	if err != nil {
		t.Fatal(err)
	}
	e2, err := d.Append(path(d.Roots[0], "M"), "ALL")
	if err != nil {
		t.Fatal(err)
	}
	e3, err := d.RemoveItem(path(d.Roots[0], "L"), 0)
	if err != nil {
		t.Fatal(err)
	}
	got := applyAll(t, src, []Edit{e1, e2, e3})
	want := "L:\n  - Name: c # x\n  - Name: d\n    Image: e\nM: [a, b, ALL]\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
