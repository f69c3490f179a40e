package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// streamedArray is an array of a JSON document written element by element:
// the document is encoded with the array empty, and the elements are
// encoded one at a time where `"Key": []` stands, so that a report of
// 100,000 findings never holds them all encoded (nor their report structs)
// at once.
type streamedArray struct {
	key  string
	n    int
	elem func(i int) any
}

// writeStreamedJSON writes skeleton, indented by two spaces and without
// HTML escaping as json.Encoder writes it, with each array's elements in
// place of its first empty occurrence (after the previous array's).
func writeStreamedJSON(w io.Writer, skeleton any, arrays ...streamedArray) error {
	var doc bytes.Buffer
	enc := json.NewEncoder(&doc)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(skeleton); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	rest := doc.Bytes()
	var el bytes.Buffer
	for _, a := range arrays {
		marker := []byte(fmt.Sprintf("%q: []", a.key))
		i := bytes.Index(rest, marker)
		if i < 0 {
			return fmt.Errorf("report: no empty %q array to stream into", a.key)
		}
		lineStart := bytes.LastIndexByte(rest[:i], '\n') + 1
		indent := string(rest[lineStart:i])
		bw.Write(rest[:i+len(marker)-1]) // up to and with the "["
		rest = rest[i+len(marker):]
		if a.n == 0 {
			bw.WriteByte(']')
			continue
		}
		ee := json.NewEncoder(&el)
		ee.SetEscapeHTML(false)
		ee.SetIndent(indent+"  ", "  ")
		for k := 0; k < a.n; k++ {
			el.Reset()
			if err := ee.Encode(a.elem(k)); err != nil {
				return err
			}
			if k > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString("\n" + indent + "  ")
			bw.Write(bytes.TrimSuffix(el.Bytes(), []byte("\n")))
		}
		bw.WriteString("\n" + indent + "]")
	}
	bw.Write(rest)
	return bw.Flush()
}
