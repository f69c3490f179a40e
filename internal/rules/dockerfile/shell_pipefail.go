package dockerfile

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/shell-pipefail",
		Title:    "RUN pipe without pipefail",
		Phase:    finding.PhaseImage,
		Severity: finding.Low,
		Rationale: "A shell pipeline fails only when its last command fails: in curl URL | tar x a failed download " +
			"still builds an image, silently missing what it should contain. set -o pipefail (or a SHELL with it) makes " +
			"the build stop. Pipelines fed by echo, printf, yes or an argument-less cat (a here-document) are not " +
			"reported: those commands print what they are given and do not fail, so pipefail catches nothing there " +
			"(a failed $(...) inside their arguments is ignored with or without it), and yes | cmd would even fail " +
			"under pipefail when cmd stops reading. A pipe into true or : discards the status on purpose and is not " +
			"reported either. On Alpine and BusyBox images, which have no bash, the SHELL to use " +
			"is /bin/ash. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/x.tar.gz | tar -xz -C /opt",
		},
		Inputs: dfInputs,
		Peers:  rule.Peers{Hadolint: []string{"DL4006"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				runs(img.Stages, func(s *model.Stage, in *model.Instruction) {
					for _, c := range in.Script.Calls {
						if c.PipeTo == nil || c.Pipefail || c.Substituted || !c.PipeTo.Piped || cannotFail(c) || discards(c.PipeTo) {
							continue
						}
						p.Reportf(in, callPos(in, c), "RUN in %s pipes %s into %s without pipefail, so a failure of %s is ignored; add set -o pipefail or SHELL [\"%s\", \"-o\", \"pipefail\", \"-c\"]",
							trigger(s.Label(), in), c.Name(), c.PipeTo.Name(), c.Name(), pipefailShell(s))
						return
					}
				})
			}
		},
	})
}

// discards reports whether a pipeline ends in true or ":", which throws its
// input and status away on purpose ("find ... | true"): pipefail would undo
// what it is written for.
func discards(c *shell.Call) bool {
	n := c.Name()
	return n == "true" || n == ":"
}

// cannotFail reports whether a pipeline's feeding command only prints what
// it is given (echo, printf, yes, or cat of a here-document or stdin), so
// that pipefail has no failure of it to catch.
func cannotFail(c *shell.Call) bool {
	switch c.Name() {
	case "echo", "printf", "yes":
		return true
	case "cat":
		return len(c.Args) == 1
	}
	return false
}

// pipefailShell is the shell to name in a SHELL with pipefail: /bin/ash on
// Alpine and BusyBox images, which have no bash, else /bin/bash.
func pipefailShell(s *model.Stage) string {
	chain := s.Chain()
	ref, ok := externalBase(chain[len(chain)-1])
	if !ok || !ref.PathKnown {
		return "/bin/bash"
	}
	name := ref.Path[strings.LastIndexByte(ref.Path, '/')+1:]
	if name == "alpine" || name == "busybox" || strings.Contains(ref.Tag, "alpine") {
		return "/bin/ash"
	}
	return "/bin/bash"
}
