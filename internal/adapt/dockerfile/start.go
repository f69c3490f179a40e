package dockerfile

import (
	"path"
	"strings"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
)

// maxScriptSize bounds the start scripts read from the build context.
const maxScriptSize = 256 << 10

// startScripts finds the scripts of the build context that the built
// image's ENTRYPOINT and CMD run (COPY'd from the context), and parses them.
func startScripts(img *model.DockerfileImage, read func(string) ([]byte, error)) []model.StartScript {
	if img.Target == nil || img.Target.Windows {
		return nil
	}
	chain := img.Target.Chain()
	var out []model.StartScript
	for _, cmd := range []string{"entrypoint", "cmd"} {
		var in *model.Instruction
		for _, s := range chain {
			if in = s.Last(cmd); in != nil {
				break
			}
		}
		if in == nil || in.Script == nil {
			continue
		}
		target := scriptPath(in.Script)
		if target == "" {
			continue
		}
		rel, ok := contextFile(chain, target)
		if !ok {
			continue
		}
		data, err := read(rel)
		if err != nil || len(data) > maxScriptSize {
			continue
		}
		first, _, _ := strings.Cut(string(data), "\n")
		if strings.HasPrefix(first, "#!") && !shebangShell(first) {
			continue
		}
		sc, err := shell.Parse(string(data))
		if err != nil {
			continue
		}
		out = append(out, model.StartScript{Cmd: in, Path: rel, Script: sc})
	}
	return out
}

// scriptPath returns the script a start command runs: its first word, or
// the argument of "sh script.sh".
func scriptPath(s *shell.Script) string {
	for _, c := range s.Calls {
		if c.Nested > 0 || c.Substituted || len(c.Args) == 0 {
			continue
		}
		args := c.Args
		if shell.IsShell(c.Name()) {
			args = args[1:]
			for len(args) > 0 && strings.HasPrefix(args[0], "-") {
				args = args[1:]
			}
			if len(args) == 0 {
				return ""
			}
		}
		p := args[0]
		if strings.Contains(p, shell.Unknown) || !(strings.Contains(p, "/") || strings.HasSuffix(p, ".sh")) {
			return ""
		}
		return p
	}
	return ""
}

// contextFile finds the COPY (from the build context) that put the file at
// target into the image, and returns the file's path in the context.
func contextFile(chain []*model.Stage, target string) (string, bool) {
	for _, s := range chain {
		cps := s.Cmds("copy")
		cps = append(cps, s.Cmds("add")...)
		for i := len(cps) - 1; i >= 0; i-- {
			in := cps[i]
			if in.CopyFrom != "" || len(in.Heredocs) > 0 {
				continue
			}
			for _, src := range in.Sources() {
				if strings.ContainsAny(src, "*?[$") || strings.Contains(src, "://") {
					continue
				}
				if rel, ok := matchCopy(in, src, target); ok {
					return rel, true
				}
			}
		}
	}
	return "", false
}

// matchCopy reports whether copying src as the instruction does puts a file
// at target, and returns that file's path in the context.
func matchCopy(in *model.Instruction, src, target string) (string, bool) {
	dest := in.Dest()
	multi := strings.HasSuffix(dest, "/") || len(in.Sources()) > 1 || dest == "."
	var rel string
	switch {
	case !multi && (dest == target || path.Base(dest) == path.Base(target) && !strings.Contains(target, "/")):
		rel = src
	case multi && path.Base(src) == path.Base(target):
		rel = src
	default:
		// A directory copied whole: the target is below its destination.
		d := strings.TrimSuffix(dest, "/") + "/"
		t := target
		if !strings.HasPrefix(t, "/") && !strings.HasPrefix(d, "/") {
			t = path.Clean(t)
		}
		if d == "./" {
			rel = path.Join(src, strings.TrimPrefix(t, "./"))
		} else if strings.HasPrefix(t, d) {
			rel = path.Join(src, strings.TrimPrefix(t, d))
		} else {
			return "", false
		}
	}
	rel = path.Clean(strings.TrimPrefix(rel, "/"))
	if rel == "." || strings.HasPrefix(rel, "..") {
		return "", false
	}
	return rel, true
}
