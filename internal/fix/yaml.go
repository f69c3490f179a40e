package fix

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// Doc is a YAML or JSON file opened for editing. It keeps the parser's
// nodes, whose positions locate every value in the text; edits change the
// text at those positions and nothing else, so comments, key order,
// quoting, blank lines and line endings stay as they were.
type Doc struct {
	// Roots are the documents' root nodes.
	Roots []*yaml.Node
	data  []byte // the whole file
	src   []byte // the text after a byte-order mark
	base  int    // length of the byte-order mark
	lines []int  // offset of each line's first byte in src
	// JSON is set when the file is JSON (valid JSON, starting with { or [).
	JSON bool
	nl   string
	// indent is the block indentation step; seqIndent the indentation of a
	// block sequence's dash under its key (0: "key:\n- item").
	indent, seqIndent int
	// Parameters is set for CloudFormation templates: a value written as a
	// Ref to a template parameter is changed in the parameter's Default.
	Parameters bool
}

// ErrUnsupported is wrapped by errors that explain why a value cannot be
// edited in place (an alias, a value computed by a function).
var ErrUnsupported = errors.New("cannot edit")

// ParseDoc parses a YAML or JSON file for editing.
func ParseDoc(data []byte) (*Doc, error) {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return nil, fmt.Errorf("%w: UTF-16 text is not edited", ErrUnsupported)
	}
	d := &Doc{nl: "\n", indent: 2, seqIndent: 2}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		d.base = 3
	}
	d.data, d.src = data, data[d.base:]
	if !utf8.Valid(d.src) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrUnsupported)
	}
	for i, c := range d.src {
		if c == '\r' && (i+1 == len(d.src) || d.src[i+1] != '\n') {
			return nil, fmt.Errorf("%w: the file breaks lines with a bare carriage return", ErrUnsupported)
		}
	}
	if bytes.ContainsRune(d.src, '\u0085') || bytes.ContainsRune(d.src, '\u2028') || bytes.ContainsRune(d.src, '\u2029') {
		return nil, fmt.Errorf("%w: the file has Unicode line separators", ErrUnsupported)
	}
	if i := bytes.IndexByte(d.src, '\n'); i > 0 && d.src[i-1] == '\r' {
		d.nl = "\r\n"
	}
	trimmed := bytes.TrimLeft(d.src, " \t\r\n")
	d.JSON = len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') && json.Valid(d.src)
	d.lines = append(d.lines, 0)
	for i, c := range d.src {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	loader, err := yaml.NewLoader(bytes.NewReader(d.src))
	if err != nil {
		return nil, err
	}
	for {
		var n yaml.Node
		err := loader.Load(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			d.Roots = append(d.Roots, n.Content[0])
		}
	}
	d.detectIndent()
	return d, nil
}

// Newline is the file's line ending.
func (d *Doc) Newline() string { return d.nl }

// detectIndent learns the indentation step and the sequence style from the
// first nested block collections.
func (d *Doc) detectIndent() {
	foundMap, foundSeq := false, false
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if depth > tree.MaxDepth || (foundMap && foundSeq) {
			return
		}
		if n.Kind == yaml.MappingNode && (n.Style&yaml.FlowStyle == 0 || d.JSON) {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if d.JSON && !foundMap && v.Kind == yaml.MappingNode && len(v.Content) > 0 && v.Content[0].Line > k.Line && v.Content[0].Column > k.Column {
					d.indent, foundMap = v.Content[0].Column-k.Column, true
				}
				if v.Line <= k.Line || v.Style&yaml.FlowStyle != 0 {
					continue
				}
				switch v.Kind {
				case yaml.MappingNode:
					if !foundMap && v.Column > k.Column {
						d.indent, foundMap = v.Column-k.Column, true
					}
				case yaml.SequenceNode:
					if !foundSeq && len(v.Content) > 0 {
						if dash := d.dashCol(v.Content[0]); dash >= k.Column {
							d.seqIndent, foundSeq = dash-k.Column, true
						}
					}
				}
			}
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	for _, r := range d.Roots {
		walk(r, 0)
	}
	if foundMap && !foundSeq {
		d.seqIndent = d.indent
	}
	if d.JSON && !foundMap {
		d.indent = 2
	}
}

// dashCol is the column of the "-" before a block sequence item.
func (d *Doc) dashCol(item *yaml.Node) int {
	off := d.off(item.Line, item.Column)
	i := off - 1
	for i >= 0 && (d.src[i] == ' ') {
		i--
	}
	if i >= 0 && d.src[i] == '-' {
		return d.col(i)
	}
	return item.Column - 2
}

// off is the byte offset of a 1-based line and column (in characters).
func (d *Doc) off(line, col int) int {
	if line < 1 || line > len(d.lines) {
		return len(d.src)
	}
	o := d.lines[line-1]
	for c := 1; c < col && o < len(d.src) && d.src[o] != '\n'; c++ {
		_, size := utf8.DecodeRune(d.src[o:])
		o += size
	}
	return o
}

// col is the 1-based column of a byte offset.
func (d *Doc) col(off int) int {
	l := d.lineOf(off)
	return utf8.RuneCount(d.src[d.lines[l-1]:off]) + 1
}

// lineOf is the 1-based line of a byte offset.
func (d *Doc) lineOf(off int) int {
	lo, hi := 0, len(d.lines)-1
	for lo < hi {
		m := (lo + hi + 1) / 2
		if d.lines[m] <= off {
			lo = m
		} else {
			hi = m - 1
		}
	}
	return lo + 1
}

// lineEnd is the offset just after the line holding off (after its
// newline), or the end of the file.
func (d *Doc) lineEnd(off int) int {
	if i := bytes.IndexByte(d.src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(d.src)
}

// edit makes an Edit of offsets into d.src.
func (d *Doc) edit(start, end int, text string) Edit {
	return Edit{Start: d.base + start, End: d.base + end, Text: text}
}

// Get returns the value under key in mapping m (keys compared ignoring
// case and underscores, as the adapters do), with its key node.
func Get(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && !isEmptyNull(k) && tree.KeyEqual(k.Value, key) {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// valueStart is the offset where a node's value text begins, after its tag
// and anchor.
func (d *Doc) valueStart(n *yaml.Node) int {
	o := d.off(n.Line, n.Column)
	for o < len(d.src) && (d.src[o] == '!' || d.src[o] == '&') {
		for o < len(d.src) && !isSpace(d.src[o]) && !(d.src[o] == '\n') {
			o++
		}
		for o < len(d.src) && isSpace(d.src[o]) {
			o++
		}
	}
	return o
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// end is the offset just after a node's text. inFlow says the node is inside
// a flow collection (or JSON), where plain scalars end at , ] }.
func (d *Doc) end(n *yaml.Node, inFlow bool) int {
	inFlow = inFlow || d.JSON
	switch n.Kind {
	case yaml.AliasNode:
		o := d.off(n.Line, n.Column)
		for o < len(d.src) && !isSpace(d.src[o]) && d.src[o] != '\n' && (!inFlow || !strings.ContainsRune(",]}", rune(d.src[o]))) {
			o++
		}
		return o
	case yaml.ScalarNode:
		o := d.valueStart(n)
		return d.scalarEnd(n, o, inFlow)
	case yaml.MappingNode, yaml.SequenceNode:
		if n.Style&yaml.FlowStyle != 0 {
			return d.bracketEnd(d.valueStart(n))
		}
		if len(n.Content) == 0 {
			return d.valueStart(n)
		}
		if n.Kind == yaml.MappingNode && len(n.Content) >= 2 {
			return d.pairEnd(n.Content[len(n.Content)-2], n.Content[len(n.Content)-1], false)
		}
		return d.end(n.Content[len(n.Content)-1], false)
	}
	return d.off(n.Line, n.Column)
}

// pairEnd is the end of a mapping entry: its value's, or for an empty value
// the end of "key:".
func (d *Doc) pairEnd(k, v *yaml.Node, inFlow bool) int {
	if isEmptyNull(v) {
		o := d.end(k, inFlow)
		for o < len(d.src) && isSpace(d.src[o]) {
			o++
		}
		if o < len(d.src) && d.src[o] == ':' {
			o++
		}
		return o
	}
	return d.end(v, inFlow)
}

func isEmptyNull(v *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Value == "" && v.Style == 0
}

func (d *Doc) scalarEnd(n *yaml.Node, o int, inFlow bool) int {
	s := d.src
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0 && o < len(s) && s[o] == '"':
		for i := o + 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(s)
	case n.Style&yaml.SingleQuotedStyle != 0 && o < len(s) && s[o] == '\'':
		for i := o + 1; i < len(s); i++ {
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(s)
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		// The block's lines are those indented more than the line of its
		// indicator; it ends at the last such non-blank line.
		ind := indentOf(s[d.lines[d.lineOf(o)-1]:])
		end := d.lineEnd(o)
		last := end
		for at := end; at < len(s); {
			next := d.lineEnd(at)
			line := bytes.TrimRight(s[at:next], " \t\r\n")
			if len(line) > 0 {
				if indentOf(s[at:next]) <= ind {
					break
				}
				last = next
			}
			at = next
		}
		for last > 0 && (s[last-1] == '\n' || s[last-1] == '\r') {
			last--
		}
		return last
	}
	// Plain: to the end of the line, a comment, or (in flow) a delimiter.
	i := o
	for i < len(s) && s[i] != '\n' {
		c := s[i]
		if inFlow && (c == ',' || c == ']' || c == '}') {
			break
		}
		if c == '#' && i > o && isSpace(s[i-1]) {
			break
		}
		if inFlow && c == ':' && (i+1 == len(s) || isSpace(s[i+1]) || s[i+1] == '\n') {
			break
		}
		i++
	}
	for i > o && isSpace(s[i-1]) {
		i--
	}
	// A plain scalar may go on over more lines, folded into one with
	// spaces: take lines until the folded text is the node's value.
	want := strings.Fields(n.Value)
	got := strings.Fields(string(s[o:i]))
	for lines := 0; len(got) < len(want) && i < len(s) && lines < 10000; lines++ {
		at := d.lineEnd(i)
		if at >= len(s) {
			break
		}
		e := at
		for e < len(s) && s[e] != '\n' {
			c := s[e]
			if inFlow && (c == ',' || c == ']' || c == '}') || c == '#' && (e == at || isSpace(s[e-1])) {
				break
			}
			e++
		}
		for e > at && isSpace(s[e-1]) {
			e--
		}
		if words := strings.Fields(string(s[at:e])); len(words) > 0 {
			got = append(got, words...)
			i = e
		} else if e < len(s) && s[e] != '\n' {
			break
		} else {
			i = e
		}
	}
	return i
}

func indentOf(line []byte) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	return n
}

// bracketEnd returns the offset after the bracket that closes the one at o.
func (d *Doc) bracketEnd(o int) int {
	s := d.src
	depth := 0
	for i := o; i < len(s); i++ {
		switch s[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '"':
			if !d.tokenStart(o, i) {
				continue
			}
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '\'':
			if d.JSON || !d.tokenStart(o, i) {
				continue
			}
			for i++; i < len(s); i++ {
				if s[i] == '\'' {
					if i+1 < len(s) && s[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case '#':
			if !d.JSON && i > 0 && (isSpace(s[i-1]) || s[i-1] == '\n') {
				for i < len(s) && s[i] != '\n' {
					i++
				}
			}
		}
	}
	return len(s)
}

// tokenStart reports whether a quote at i starts a token: after an opening
// bracket, a separator or a space (a quote inside a plain scalar does not).
func (d *Doc) tokenStart(from, i int) bool {
	if i == from {
		return true
	}
	switch d.src[i-1] {
	case '{', '[', ',', ' ', '\t', '\n', '\r', ':':
		return true
	}
	return false
}

// Map is an ordered mapping to write.
type Map []KV

// KV is one entry of a Map.
type KV struct {
	K string
	V any
}

// Tagged is a value written differently in YAML and JSON, such as a
// CloudFormation intrinsic: YAML "!Ref KmsKey", JSON {"Ref": "KmsKey"}.
type Tagged struct {
	YAML string
	JSON any
}

// Ref is the CloudFormation reference to a parameter or resource.
func Ref(name string) Tagged { return Tagged{YAML: "!Ref " + name, JSON: Map{{"Ref", name}}} }

var plainSafe = regexp.MustCompile(`^[A-Za-z0-9_/][A-Za-z0-9_./:@+=-]*$`)
var yamlSpecial = regexp.MustCompile(`^(?i:y|n|yes|no|on|off|true|false|null|~|[-+]?[0-9][0-9_.:eE+-]*|[-+]?\.(inf|nan)|0x[0-9a-f]+|0o[0-7]+)$`)

// yamlString writes a string as a YAML plain scalar when that reads back as
// the same string, or double-quoted.
func yamlString(s string) string {
	if plainSafe.MatchString(s) && !yamlSpecial.MatchString(s) && !strings.Contains(s, ": ") {
		return s
	}
	return jsonString(s)
}

// yamlKey writes a mapping key: plain when it is a simple name.
func yamlKey(s string) string {
	if plainSafe.MatchString(s) {
		return s
	}
	return jsonString(s)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// scalarText renders a scalar value for YAML (json false) or JSON.
func scalarText(v any, asJSON bool) string {
	switch v := v.(type) {
	case string:
		if asJSON {
			return jsonString(v)
		}
		return yamlString(v)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	}
	panic(fmt.Sprintf("fix: not a scalar: %T", v))
}

// renderBlock renders v as the value after "key:" in block YAML whose key
// is at column indent (0-based): a scalar on the same line, a mapping or
// sequence on the following lines.
func (d *Doc) renderBlock(v any, indent int) string {
	switch v := v.(type) {
	case Map:
		var b strings.Builder
		for _, kv := range v {
			b.WriteString(d.nl + strings.Repeat(" ", indent+d.indent) + yamlKey(kv.K) + ":" + d.renderBlock(kv.V, indent+d.indent))
		}
		return b.String()
	case []any:
		var b strings.Builder
		dash := indent + d.seqIndent
		for _, it := range v {
			b.WriteString(d.nl + strings.Repeat(" ", dash) + "-" + d.renderItem(it, dash))
		}
		return b.String()
	case Tagged:
		return " " + v.YAML
	}
	return " " + scalarText(v, false)
}

// renderItem renders a block sequence item after its dash at column dash.
func (d *Doc) renderItem(v any, dash int) string {
	if m, ok := v.(Map); ok && len(m) > 0 {
		in := dash + 2
		s := " " + yamlKey(m[0].K) + ":" + d.renderBlock(m[0].V, in)
		for _, kv := range m[1:] {
			s += d.nl + strings.Repeat(" ", in) + yamlKey(kv.K) + ":" + d.renderBlock(kv.V, in)
		}
		return s
	}
	return d.renderBlock(v, dash)
}

// renderFlow renders v as JSON (valid YAML flow too); with indent >= 0
// mappings and sequences are spread over lines, their entries indented one
// step more than indent.
func (d *Doc) renderFlow(v any, indent int) string {
	pad := func(n int) string { return d.nl + strings.Repeat(" ", n) }
	switch v := v.(type) {
	case Map:
		if len(v) == 0 {
			return "{}"
		}
		parts := make([]string, len(v))
		for i, kv := range v {
			parts[i] = d.flowKey(kv.K) + ": " + d.renderFlow(kv.V, next(indent, d.indent))
		}
		if indent < 0 {
			return "{" + strings.Join(parts, ", ") + "}"
		}
		return "{" + pad(indent+d.indent) + strings.Join(parts, ","+pad(indent+d.indent)) + pad(indent) + "}"
	case []any:
		if len(v) == 0 {
			return "[]"
		}
		parts := make([]string, len(v))
		for i, it := range v {
			parts[i] = d.renderFlow(it, next(indent, d.indent))
		}
		if indent < 0 {
			return "[" + strings.Join(parts, ", ") + "]"
		}
		return "[" + pad(indent+d.indent) + strings.Join(parts, ","+pad(indent+d.indent)) + pad(indent) + "]"
	case Tagged:
		if !d.JSON {
			return v.YAML
		}
		return d.renderFlow(v.JSON, indent)
	case string:
		if !d.JSON && plainSafe.MatchString(v) && !yamlSpecial.MatchString(v) && !strings.Contains(v, ":") {
			return v
		}
		return jsonString(v)
	}
	return scalarText(v, true)
}

// flowKey writes a key inside a flow mapping: quoted in JSON, plain in YAML
// when it is a simple name.
func (d *Doc) flowKey(k string) string {
	if d.JSON {
		return jsonString(k)
	}
	return yamlKey(k)
}

func next(indent, step int) int {
	if indent < 0 {
		return -1
	}
	return indent + step
}

// Set sets key in mapping m to v: an existing scalar is replaced in place
// (keeping its quoting), an absent key is added after the mapping's last
// entry with the mapping's indentation. The key is matched ignoring case
// and underscores. A value written as a Ref to a template parameter is
// changed in the parameter's Default when d.Parameters is set.
func (d *Doc) Set(m *yaml.Node, key string, v any) ([]Edit, error) {
	return d.SetPath(m, []string{key}, v)
}

// SetPath sets the value at a path of keys below mapping m, adding the
// mappings of the path that are missing.
func (d *Doc) SetPath(m *yaml.Node, path []string, v any) ([]Edit, error) {
	return d.verified(d.setPath(m, path, v))
}

func (d *Doc) setPath(m *yaml.Node, path []string, v any) ([]Edit, error) {
	cur := m
	for i, key := range path {
		if cur.Kind == yaml.AliasNode {
			return nil, fmt.Errorf("%w: %s is an alias of another part of the file", ErrUnsupported, strings.Join(path[:i], "."))
		}
		if cur.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%w: %s is %s, not a mapping", ErrUnsupported, strings.Join(path[:i], "."), describe(cur))
		}
		if hasMerge(cur) && i < len(path)-1 {
			// A key of this mapping may come from the merge: setting a key
			// below it here would replace the whole merged value. The last
			// key of the path is set here, where it overrides a merged one.
			return nil, fmt.Errorf("%w: the mapping holding %s has a merge key (<<)", ErrUnsupported, key)
		}
		_, val := Get(cur, key)
		if val == nil {
			var nv any = v
			for j := len(path) - 1; j > i; j-- {
				nv = Map{{path[j], nv}}
			}
			e, err := d.insert(cur, key, nv)
			if err != nil {
				return nil, err
			}
			return []Edit{e}, nil
		}
		if i == len(path)-1 {
			return d.replace(val, v)
		}
		cur = val
	}
	return nil, nil
}

func hasMerge(m *yaml.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "<<" && m.Content[i].Tag == "!!merge" {
			return true
		}
	}
	return false
}

// describe names a node's kind for messages.
func describe(n *yaml.Node) string {
	if n.Tag != "" && !strings.HasPrefix(n.Tag, "!!") {
		return "computed by " + n.Tag
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 && isIntrinsic(n.Content[0].Value) {
		return "computed by " + n.Content[0].Value
	}
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a scalar"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a mapping"
}

func isIntrinsic(k string) bool {
	return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
}

// ParamRef returns the parameter a CloudFormation value refers to with
// !Ref or {"Ref": ...}.
func ParamRef(n *yaml.Node) (string, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!Ref" {
		return n.Value, true
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Ref" && n.Content[1].Kind == yaml.ScalarNode {
		return n.Content[1].Value, true
	}
	return "", false
}

// Replace replaces the scalar n with v, keeping its quoting style. A Ref to
// a template parameter (when d.Parameters) is followed to the parameter's
// Default; other computed values are refused.
func (d *Doc) Replace(n *yaml.Node, v any) ([]Edit, error) {
	return d.verified(d.replace(n, v))
}

func (d *Doc) replace(n *yaml.Node, v any) ([]Edit, error) {
	if name, ok := ParamRef(n); ok && d.Parameters {
		return d.setParamDefault(name, v)
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return nil, fmt.Errorf("%w: the value is shared through a YAML anchor", ErrUnsupported)
	}
	if isEmptyNull(n) {
		return nil, fmt.Errorf("%w: the value is empty", ErrUnsupported)
	}
	if n.Kind != yaml.ScalarNode || (n.Tag != "" && !strings.HasPrefix(n.Tag, "!!")) {
		if _, isMap := v.(Map); !isMap || n.Kind != yaml.MappingNode || describe(n) != "a mapping" {
			return nil, fmt.Errorf("%w: the value is %s", ErrUnsupported, describe(n))
		}
	}
	if n.Kind == yaml.MappingNode {
		var out []Edit
		for _, kv := range v.(Map) {
			es, err := d.Set(n, kv.K, kv.V)
			if err != nil {
				return nil, err
			}
			out = append(out, es...)
		}
		return out, nil
	}
	start := d.valueStart(n)
	end := d.scalarEnd(n, start, d.JSON || d.inFlowAt(start))
	if !d.spans(n, start, end) {
		return nil, fmt.Errorf("%w: the value's text could not be located", ErrUnsupported)
	}
	var text string
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		text = jsonString(plainText(v))
	case n.Style&yaml.SingleQuotedStyle != 0:
		text = "'" + strings.ReplaceAll(plainText(v), "'", "''") + "'"
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		text = scalarText(v, d.JSON)
	default:
		if _, isTagged := v.(Tagged); isTagged {
			text = d.renderTagged(v.(Tagged))
		} else if _, isScalar := v.(string); isScalar || !isCollection(v) {
			text = scalarText(v, d.JSON)
		} else {
			return nil, fmt.Errorf("%w: a scalar cannot become a collection in place", ErrUnsupported)
		}
	}
	if string(d.src[start:end]) == text {
		return nil, nil
	}
	return []Edit{d.edit(start, end, text)}, nil
}

// spans checks that [start, end) holds the scalar n as written: its quote,
// or for a plain scalar its words.
func (d *Doc) spans(n *yaml.Node, start, end int) bool {
	if start >= end || end > len(d.src) {
		return false
	}
	text := string(d.src[start:end])
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return text[0] == '"' && strings.HasSuffix(text, `"`)
	case n.Style&yaml.SingleQuotedStyle != 0:
		return text[0] == '\'' && strings.HasSuffix(text, "'")
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return text[0] == '|' || text[0] == '>'
	}
	return strings.Join(strings.Fields(text), " ") == strings.Join(strings.Fields(n.Value), " ")
}

func isCollection(v any) bool {
	switch v.(type) {
	case Map, []any:
		return true
	}
	return false
}

func (d *Doc) renderTagged(t Tagged) string {
	if d.JSON {
		return d.renderFlow(t.JSON, -1)
	}
	return t.YAML
}

// plainText is a scalar's text without quotes.
func plainText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return scalarText(v, true)
}

// inFlowAt reports whether offset o is inside a flow collection: a cheap
// check that the line holding it has an unclosed [ or { before it, or that
// it follows a flow collection opened on an earlier line.
func (d *Doc) inFlowAt(o int) bool {
	depth := 0
	for _, r := range d.Roots {
		if d.flowContains(r, o, &depth, 0) {
			return true
		}
	}
	return false
}

func (d *Doc) flowContains(n *yaml.Node, o int, _ *int, depth int) bool {
	if depth > tree.MaxDepth {
		return false
	}
	if (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && n.Style&yaml.FlowStyle != 0 {
		s := d.valueStart(n)
		return s < o && o < d.bracketEnd(s)
	}
	for _, c := range n.Content {
		if d.flowContains(c, o, nil, depth+1) {
			return true
		}
	}
	return false
}

// setParamDefault changes the Default of template parameter name to v.
func (d *Doc) setParamDefault(name string, v any) ([]Edit, error) {
	for _, r := range d.Roots {
		_, params := Get(r, "Parameters")
		_, p := Get(params, name)
		if p == nil {
			continue
		}
		_, def := Get(p, "Default")
		if def == nil {
			return nil, fmt.Errorf("%w: the value comes from parameter %s, which has no Default; pass %s when deploying", ErrUnsupported, name, plainText(v))
		}
		if _, allowed := Get(p, "AllowedValues"); allowed != nil {
			ok := false
			for _, a := range allowed.Content {
				if strings.EqualFold(a.Value, plainText(v)) {
					ok = true
				}
			}
			if !ok {
				return nil, fmt.Errorf("%w: the value comes from parameter %s, whose AllowedValues do not include %s", ErrUnsupported, name, plainText(v))
			}
		}
		if def.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%w: the Default of parameter %s is %s", ErrUnsupported, name, describe(def))
		}
		return d.replace(def, plainText(v))
	}
	return nil, fmt.Errorf("%w: the value is a Ref to %s, which is not a parameter of this template", ErrUnsupported, name)
}

// Insert adds key: v to mapping m after its last entry (m must not hold key).
func (d *Doc) Insert(m *yaml.Node, key string, v any) (Edit, error) {
	return d.verifiedOne(d.insert(m, key, v))
}

func (d *Doc) insert(m *yaml.Node, key string, v any) (Edit, error) {
	if m.Kind != yaml.MappingNode {
		return Edit{}, fmt.Errorf("%w: not a mapping", ErrUnsupported)
	}
	flow := m.Style&yaml.FlowStyle != 0 || d.JSON
	if flow {
		return d.insertFlow(m, key, v)
	}
	if len(m.Content) == 0 {
		return Edit{}, fmt.Errorf("%w: empty mapping", ErrUnsupported)
	}
	lastK, lastV := m.Content[len(m.Content)-2], m.Content[len(m.Content)-1]
	at := d.lineEnd(d.pairEnd(lastK, lastV, false))
	indent := m.Content[0].Column - 1
	text := strings.Repeat(" ", indent) + yamlKey(key) + ":" + d.renderBlock(v, indent) + d.nl
	if at == len(d.src) && (len(d.src) == 0 || d.src[len(d.src)-1] != '\n') {
		text = d.nl + strings.TrimSuffix(text, d.nl)
	}
	return d.edit(at, at, text), nil
}

// insertFlow adds an entry to a flow mapping or a JSON object.
func (d *Doc) insertFlow(m *yaml.Node, key string, v any) (Edit, error) {
	open := d.valueStart(m)
	closeAt := d.bracketEnd(open) - 1
	kq := d.flowKey(key)
	if len(m.Content) == 0 {
		return d.edit(closeAt, closeAt, kq+": "+d.renderFlow(v, -1)), nil
	}
	lastK, lastV := m.Content[len(m.Content)-2], m.Content[len(m.Content)-1]
	after := d.pairEnd(lastK, lastV, true)
	if d.lineOf(closeAt) == d.lineOf(open) || m.Content[0].Line == d.lineOf(open) {
		return d.edit(after, after, ", "+kq+": "+d.renderFlow(v, -1)), nil
	}
	indent := lastK.Column - 1
	return d.edit(after, after, ","+d.nl+strings.Repeat(" ", indent)+kq+": "+d.renderFlow(v, indent)), nil
}

// Append adds v as the last item of sequence s.
func (d *Doc) Append(s *yaml.Node, v any) (Edit, error) {
	return d.verifiedOne(d.append(s, v))
}

func (d *Doc) append(s *yaml.Node, v any) (Edit, error) {
	if s.Kind != yaml.SequenceNode || (s.Tag != "" && !strings.HasPrefix(s.Tag, "!!")) {
		return Edit{}, fmt.Errorf("%w: the list is %s", ErrUnsupported, describe(s))
	}
	if s.Style&yaml.FlowStyle != 0 || d.JSON {
		open := d.valueStart(s)
		closeAt := d.bracketEnd(open) - 1
		if len(s.Content) == 0 {
			return d.edit(closeAt, closeAt, d.renderFlow(v, -1)), nil
		}
		last := s.Content[len(s.Content)-1]
		after := d.end(last, true)
		if d.lineOf(closeAt) == d.lineOf(open) || s.Content[0].Line == d.lineOf(open) {
			return d.edit(after, after, ", "+d.renderFlow(v, -1)), nil
		}
		indent := last.Column - 1
		return d.edit(after, after, ","+d.nl+strings.Repeat(" ", indent)+d.renderFlow(v, indent)), nil
	}
	if len(s.Content) == 0 {
		return Edit{}, fmt.Errorf("%w: empty list", ErrUnsupported)
	}
	last := s.Content[len(s.Content)-1]
	dash := d.dashCol(last) - 1
	at := d.lineEnd(d.end(last, false))
	text := strings.Repeat(" ", dash) + "-" + d.renderItem(v, dash) + d.nl
	if at == len(d.src) && (len(d.src) == 0 || d.src[len(d.src)-1] != '\n') {
		text = d.nl + strings.TrimSuffix(text, d.nl)
	}
	return d.edit(at, at, text), nil
}

// RemoveItem deletes item i of sequence s. Removing the only item of a block
// sequence is refused (the key would be left empty); the caller removes
// the key instead.
func (d *Doc) RemoveItem(s *yaml.Node, i int) (Edit, error) {
	return d.verifiedOne(d.removeItem(s, i))
}

func (d *Doc) removeItem(s *yaml.Node, i int) (Edit, error) {
	if s.Kind != yaml.SequenceNode || i < 0 || i >= len(s.Content) {
		return Edit{}, fmt.Errorf("%w: no such item", ErrUnsupported)
	}
	it := s.Content[i]
	if s.Style&yaml.FlowStyle != 0 || d.JSON {
		start, end := d.valueStart(it), d.end(it, true)
		if i > 0 {
			start = d.end(s.Content[i-1], true)
		} else if len(s.Content) > 1 {
			end = d.valueStart(s.Content[1])
		}
		return d.edit(start, end, ""), nil
	}
	if len(s.Content) == 1 {
		return Edit{}, fmt.Errorf("%w: the only item of a list", ErrUnsupported)
	}
	dashOff := d.off(it.Line, d.dashCol(it))
	lineStart := d.lines[d.lineOf(dashOff)-1]
	if strings.TrimSpace(string(d.src[lineStart:dashOff])) != "" {
		return Edit{}, fmt.Errorf("%w: the item does not start its line", ErrUnsupported)
	}
	return d.edit(lineStart, d.lineEnd(d.end(it, false)), ""), nil
}

// RemoveKey deletes the entry key of block mapping m, with its lines.
func (d *Doc) RemoveKey(m *yaml.Node, key string) (Edit, error) {
	return d.verifiedOne(d.removeKey(m, key))
}

func (d *Doc) removeKey(m *yaml.Node, key string) (Edit, error) {
	k, v := Get(m, key)
	if k == nil {
		return Edit{}, fmt.Errorf("%w: no key %s", ErrUnsupported, key)
	}
	if m.Style&yaml.FlowStyle != 0 || d.JSON {
		idx := 0
		for i := 0; i < len(m.Content); i += 2 {
			if m.Content[i] == k {
				idx = i
			}
		}
		start, end := d.off(k.Line, k.Column), d.pairEnd(k, v, true)
		if idx > 0 {
			start = d.pairEnd(m.Content[idx-2], m.Content[idx-1], true)
		} else if len(m.Content) > 2 {
			end = d.off(m.Content[2].Line, m.Content[2].Column)
		}
		return d.edit(start, end, ""), nil
	}
	if len(m.Content) == 2 {
		return Edit{}, fmt.Errorf("%w: the only entry of a mapping", ErrUnsupported)
	}
	ko := d.off(k.Line, k.Column)
	lineStart := d.lines[min(k.Line, len(d.lines))-1]
	if strings.TrimSpace(string(d.src[lineStart:ko])) != "" {
		return Edit{}, fmt.Errorf("%w: the entry does not start its line", ErrUnsupported)
	}
	return d.edit(lineStart, d.lineEnd(d.pairEnd(k, v, false)), ""), nil
}

// Check parses data again and reports an error when it is no longer valid
// YAML or JSON.
func Check(data []byte) error {
	d, err := ParseDoc(data)
	if err != nil {
		return err
	}
	if d.JSON {
		if !json.Valid(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))) {
			return errors.New("not valid JSON")
		}
	}
	return nil
}

// KeyAt returns the mapping entry whose key, matching name, is written on
// the 1-based line: where a finding points at a value written in the file.
func (d *Doc) KeyAt(line int, name string) (m, k, v *yaml.Node) {
	var walk func(n *yaml.Node, depth int) bool
	walk = func(n *yaml.Node, depth int) bool {
		if depth > tree.MaxDepth || n.Kind == yaml.AliasNode {
			return false
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Line == line && tree.KeyEqual(n.Content[i].Value, name) {
					m, k, v = n, n.Content[i], n.Content[i+1]
					return true
				}
			}
		}
		for _, c := range n.Content {
			if walk(c, depth+1) {
				return true
			}
		}
		return false
	}
	for _, r := range d.Roots {
		if walk(r, 0) {
			return
		}
	}
	return nil, nil, nil
}

// ItemUnder returns the item, among the items of every sequence written
// under one of the keys, that holds the 1-based line (the last one starting
// on or before it, in the document that holds the line).
func (d *Doc) ItemUnder(line int, keys ...string) *yaml.Node {
	var best *yaml.Node
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if depth > tree.MaxDepth || n.Kind == yaml.AliasNode {
			return
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				v := n.Content[i+1]
				if v.Kind != yaml.SequenceNode {
					continue
				}
				for _, k := range keys {
					if n.Content[i].Value != k {
						continue
					}
					for _, it := range v.Content {
						if it.Line <= line && (best == nil || it.Line > best.Line) && d.lineOf(d.end(it, false)) >= line {
							best = it
						}
					}
				}
			}
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	for _, r := range d.Roots {
		walk(r, 0)
	}
	return best
}

// LastLine is the line of a node's last descendant (0 for nil).
func LastLine(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	line := n.Line
	for _, c := range n.Content {
		line = max(line, LastLine(c))
	}
	return line
}

// verified checks edits by applying them and parsing the result: an edit
// that would break the file, or change how many documents it holds, is
// refused.
func (d *Doc) verified(es []Edit, err error) ([]Edit, error) {
	if err != nil || len(es) == 0 {
		return es, err
	}
	out, conflicts, err := Apply(d.data, es)
	if err != nil || len(conflicts) > 0 {
		return nil, fmt.Errorf("%w: the edits overlap", ErrUnsupported)
	}
	nd, err := ParseDoc(out)
	if err == nil && len(nd.Roots) != len(d.Roots) {
		err = errors.New("the number of documents changed")
	}
	if err == nil && d.JSON && !nd.JSON {
		err = errors.New("not valid JSON")
	}
	if err != nil {
		return nil, fmt.Errorf("%w: the change would not parse (%v); please report", ErrUnsupported, err)
	}
	return es, nil
}

func (d *Doc) verifiedOne(e Edit, err error) (Edit, error) {
	if err != nil {
		return e, err
	}
	if _, err := d.verified([]Edit{e}, nil); err != nil {
		return Edit{}, err
	}
	return e, nil
}

// ReplaceEntry replaces the entry key of block mapping m, whose value is a
// scalar, with newKey: v, where it is written: a comment after the value
// stays on the last line written.
func (d *Doc) ReplaceEntry(m *yaml.Node, key, newKey string, v any) (Edit, error) {
	k, val := Get(m, key)
	if k == nil {
		return Edit{}, fmt.Errorf("%w: no key %s", ErrUnsupported, key)
	}
	if m.Style&yaml.FlowStyle != 0 || d.JSON || val.Kind != yaml.ScalarNode || val.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return Edit{}, fmt.Errorf("%w: %s is not a plain entry of a block mapping", ErrUnsupported, key)
	}
	start, end := d.off(k.Line, k.Column), d.end(val, false)
	return d.verifiedOne(d.edit(start, end, yamlKey(newKey)+":"+d.renderBlock(v, k.Column-1)), nil)
}
