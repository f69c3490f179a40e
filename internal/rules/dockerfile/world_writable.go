package dockerfile

import (
	"path"
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
	"github.com/shipshape/shipshape/internal/rule"
)

// The rule judges the image's file system, so it belongs to the image phase:
// the mode is set when the image is built and shipped with every layer.
func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/world-writable",
		Title:    "World-writable files in the image",
		Phase:    finding.PhaseImage,
		Severity: finding.Medium,
		Rationale: "chmod 777 (or 666, a+w, o+w) lets every user of the container rewrite the files: a process that " +
			"runs as a low-privileged user, or an attacker who got in through it, can replace the application's code, " +
			"scripts or configuration, and what it wrote runs with the privileges of whoever reads it next. That undoes " +
			"the point of running as a non-root USER (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": container run-time privileges; grant only the least " +
			"privilege). Give files the least mode they need and the user that writes them ownership, instead of " +
			"opening them to everyone. Directories with the sticky bit (1777, /tmp) are not reported. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "COPY --chown=10001:10001 --chmod=755 app/ /app/\nRUN install -d -o 10001 -g 10001 -m 0750 /app/data\nUSER 10001:10001",
		},
		Inputs: dfInputs,
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				for _, s := range built(p, img) {
					for _, in := range s.Instructions {
						switch in.Cmd {
						case "run":
							if in.Script != nil {
								checkChmods(p, img, s, in)
							}
						case "copy", "add":
							if m, ok := in.Flag("chmod"); ok && worldWritableMode(m) {
								p.Reportf(in, in.Pos, "%s --chmod=%s in %s makes the copied files writable by every user; use the least mode needed (--chmod=755 or 644) and --chown for the user that writes them",
									strings.ToUpper(in.Cmd), m, trigger(finalLabel(img, s), in))
							}
						}
					}
				}
			}
		},
	})
}

// checkChmods reports the chmod, mkdir -m and install -m calls of a RUN
// that make paths writable by everyone.
func checkChmods(p *rule.Pass, img *model.DockerfileImage, s *model.Stage, in *model.Instruction) {
	for i, c := range in.Script.Calls {
		name, args := unwrapCall(c.Args)
		mode, paths, recursive := modeOf(name, args)
		if mode == "" || !worldWritableMode(mode) || removedLater(in.Script.Calls[i+1:], paths) {
			continue
		}
		// paths may share the parsed script's words: name them in a copy.
		names := make([]string, len(paths))
		for i, t := range paths {
			names[i] = showWord(c, t)
			if t == "{}" {
				names[i] = "what find selects"
			}
		}
		what := strings.Join(names, " ")
		if len(paths) == 0 {
			what = "its targets"
		}
		if recursive {
			what += " and everything below"
		}
		if name != "chmod" {
			name += " -m"
		}
		p.Reportf(in, callPos(in, c), "RUN in %s runs %s %s, which makes %s writable by every user; use the least mode needed (755 for directories, 644 for files) and give ownership to the user that writes them (chown, COPY --chown)",
			trigger(finalLabel(img, s), in), name, show(mode), show(what))
		return
	}
}

// unwrapCall returns the command a call runs through sudo, env, nohup,
// exec, command, xargs or find -exec, with its words.
func unwrapCall(args []string) (string, []string) {
	for depth := 0; depth < 4 && len(args) > 0; depth++ {
		name := baseName(args[0])
		var rest []string
		switch name {
		case "sudo":
			rest = skipOptions(args[1:], "-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T")
		case "env":
			rest = skipOptions(args[1:], "-u", "-C", "-S")
			for len(rest) > 0 && strings.Contains(rest[0], "=") {
				rest = rest[1:]
			}
		case "nohup", "exec", "command", "doas":
			rest = skipOptions(args[1:], "-u", "-a")
		case "xargs":
			rest = skipOptions(args[1:], "-I", "-i", "-n", "-P", "-d", "-L", "-s", "-E", "-a")
		case "find":
			rest = findExec(args[1:])
		default:
			return name, args
		}
		if len(rest) == 0 {
			return name, nil
		}
		args = rest
	}
	if len(args) == 0 {
		return "", nil
	}
	return baseName(args[0]), args
}

// skipOptions drops leading options (and the value of those listed as
// taking one) and a "--" ending them.
func skipOptions(args []string, withValue ...string) []string {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
		for _, v := range withValue {
			if a == v && len(args) > 0 {
				args = args[1:]
				break
			}
		}
	}
	return args
}

// findExec returns the command of find's -exec or -execdir, up to its ";" or "+".
func findExec(args []string) []string {
	for i, a := range args {
		if a != "-exec" && a != "-execdir" && a != "-ok" && a != "-okdir" {
			continue
		}
		cmd := args[i+1:]
		for j, w := range cmd {
			if w == ";" || w == "+" {
				return cmd[:j]
			}
		}
		return cmd
	}
	return nil
}

// modeOf returns the mode a chmod, mkdir -m or install -m call sets, the
// paths it names and whether it recurses; "" when it sets none it can tell.
func modeOf(name string, args []string) (mode string, paths []string, recursive bool) {
	if len(args) == 0 {
		return "", nil, false
	}
	rest := args[1:]
	switch name {
	case "chmod":
		for i := 0; i < len(rest); i++ {
			a := rest[i]
			switch {
			case a == "--":
				if i+1 < len(rest) {
					return rest[i+1], rest[i+2:], recursive
				}
				return "", nil, false
			case a == "-R" || a == "--recursive":
				recursive = true
			case strings.HasPrefix(a, "--reference"):
				return "", nil, false
			case strings.HasPrefix(a, "--"):
			case strings.HasPrefix(a, "-") && isFlagCluster(a[1:]):
				if strings.Contains(a, "R") {
					recursive = true
				}
			default:
				// The first other word is the mode (a "-w" style mode
				// removes permissions and is never reported); options
				// may follow it (chmod 777 -R dir).
				for _, t := range rest[i+1:] {
					switch {
					case t == "-R" || t == "--recursive" || strings.HasPrefix(t, "-") && isFlagCluster(t[1:]) && strings.Contains(t, "R"):
						recursive = true
					case strings.HasPrefix(t, "-"):
					default:
						paths = append(paths, t)
					}
				}
				return a, paths, recursive
			}
		}
	case "mkdir", "install":
		var targets []string
		for i := 0; i < len(rest); i++ {
			a := rest[i]
			switch {
			case (a == "-m" || a == "--mode") && i+1 < len(rest):
				mode = rest[i+1]
				i++
			case strings.HasPrefix(a, "--mode="):
				mode = strings.TrimPrefix(a, "--mode=")
			case strings.HasPrefix(a, "-m") && len(a) > 2:
				mode = a[2:]
			case (a == "-o" || a == "-g" || a == "--owner" || a == "--group" || a == "-t" || a == "-S") && name == "install":
				i++
			case strings.HasPrefix(a, "-"):
			default:
				targets = append(targets, a)
			}
		}
		if mode != "" && name == "install" && len(targets) > 0 {
			targets = targets[len(targets)-1:] // the destination
		}
		return mode, targets, false
	}
	return "", nil, false
}

// removedLater reports whether later calls of the RUN remove every path
// (rm of the path or of a directory above it): the mode then stays out of
// the layer. A path that is a variable counts as removed when a later rm
// removes a variable ("tmp=$(mktemp -d); chmod 777 "$tmp"; ...; rm -rf "$tmp"").
func removedLater(later []*shell.Call, paths []string) bool {
	if len(paths) == 0 {
		return false
	}
	removed := map[string]bool{}
	for _, c := range later {
		name, args := unwrapCall(c.Args)
		if name != "rm" {
			continue
		}
		for _, a := range args[1:] {
			if !strings.HasPrefix(a, "-") {
				removed[strings.TrimSuffix(a, "/")] = true
			}
		}
	}
	for _, p := range paths {
		if !removedPath(removed, strings.TrimSuffix(p, "/")) {
			return false
		}
	}
	return true
}

func removedPath(removed map[string]bool, p string) bool {
	if p == shell.Unknown {
		return removed[shell.Unknown]
	}
	for d := p; d != "" && d != "/" && d != "."; d = path.Dir(d) {
		if removed[d] {
			return true
		}
	}
	return false
}

// isFlagCluster reports whether s is a cluster of chmod's letter options
// (-R, -f, -v, -c), not a symbolic mode such as -w.
func isFlagCluster(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("Rfvc", r) {
			return false
		}
	}
	return true
}

// worldWritableMode reports whether a mode, octal or symbolic, grants write
// permission to others. Modes with the sticky bit (1777 for /tmp-like
// directories) and modes that are not known are not reported.
func worldWritableMode(m string) bool {
	m = strings.TrimSpace(m)
	if m == "" || strings.Contains(m, shell.Unknown) || strings.Contains(m, "$") {
		return false
	}
	if m[0] >= '0' && m[0] <= '7' {
		v, err := strconv.ParseUint(m, 8, 32)
		if err != nil || len(m) > 5 {
			return false
		}
		return v&0o002 != 0 && v&0o1000 == 0
	}
	writable, sticky := false, false
	for _, clause := range strings.Split(m, ",") {
		who := strings.TrimLeft(clause, "ugoa")
		users := clause[:len(clause)-len(who)]
		others := strings.ContainsAny(users, "oa")
		// An empty "who" applies through the umask (022 in builds), which
		// keeps others' write bit off.
		for who != "" {
			op := who[0]
			if op != '+' && op != '-' && op != '=' {
				return false // not a mode
			}
			perms := who[1:]
			end := strings.IndexAny(perms, "+-=")
			if end < 0 {
				end = len(perms)
			}
			p := perms[:end]
			who = perms[end:]
			switch op {
			case '+', '=':
				if others && strings.Contains(p, "w") {
					writable = true
				}
				if strings.Contains(p, "t") {
					sticky = true
				}
			case '-':
				if others && strings.Contains(p, "w") {
					writable = false
				}
			}
		}
	}
	return writable && !sticky
}
