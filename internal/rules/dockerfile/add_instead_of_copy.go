package dockerfile

import (
	"net/url"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/add-instead-of-copy",
		Title:    "ADD used instead of COPY",
		Phase:    finding.PhaseImage,
		Severity: finding.Low,
		Rationale: "ADD unpacks archives and fetches URLs implicitly: a local file may be extracted unexpectedly, and a " +
			"URL is downloaded without verification (CIS Docker 4.9). COPY does only what it says; fetch remote files " +
			"with ADD --checksum or a verified download. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "COPY app/ /app/\n# remote files: ADD --checksum=sha256:<sha256> https://example.com/tool.tar.gz /opt/",
		},
		Inputs: histInputs,
		Peers: rule.Peers{
			Hadolint: []string{"DL3020"}, Dockle: []string{"CIS-DI-0009"}, Trivy: []string{"AVD-DS-0005"},
			Checkov: []string{"CKV_DOCKER_4"},
		},
		Fixes: map[model.Format]rule.FixFunc{model.Dockerfile: fixAddToCopy},
		Check: func(p *rule.Pass) {
			for _, img := range withHistory(p) {
				for _, s := range img.Stages {
					for _, in := range withTriggers(s, "add") {
						if len(in.Heredocs) > 0 {
							continue
						}
						_, checksum := in.Flag("checksum")
						for _, src := range in.Sources() {
							if img.FromHistory && !remote(src) {
								continue // a built image's ADD of local files is judged by what it added
							}
							if msg := addProblem(src, checksum); msg != "" {
								p.Reportf(in, in.Pos, "%s%s%s", keyword(in), onbuildNote(in), msg)
								break
							}
						}
					}
				}
			}
		},
	})
}

// addProblem says what is wrong with ADD of one source, or "".
func addProblem(src string, checksum bool) string {
	switch {
	case remote(src):
		if !checksum {
			return " downloads " + showURL(src) + " without --checksum; add --checksum=sha256:... or download and verify it in RUN"
		}
	case archive(src) || strings.Contains(src, "$"):
		// ADD's reason to exist: unpacking a local archive.
	default:
		return " copies " + show(src) + " from the build context; use COPY, which does not unpack archives or fetch URLs"
	}
	return ""
}

func remote(src string) bool {
	l := strings.ToLower(src)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "git@") || strings.HasPrefix(l, "git://")
}

func archive(src string) bool {
	l := strings.ToLower(src)
	for _, ext := range []string{".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".gz", ".bz2", ".xz"} {
		if strings.HasSuffix(l, ext) {
			return true
		}
	}
	return false
}

// showURL writes a URL for messages with the password of its user
// information masked (https://user:token@host/...).
func showURL(src string) string {
	u, err := url.Parse(src)
	if err != nil || u.User == nil {
		return src
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "********")
		return strings.Replace(u.String(), "%2A%2A%2A%2A%2A%2A%2A%2A", "********", 1)
	}
	return src
}

// fixAddToCopy turns ADD of local files into COPY. ADD of a URL, of an
// archive (which ADD unpacks) or with options COPY lacks is left alone.
func fixAddToCopy(p *rule.FixPass) {
	d, err := p.File.Dockerfile()
	if err != nil {
		p.Skipf("the Dockerfile cannot be edited: %v", err)
		return
	}
	n := d.At(p.Finding.Pos.Line)
	if n == nil || !strings.EqualFold(n.Value, "add") {
		p.Skipf("no ADD instruction at the finding (ONBUILD triggers are left alone)")
		return
	}
	for _, f := range n.Flags {
		name, _, _ := strings.Cut(strings.TrimPrefix(f, "--"), "=")
		switch strings.ToLower(name) {
		case "chown", "chmod", "link", "exclude":
		default:
			p.Skipf("ADD --%s has no COPY equivalent", name)
			return
		}
	}
	var args []string
	for a := n.Next; a != nil; a = a.Next {
		args = append(args, a.Value)
	}
	if len(args) < 2 || len(n.Heredocs) > 0 {
		p.Skipf("the ADD has no sources to check")
		return
	}
	for _, src := range args[:len(args)-1] {
		if remote(src) || archive(src) || strings.Contains(src, "$") {
			p.Skipf("ADD of %s fetches or unpacks: replace it by hand", src)
			return
		}
	}
	start, end := d.Keyword(n)
	word := "COPY"
	if kw := string(p.File.Data[start:end]); kw == strings.ToLower(kw) {
		word = "copy"
	}
	p.Edit(d.Edit(start, end, word))
}
