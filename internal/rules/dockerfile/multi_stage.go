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
		ID:       "dockerfile/multi-stage",
		Title:    "Build tools in the final image",
		Phase:    finding.PhaseImage,
		Severity: finding.Low,
		Rationale: "Compilers, build tools and sources left in the image that runs are attack surface and scan noise " +
			"(Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": keep images small; use multi-stage builds). Build in an earlier stage and COPY --from only " +
			"what runs. The rule is precise rather than loud: a Dockerfile whose built stages set no CMD, " +
			"ENTRYPOINT or EXPOSE, copy nothing from the build context and start from scratch or an operating system or " +
			"language image defines a base image to build FROM (buildpack-deps, the golang image, an SDK image), where " +
			"the tool chain is the point, and is not reported; the images built FROM it that install their own tools are. " +
			"A Dockerfile that only adds RUN steps to a service image (redis, nginx) is still judged. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "FROM golang:1.22.5 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\n" +
				"FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]",
		},
		Inputs: dfInputs,
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				chain := built(p, img)
				// A base image's chain is not judged (asked once: the
				// answer is the chain's, not a stage's).
				judge := len(chain) > 0 && !baseImage(img, chain)
				for _, s := range chain {
					if !judge {
						break
					}
					if in, c, what, pkg := buildToolInstall(p, s); in != nil {
						label := finalLabel(img, s)
						if s != img.Target {
							label += ", which the final stage is built FROM,"
						}
						p.Reportf(in, wordPos(in, c, pkg), "%s installs the build tool %s and keeps it; build in an earlier stage and COPY --from only the result",
							label, what)
						break
					}
				}
				if len(img.Stages) == 1 {
					if in, c := buildCommand(img.Stages[0]); in != nil {
						p.Reportf(in, callPos(in, c), "the image builds code (%s) in its only stage, so sources and tool chain ship with it; use a multi-stage build and COPY --from only the result",
							strings.Join(c.Args[:min(len(c.Args), 2)], " "))
					}
				}
			}
		},
	})
}

// buildTools are packages that compile code.
var buildTools = map[string]bool{
	"gcc": true, "g++": true, "clang": true, "make": true, "cmake": true, "build-essential": true, "build-base": true,
	"golang": true, "go": true, "rustc": true, "cargo": true, "maven": true, "gradle": true, "default-jdk": true,
	"autoconf": true, "automake": true, "libtool": true, "gcc-c++": true, "musl-dev": true,
}

// buildToolInstall finds a build tool installed, and not removed again in
// the same RUN, by an OS package manager in the stage: the RUN, the install
// call, the tool's name and the package word that names it.
func buildToolInstall(p *rule.Pass, s *model.Stage) (*model.Instruction, *shell.Call, string, string) {
runs:
	for _, in := range s.Instructions {
		if in.Cmd != "run" || in.OnBuild || in.Script == nil {
			continue
		}
		for _, ins := range installs(p, in.Script) {
			switch ins.Manager {
			case "apt-get", "apt", "apk", "yum", "dnf", "microdnf":
			default:
				continue
			}
			for _, pkg := range ins.Packages {
				name := pkg
				if i := strings.IndexAny(name, "=~<>"); i >= 0 {
					name = name[:i]
				}
				if buildTools[name] || strings.HasPrefix(name, "openjdk-") && strings.HasSuffix(name, "-jdk") {
					// A RUN that removes packages again is passed over:
					// asked only of the few that install a build tool.
					if uninstalls(in.Script) {
						continue runs
					}
					return in, ins.Call, name, pkg
				}
			}
		}
	}
	return nil, nil, "", ""
}

// uninstalls reports whether a script removes packages again
// (apk del .build-deps, apt-get purge).
func uninstalls(s *shell.Script) bool {
	for _, c := range s.Calls {
		switch c.Name() {
		case "apk":
			if hasArg(c, "del") {
				return true
			}
		case "apt-get", "apt":
			if hasArg(c, "purge") || hasArg(c, "remove") || hasArg(c, "autoremove") {
				return true
			}
		case "yum", "dnf":
			if hasArg(c, "remove") || hasArg(c, "erase") || hasArg(c, "autoremove") {
				return true
			}
		}
	}
	return false
}

// buildCommand finds a RUN that compiles or bundles code.
func buildCommand(s *model.Stage) (*model.Instruction, *shell.Call) {
	for _, in := range s.Cmds("run") {
		if in.Script == nil {
			continue
		}
		for _, c := range in.Script.Calls {
			if isBuild(c) {
				return in, c
			}
		}
	}
	return nil, nil
}

func isBuild(c *shell.Call) bool {
	if len(c.Args) < 2 {
		return false
	}
	sub := c.Args[1]
	switch c.Name() {
	case "go", "cargo":
		return sub == "build"
	case "mvn", "mvnw":
		return hasArg(c, "package") || hasArg(c, "install") || hasArg(c, "verify")
	case "gradle", "gradlew":
		return hasArg(c, "build") || hasArg(c, "assemble") || hasArg(c, "bootJar") || hasArg(c, "installDist")
	case "dotnet":
		return sub == "publish" || sub == "build"
	case "npm", "pnpm":
		return sub == "run" && len(c.Args) > 2 && c.Args[2] == "build"
	case "yarn":
		return sub == "build" || sub == "run" && len(c.Args) > 2 && c.Args[2] == "build"
	}
	return false
}

// baseImage reports whether the built stages define a base image to build
// FROM rather than an application: they set no CMD, ENTRYPOINT or EXPOSE
// (ONBUILD triggers aside), copy nothing from the build context, and start
// from scratch or from an operating system or language image, whose own
// command is a shell or an interpreter. A Dockerfile that only adds RUN
// steps to redis, nginx or fluentd still runs that service.
func baseImage(img *model.DockerfileImage, chain []*model.Stage) bool {
	for _, s := range chain {
		if s.Last("cmd") != nil || s.Last("entrypoint") != nil || s.Last("expose") != nil {
			return false
		}
	}
	return plainBase(chain[len(chain)-1]) && !copiesApplication(img, chain)
}

// plainImages are the repositories (last path component) of operating
// system, language and SDK images: what a base image is built on.
var plainImages = map[string]bool{
	"alpine": true, "debian": true, "ubuntu": true, "buildpack-deps": true, "centos": true, "fedora": true,
	"amazonlinux": true, "rockylinux": true, "almalinux": true, "oraclelinux": true, "busybox": true,
	"photon": true, "archlinux": true, "core": true, "servercore": true, "nanoserver": true, "server": true,
	"windows": true, "ubi": true, "ubi-minimal": true,
	"python": true, "node": true, "golang": true, "ruby": true, "perl": true, "rust": true, "gcc": true,
	"eclipse-temurin": true, "openjdk": true, "amazoncorretto": true, "maven": true, "gradle": true,
	"runtime-deps": true, "runtime": true, "sdk": true, "aspnet": true,
}

// plainBase reports whether a stage starts from scratch or from an image in
// plainImages (ubi8, ubi9-minimal and the like included).
func plainBase(root *model.Stage) bool {
	if root.Scratch {
		return true
	}
	ref, ok := externalBase(root)
	if !ok || !ref.PathKnown {
		return false
	}
	name := ref.Path
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	if strings.HasPrefix(name, "ubi") {
		name = "ubi"
	}
	return plainImages[name]
}
