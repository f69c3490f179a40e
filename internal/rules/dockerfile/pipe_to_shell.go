package dockerfile

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/pkginstall"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/pipe-to-shell",
		Title:    "Download piped into a shell",
		Phase:    finding.PhaseSupplyChain,
		Severity: finding.High,
		Rationale: "curl ... | sh runs whatever the server returns at build time, unreviewed and unpinned: a compromised " +
			"or spoofed download becomes code in the image (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": trusted sources; supply chain). Download to a file, " +
			"verify a pinned checksum or signature, then run it. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "ADD --checksum=sha256:<sha256> https://example.com/install.sh /tmp/install.sh\nRUN sh /tmp/install.sh && rm /tmp/install.sh",
		},
		Inputs: histInputs,
		Check: func(p *rule.Pass) {
			for _, img := range withHistory(p) {
				runs(img.Stages, func(s *model.Stage, in *model.Instruction) {
					for _, d := range pkginstall.PipesToShell(in.Script) {
						p.Reportf(in, callPos(in, d.Call), "RUN in %s pipes a %s download into %s; download to a file, verify its checksum, then run it", trigger(s.Label(), in), d.Fetcher, d.Shell)
					}
				})
			}
		},
	})
}
