// Package fix applies source edits: byte-range replacements computed by the
// rules' fix functions against the positions the parsers report. It sorts
// edits, drops those that conflict (they are retried on the next round, once
// the file has been re-parsed), applies the rest, and checks that the result
// still parses. Editors for each syntax (YAML/JSON, Dockerfile, HCL) turn
// "set this property" into such edits without touching any other byte.
package fix

import (
	"bytes"
	"fmt"
	"sort"
)

// Edit replaces the bytes [Start, End) of a file with Text; Start == End
// inserts.
type Edit struct {
	Start, End int
	Text       string
	// File is the path of the file the edit applies to when it is not the
	// finding's own (a Terraform variable's default in variables.tf, a
	// module call's argument); empty for the finding's file.
	File string
}

func (e Edit) String() string { return fmt.Sprintf("[%d,%d)→%q", e.Start, e.End, e.Text) }

// Apply applies the edits to src. Edits that overlap an earlier one (in
// order of position, then of the slice) are not applied and are returned as
// conflicts; an identical edit given twice is applied once. Two insertions
// at the same place conflict unless identical.
func Apply(src []byte, edits []Edit) (out []byte, conflicts []Edit, err error) {
	es := make([]Edit, 0, len(edits))
	for _, e := range edits {
		if e.Start < 0 || e.End < e.Start || e.End > len(src) {
			return nil, nil, fmt.Errorf("edit %v outside the file (%d bytes)", e, len(src))
		}
		es = append(es, e)
	}
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Start != es[j].Start {
			return es[i].Start < es[j].Start
		}
		return es[i].End < es[j].End
	})
	var kept []Edit
	for _, e := range es {
		if n := len(kept); n > 0 {
			last := kept[n-1]
			if last == e {
				continue
			}
			overlap := e.Start < last.End || (e.Start == last.Start && (e.Start == e.End) == (last.Start == last.End))
			if overlap {
				conflicts = append(conflicts, e)
				continue
			}
		}
		kept = append(kept, e)
	}
	var b bytes.Buffer
	b.Grow(len(src) + 256)
	at := 0
	for _, e := range kept {
		b.Write(src[at:e.Start])
		b.WriteString(e.Text)
		at = e.End
	}
	b.Write(src[at:])
	return b.Bytes(), conflicts, nil
}

// Diff returns the single edit that turns a into b: the bytes between their
// common prefix and common suffix (for editors that rewrite a whole file,
// such as hclwrite). It returns false when a and b are equal.
func Diff(a, b []byte) (Edit, bool) {
	if bytes.Equal(a, b) {
		return Edit{}, false
	}
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	return Edit{Start: p, End: len(a) - s, Text: string(b[p : len(b)-s])}, true
}

// LineEdits returns the edits that turn a into b, one per run of changed
// lines, so that changes far apart in a file (a resource and the variable
// it reads) do not make one edit that covers everything between them.
func LineEdits(a, b []byte) []Edit {
	if bytes.Equal(a, b) {
		return nil
	}
	al, bl := splitLines(string(a)), splitLines(string(b))
	offs := make([]int, len(al)+1)
	for i, l := range al {
		offs[i+1] = offs[i] + len(l)
	}
	pre, suf := commonEnds(al, bl)
	var out []Edit
	ai, bi := pre, pre
	var cur *Edit
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, op := range append(lcsOps(al[pre:len(al)-suf], bl[pre:len(bl)-suf]), ' ') {
		switch op {
		case ' ':
			flush()
			ai++
			bi++
		case '-':
			if cur == nil {
				cur = &Edit{Start: offs[ai], End: offs[ai]}
			}
			cur.End = offs[ai+1]
			ai++
		case '+':
			if cur == nil {
				cur = &Edit{Start: offs[ai], End: offs[ai]}
			}
			cur.Text += bl[bi]
			bi++
		}
	}
	return out
}

// MergeInserts joins the insertions of one fix made at the same place of
// the same file into one, in the order given (two properties added to one
// mapping), so that they do not conflict.
func MergeInserts(es []Edit) []Edit {
	var out []Edit
	at := map[[2]any]int{}
	for _, e := range es {
		if e.Start == e.End {
			k := [2]any{e.File, e.Start}
			if i, ok := at[k]; ok {
				if out[i].Text != e.Text {
					out[i].Text += e.Text
				}
				continue
			}
			at[k] = len(out)
		}
		out = append(out, e)
	}
	return out
}
