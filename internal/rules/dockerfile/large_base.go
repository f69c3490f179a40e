package dockerfile

import (
	"slices"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/large-base",
		Title:    "Final image on a full distribution base",
		Phase:    finding.PhaseImage,
		Severity: finding.Low,
		Rationale: "Full images (python:3.12, node:20, golang) carry compilers, shells and hundreds of packages the " +
			"application never uses: more to attack and more vulnerabilities to triage (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": use a small base " +
			"image). Slim, alpine and distroless variants exist. Only the stage that is built counts. The rule is " +
			"precise rather than loud: it reports only application images, those whose built stages copy files " +
			"from the build context (COPY or ADD without --from, ONBUILD triggers included; shell scripts such as " +
			"an entrypoint do not count), directly or through COPY --from of a stage that does. A Dockerfile that copies nothing in and only installs software with RUN " +
			"defines a base or tool image (the language images themselves, built on buildpack-deps or a JDK), where " +
			"the full distribution is the point; the application images built FROM it are the ones reported. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "FROM python:3.12.4-slim-bookworm\n# compiled languages: FROM gcr.io/distroless/static-debian12:nonroot",
		},
		Inputs: dfInputs,
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				chain := built(p, img)
				if len(chain) == 0 {
					continue
				}
				root := chain[len(chain)-1]
				ref, ok := externalBase(root)
				if !ok || !ref.TagKnown || !ref.Official() || !copiesApplication(img, chain) {
					continue
				}
				if alt := smallerBase(ref); alt != "" {
					p.Reportf(root.From, root.From.Pos, "%s is based on the full image %s; use %s", finalLabel(img, img.Target), display(ref), alt)
				}
			}
		},
	})
}

// smallVariants mark tags of slim variants.
var smallVariants = []string{"slim", "alpine", "distroless", "minimal", "jre", "busybox", "nanoserver", "servercore", "windowsservercore"}

// smallerBase returns the smaller variant to use instead of a full official
// image, or "" when the image is already small or has none.
func smallerBase(r imageref.Ref) string {
	for _, v := range smallVariants {
		if strings.Contains(r.Tag, v) {
			return ""
		}
	}
	name := strings.TrimPrefix(r.Path, "library/")
	tag := r.Tag
	slim := func() string {
		if tag == "" || tag == "latest" {
			return name + ":<version>-slim"
		}
		return name + ":" + tag + "-slim"
	}
	switch name {
	case "python", "node", "ruby", "debian", "perl", "openjdk":
		return slim() + " or an alpine variant"
	case "golang", "rust", "gcc", "buildpack-deps", "haskell":
		return "a multi-stage build with gcr.io/distroless/static-debian12 or scratch for the final stage"
	case "maven", "gradle", "eclipse-temurin", "amazoncorretto":
		if name == "eclipse-temurin" && strings.Contains(tag, "jdk") {
			return "the JRE of the same release, eclipse-temurin:" + strings.Replace(tag, "jdk", "jre", 1) + ", for the final stage"
		}
		if strings.Contains(tag, "jdk") || name == "maven" || name == "gradle" {
			return "a JRE image such as eclipse-temurin:21-jre for the final stage"
		}
	}
	return ""
}

func display(r imageref.Ref) string {
	name := strings.TrimPrefix(r.Path, "library/")
	if r.Tag != "" {
		return name + ":" + r.Tag
	}
	return name
}

// copiesApplication reports whether the built stages take in files from
// the build context (COPY or ADD without --from, ONBUILD triggers included;
// shell scripts and remote URLs do not count), directly or through a COPY
// --from of a stage that does: what an application image does, and a base
// or tool image defined by RUN alone (or by a tool chain downloaded in a
// builder stage) does not.
func copiesApplication(img *model.DockerfileImage, chain []*model.Stage) bool {
	// Asked of most images, and most copy from no other stage: the stages
	// by name are mapped only when a COPY --from is met, and the stages
	// seen (a few) are listed rather than mapped.
	var byName map[string]*model.Stage
	var seen []*model.Stage
	var visit func(stages []*model.Stage) bool
	visit = func(stages []*model.Stage) bool {
		for _, s := range stages {
			if slices.Contains(seen, s) {
				continue
			}
			seen = append(seen, s)
			for _, in := range s.Instructions {
				if in.Cmd != "copy" && in.Cmd != "add" {
					continue
				}
				if in.CopyFrom != "" {
					if byName == nil {
						byName = stagesByRef(img)
					}
					if from := byName[strings.ToLower(in.CopyFrom)]; from != nil && visit(from.Chain()) {
						return true
					}
					continue
				}
				for _, src := range in.Sources() {
					if strings.HasPrefix(src, "<<") || remote(src) || strings.HasSuffix(strings.ToLower(src), ".sh") {
						continue
					}
					return true
				}
			}
		}
		return false
	}
	return visit(chain)
}
