package tree

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// mustParse parses src and fails the test on an error.
func mustParse(t *testing.T, src string) *File {
	t.Helper()
	f, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return f
}

// at follows a path of map keys and list indexes ("a", "0") from n.
func at(t *testing.T, n *Node, path ...string) *Node {
	t.Helper()
	for _, p := range path {
		switch n.Kind {
		case Map:
			n = n.Get(p)
		case Seq:
			i := 0
			for _, c := range p {
				i = i*10 + int(c-'0')
			}
			if i >= len(n.Items) {
				t.Fatalf("index %s out of range", p)
			}
			n = n.Items[i]
		default:
			t.Fatalf("cannot take %q of a %s", p, n.Kind)
		}
		if n == nil {
			t.Fatalf("no %q in path %q", p, path)
		}
	}
	return n
}

// keyOf returns the key node of name in mapping n.
func keyOf(t *testing.T, n *Node, name string) *Node {
	t.Helper()
	for _, p := range n.Pairs {
		if p.Key.Value == name {
			return p.Key
		}
	}
	t.Fatalf("no key %q", name)
	return nil
}

func TestPositions(t *testing.T) {
	yamlSrc := "top:\n  name: web\n  list:\n    - one\n    - {k: v}\nother: 3\n"
	jsonSrc := "{\n  \"top\": {\"name\": \"web\",\n    \"list\": [\"one\", {\"k\": \"v\"}]},\n  \"other\": 3\n}\n"
	type place struct {
		path      []string
		key       bool // the key of the last element rather than the value
		line, col int
	}
	tests := []struct {
		name   string
		src    string
		places []place
	}{
		{"YAML", yamlSrc, []place{
			{[]string{"top"}, true, 1, 1},
			{[]string{"top", "name"}, true, 2, 3},
			{[]string{"top", "name"}, false, 2, 9},
			{[]string{"top", "list"}, false, 4, 5},
			{[]string{"top", "list", "0"}, false, 4, 7},
			{[]string{"top", "list", "1"}, false, 5, 7},
			{[]string{"top", "list", "1", "k"}, false, 5, 11},
			{[]string{"other"}, true, 6, 1},
			{[]string{"other"}, false, 6, 8},
		}},
		{"JSON", jsonSrc, []place{
			{[]string{"top"}, true, 2, 3},
			{[]string{"top"}, false, 2, 10},
			{[]string{"top", "name"}, true, 2, 11},
			{[]string{"top", "name"}, false, 2, 19},
			{[]string{"top", "list"}, true, 3, 5},
			{[]string{"top", "list", "0"}, false, 3, 14},
			{[]string{"top", "list", "1", "k"}, false, 3, 27},
			{[]string{"other"}, true, 4, 3},
			{[]string{"other"}, false, 4, 12},
		}},
		{"CRLF", strings.ReplaceAll(yamlSrc, "\n", "\r\n"), []place{
			{[]string{"top", "name"}, false, 2, 9},
			{[]string{"top", "list", "1", "k"}, false, 5, 11},
			{[]string{"other"}, true, 6, 1},
		}},
		{"BOM", "\xef\xbb\xbf" + yamlSrc, []place{
			{[]string{"top"}, true, 1, 1},
			{[]string{"other"}, false, 6, 8},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, tc.src)
			if len(f.Docs) != 1 {
				t.Fatalf("got %d documents", len(f.Docs))
			}
			for _, p := range tc.places {
				var n *Node
				if p.key {
					parent := at(t, f.Docs[0], p.path[:len(p.path)-1]...)
					n = keyOf(t, parent, p.path[len(p.path)-1])
				} else {
					n = at(t, f.Docs[0], p.path...)
				}
				if n.Line != p.line || n.Col != p.col {
					t.Errorf("%v (key %t) at %d:%d, want %d:%d", p.path, p.key, n.Line, n.Col, p.line, p.col)
				}
			}
			// No carriage return leaks into values.
			if v, _ := at(t, f.Docs[0], "top", "name").Text(); v != "web" {
				t.Errorf("name = %q, want web", v)
			}
		})
	}
}

func TestScalarTypes(t *testing.T) {
	f := mustParse(t, `i: 42
f: 1.5
b: true
s: "42"
n: null
tilde: ~
empty:
yes11: yes
str: !!str 7
ts: 2024-01-01
`)
	tests := []struct {
		key  string
		kind Kind
		typ  ScalarType
		text string
	}{
		{"i", Scalar, Int, "42"},
		{"f", Scalar, Float, "1.5"},
		{"b", Scalar, Bool, "true"},
		{"s", Scalar, Str, "42"},
		{"n", Null, Str, "null"},
		{"tilde", Null, Str, "~"},
		{"empty", Null, Str, ""},
		{"yes11", Scalar, Str, "yes"}, // YAML 1.2: yes is a string
		{"str", Scalar, Str, "7"},
		{"ts", Scalar, Str, "2024-01-01"},
	}
	for _, tc := range tests {
		n := f.Docs[0].Get(tc.key)
		if n.Kind != tc.kind || n.Type != tc.typ || n.Value != tc.text || n.Tag != "" {
			t.Errorf("%s: got kind %s type %d %q tag %q, want %s %d %q", tc.key, n.Kind, n.Type, n.Value, n.Tag, tc.kind, tc.typ, tc.text)
		}
	}
}

func TestCustomTagsKept(t *testing.T) {
	f := mustParse(t, `ref: !Ref Env
att: !GetAtt Role.Arn
if: !If [IsProd, a, !Ref AWS::NoValue]
sub: !Sub
  - "${A}"
  - A: b
empty: !Ref
map: !Custom {k: v}
`)
	root := f.Docs[0]
	tests := []struct {
		key   string
		tag   string
		kind  Kind
		value string
	}{
		{"ref", "!Ref", Scalar, "Env"},
		{"att", "!GetAtt", Scalar, "Role.Arn"},
		{"if", "!If", Seq, ""},
		{"sub", "!Sub", Seq, ""},
		{"empty", "!Ref", Scalar, ""}, // a tagged empty value is not null
		{"map", "!Custom", Map, ""},
	}
	for _, tc := range tests {
		n := root.Get(tc.key)
		if n.Tag != tc.tag || n.Kind != tc.kind || n.Value != tc.value {
			t.Errorf("%s: got tag %q kind %s value %q, want %q %s %q", tc.key, n.Tag, n.Kind, n.Value, tc.tag, tc.kind, tc.value)
		}
	}
	inner := at(t, root, "if", "2")
	if inner.Tag != "!Ref" || inner.Value != "AWS::NoValue" || inner.Line != 3 {
		t.Errorf("nested tag: %+v", inner)
	}
}

func TestAnchorsAliasesMerge(t *testing.T) {
	f := mustParse(t, `base: &base
  image: nginx
  user: root
extra: &extra
  user: app
  port: 80
plain: *base
merged:
  <<: *base
  user: nobody
multi:
  <<: [*extra, *base]
list: &l [a, b]
again: *l
scalar: &s hello
copy: *s
`)
	root := f.Docs[0]
	text := func(path ...string) string {
		s, _ := at(t, root, path...).Text()
		return s
	}
	tests := []struct {
		path []string
		want string
	}{
		{[]string{"plain", "image"}, "nginx"},
		{[]string{"merged", "image"}, "nginx"},
		{[]string{"merged", "user"}, "nobody"}, // the mapping's own key wins
		{[]string{"multi", "user"}, "app"},     // earlier merges take precedence
		{[]string{"multi", "port"}, "80"},
		{[]string{"multi", "image"}, "nginx"},
		{[]string{"again", "1"}, "b"},
		{[]string{"copy"}, "hello"},
	}
	for _, tc := range tests {
		if got := text(tc.path...); got != tc.want {
			t.Errorf("%v = %q, want %q", tc.path, got, tc.want)
		}
	}
	if root.Get("merged").Get("<<") != nil {
		t.Error("merge key kept as a key")
	}
	// Aliased values keep the anchor's position.
	if n := at(t, root, "plain", "image"); n.Line != 2 {
		t.Errorf("aliased value at line %d, want 2", n.Line)
	}
	if len(f.Warnings) != 0 {
		t.Errorf("warnings %v", f.Warnings)
	}
}

func TestDuplicateKeys(t *testing.T) {
	f := mustParse(t, "a: 1\nb:\n  c: x\n  c: y\na: 2\n")
	want := []Warning{
		{Line: 4, Msg: `duplicate key "c" (first at line 3); the last value is used`, Kind: KindDuplicateKey},
		{Line: 5, Msg: `duplicate key "a" (first at line 1); the last value is used`, Kind: KindDuplicateKey},
	}
	if !reflect.DeepEqual(f.Warnings, want) {
		t.Errorf("warnings\n got %+v\nwant %+v", f.Warnings, want)
	}
	root := f.Docs[0]
	if v, _ := root.Get("a").Text(); v != "2" {
		t.Errorf("a = %q, want the last value 2", v)
	}
	if v, _ := root.Get("b").Get("c").Text(); v != "y" {
		t.Errorf("b.c = %q, want y", v)
	}
	if len(root.Pairs) != 2 || root.Pairs[0].Key.Value != "a" {
		t.Errorf("pairs %+v, want a then b", root.Pairs)
	}
	// JSON duplicates are found too.
	f = mustParse(t, "{\"x\": 1,\n \"x\": 2}")
	if len(f.Warnings) != 1 || f.Warnings[0].Line != 2 {
		t.Errorf("JSON duplicate warnings %+v, want one at line 2", f.Warnings)
	}
}

func TestComplexKeys(t *testing.T) {
	f := mustParse(t, "? [a, b]\n: v\n")
	if k := f.Docs[0].Pairs[0].Key; k.Kind != Scalar || k.Value != "<sequence key>" {
		t.Errorf("complex key %+v", k)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{"tab indentation", "a:\n\tb: 1\n", 2, "cannot start any token"},
		{"bad mapping", "a: 1\nb: 2\n  c: 3\n", 3, "mapping values are not allowed"},
		{"inline mapping", "a: b: c\n", 1, "mapping values are not allowed"},
		{"truncated JSON", `{"a": [1, 2`, 1, "expected ',' or ']'"},
		{"truncated JSON, newline", "{\n  \"a\": [1, 2\n\n", 2, "expected ',' or ']'"},
		{"unterminated list", "x: 1\ny: [1, 2\nz: 3\n", 3, "expected ',' or ']'"},
		{"unterminated string", "a: 1\nb: \"open\n", 2, "end of stream"},
		{"binary", "a: 1\nb: \x00\x01\x02", 2, "binary"},
		{"invalid UTF-8", "a: 1\nb: 2\nc: \xff\xfe\n", 3, "UTF-8"},
		{"self alias", "a: &x [1, *x]\n", 1, "its own anchor"},
		{"undefined alias", "a: 1\nb: *nope\n", 2, "unknown anchor"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("got %T %v, want *tree.Error", err, err)
			}
			if te.Line != tc.line || !strings.Contains(te.Msg, tc.msg) {
				t.Errorf("got %d: %s, want line %d containing %q", te.Line, te.Msg, tc.line, tc.msg)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	if got := (&Error{Line: 3, Col: 4, Msg: "bad"}).Error(); got != "3:4: bad" {
		t.Errorf("got %q", got)
	}
	if got := (&Error{Line: 3, Msg: "bad"}).Error(); got != "3: bad" {
		t.Errorf("got %q", got)
	}
}

func TestDocumentsBeforeErrorKept(t *testing.T) {
	f, err := Parse([]byte("a: 1\n---\nb: 2\n---\nc: [\n"))
	if err == nil {
		t.Fatal("no error")
	}
	if len(f.Docs) != 2 {
		t.Errorf("got %d documents before the error, want 2", len(f.Docs))
	}
}

func TestEmptyAndMultiDocuments(t *testing.T) {
	tests := []struct {
		src  string
		docs int
	}{
		{"", 0},
		{"   \n\n", 0},
		{"# only a comment\n", 0},
		{"---\n", 1},
		{"a: 1\n---\nb: 2\n", 2},
		{"a: 1\n---\n---\nb: 2\n", 3},
	}
	for _, tc := range tests {
		f := mustParse(t, tc.src)
		if len(f.Docs) != tc.docs {
			t.Errorf("%q: got %d documents, want %d", tc.src, len(f.Docs), tc.docs)
		}
	}
	f := mustParse(t, "a: 1\n---\nb: 2\n")
	if f.Docs[1].Line != 3 {
		t.Errorf("second document at line %d, want 3", f.Docs[1].Line)
	}
}

func TestNullListItem(t *testing.T) {
	f := mustParse(t, "list:\n  - # TODO\n  - a\n")
	items := f.Docs[0].Get("list").Items
	if len(items) != 2 {
		t.Fatalf("got %d items, want 2", len(items))
	}
	if items[0].Kind != Null || items[0].Line != 2 {
		t.Errorf("first item %+v, want null at line 2", items[0])
	}
	if c := f.Comments(); len(c) != 1 || c[0].Line != 2 || c[0].Text != "# TODO" {
		t.Errorf("comments %+v", c)
	}
}

func TestUTF16(t *testing.T) {
	u := utf16.Encode([]rune("a: 1\nb: two\n"))
	data := []byte{0xff, 0xfe}
	for _, c := range u {
		data = append(data, byte(c), byte(c>>8))
	}
	f, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.Docs[0].Get("b").Text(); v != "two" {
		t.Errorf("b = %q, want two", v)
	}
}

func TestAliasBombBounded(t *testing.T) {
	// Ten levels of ten aliases each: 10^10 nodes once expanded.
	var b strings.Builder
	b.WriteString("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		p := fmt.Sprintf("*l%d", i-1)
		fmt.Fprintf(&b, "l%d: &l%d [%s%s]\n", i, i, strings.Repeat(p+", ", 9), p)
	}
	start := time.Now()
	_, err := Parse([]byte(b.String()))
	var te *Error
	if !errors.As(err, &te) || !strings.Contains(te.Msg, "alias bomb") {
		t.Fatalf("got %v, want an alias-bomb error", err)
	}
	if te.Line < 2 {
		t.Errorf("error at line %d, want the line of an alias", te.Line)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
	// Moderate reuse within the budget is fine.
	f := mustParse(t, "a: &a [1, 2, 3]\nb: [*a, *a, *a]\nc: [*a, *a]\n")
	if n := len(f.Docs[0].Get("b").Items); n != 3 {
		t.Errorf("b has %d items", n)
	}
}

func TestDeepNestingBounded(t *testing.T) {
	tests := []struct {
		name  string
		depth int
		ok    bool
	}{
		{"within the limit", MaxDepth - 2, true},
		{"over the limit", MaxDepth + 10, false},
		{"far over the limit", 200_000, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Repeat("[", tc.depth) + strings.Repeat("]", tc.depth)
			start := time.Now()
			f, err := Parse([]byte(src))
			if tc.ok {
				if err != nil || len(f.Docs) != 1 {
					t.Fatalf("got %v", err)
				}
				return
			}
			var te *Error
			if !errors.As(err, &te) || te.Line != 1 {
				t.Errorf("got %v, want a *tree.Error at line 1", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
	// Deep block mappings are bounded the same way.
	var b strings.Builder
	for i := 0; i < MaxDepth+5; i++ {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	_, err := Parse([]byte(b.String()))
	var te *Error
	if !errors.As(err, &te) || !strings.Contains(te.Msg, "nesting") || te.Line < MaxDepth {
		t.Errorf("deep mapping: got %v", err)
	}
}

func TestComments(t *testing.T) {
	src := "# head\na: 'x # not a comment' # tail\nb: \"#nope\"\n  # indented\nc: 1\r\n# crlf\r\n"
	f := mustParse(t, src)
	want := []Comment{
		{Line: 1, Text: "# head"},
		{Line: 2, Text: "# tail"},
		{Line: 4, Text: "# indented"},
		{Line: 6, Text: "# crlf"},
	}
	if got := f.Comments(); !reflect.DeepEqual(got, want) {
		t.Errorf("comments\n got %+v\nwant %+v", got, want)
	}
	if c := mustParse(t, "a: 1\n").Comments(); c != nil {
		t.Errorf("comments %+v, want none", c)
	}
}
