package dockerfile

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/trusted-registry",
		Title:    "Base image from a registry outside the trusted list",
		Phase:    finding.PhaseSupplyChain,
		Severity: finding.Medium,
		Rationale: "Base images from untrusted registries may carry vulnerabilities or malware and are not reviewed " +
			"(Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": use trusted images; protect the supply chain). Trusted by default are Docker Official Images, " +
			"ECR Public, private ECR registries, distroless, Chainguard and Microsoft's registry; trusted_registries in " +
			".shipshape.yaml replaces the list and a .hadolint.yaml's trustedRegistries are trusted too. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "FROM 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/node:20.15-slim\n# or add the registry to trusted_registries in .shipshape.yaml",
		},
		Inputs: dfInputs,
		Peers:  rule.Peers{Hadolint: []string{"DL3026"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				trusted := p.Settings.TrustedRegistries // read, never changed
				if len(img.HadolintTrusted) > 0 {
					trusted = append(append([]string{}, trusted...), img.HadolintTrusted...)
				}
				for _, s := range img.Stages {
					ref, ok := externalBase(s)
					if !ok || ref.Trusted(trusted) {
						continue
					}
					if !ref.DomainKnown || (!ref.PathKnown && !ref.Official()) {
						continue // the registry or repository is not known: cannot judge
					}
					p.Reportf(s.From, s.From.Pos, "%s is built FROM %s from %s, which is not a trusted registry; mirror it into ECR or add %s to trusted_registries in .shipshape.yaml",
						s.Label(), ref.Name(), registryName(ref), trustPattern(ref))
				}
			}
		},
	})
}

func registryName(r imageref.Ref) string {
	if r.Domain == "docker.io" {
		return "Docker Hub (not an official image)"
	}
	return r.Domain
}

// trustPattern is what to add to trusted_registries to trust the image's
// source: its registry host, or on Docker Hub its publisher's namespace
// (docker.io itself would trust every image there).
func trustPattern(r imageref.Ref) string {
	if r.Domain == "docker.io" {
		if ns, _, ok := strings.Cut(r.Path, "/"); ok {
			return "docker.io/" + ns
		}
	}
	return r.Domain
}
