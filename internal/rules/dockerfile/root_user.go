package dockerfile

import (
	"fmt"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"regexp"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/root-user",
		Title:    "Image runs as root",
		Phase:    finding.PhaseImage,
		Severity: finding.High,
		Rationale: "Without USER the container runs as root (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": specify USER; when it is not set the container " +
			"runs as root). Root in the container is root on the host after any escape, and owns every file the " +
			"process can reach. Only the stage that is built counts: builder stages may run as root. On Windows " +
			"images the administrator is ContainerAdministrator, the default user of Server Core and Windows " +
			"Server images (Nano Server runs as ContainerUser); switch to ContainerUser after the steps that need it. " +
			"Base images known to set a non-root user themselves (distroless :nonroot, Chainguard, the chiseled and " +
			"distroless .NET images) are not reported when the Dockerfile sets no USER. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "RUN groupadd --system app && useradd --system --gid app --uid 10001 app\nUSER 10001:10001\n" +
				"# Windows images:\nUSER ContainerUser",
		},
		Inputs: dfInputs,
		Peers: rule.Peers{
			Hadolint: []string{"DL3002"}, Dockle: []string{"CIS-DI-0001"}, Trivy: []string{"AVD-DS-0002"},
			Checkov: []string{"CKV_DOCKER_3", "CKV_DOCKER_8"},
		},
		Fixes: map[model.Format]rule.FixFunc{model.Dockerfile: fixRootUser},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				s := img.Target
				if s == nil {
					continue
				}
				if s.Windows {
					windowsAdmin(p, img, s)
					continue
				}
				u := s.User()
				if u == nil {
					if nonRootBase(s) {
						continue
					}
					p.Report(s.From, s.From.Pos, finalLabel(img, s)+" sets no USER, so the container runs as root; add USER with a non-root user (USER 10001:10001)")
					continue
				}
				if v := u.Value(); v.Known() && isRoot(v.V) {
					p.Reportf(u, u.Pos, "%s runs as root (USER %s); switch to a non-root user after the steps that need root (USER 10001:10001)", finalLabel(img, s), v.V)
				}
			}
		},
	})
}

// isRoot reports whether a USER value names root: root, 0, root:group, 0:group.
func isRoot(v string) bool {
	user, _, _ := strings.Cut(strings.TrimSpace(v), ":")
	return user == "root" || user == "0"
}

// nonRootBase reports whether the image the stage chain starts from is known
// to run as a non-root user (distroless ":nonroot", Chainguard images, the
// chiseled and distroless .NET images).
func nonRootBase(s *model.Stage) bool {
	chain := s.Chain()
	root := chain[len(chain)-1]
	if !root.Base.Known() {
		return true // cannot tell what the base image's user is
	}
	ref, ok := imageref.Parse(root.Base.V)
	if !ok {
		return true
	}
	return ref.NonRootByDefault()
}

// windowsAdmin reports a Windows stage that is built and runs as
// ContainerAdministrator: its last USER, or, with no USER, the default user
// of its base image when that is known (Server Core and Windows Server run
// as ContainerAdministrator, Nano Server as ContainerUser).
func windowsAdmin(p *rule.Pass, img *model.DockerfileImage, s *model.Stage) {
	u := s.User()
	if u != nil {
		if v := u.Value(); v.Known() && windowsAdminUser(v.V) {
			p.Reportf(u, u.Pos, "%s runs as the Windows administrator (USER %s); switch to USER ContainerUser after the steps that need administrator rights", finalLabel(img, s), v.V)
		}
		return
	}
	chain := s.Chain()
	root := chain[len(chain)-1]
	if root.Base.Known() && windowsAdminDefault(root.Base.V) {
		p.Reportf(s.From, s.From.Pos, "%s sets no USER, so the container runs as ContainerAdministrator, the default user of %s; add USER ContainerUser after the steps that need administrator rights", finalLabel(img, s), root.Base.V)
	}
}

// windowsAdminUser reports whether a USER value names a Windows
// administrator account.
func windowsAdminUser(v string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(v), `"`)) {
	case "containeradministrator", "administrator", `nt authority\system`, "system":
		return true
	}
	return false
}

// windowsAdminDefault reports whether a Windows base image is known to run
// as ContainerAdministrator when no USER is set: Server Core, Windows Server
// and Windows images and the images built on Server Core that name it in
// their tag (python:3.12-windowsservercore). Nano Server images run as
// ContainerUser; anything else is unknown.
func windowsAdminDefault(base string) bool {
	ref, ok := imageref.Parse(base)
	if !ok {
		return false
	}
	name := strings.ToLower(ref.Path + ":" + ref.Tag)
	if strings.Contains(name, "nanoserver") {
		return false
	}
	if strings.Contains(name, "servercore") {
		return true
	}
	if strings.ToLower(ref.Domain) != "mcr.microsoft.com" {
		return false
	}
	switch strings.ToLower(ref.Path) {
	case "windows", "windows/server", "windows/servercore":
		return true
	}
	return false
}

// numericUser matches a UID with an optional GID.
var numericUser = regexp.MustCompile(`^[0-9]+(:[0-9]+)?$`)

// fixRootUser ends the stage with USER and the chosen non-root user,
// creating a named user first when the stage does not: with adduser on
// Alpine and BusyBox bases, useradd elsewhere. Bases without a shell
// (scratch, distroless) take a numeric user only.
func fixRootUser(p *rule.FixPass) {
	user := p.Choices.User
	if user == "" || isRoot(user) {
		p.Skipf("needs a non-root user: give --user (a name, or UID[:GID] such as 10001:10001), or fix.user in .shipshape.yaml")
		return
	}
	d, err := p.File.Dockerfile()
	if err != nil {
		p.Skipf("the Dockerfile cannot be edited: %v", err)
		return
	}
	var from *parser.Node
	first, last := -1, -1
	for i, n := range d.Nodes {
		if strings.EqualFold(n.Value, "from") {
			if n.StartLine > p.Finding.Pos.Line {
				break
			}
			from, first = n, i
		}
		if from != nil {
			last = i
		}
	}
	if from == nil || last < 0 {
		p.Skipf("no stage at the finding")
		return
	}
	nl := d.Newline()
	var lines []string
	name, _, _ := strings.Cut(user, ":")
	if !numericUser.MatchString(user) && !createsUser(d.Nodes[first:last+1], name) {
		base := ""
		if from.Next != nil {
			base = strings.ToLower(from.Next.Value)
		}
		switch {
		case base == "scratch" || strings.Contains(base, "distroless") || strings.Contains(base, "chainguard"):
			p.Skipf("the base image %s has no shell to create user %s: give a numeric --user such as 65532", base, name)
			return
		case strings.Contains(base, "alpine") || strings.Contains(base, "busybox"):
			lines = append(lines, fmt.Sprintf("RUN addgroup -S %s && adduser -S -D -H -G %s %s", name, name, name))
		default:
			lines = append(lines, fmt.Sprintf("RUN groupadd --system %s && useradd --system --gid %s --no-create-home --shell /usr/sbin/nologin %s", name, name, name))
		}
	}
	lines = append(lines, "USER "+user)
	at := d.LineEnd(d.Nodes[last].EndLine)
	text := strings.Join(lines, nl) + nl
	if at == len(p.File.Data) && (len(p.File.Data) == 0 || p.File.Data[at-1] != '\n') {
		text = nl + strings.TrimSuffix(text, nl)
	}
	p.Edit(d.Edit(at, at, text))
	p.Notef("files the process writes must be writable by %s (chown them in COPY --chown or RUN)", user)
}

// createsUser reports whether a RUN creates the named user.
func createsUser(nodes []*parser.Node, name string) bool {
	for _, n := range nodes {
		if strings.EqualFold(n.Value, "run") && (strings.Contains(n.Original, "useradd") || strings.Contains(n.Original, "adduser")) &&
			strings.Contains(n.Original, " "+name) {
			return true
		}
	}
	return false
}
