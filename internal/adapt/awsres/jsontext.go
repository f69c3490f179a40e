package awsres

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// jsonTree reads text that is plain JSON (a policy, container definitions)
// into the tree tree.Parse gives for it, with encoding/json rather than the
// YAML parser, which costs several times more. ok is false for anything it
// does not read exactly as tree.Parse would (text that is not JSON, a "<<"
// key, a long integer, deep nesting): tree.Parse reads that. Positions are
// left unset: parseJSONString places every node on the string's line.
func jsonTree(s string) (n *tree.Node, ok bool) {
	if s == "" || s[0] != '{' && s[0] != '[' || !utf8.ValidString(s) || strings.ContainsRune(s, '\t') ||
		strings.Contains(s, `\ud`) || strings.Contains(s, `\uD`) {
		// An object or array; tabs (which YAML does not take for spaces
		// everywhere JSON does) and escaped surrogates (\ud83d\ude00,
		// which the YAML parser refuses) are left to tree.Parse.
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	n, ok = jsonValue(dec, 0)
	if !ok {
		return nil, false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, false // more than one value
	}
	return n, true
}

// maxIntDigits is the longest integer read here: longer ones may not fit
// the YAML resolver's integer types.
const maxIntDigits = 18

func jsonValue(dec *json.Decoder, depth int) (*tree.Node, bool) {
	if depth > tree.MaxDepth {
		return nil, false
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, false
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &tree.Node{Kind: tree.Map, Pairs: []tree.Pair{}}
			index := map[string]int{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, false
				}
				key, isStr := kt.(string)
				if !isStr || key == "<<" {
					return nil, false // "<<" is a YAML merge key
				}
				v, ok := jsonValue(dec, depth+1)
				if !ok {
					return nil, false
				}
				p := tree.Pair{Key: &tree.Node{Kind: tree.Scalar, Value: key}, Value: v}
				if j, dup := index[key]; dup {
					n.Pairs[j] = p // the last value is used
					continue
				}
				index[key] = len(n.Pairs)
				n.Pairs = append(n.Pairs, p)
			}
			if end, err := dec.Token(); err != nil || end != json.Delim('}') {
				return nil, false
			}
			return n, true
		case '[':
			n := &tree.Node{Kind: tree.Seq, Items: []*tree.Node{}}
			for dec.More() {
				v, ok := jsonValue(dec, depth+1)
				if !ok {
					return nil, false
				}
				n.Items = append(n.Items, v)
			}
			if end, err := dec.Token(); err != nil || end != json.Delim(']') {
				return nil, false
			}
			return n, true
		}
		return nil, false
	case string:
		return &tree.Node{Kind: tree.Scalar, Value: t}, true
	case json.Number:
		text := string(t)
		if !strings.ContainsAny(text, ".eE") {
			if len(strings.TrimPrefix(text, "-")) > maxIntDigits || text == "-0" {
				return nil, false // -0 is a float to the YAML resolver
			}
			return &tree.Node{Kind: tree.Scalar, Type: tree.Int, Value: text}, true
		}
		return &tree.Node{Kind: tree.Scalar, Type: tree.Float, Value: text}, true
	case bool:
		v := "false"
		if t {
			v = "true"
		}
		return &tree.Node{Kind: tree.Scalar, Type: tree.Bool, Value: v}, true
	case nil:
		return &tree.Node{Kind: tree.Null, Value: "null"}, true
	}
	return nil, false
}
