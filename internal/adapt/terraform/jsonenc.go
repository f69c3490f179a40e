package terraform

import (
	"math/big"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// jsonText writes the text jsonencode makes of a value in one walk over it,
// exactly as go-cty's JSONEncode writes it (object and map keys sorted,
// strings escaped as encoding/json escapes them, numbers in their shortest
// decimal form), without the copies JSONEncode needs first: the value
// unmarked deeply, and rebuilt with a hole for each unknown leaf. Module
// instances encode their container definitions and policies again and
// again, so this is one of the adapter's hot paths.
type jsonText struct {
	buf []byte
	// holes writes each unknown leaf, and what is nested more than 64
	// deep, as the string tree.Hole (see holed); without it an unknown
	// leaf stops the walk (unknown is set).
	holes   bool
	unknown bool
	// written is set when a mark says where a module's caller wrote a
	// part of the value (see provenance.go).
	written bool
}

// encode writes v; false when it cannot (an unknown leaf without holes, a
// value JSON has no text for), and the caller falls back on go-cty.
func (w *jsonText) encode(v cty.Value, depth int) bool {
	v, marks := v.Unmark()
	if len(marks) > 0 && !w.written && hasWrittenAnywhere(marks) {
		w.written = true
	}
	if !v.IsKnown() || (w.holes && depth > 64) {
		if !w.holes {
			w.unknown = true
			return false
		}
		if !w.written && v.IsKnown() {
			// What is cut off still counts for its marks.
			_, deep := v.UnmarkDeep()
			w.written = hasWrittenAnywhere(deep)
		}
		w.buf = appendJSONString(w.buf, tree.Hole)
		return true
	}
	if v.IsNull() {
		w.buf = append(w.buf, "null"...)
		return true
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		w.buf = appendJSONString(w.buf, v.AsString())
	case ty == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInf() {
			return false
		}
		w.buf = appendJSONNumber(w.buf, bf)
	case ty == cty.Bool:
		w.buf = strconv.AppendBool(w.buf, v.True())
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType():
		// A map's elements come in the order of their keys.
		isMap := ty.IsMapType()
		open, end := byte('['), byte(']')
		if isMap {
			open, end = '{', '}'
		}
		w.buf = append(w.buf, open)
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			k, el := it.Element()
			if isMap {
				w.buf = appendJSONString(w.buf, k.AsString())
				w.buf = append(w.buf, ':')
			}
			if !w.encode(el, depth+1) {
				return false
			}
		}
		w.buf = append(w.buf, end)
	case ty.IsObjectType():
		atys := ty.AttributeTypes()
		names := make([]string, 0, len(atys))
		for name := range atys {
			names = append(names, name)
		}
		sort.Strings(names)
		w.buf = append(w.buf, '{')
		for i, name := range names {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.buf = appendJSONString(w.buf, name)
			w.buf = append(w.buf, ':')
			if !w.encode(v.GetAttr(name), depth+1) {
				return false
			}
		}
		w.buf = append(w.buf, '}')
	default:
		// Capsules and the like: go-cty says what it makes of them.
		return false
	}
	return true
}

// appendJSONNumber writes a number as big.Float's Text('f', -1) does,
// integers (ports, sizes, counts) without its slow general path.
func appendJSONNumber(dst []byte, bf *big.Float) []byte {
	if i, acc := bf.Int64(); acc == big.Exact && !(i == 0 && bf.Signbit()) {
		return strconv.AppendInt(dst, i, 10)
	}
	return bf.Append(dst, 'f', -1)
}

// appendJSONString writes s quoted as encoding/json writes a string: <, >
// and & escaped for HTML, control characters escaped, invalid UTF-8 as
// U+FFFD, U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
