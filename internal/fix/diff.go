package fix

import (
	"fmt"
	"strings"
)

// UnifiedDiff returns the changes from a to b as a unified diff with three
// lines of context, naming the file path on both sides.
func UnifiedDiff(path string, a, b []byte) string {
	if string(a) == string(b) {
		return ""
	}
	al, bl := splitLines(string(a)), splitLines(string(b))
	// The common head and tail are context only; the LCS runs on the middle.
	pre, suf := commonEnds(al, bl)
	ops := lcsOps(al[pre:len(al)-suf], bl[pre:len(bl)-suf])
	type line struct {
		op   byte // ' ', '-', '+'
		text string
		ai   int // index in a (for ' ' and '-'), or the a index it precedes
		bi   int
	}
	var all []line
	for i := 0; i < pre; i++ {
		all = append(all, line{' ', al[i], i, i})
	}
	ai, bi := pre, pre
	for _, op := range ops {
		switch op {
		case ' ':
			all = append(all, line{' ', al[ai], ai, bi})
			ai++
			bi++
		case '-':
			all = append(all, line{'-', al[ai], ai, bi})
			ai++
		case '+':
			all = append(all, line{'+', bl[bi], ai, bi})
			bi++
		}
	}
	for i := 0; i < suf; i++ {
		all = append(all, line{' ', al[ai], ai, bi})
		ai++
		bi++
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", path, path)
	const ctx = 3
	for i := 0; i < len(all); {
		if all[i].op == ' ' {
			i++
			continue
		}
		start := max(i-ctx, 0)
		end := i
		for end < len(all) {
			if all[end].op != ' ' {
				end++
				continue
			}
			run := end
			for run < len(all) && all[run].op == ' ' {
				run++
			}
			if run == len(all) || run-end > 2*ctx {
				end = min(end+ctx, len(all))
				break
			}
			end = run
		}
		na, nb := 0, 0
		for _, l := range all[start:end] {
			if l.op != '+' {
				na++
			}
			if l.op != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(all[start].ai, na), hunkRange(all[start].bi, nb))
		for _, l := range all[start:end] {
			out.WriteByte(l.op)
			out.WriteString(strings.TrimSuffix(strings.TrimSuffix(l.text, "\n"), "\r"))
			out.WriteByte('\n')
			if !strings.HasSuffix(l.text, "\n") {
				out.WriteString("\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// lcsOps returns the edit script from a to b (' ' keep, '-' delete, '+'
// insert) by longest common subsequence. The inputs are the changed middle
// of two files, small for the local edits fixes make; past a size where the
// table would be large, the whole middle is replaced.
func lcsOps(a, b []string) []byte {
	if len(a)*len(b) > 4_000_000 {
		ops := make([]byte, 0, len(a)+len(b))
		for range a {
			ops = append(ops, '-')
		}
		for range b {
			ops = append(ops, '+')
		}
		return ops
	}
	n, m := len(a), len(b)
	t := make([][]int32, n+1)
	for i := range t {
		t[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var ops []byte
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, ' ')
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			ops = append(ops, '-')
			i++
		default:
			ops = append(ops, '+')
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, '-')
	}
	for ; j < m; j++ {
		ops = append(ops, '+')
	}
	return ops
}

// commonEnds returns how many lines a and b share at their start, and how
// many of the rest they share at their end.
func commonEnds(a, b []string) (pre, suf int) {
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	return pre, suf
}
