// Package container holds the judgements that the container rules of every
// orchestrator input share — ECS task definitions, Kubernetes pods and
// Docker Compose services — so that each is written once: image pinning and
// registries, packages installed at start, confinement switched off by a
// security option, the Docker socket, added capabilities and secrets in the
// environment. It registers no rule: each rule group calls it under its
// own IDs and messages.
package container

import (
	"fmt"
	"path"
	"strings"

	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
	"github.com/shipshape/shipshape/internal/pkginstall"
	"github.com/shipshape/shipshape/internal/secrets"
)

// ImageText returns an image reference's text, with unknown parts marked
// "\x00", and whether enough of it is known to judge.
func ImageText(s model.Str) (string, bool) {
	switch {
	case s.Known():
		return s.V, s.V != ""
	case s.P == model.Unknown && s.Partial != "":
		return s.Partial, true
	}
	return "", false
}

// Unpinned says how an image is not pinned ("uses the latest tag of
// nginx"), or ok false when it is pinned or cannot be judged. With strict,
// a version tag is not pinned either.
func Unpinned(image model.Str, strict bool) (what string, ok bool) {
	text, known := ImageText(image)
	if !known {
		return "", false
	}
	ref, parsed := imageref.Parse(text)
	if !parsed || ref.Pinned() {
		return "", false
	}
	switch {
	case ref.Latest() && ref.Tag == "":
		return fmt.Sprintf("uses %s with no tag, which means latest", ref.Name()), true
	case ref.Latest():
		return fmt.Sprintf("uses the latest tag of %s", ref.Name()), true
	case strict && ref.TagKnown:
		return fmt.Sprintf("uses tag %q of %s, which may be moved (strict mode)", ref.Tag, ref.Name()), true
	}
	return "", false
}

// Untrusted says which image from which registry is not trusted ("pulls
// datadog/agent from Docker Hub (not an official image)"), or ok false when
// it is trusted or its registry or repository is not known.
func Untrusted(image model.Str, trusted []string) (what string, ok bool) {
	text, known := ImageText(image)
	if !known {
		return "", false
	}
	ref, parsed := imageref.Parse(text)
	if !parsed || ref.Trusted(trusted) {
		return "", false
	}
	if !ref.DomainKnown || (!ref.PathKnown && !ref.Official()) {
		return "", false
	}
	return fmt.Sprintf("pulls %s from %s", ref.Name(), RegistryName(ref)), true
}

// RegistryName names an image's registry for messages.
func RegistryName(r imageref.Ref) string {
	if r.Domain == "docker.io" {
		return "Docker Hub (not an official image)"
	}
	return r.Domain
}

// StartArgv joins an entry point and a command into the argv a container
// runs, unknown items marked; ok is false when nothing is written.
func StartArgv(lists ...model.List) (argv []string, pos model.Pos, ok bool) {
	for _, l := range lists {
		if l.P == model.Absent {
			continue
		}
		if pos.Line == 0 {
			pos = l.Pos
		}
		for _, it := range l.Items {
			if it.Known() {
				argv = append(argv, it.V)
			} else {
				argv = append(argv, shell.Unknown)
			}
		}
	}
	return argv, pos, len(argv) > 0
}

// StartInstall says what a start command installs and what to do instead
// ("installs packages when it starts (apt-get curl); install them in the
// image at build time"), or ok false when it installs nothing.
func StartInstall(argv []string) (what string, ok bool) {
	script, err := shell.Argv(argv)
	if err != nil {
		return "", false
	}
	if ins := pkginstall.Installs(script); len(ins) > 0 {
		return fmt.Sprintf("installs packages when it starts (%s); install them in the image at build time", strings.TrimSpace(ins[0].Manager+" "+strings.Join(ins[0].Packages, " "))), true
	}
	if dl := pkginstall.PipesToShell(script); len(dl) > 0 {
		return fmt.Sprintf("downloads a script and runs it with %s when it starts; bake what it installs into the image", dl[0].Shell), true
	}
	return "", false
}

// DisabledConfinement names what a Docker security option turns off
// (seccomp=unconfined, apparmor:unconfined, label=disable,
// no-new-privileges=false), or "".
func DisabledConfinement(opt string) string {
	o := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(opt), ":", "="))
	switch {
	case o == "seccomp=unconfined":
		return "seccomp"
	case o == "apparmor=unconfined":
		return "AppArmor"
	case o == "label=disable", o == "label=disabled":
		return "SELinux labelling"
	case o == "no-new-privileges=false":
		return "no-new-privileges"
	}
	return ""
}

// sockets are the container runtimes' API sockets: whoever reaches one
// controls every container of the host, and the host itself.
var sockets = map[string]bool{
	"/var/run/docker.sock": true, "/run/docker.sock": true,
	"/var/run/containerd/containerd.sock": true, "/run/containerd/containerd.sock": true,
	"/var/run/crio/crio.sock": true, "/run/crio/crio.sock": true,
	"/var/run/podman/podman.sock": true, "/run/podman/podman.sock": true,
	"/var/run/cri-dockerd.sock": true, "/run/cri-dockerd.sock": true,
	"/var/run/docker": true, "/run/docker": true, "/var/run/containerd": true, "/run/containerd": true,
}

// RuntimeSocket reports whether a host path is a container runtime's socket
// (or the directory holding it, or /var/run and /run themselves).
func RuntimeSocket(hostPath string) bool {
	if hostPath == "" {
		return false
	}
	p := path.Clean(strings.TrimSpace(hostPath))
	return sockets[p] || p == "/var/run" || p == "/run"
}

// AddedCapability returns the normalised name of an added capability that
// grants more than the runtime's default set allows back after dropping
// ALL, or "" (NET_BIND_SERVICE, unknown values).
func AddedCapability(c model.Str) string {
	if !c.Known() {
		return ""
	}
	name := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(c.V)), "CAP_")
	if name == "" || name == "NET_BIND_SERVICE" {
		return ""
	}
	return name
}

// IsRootUser reports whether a user spec ("root", "0", "0:0",
// "root:root") names the root user.
func IsRootUser(u string) bool {
	user, _, _ := strings.Cut(strings.TrimSpace(u), ":")
	return user == "" || user == "0" || user == "root"
}

// SecretEnv judges an environment variable of a container, task or
// service: when its name and value are both known and the detector finds a
// secret, it returns what was found and the value masked for messages.
func SecretEnv(det *secrets.Detector, name, value model.Str) (kind, masked string, ok bool) {
	if !value.Known() || !name.Known() {
		return "", "", false
	}
	m, found := det.Env(name.V, value.V)
	if !found {
		return "", "", false
	}
	return m.Kind, secrets.Mask(value.V), true
}
