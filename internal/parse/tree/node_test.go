package tree

import (
	"testing"
)

func TestKeyEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"ReadonlyRootFilesystem", "readonlyRootFilesystem", true},
		{"ReadonlyRootFilesystem", "readonly_root_filesystem", true},
		{"awslogs-group", "AwslogsGroup", true},
		{"__a__", "A", true},
		{"", "", true},
		{"_", "", true},
		{"Name", "Names", false},
		{"Names", "Name", false},
		{"ab", "ba", false},
		{"Image", "", false},
		{"Ä", "ä", false}, // ASCII only
	}
	for _, tc := range tests {
		if got := KeyEqual(tc.a, tc.b); got != tc.want {
			t.Errorf("KeyEqual(%q, %q) = %t, want %t", tc.a, tc.b, got, tc.want)
		}
		if got := KeyEqual(tc.b, tc.a); got != tc.want {
			t.Errorf("KeyEqual(%q, %q) = %t, want %t", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestGetFieldFieldPair(t *testing.T) {
	root := mustParse(t, "Image: nginx\nreadonly_root_filesystem: true\nname: n\nName2: m\n").Docs[0]
	if v, _ := root.Get("Image").Text(); v != "nginx" {
		t.Errorf("Get(Image) = %q", v)
	}
	if root.Get("image") != nil {
		t.Error("Get matches ignoring case")
	}
	tests := []struct {
		name    string
		aliases []string
		want    string // "" for nil
	}{
		{"ReadonlyRootFilesystem", nil, "true"},
		{"IMAGE", nil, "nginx"},
		{"Missing", nil, ""},
		{"Missing", []string{"Other", "name2"}, "m"},
		{"Name", []string{"name2"}, "n"}, // the name wins over aliases
	}
	for _, tc := range tests {
		n := root.Field(tc.name, tc.aliases...)
		got, _ := n.Text()
		if got != tc.want {
			t.Errorf("Field(%q, %q) = %q, want %q", tc.name, tc.aliases, got, tc.want)
		}
	}
	k, v := root.FieldPair("readonlyRootFilesystem")
	if k == nil || k.Line != 2 || k.Col != 1 || v.Col != 27 {
		t.Errorf("FieldPair: key %+v value %+v", k, v)
	}
	if k, v := root.FieldPair("nope"); k != nil || v != nil {
		t.Error("FieldPair found a missing key")
	}
	var nilNode *Node
	scalar := &Node{Kind: Scalar, Value: "x"}
	for _, n := range []*Node{nilNode, scalar} {
		if n.Get("a") != nil || n.Field("a") != nil {
			t.Errorf("lookup on %+v returned a value", n)
		}
		if k, v := n.FieldPair("a"); k != nil || v != nil {
			t.Errorf("FieldPair on %+v returned a value", n)
		}
	}
}

func TestTextBoolInt(t *testing.T) {
	tests := []struct {
		n         *Node
		text      string
		textOK    bool
		b         bool
		boolOK    bool
		i         int64
		intOK     bool
		null      bool
		isUnknown bool
	}{
		{n: nil, null: true},
		{n: &Node{Kind: Null}, null: true},
		{n: &Node{Kind: Scalar, Value: "True"}, text: "True", textOK: true, b: true, boolOK: true},
		{n: &Node{Kind: Scalar, Value: "FALSE"}, text: "FALSE", textOK: true, boolOK: true},
		{n: &Node{Kind: Scalar, Value: "yes"}, text: "yes", textOK: true},
		{n: &Node{Kind: Scalar, Value: " 42 "}, text: " 42 ", textOK: true, i: 42, intOK: true},
		{n: &Node{Kind: Scalar, Value: "-7"}, text: "-7", textOK: true, i: -7, intOK: true},
		{n: &Node{Kind: Scalar, Value: "3.0"}, text: "3.0", textOK: true, i: 3, intOK: true},
		{n: &Node{Kind: Scalar, Value: "3.5"}, text: "3.5", textOK: true},
		{n: &Node{Kind: Scalar, Value: "1e3"}, text: "1e3", textOK: true, i: 1000, intOK: true},
		{n: &Node{Kind: Scalar, Value: "0x10"}, text: "0x10", textOK: true},
		{n: &Node{Kind: Unknown, Value: "a\x00", Partial: true}, isUnknown: true},
		{n: &Node{Kind: Seq}},
	}
	for _, tc := range tests {
		if s, ok := tc.n.Text(); s != tc.text || ok != tc.textOK {
			t.Errorf("%+v: Text() = %q, %t", tc.n, s, ok)
		}
		if b, ok := tc.n.Bool(); b != tc.b || ok != tc.boolOK {
			t.Errorf("%+v: Bool() = %t, %t", tc.n, b, ok)
		}
		if i, ok := tc.n.Int(); i != tc.i || ok != tc.intOK {
			t.Errorf("%+v: Int() = %d, %t", tc.n, i, ok)
		}
		if tc.n.IsNull() != tc.null || tc.n.IsUnknown() != tc.isUnknown {
			t.Errorf("%+v: IsNull %t IsUnknown %t", tc.n, tc.n.IsNull(), tc.n.IsUnknown())
		}
	}
}

func TestList(t *testing.T) {
	a, b := &Node{Kind: Scalar, Value: "a"}, &Node{Kind: Scalar, Value: "b"}
	tests := []struct {
		n    *Node
		want int
	}{
		{nil, 0},
		{&Node{Kind: Null}, 0},
		{&Node{Kind: Seq, Items: []*Node{a, b}}, 2},
		{&Node{Kind: Seq}, 0},
		{a, 1},
		{&Node{Kind: Map}, 1},
		{&Node{Kind: Unknown}, 1},
	}
	for _, tc := range tests {
		if got := tc.n.List(); len(got) != tc.want {
			t.Errorf("%+v: List() has %d items, want %d", tc.n, len(got), tc.want)
		}
	}
	if got := a.List(); got[0] != a {
		t.Error("a scalar is not its own one-item list")
	}
}

func TestWalk(t *testing.T) {
	root := mustParse(t, "a: [1, 2]\nb: {c: 3}\n").Docs[0]
	var seen []string
	root.Walk(func(n *Node) bool {
		if n.Kind == Scalar {
			seen = append(seen, n.Value)
		}
		return true
	})
	if got := len(seen); got != 6 { // keys a, b, c and values 1, 2, 3
		t.Errorf("walked scalars %q, want 6", seen)
	}
	if seen[0] != "a" || seen[1] != "1" {
		t.Errorf("walk order %q, want depth first", seen)
	}
	// Returning false skips the node's children.
	var count int
	root.Walk(func(n *Node) bool {
		count++
		return n.Kind != Seq && n.Kind != Map || n == root
	})
	if count != 5 { // root, key a, list, key b, map
		t.Errorf("visited %d nodes, want 5", count)
	}
	var nilNode *Node
	nilNode.Walk(func(*Node) bool { t.Error("walked a nil node"); return true })
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Null: "null", Scalar: "scalar", Map: "mapping", Seq: "sequence", Unknown: "unknown", Kind(9): "kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d) = %q, want %q", k, got, want)
		}
	}
}
